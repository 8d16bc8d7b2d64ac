"""The demo round compiled: the workbook shows what the chat shows, empty notes are no notes, the town is
asked only what fits it, and no message is cut inside a line.

The 18 communes report through the storage functions the chat uses (tests/stories/test_officials.py),
thị trấn Tuần Giáo through the chat, answering every optional note "Không có"; nominees and role
models are on the lists. An official asks for /tonghop and opens the workbook: every cell is read
with its number format, as a spreadsheet would display it (`displayed`, for the formats the workbook
uses), and compared with the chat text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import ROUND_HALF_UP, Decimal

import docx
import openpyxl
import pytest
from sqlmodel import select

from bot import texts
from storage import reports
from storage.db import transaction
from storage.models import Indicator, ReportValue, RoleModel
from storage.numbers import format_number
from tests.clerk import fill_whole_report, press
from tests.stories.test_nominations import CSTDCS_READY, report_of, seed
from tests.stories.test_officials import COMMUNES, answers, district, every_page, official

COMMUNE_ONLY = ("Số tiêu chí nông thôn mới", "Xã đã được tỉnh công nhận", "UBND xã đã ban hành")
NOTHING = ("Không có.", "không", "-", "Chưa có")  # typed as notes before empty notes were dropped


def displayed(cell) -> str:
    """What a spreadsheet in a Vietnamese locale displays for a cell, from its value and number format."""
    value, fmt = cell.value, cell.number_format
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        assert fmt == "hh:mm dd/mm/yyyy", (cell.coordinate, fmt)
        return value.strftime("%H:%M %d/%m/%Y")
    if fmt == "General" and cell.column == 1 and isinstance(value, int):  # STT
        return str(value)
    match = re.fullmatch(r"#,##0(?:\.(0+))?(%?)", fmt)
    assert match, f"{cell.parent.title}!{cell.coordinate}: the number {value!r} is shown as {fmt!r}"
    decimals, percent = len(match[1] or ""), bool(match[2])
    amount = Decimal(str(value)) * (100 if percent else 1)
    rounded = amount.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)  # as Excel rounds what it shows
    text = f"{rounded:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return text + ("%" if percent else "")


def table(ws) -> list[dict[str, str]]:
    """The rows under the header (row 4), each as {header: displayed value}."""
    header = [c.value for c in ws[4]]
    return [dict(zip(header, (displayed(c) for c in row))) for row in ws.iter_rows(min_row=5)]


def line_of(chat: str, start: str) -> str:
    [line] = [line for line in chat.split("\n") if line.startswith(start)]
    return line


def chat_says(chat: str, row: dict[str, str]) -> None:
    """A row of the workbook's first sheet is what the /tonghop text says of the same figure."""
    part, name, what, figure, measure = (row[k] for k in ("Phần", "Chỉ tiêu", "Nội dung", "Số liệu", "Đơn vị tính"))
    plan, percent, units = row["Kế hoạch"], row["Đạt % KH"], row["Các đơn vị"]
    if part == "Tiến độ":
        progress = line_of(chat, "Đã gửi ")
        expected = {"Đơn vị phải báo cáo": f"/{figure} (", "Đã gửi": f"Đã gửi {figure}/",
                    "Gửi đúng hạn": f"({figure} đúng hạn", "Gửi muộn": f", {figure} gửi muộn" if figure != "0" else "",
                    "Đã duyệt": f"trong đó {figure} đã duyệt"}
        if name == "Chưa gửi":
            assert figure == "0" and "Chưa gửi" not in chat
        else:
            assert expected[name] in progress, (row, progress)
        return
    if part == "Công tác khen thưởng":
        if name == "Cộng":
            assert f"{figure} {measure}" in line_of(chat, "Cộng: "), row
            return
        segment = re.search(re.escape(f"{name}: ") + r"[^;]*", line_of(chat, what))[0]
        assert f"{figure} {measure}" in segment, (row, segment)
        return
    if what == "số đơn vị có ý kiến":
        assert f"▪️ {name}: {figure} đơn vị" in chat, row
        return
    line = line_of(chat, f"• {name}: ")
    if what == "chưa có số liệu":
        assert line == f"• {name}: chưa có số liệu"
    elif what == "tổng":
        assert f"{name}: {' '.join(filter(None, (figure, measure)))}" in line, (row, line)
        assert (f", đạt {percent} KH" in line) if percent else ("KH" not in line), (row, line)
    elif what == "bình quân" and "/" in measure:  # of a bucketed indicator: "bình quân 13,6 tiêu chí/xã"
        assert f"bình quân {figure} {measure}" in line, (row, line)
    elif what == "bình quân":
        assert f"{name}: bình quân {' '.join(filter(None, (figure, measure)))}" in line, (row, line)
        assert (f"(KH {plan}" in line) if plan else ("KH" not in line), (row, line)
    else:  # a bucket or a choice: its units counted and named (after the first, a label without its unit)
        labels = [what] + [what.rsplit(" ", k)[0] for k in (1, 2) if what.count(" ") >= k]
        groups = [re.search(re.escape(f"{label}: {figure} {measure}") + r"(?: \(([^)]*)\))?", line) for label in labels]
        group = next((g for g in groups if g), None)
        assert group, (row, line)
        if units:
            shown = group[1].split("; …")[0].split(", ")  # the chat names ten, then "… và N xã khác"
            assert units.split(", ")[:len(shown)] == shown, (row, line)


@pytest.mark.both_databases  # the figures are SQL aggregates
async def test_the_compiled_round_workbook_shows_what_the_chat_shows(bot, fake):
    await district(bot, fake)
    with transaction(bot.engine) as session:  # notes that say nothing, typed before they were dropped
        for n, name in enumerate(("Quài Cang", "Nà Sáy", "Pú Nhung", "Mường Mùn")):
            report = report_of(session, name)
            reports.set_value(session, report, "ntm_ghi_chu", None, text=NOTHING[n])
            reports.set_value(session, report, "kk_noi_dung", None, text=NOTHING[-1 - n])
        reports.set_value(session, report_of(session, "Tỏa Tình"), "kk_noi_dung", None, text="Không có khó khăn lớn.")

    # The town reports through the chat, every optional note answered "Không có".
    town = await bot.register(700, "Lò Thị Phố", "tt-tuan-giao")
    await fill_whole_report(town, note="Không có")
    replies = await press(town, "Gửi báo cáo")
    assert any("Đã gửi báo cáo" in m.text for m in replies), fake.transcript(700)
    asked = "\n".join(m.text for m in fake.bot_messages(700))
    assert not any(question in asked for question in COMMUNE_ONLY)  # never asked the commune questions
    assert "không có gì cần ghi" in asked and "»: Không có" not in asked  # not "✅ Đã lưu «Ghi chú»: Không có"
    with transaction(bot.engine) as session:
        town_report = report_of(session, "tt-tuan-giao")
        notes = session.exec(select(ReportValue).join(Indicator, Indicator.code == ReportValue.field)
                             .where(ReportValue.report_id == town_report.id, Indicator.type == "text")).all()
        assert notes and all(v.text is None and v.skipped for v in notes)  # no note, not "Không có"
        # An answer the town should never have had (kept from before the catalogue said "communes only").
        reports.set_value(session, town_report, "ntm_cong_nhan", None, text="Không")
        reports.set_value(session, town_report, "ntm_tieu_chi", None, number=3)

    seed(bot, "LDTT", ["Lò Văn A", "Lò Văn B"], unit="Quài Nưa")
    seed(bot, "CSTDCS", ["Lò Văn A"], unit="Quài Nưa", **CSTDCS_READY)  # over the 15% ratio of 2 LĐTT
    seed(bot, "BK_TINH", ["Trường Tiểu học Ta Ma"], unit="Ta Ma", subject="collective")  # the province decides
    with transaction(bot.engine) as session:
        session.add(RoleModel(report_id=report_of(session, "Chiềng Sinh").id, name="Gia đình ông Quàng Văn Lến",
                              village="Bản Chiềng Sinh", commune="Chiềng Sinh", deed="mô hình trồng cây chanh leo",
                              income_million=1250.5, complete=True))

    phone = await official(bot)
    before = fake.count(900)
    fake.push_text(900, "/tonghop")
    # the report, the proposal list (units proposed someone) and the workbook
    await fake.wait_for(lambda: sum(m.kind == "document" for m in fake.bot_messages(900)[before:]) == 3,
                        what="the three files")
    messages = fake.bot_messages(900)[before:]
    chat = "\n".join(m.text for m in messages if m.kind == "text")
    files = {m.filename: m.data for m in messages if m.kind == "document"}
    book = openpyxl.load_workbook(io.BytesIO(files["so-lieu-tongket-2020.xlsx"]))

    # The first sheet: the district's figures, each as the chat gives it.
    assert book.sheetnames[0] == "Tổng hợp"
    figures = table(book["Tổng hợp"])
    assert len(figures) > 40
    for row in figures:
        chat_says(chat, row)
    criteria = [r for r in figures if r["Chỉ tiêu"] == "Số tiêu chí nông thôn mới đạt được"]
    assert [(r["Nội dung"], r["Số liệu"], r["Đơn vị tính"]) for r in criteria] == [
        ("≥15 tiêu chí", "9", "xã"), ("10–14 tiêu chí", "7", "xã"), ("<10 tiêu chí", "2", "xã"),
        ("bình quân", "13,6", "tiêu chí/xã")]  # 245/18 = 13,61: not 14, and not the town's 3
    assert "bình quân 13,6 tiêu chí/xã" in chat
    assert criteria[2]["Các đơn vị"] == "Pú Xi, Ta Ma"
    recognised = {r["Nội dung"]: r for r in figures if r["Chỉ tiêu"].startswith("Xã đã được tỉnh công nhận")}
    assert (recognised["Có"]["Số liệu"], recognised["Không"]["Số liệu"]) == ("4", "14")
    assert "Tuần Giáo" not in recognised["Không"]["Các đơn vị"]  # the town is not counted under "Không"
    poverty = next(r for r in figures if r["Chỉ tiêu"] == "Tỷ lệ hộ nghèo cuối năm")
    assert re.fullmatch(r"\d+,\d+%", poverty["Số liệu"]) and poverty["Kế hoạch"].endswith("%")
    food = next(r for r in figures if r["Chỉ tiêu"] == "Tổng sản lượng lương thực cây có hạt")
    harvest = sum(answers(n)["ktxh_luong_thuc"] for n in COMMUNES) + 37554.5  # the town typed "37.554,5"
    assert (food["Số liệu"], food["Kế hoạch"]) == (format_number(harvest), "73.500")  # 18 × 2.000 + 37.500
    assert food["Đạt % KH"] == format_number(round(harvest / 73500 * 100, 1)) + "%"

    # Every sheet: every number cell formatted for what it is; units' rows as /xa shows them.
    for ws in book.worksheets:
        for row in ws.iter_rows(min_row=5):
            for cell in row:
                displayed(cell)  # a number without a format of ours fails here
    for unit in ("Quài Nưa", "Ta Ma", "thị trấn Tuần Giáo"):
        await check_unit_rows(phone, book, unit)

    # "Không có." is nowhere a note: not quoted in the chat, the Word draft or any sheet.
    document = docx.Document(io.BytesIO(files["tong-hop-tongket-2020.docx"]))
    quoted = [p.text for p in document.paragraphs if "“" in p.text]
    assert "- xã Tỏa Tình: “Không có khó khăn lớn.”" in quoted  # a note that says something is quoted
    notes = [q.split("“", 1)[1].rstrip("”") for q in quoted if q.startswith("- xã ")]
    assert notes and not [n for n in notes if n in NOTHING + ("Không có",)], notes
    assert "▪️ Khó khăn, kiến nghị: 3 đơn vị" in chat  # Quài Nưa, Tỏa Tình, Ta Ma
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert not (isinstance(cell.value, str) and cell.value.strip() in NOTHING + ("Không có",)), \
                    f"{ws.title}!{cell.coordinate}: {cell.value!r}"

    # The lists: nominees (the proposal sent up first) and role models.
    nominees = table(book["Đề nghị khen thưởng"])
    assert [(r["Đơn vị"], r["Họ và tên, tên tập thể"], r["Cá nhân/Tập thể"], r["Cấp quyết định"]) for r in nominees] == [
        ("xã Ta Ma", "Trường Tiểu học Ta Ma", "tập thể", "đề nghị lên cấp tỉnh"),
        ("xã Quài Nưa", "Lò Văn A", "cá nhân", "cấp huyện quyết định"),
        ("xã Quài Nưa", "Lò Văn B", "cá nhân", "cấp huyện quyết định"),
        ("xã Quài Nưa", "Lò Văn A", "cá nhân", "cấp huyện quyết định")]
    cstdcs = nominees[3]
    assert cstdcs["Hình thức, danh hiệu"] == "Chiến sĩ thi đua cơ sở"
    assert cstdcs["Sáng kiến"] == "Sổ tay dạy tiếng Việt cho trẻ (45/QĐ-UBND)"
    assert cstdcs["Chưa đúng quy định"].startswith("Số CSTĐCS (1) vượt quá 15% số LĐTT (2): tối đa 0.")  # in words
    assert all(r["Chưa đúng quy định"] == "" for r in nominees[:3])
    [model] = table(book["Điển hình tiên tiến"])
    assert (model["Đơn vị"], model["Tên người, hộ, tập thể"], model["Việc đã làm"],
            model["Thu nhập (triệu đồng/năm)"]) == ("xã Chiềng Sinh", "Gia đình ông Quàng Văn Lến",
                                                    "mô hình trồng cây chanh leo", "1.250,5")

    # Tables: the header frozen, a filter over the unit rows (not the totals), columns wide enough.
    for name in ("Tổng hợp", "Tiến độ", "Đề nghị khen thưởng", "Thi đua thực hiện thắng lợi các chỉ tiêu kinh tế"):
        ws = next(w for w in book.worksheets if name.startswith(w.title))  # a long name cut at a word
        assert ws.freeze_panes.endswith("5") and ws.auto_filter.ref.startswith("A4:")
        assert all(ws.column_dimensions[c].width >= 6 for c in "AB")
    economy = next(w for w in book.worksheets if w.title.startswith("Thi đua thực hiện thắng lợi"))
    last = int(economy.auto_filter.ref.rsplit(":", 1)[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    assert economy.cell(last, 2).value == "xã Ta Ma" and economy.cell(last + 1, 2).value == "Tổng hợp"

    # No message was cut inside a line: each piece a phone got is whole lines of what the bot said.
    for chat_id in (700, 900):
        for m in fake.bot_messages(chat_id):
            if m.kind == "text" and m.reply is not None:
                text = m.text.rsplit("\n\n👉 ", 1)[0] if m.edited else m.text  # the button pressed, shown
                worded = texts.worded(m.reply.text, buttons=True)  # as Telegram says it
                assert set(text.split("\n")) <= set(worded.split("\n")), text[:200]


async def check_unit_rows(phone, book, unit: str) -> None:
    """A unit's row in every sheet of its answers shows what /xa shows of it."""
    view = "\n".join(await every_page(phone, await phone.send(f"/xa {unit}")))  # pages of one screen
    checked = 0
    for ws in book.worksheets[2:]:
        if ws.title in ("Đề nghị khen thưởng", "Điển hình tiên tiến") or ws.cell(4, 2).value != "Đơn vị":
            continue
        rows = [r for r in table(ws) if r["Đơn vị"] in (f"xã {unit}", unit)]
        if "Chỉ tiêu" in rows[0] if rows else False:  # the notes of a part: one row per unit and question
            for row in rows:
                assert f"• {row['Chỉ tiêu']}: {row['Nội dung']}" in view, row
                checked += 1
            continue
        if not rows:
            continue
        [row] = rows
        for header, shown in list(row.items())[2:]:
            if header is None or header.startswith(("KH: ", "Đạt % KH")) or not shown:
                continue
            if header == "Mã đơn vị":  # the unit's code, for a file sent back (tests/stories/test_past_figures.py)
                assert re.fullmatch(r"[a-z0-9-]+", shown), shown
                continue
            names = (header, re.sub(r" \([^)]*\)$", "", header))  # "(tấn)" is the unit, "(nếu có)" is not
            lines = [line for name in names for line in view.split("\n") if line.startswith(f"• {name}: ")]
            if lines:  # an indicator /xa lists: "• name: value unit (KH …, đạt …% KH)"
                assert lines[0].split(": ", 1)[1].startswith(shown), (ws.title, header, shown, lines[0])
            else:  # an award count: "🏅 Khen thưởng: Lao động tiên tiến: 100 cá nhân; …"
                award = line_of(view, "🏅 Khen thưởng: ")
                subject = "tập thể" if "(tập thể)" in header else "cá nhân"
                assert f"{shown} {subject}" in award, (header, shown, award)
            checked += 1
    assert checked > 20 if unit != "thị trấn Tuần Giáo" else checked > 10
