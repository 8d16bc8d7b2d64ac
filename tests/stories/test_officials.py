"""District officials: progress, one commune, one indicator, award totals and the compiled report.

Quài Nưa's clerk reports through the chat, question by question; the other
communes' reports go in through the storage functions the chat uses. Then an
official asks for figures, and opens the Word and Excel files the bot sends.
"""

from __future__ import annotations

import datetime as dt
import io
import logging

import docx
import openpyxl
import pytest
from sqlmodel import select

from bot import texts
from bot.rendering import SCREEN_LIMIT, render
from storage.numbers import format_number
from storage import reports
from storage.db import transaction
from storage.models import Indicator, RoleModel, User
from storage.people import find_units
from tests.clerk import asks_for_plan, is_question, question_in
from tests.harness import TZ, Phone, cli
from tests.stories.test_nominations import CSTDCS_READY, seed
from tests.stories.test_nominations import report_of as nominee_report

# The seed's 2020 new-rural criteria: 9 communes ≥15, 7 at 10–14, 2 below 10; 245/18 = 13,6 on average.
CRITERIA = {
    "Quài Nưa": 19, "Quài Cang": 17, "Quài Tở": 17, "Mường Thín": 16, "Nà Sáy": 15, "Pú Nhung": 15,
    "Rạng Đông": 15, "Mùn Chung": 15, "Mường Mùn": 15, "Chiềng Đông": 14, "Chiềng Sinh": 13, "Tỏa Tình": 12,
    "Nà Tòng": 12, "Tênh Phông": 11, "Phình Sáng": 11, "Mường Khong": 10, "Pú Xi": 9, "Ta Ma": 9,
}
COMMUNES = list(CRITERIA)
RECOGNISED = {"Quài Nưa", "Quài Cang", "Quài Tở", "Mường Thín"}
SUBMITTED_ON = dt.datetime(2020, 12, 9, 15, 0, tzinfo=TZ)


def answers(name: str) -> dict[str, object]:
    """What each commune reports: numbers by indicator code (plans as 'plan:<code>'), texts, choices."""
    i = COMMUNES.index(name)
    values: dict[str, object] = {
        "ntm_tieu_chi": CRITERIA[name], "ntm_cong_nhan": "Có" if name in RECOGNISED else "Không",
        "plan:ntm_ho_gdvh": 650, "ntm_ho_gdvh": 600 + i, "ntm_ban_van_hoa": 5,
        "plan:gn_ty_le_ho_ngheo": 32, "gn_ty_le_ho_ngheo": 30 + i * 0.5, "gn_ho_thoat_ngheo": 20,
        "dn_htx_moi": 1, "dn_ho_kinh_doanh": 6, "vhcs_co_quan_dat": 5, "vhcs_quy_che": "Có",
        "tdyn_hoi_nghi_dhtt": "Tổng kết bằng văn bản", "tdyn_dien_hinh": 3,
        "plan:ktxh_luong_thuc": 2000, "ktxh_luong_thuc": 2000 + i * 10.5,
        "plan:ktxh_gia_suc": 5000, "ktxh_gia_suc": 5000 + i, "plan:ktxh_gia_cam": 50000, "ktxh_gia_cam": 50000,
        "plan:ktxh_viec_lam": 50, "ktxh_viec_lam": 55, "plan:ktxh_hoc_sinh": 1500, "ktxh_hoc_sinh": 1520,
        "kt_ldtt_tt": 4, "kt_ldtt_cn": 100 + i, "kt_cstdcs_cn": 10, "kt_gk_huyen_tt": 50, "kt_gk_huyen_cn": 52,
        "kt_gk_xa_tt": 2, "kt_gk_xa_cn": 3, "kt_bk_tinh_tt": 1, "kt_bk_tinh_cn": 2,
        "tc_thanh_vien_hd": 9, "tc_tap_huan": 10, "tc_kiem_tra": 1, "tc_khieu_nai": 0,
    }
    if name in ("Quài Nưa", "Ta Ma"):
        values["kk_noi_dung"] = f"Thiếu kinh phí tổ chức hội nghị điển hình ở {name}."
    return values


def total(code: str, names=COMMUNES) -> float:
    return sum(answers(n)[code] for n in names)


def put_report(engine, name: str, values: dict[str, object], submitted_at=SUBMITTED_ON) -> None:
    with transaction(engine) as session:
        put_report_in(session, name, values, submitted_at)


def put_report_in(session, name: str, values: dict[str, object], submitted_at=SUBMITTED_ON) -> None:
    """A commune's report entered through the storage functions the chat uses."""
    unit = find_units(session, name)[0]
    clerk = User(full_name=f"Cán bộ {name}", role="clerk", unit_id=unit.id)
    session.add(clerk)
    session.flush()
    round_ = reports.round_by_code(session, "tongket-2020")
    report = reports.get_or_create_report(session, round_.id, unit.id)
    for field, value in values.items():
        if isinstance(value, str):
            reports.set_value(session, report, field, clerk.id, text=value)
        else:
            reports.set_value(session, report, field, clerk.id, number=float(value))
    if submitted_at is not None:
        reports.submit(session, report, clerk.id, submitted_at)


async def report_through_chat(bot, fake, name: str) -> Phone:
    """The clerk answers every question of /baocao by chat and submits."""
    phone = await bot.register(100 + COMMUNES.index(name), f"Cán bộ {name}", name)
    with transaction(bot.engine) as session:
        indicators = sorted(session.exec(select(Indicator)).all(), key=lambda i: -len(i.name))
    values = answers(name)

    async def act(do) -> list:
        before = fake.count(phone.chat_id)
        await do()
        await fake.wait_for(lambda: fake.count(phone.chat_id) > before and phone.last.buttons,
                            what="the bot's next question")
        return fake.bot_messages(phone.chat_id)[before:]

    await act(lambda: phone.send("/baocao", expect=1))
    for _ in range(120):
        if not is_question(phone.last.text):  # the overview: stop when all is answered, else go on
            if "trả lời hết" in phone.last.text:
                break
            await act(lambda: phone.press("Nhập tiếp"))
            continue
        question = question_in(phone.last.text)  # below the saved line of the answer before
        ind = next(i for i in indicators if i.name in question)
        key = f"plan:{ind.code}" if asks_for_plan(question) else ind.code
        value = values.get(key)
        if value is None:
            await act(lambda: phone.press("Bỏ qua"))
        elif ind.type == "choice":
            await act(lambda: phone.press(value))
        elif isinstance(value, str):
            await act(lambda: phone.send(value, expect=1))
        else:  # typed the Vietnamese way; whole numbers without a separator where 2.000 could read as 2
            typed = (format_number(int(value), "integer") if ind.type == "integer"
                     else str(int(value)) if float(value).is_integer() else format_number(value))
            await act(lambda: phone.send(typed, expect=1))
    else:
        raise AssertionError(fake.dump(phone.chat_id))
    await phone.press("Gửi báo cáo")
    await fake.wait_for(lambda: "Đã gửi báo cáo" in phone.last.text, what="the receipt")
    return phone


async def district(bot, fake, *, skip=(), late=(), draft=(), by_chat=False) -> None:
    """Every commune reports (Quài Nưa by chat if asked, the others through storage); thị trấn Tuần Giáo never does."""
    if by_chat:
        await report_through_chat(bot, fake, "Quài Nưa")
    with transaction(bot.engine) as session:  # one transaction: fast
        for name in COMMUNES[1:] if by_chat else COMMUNES:
            if name in skip:
                continue
            late_day = dt.datetime(2020, 12, 22, 8, tzinfo=TZ)
            put_report_in(session, name, answers(name), None if name in draft else late_day if name in late
                          else SUBMITTED_ON)


async def official(bot, chat_id: int = 900) -> Phone:
    return await bot.register(chat_id, "Vũ Văn Đức", "tuan-giao", "official")


def one_screen(messages) -> None:
    """Every message fits one phone screen: its text, and as Zalo and the terminal show it (numbered choices)."""
    for m in messages:
        if m.kind == "text":
            assert len(m.text) <= SCREEN_LIMIT, m.text
            assert len(render(m.reply)) <= SCREEN_LIMIT, render(m.reply)


async def every_page(phone: Phone, first: list) -> list[str]:
    """The pages of a paged answer, turned with «Trang sau» from the first to the last."""
    [page] = first
    pages = [page.text]
    while texts.BTN_NEXT_PAGE in page.button_texts:
        [page] = await phone.press(texts.BTN_NEXT_PAGE)
        pages.append(page.text)
    return pages


# --- the menu and the refusal ------------------------------------------------------------


async def test_officials_see_the_commands_as_buttons_and_clerks_are_refused(bot, fake, caplog):
    phone = await official(bot)
    [menu] = await phone.send("/start")  # the greeting above the menu, one message
    assert "Chào Vũ Văn Đức" in menu.text and "Bạn chọn việc cần làm" in menu.text
    for label in ("📈 Tiến độ", "🏘 Xem một xã", "🔢 Một chỉ tiêu", "🏅 Tổng khen thưởng", "📑 Tổng hợp"):
        assert label in menu.button_texts
    admin = await bot.register(901, "Quản Trị", "tuan-giao", "admin")
    [menu] = await admin.send("/start")
    assert "Chào Quản Trị" in menu.text and texts.BTN_SUMMARY in menu.button_texts

    clerk = await bot.register(902, "Lò Thị Mai", "Quài Nưa")
    [menu] = await clerk.send("/start")
    assert "Chào Lò Thị Mai" in menu.text and texts.BTN_SUMMARY not in menu.button_texts
    caplog.set_level(logging.INFO, logger="handlers.dispatcher")
    for command in ("/tiendo", "/xa Quai Nua", "/chitieu luong thuc", "/tongkhenthuong", "/tonghop"):
        [refusal] = await clerk.send(command)  # the refusal above the menu, one message
        assert texts.NOT_FOR_YOUR_ROLE in refusal.text
        assert refusal.text.index("Xin lỗi") < refusal.text.index("Bạn chọn việc cần làm")
        assert texts.BTN_REPORT in refusal.button_texts and texts.BTN_SUMMARY not in refusal.button_texts
        assert f"refused {command.split()[0]}" in caplog.text
    assert all(m.kind == "text" for m in fake.bot_messages(902))


# --- progress ---------------------------------------------------------------------------------


@pytest.mark.both_databases  # the figures are SQL aggregates
async def test_progress_counts_on_time_and_late_lists_who_is_missing_and_draws_a_chart(bot, fake):
    await district(bot, fake, skip=("Pú Xi",), late=("Mường Khong",), draft=("Ta Ma",))
    phone = await official(bot)
    text, photo = await phone.send("/tiendo", expect=2)
    assert "Tổng kết công tác thi đua, khen thưởng năm 2020" in text.text
    assert "Hạn nộp: 20/12/2020" in text.text
    assert "Đã gửi 16/19 (15 đúng hạn, 1 gửi muộn)" in text.text
    assert "Chưa gửi: thị trấn Tuần Giáo, Pú Xi, Ta Ma" in text.text
    assert "1 đang soạn, 2 chưa bắt đầu, 0 bị trả lại" in text.text
    assert photo.kind == "photo" and photo.data.startswith(b"\x89PNG")
    assert "Biểu đồ tiến độ" in photo.text

    reply = (await phone.send("/tiendo sokiet-2020"))[0]  # a round by its code: nobody reported then
    assert "Sơ kết" in reply.text and "Đã gửi 0/19" in reply.text
    await fake.wait_for(lambda: phone.last.kind == "photo")
    [reply] = await phone.send("/tiendo nam 2030")
    assert "Không tìm thấy kỳ báo cáo" in reply.text and "Tổng kết công tác" in " ".join(reply.button_texts)


# --- one commune ---------------------------------------------------------------------------------


@pytest.mark.both_databases  # the figures are SQL aggregates
async def test_one_commune_by_name_without_diacritics_with_plan_awards_and_audit(bot, fake):
    await report_through_chat(bot, fake, "Quài Nưa")
    with transaction(bot.engine) as session:  # an edit after submitting is audited
        clerk = session.exec(select(User).where(User.full_name == "Cán bộ Quài Nưa")).one()
        round_ = reports.round_by_code(session, "tongket-2020")
        report = reports.find_report(session, round_.id, clerk.unit_id)
        reports.set_value(session, report, "ktxh_gia_cam", clerk.id, number=51000)
    phone = await official(bot)
    pages = await every_page(phone, await phone.send("/xa quai nua"))  # about 2,400 characters, in pages
    assert len(pages) > 3 and all(page.startswith("🏘 xã Quài Nưa") for page in pages)
    first = pages[0]
    assert "Trạng thái: đã gửi" in first and "đúng hạn" in first and "số biên nhận BC" in first
    assert texts.XA_NOMINEES_NONE in first and texts.XA_ROLE_MODELS_NONE in first
    text = "\n".join(pages)
    assert "; gửi 1 lần (lần cuối" in pages[-1] and "sửa sau khi gửi 1 lần" in pages[-1]
    assert "Tổng sản lượng lương thực cây có hạt: 2.000 tấn (KH 2.000 tấn, đạt 100% KH)" in text
    assert "Số tiêu chí nông thôn mới đạt được: 19 tiêu chí" in text
    assert "Tỷ lệ hộ nghèo cuối năm: 30% (KH 32%, đạt 93,8% KH)" in text
    assert "Giấy khen của Chủ tịch UBND huyện: 50 tập thể, 52 cá nhân" in text
    assert "Lao động tiên tiến: 100 cá nhân" in text
    assert "Thiếu kinh phí tổ chức hội nghị điển hình ở Quài Nưa." in text
    assert "Tổng đàn gia cầm: 51.000 con (KH 50.000 con, đạt 102% KH)" in text
    [again] = await phone.send("1")  # on Zalo and in the terminal a typed number turns the page: «Trang trước»
    assert again.text == pages[-2]
    assert texts.BTN_HISTORY in again.button_texts
    one_screen(fake.bot_messages(900))


async def test_a_note_longer_than_a_screen_is_read_across_pages(bot, fake):
    note = " ".join(f"Ý kiến số {n}: bản xa, đường khó đi, thiếu kinh phí tổ chức hội nghị." for n in range(1, 22))
    assert 1400 < len(note) <= 1500  # the catalogue's limit for it
    put_report(bot.engine, "Nà Sáy", answers("Nà Sáy") | {"kk_noi_dung": note})
    phone = await official(bot)
    pages = await every_page(phone, await phone.send("/xa na say"))
    assert " ".join("\n".join(pages).split()).count("Ý kiến số") == 21  # every word there, cut at spaces
    assert "Ý kiến số 21: bản xa, đường khó đi, thiếu kinh phí tổ chức hội nghị." in " ".join(pages[-3:])
    one_screen(fake.bot_messages(900))


async def test_an_ambiguous_commune_name_offers_the_candidates_as_buttons(bot, fake):
    put_report(bot.engine, "Mường Mùn", answers("Mường Mùn"))
    phone = await official(bot)
    [reply] = await phone.send("/xa muong")
    assert "khớp nhiều đơn vị" in reply.text
    assert reply.button_texts == ["xã Mường Thín", "xã Mường Mùn", "xã Mường Khong"]
    [shown] = await phone.press("xã Mường Mùn")
    assert "xã Mường Mùn" in shown.text and "Số tiêu chí nông thôn mới đạt được: 15 tiêu chí" in shown.text

    [ask] = await phone.send("/xa")
    assert "xã nào" in ask.text
    [again] = await phone.send("Xa Khong Co")
    assert "Không tìm thấy xã «Xa Khong Co»" in again.text
    [shown] = await phone.send("xã ta ma")  # the prefix and the case do not matter
    assert "xã Ta Ma" in shown.text and "chưa bắt đầu" in shown.text


# --- one indicator ---------------------------------------------------------------------------------


@pytest.mark.both_databases  # the figures are SQL aggregates
async def test_an_indicator_across_communes_buckets_the_seed_way(bot, fake):
    await district(bot, fake)
    phone = await official(bot)
    [reply] = await phone.send("/chitieu tieu chi nong thon moi")
    assert ("≥15 tiêu chí: 9 xã (Quài Nưa, Quài Cang, Quài Tở, Mường Thín, Nà Sáy, Pú Nhung, Rạng Đông, "
            "Mùn Chung, Mường Mùn); 10–14: 7 xã (Chiềng Đông, Chiềng Sinh, Tỏa Tình, Nà Tòng, Tênh Phông, "
            "Phình Sáng, Mường Khong); <10: 2 xã (Pú Xi, Ta Ma); bình quân 13,6 tiêu chí/xã") in reply.text
    assert "Đã có số liệu: 18/18 xã" in reply.text
    assert "1. Quài Nưa: 19 tiêu chí" in reply.text and "18. Ta Ma: 9 tiêu chí" in reply.text

    [reply] = await phone.send("/chitieu luong thuc")
    food = total("ktxh_luong_thuc")
    assert f"Tổng: {format_number(food)} tấn" in reply.text and format_number(food) == "37.606,5"
    assert "Kế hoạch: 36.000 tấn, đạt 104,5% KH" in reply.text
    assert "1. Ta Ma: 2.178,5 tấn" in reply.text

    [reply] = await phone.send("/chitieu ty le ho ngheo")
    # the district's one figure (no own estimate here, no base named: the plain mean, said so), as the files say it
    assert ("Số chung: bình quân 34,25% (trung bình cộng các đơn vị); các đơn vị thấp nhất 30%, cao nhất 38,5%"
            in reply.text)

    [reply] = await phone.send("/chitieu tong dan")
    assert "khớp nhiều chỉ tiêu" in reply.text
    assert reply.button_texts == ["Tổng đàn gia súc", "Tổng đàn gia cầm"]
    [reply] = await phone.press("Tổng đàn gia cầm")
    assert "Tổng: 900.000 con" in reply.text and "đạt 100% KH" in reply.text


# --- award totals -------------------------------------------------------------------------------------


@pytest.mark.both_databases  # the figures are SQL aggregates
async def test_award_totals_by_level_form_and_subject_with_each_communes_share(bot, fake):
    await district(bot, fake)
    phone = await official(bot)
    [reply] = await phone.send("/tongkhenthuong")
    ldtt = format_number(int(total("kt_ldtt_cn")))
    # The seed's wording: levels from the top, a title's tập thể and cá nhân together (TTLĐTT and LĐTT).
    assert f"Khen thưởng cấp huyện: Danh hiệu LĐTT: 72 tập thể, {ldtt} cá nhân; Danh hiệu CSTĐCS: 180 cá nhân" \
        in reply.text
    assert "Giấy khen của Chủ tịch UBND huyện: 900 tập thể, 936 cá nhân" in reply.text
    assert "Khen thưởng cấp tỉnh: Bằng khen của UBND tỉnh: 18 tập thể, 36 cá nhân." in reply.text
    collective = 18 * (4 + 50 + 2 + 1)
    individual = int(total("kt_ldtt_cn")) + 18 * (10 + 52 + 3 + 2)
    assert f"Cộng: {format_number(collective)} tập thể, {format_number(individual)} cá nhân." in reply.text
    assert "• Quài Nưa: BK UBND tỉnh 1 tập thể, 2 cá nhân; LĐTT 100 cá nhân" in reply.text


# --- the compiled summary -------------------------------------------------------------------------------


@pytest.mark.both_databases  # the figures are SQL aggregates
async def test_compiled_summary_in_chat_word_and_excel_matches_what_was_entered(bot, fake):
    await district(bot, fake, skip=("Pú Xi",), by_chat=True)
    await official(bot)
    before = fake.count(900)
    fake.push_text(900, "/tonghop")
    messages = (await fake.wait_for_messages(900, before + 3))[before:]
    await fake.wait_for(lambda: sum(m.kind == "document" for m in fake.bot_messages(900)[before:]) == 2,
                        what="the two files")
    messages = fake.bot_messages(900)[before:]
    text_messages = [m for m in messages if m.kind == "text"]
    files = {m.filename: m for m in messages if m.kind == "document"}
    assert 1 <= len(text_messages) <= 3
    chat = "\n".join(m.text for m in text_messages)
    assert "Đã gửi 17/19 (17 đúng hạn)" in chat and "Chưa gửi: thị trấn Tuần Giáo, Pú Xi" in chat
    assert "bình quân 13,9 tiêu chí/xã" in chat  # 236/17 without Pú Xi
    assert set(files) == {"tong-hop-tongket-2020.docx", "so-lieu-tongket-2020.xlsx"}

    reported = [n for n in COMMUNES if n != "Pú Xi"]
    document = docx.Document(io.BytesIO(files["tong-hop-tongket-2020.docx"].data))
    paragraphs = [p.text for p in document.paragraphs]
    body = "\n".join(paragraphs)
    assert "Phần I\nKẾT QUẢ THỰC HIỆN NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2020" in paragraphs
    assert "tongket-2020" in body and "tổng hợp tự động lúc 09:00 10/12/2020" in body
    assert "Chưa gửi (2 đơn vị): thị trấn Tuần Giáo, Pú Xi." in body
    campaign = next(p for p in paragraphs if p.startswith("- Phong trào thi đua “Cả nước chung sức"))
    assert "09 xã đạt từ 15 tiêu chí trở lên (gồm các xã: Quài Nưa," in campaign
    assert "01 xã đạt dưới 10 tiêu chí (gồm các xã: Ta Ma)" in campaign
    assert ("trong đó có 04 xã đã được Ban Chỉ đạo xây dựng nông thôn mới của tỉnh công nhận cơ bản đạt các tiêu chí "
            "về xây dựng nông thôn mới (gồm các xã: Quài Nưa, Quài Cang, Quài Tở, Mường Thín)") in campaign
    # (a question for communes only: counted in xã)
    food = next(p for p in paragraphs if "Tổng sản lượng lương thực" in p)
    assert f"Tổng sản lượng lương thực cây có hạt đạt {format_number(total('ktxh_luong_thuc', reported))} tấn" in food
    ldtt = format_number(int(total("kt_ldtt_cn", reported)))
    assert any(p.startswith(f"Khen thưởng cấp huyện: Danh hiệu LĐTT: 68 tập thể, {ldtt} cá nhân") for p in paragraphs)
    assert "Số thành viên Hội đồng Thi đua - Khen thưởng xã: 17 đơn vị có Hội đồng từ 07 thành viên trở lên" in body
    assert "- xã Quài Nưa: “Thiếu kinh phí tổ chức hội nghị điển hình ở Quài Nưa.”" in paragraphs
    assert "- xã Ta Ma: “Thiếu kinh phí tổ chức hội nghị điển hình ở Ta Ma.”" in paragraphs
    assert paragraphs.index("IV. ĐỀ XUẤT, KIẾN NGHỊ") > paragraphs.index("II. KẾT QUẢ THỰC HIỆN")

    book = openpyxl.load_workbook(io.BytesIO(files["so-lieu-tongket-2020.xlsx"].data))
    assert book.sheetnames[:2] == ["Tổng hợp", "Tiến độ"]  # the district's figures first (tests/stories/test_workbook.py)
    progress = book["Tiến độ"]
    assert "tongket-2020" in progress["A2"].value and "thị trấn Tuần Giáo, Pú Xi" in progress["A2"].value
    statuses = {row[1]: row[2] for row in progress.iter_rows(min_row=5, values_only=True)}
    assert statuses["xã Pú Xi"] == "chưa bắt đầu" and statuses["xã Quài Nưa"] == "đã gửi"

    awards = book["Kết quả khen thưởng"]
    header = [c.value for c in awards[4]]
    rows = {row[1]: row for row in awards.iter_rows(min_row=5, values_only=True)}
    ldtt_col = header.index("Danh hiệu Lao động tiên tiến (cá nhân)")
    assert rows["xã Quài Nưa"][ldtt_col] == 100 and rows["xã Ta Ma"][ldtt_col] == 117
    assert rows["xã Pú Xi"][ldtt_col] is None  # missing: an empty cell, not a zero
    assert rows["Tổng hợp"][ldtt_col] == total("kt_ldtt_cn", reported)
    assert isinstance(rows["Tổng hợp"][ldtt_col], int)
    totals_row = next(r for r in awards.iter_rows(min_row=5) if r[1].value == "Tổng hợp")
    assert totals_row[ldtt_col].number_format == "#,##0"
    assert all(isinstance(ws["A2"].value, str) and "tongket-2020" in ws["A2"].value for ws in book.worksheets)

    economy = next(ws for ws in book.worksheets if ws["A1"].value.startswith("Thi đua thực hiện thắng lợi"))
    header = [c.value for c in economy[4]]
    col = header.index("Tổng sản lượng lương thực cây có hạt (tấn)")
    rows = {row[1]: row for row in economy.iter_rows(min_row=5, values_only=True)}
    assert rows["xã Quài Cang"][col] == 2010.5
    assert rows["Tổng hợp"][col] == total("ktxh_luong_thuc", reported)
    assert header[col - 1] == "KH: Tổng sản lượng lương thực cây có hạt (tấn)"
    assert rows["Tổng hợp"][col - 1] == 2000 * 17

    poverty = next(ws for ws in book.worksheets if ws["A1"].value.startswith("Cả nước chung tay"))
    header = [c.value for c in poverty[4]]
    col = header.index("Tỷ lệ hộ nghèo cuối năm")
    assert [c.value for c in poverty[3]][col] == "bình quân"  # above the header: what the totals row does
    rows = {row[1]: row for row in poverty.iter_rows(min_row=5, values_only=True)}
    expected = sum(answers(n)["gn_ty_le_ho_ngheo"] for n in reported) / len(reported)
    assert abs(rows["Tổng hợp"][col] - expected / 100) < 0.0001  # a percentage, as a spreadsheet keeps one


async def test_summary_from_the_command_line_writes_word_excel_and_chart(bot, fake, settings, subprocess_env, tmp_path):
    from tests.stories.test_nominations import seed

    await district(bot, fake)
    seed(bot, "LDTT", ["Lò Văn Minh"], unit="Quài Nưa")  # a proposal: the list is written too
    out = tmp_path / "out"
    result = cli(subprocess_env | {"DATABASE_URL": settings.database_url}, "summary", "--round", "tongket-2020",
                 "--out", str(out))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["de-nghi-khen-thuong-tongket-2020.docx", "so-lieu-tongket-2020.xlsx", "tien-do-tongket-2020.png",
                     "tong-hop-tongket-2020.docx"]
    listed = docx.Document(out / "de-nghi-khen-thuong-tongket-2020.docx").tables[1]
    assert [c.text for c in listed.rows[2].cells][:2] == ["1", "Lò Văn Minh"]
    body = "\n".join(p.text for p in docx.Document(out / "tong-hop-tongket-2020.docx").paragraphs)
    assert "Đã gửi 18/19 đơn vị (18 đúng hạn, 0 gửi muộn), trong đó 0 đã duyệt." in body
    assert (out / "tien-do-tongket-2020.png").read_bytes().startswith(b"\x89PNG")
    result = cli(subprocess_env | {"DATABASE_URL": settings.database_url}, "summary", "--round", "khong-co",
                 "--out", str(out))
    assert result.returncode == 2 and "khong-co" in result.stderr


# --- the units' lists: nominees and role models ---------------------------------------------------


def lists_of_the_district(bot) -> None:
    """What the clerks entered on their lists: Quài Nưa four nominees (its CSTĐCS over the 15% ratio on
    two LĐTT, a collective proposed to the province) and a role model; Mường Thín thirty LĐTT; Ta Ma, still
    a draft, one LĐTT the district does not see yet."""
    seed(bot, "LDTT", ["Lò Văn An", "Lò Văn Bình"], unit="Quài Nưa")
    seed(bot, "CSTDCS", ["Lò Văn An"], unit="Quài Nưa", **CSTDCS_READY)
    seed(bot, "BK_TINH", ["Trường Tiểu học Quài Nưa"], unit="Quài Nưa", subject="collective")
    seed(bot, "LDTT", [f"Quàng Văn Số {n}" for n in range(1, 31)], unit="Mường Thín")
    seed(bot, "LDTT", ["Cà Văn Chưa Gửi"], unit="Ta Ma")
    with transaction(bot.engine) as session:
        report = nominee_report(session, "Quài Nưa")
        session.add(RoleModel(report_id=report.id, name="Gia đình ông Quàng Văn Lến", village="Bản Co Sản",
                              commune="xã Quài Nưa", deed="mô hình trồng cây chanh leo", income_million=120,
                              complete=True, field="household"))


@pytest.mark.both_databases  # the lists are read across units
async def test_an_official_finds_the_nominees_by_level_form_and_unit_in_pages_of_one_screen(bot, fake):
    await district(bot, fake, draft=("Ta Ma",))
    lists_of_the_district(bot)
    phone = await official(bot)

    [overview] = await phone.send("/dexuat")
    assert "34 hồ sơ của 2 đơn vị, ⚠️ 1 có vấn đề theo quy định." in overview.text
    assert "⬆️ Đề nghị lên cấp tỉnh: BK UBND tỉnh 1 tập thể, 0 cá nhân." in overview.text
    assert "✔️ Cấp huyện quyết định: LĐTT 32 cá nhân; CSTĐCS 1 cá nhân (⚠️ 1)." in overview.text
    assert "Chưa Gửi" not in overview.text  # Ta Ma's draft
    assert overview.button_texts == ["BK UBND tỉnh (1)", "LĐTT (32)", "CSTĐCS (1)", texts.BTN_DX_BY_UNIT,
                                     "🌟 Điển hình (1)"]

    # One form across the units, page by page: by a tap, then by a typed number (Zalo, the terminal).
    [first] = await phone.press("LĐTT (32)")
    assert first.text.startswith("📜 Lao động tiên tiến — Tổng kết") and "32 cá nhân" in first.text
    assert "1. Lò Văn An (cá nhân), Giáo viên — Quài Nưa" in first.text and "Trang 1/" in first.text
    [second] = await phone.press(texts.BTN_NEXT_PAGE)
    assert "Trang 2/" in second.text and "Quàng Văn Số" in second.text
    assert second.button_texts[:2] == [texts.BTN_PREV_PAGE, texts.BTN_NEXT_PAGE]
    [third] = await phone.send("2")  # the second choice: «Trang sau»
    assert "Trang 3/" in third.text
    [again] = await phone.send("1")  # «Trang trước»
    assert again.text == second.text
    pages = await every_page(phone, await phone.send("/dexuat LDTT"))
    assert "32. Quàng Văn Số 30 (cá nhân), Giáo viên — Mường Thín" in pages[-1]
    assert sum(page.count("Quàng Văn Số") for page in pages) == 30

    [ratio] = await phone.send("/dexuat chien si thi dua")  # a form by its name, without diacritics
    assert "1. Lò Văn An (cá nhân), Giáo viên — Quài Nưa ⚠️ vượt tỷ lệ" in ratio.text

    # By unit: the units with their counts, each a button to its list, the rule problems in full.
    [units] = await phone.press(texts.BTN_DX_ALL)
    assert units.text == overview.text
    [units] = await phone.press(texts.BTN_DX_BY_UNIT)
    assert "1. Quài Nưa: 4 hồ sơ (⚠️ 1)" in units.text and "2. Mường Thín: 30 hồ sơ" in units.text
    [quai_nua] = await phone.press("Quài Nưa (4)")
    assert "1. Lò Văn An (cá nhân) — LĐTT" in quai_nua.text and "3. Lò Văn An (cá nhân) — CSTĐCS ⚠️ vượt tỷ lệ" in quai_nua.text
    assert "4. Trường Tiểu học Quài Nưa (tập thể) — BK UBND tỉnh ⬆️" in quai_nua.text
    assert "⚠️ Số CSTĐCS (1) vượt quá 15% số LĐTT (2): tối đa 0." in quai_nua.text
    [same] = await phone.send("/dexuat quai nua")
    assert same.text == quai_nua.text

    [models] = await phone.send("/dexuat dienhinh")
    assert ("1. Gia đình ông Quàng Văn Lến (Bản Co Sản, xã Quài Nưa) - mô hình trồng cây chanh leo "
            "(thu nhập 120 triệu đồng/năm) · Hộ gia đình") in models.text  # the field the Word draft groups it by
    [unknown] = await phone.send("/dexuat khong co")
    assert "Không tìm thấy hình thức hay đơn vị «khong co»" in unknown.text and "34 hồ sơ" in unknown.text
    one_screen(fake.bot_messages(900))


async def test_xa_shows_a_units_lists_behind_buttons_and_its_draft_as_a_draft(bot, fake):
    await district(bot, fake, draft=("Ta Ma",))
    lists_of_the_district(bot)
    phone = await official(bot)
    [overview] = await phone.send("/xa quai nua")
    assert ("🏅 Đề nghị khen thưởng: 4 hồ sơ (⚠️ 1) — BK UBND tỉnh 1 tập thể, 0 cá nhân; LĐTT 2 cá nhân; "
            "CSTĐCS 1 cá nhân (⚠️ 1)") in overview.text
    assert "🌟 Điển hình tiên tiến: 1" in overview.text
    [listing] = await phone.press("🏅 Đề nghị (4)")
    assert listing.text.startswith("🏅 Đề nghị khen thưởng — xã Quài Nưa")
    assert "3. Lò Văn An (cá nhân) — CSTĐCS ⚠️ vượt tỷ lệ" in listing.text and "⚠️ Số CSTĐCS (1)" in listing.text
    [back] = await phone.press("⬅️ xã Quài Nưa")
    assert back.text == overview.text  # the first page of the report
    [models] = await phone.press("🌟 Điển hình (1)")
    assert "1. Gia đình ông Quàng Văn Lến (Bản Co Sản, xã Quài Nưa) - mô hình trồng cây chanh leo" in models.text

    [draft] = await phone.send("/xa ta ma")  # a draft: shown, and said to be one
    assert texts.UNIT_VIEW_DRAFT_NOTE in draft.text and "🏅 Đề nghị khen thưởng: 1 hồ sơ" in draft.text
    [listing] = await phone.press("🏅 Đề nghị (1)")
    assert "(bản nháp, chưa gửi)" in listing.text and "1. Cà Văn Chưa Gửi (cá nhân) — LĐTT" in listing.text
    one_screen(fake.bot_messages(900))


@pytest.mark.both_databases  # the figures are SQL aggregates
async def test_the_compiled_summary_counts_the_nominees_by_level_and_form_and_the_role_models(bot, fake):
    await district(bot, fake, draft=("Ta Ma",))
    lists_of_the_district(bot)
    await official(bot)
    before = fake.count(900)
    fake.push_text(900, "/tonghop")
    # the report, the proposal list (units proposed someone) and the workbook
    await fake.wait_for(lambda: sum(m.kind == "document" for m in fake.bot_messages(900)[before:]) == 3,
                        what="the three files")
    chat = "\n".join(m.text for m in fake.bot_messages(900)[before:] if m.kind == "text")
    assert "▪️ Đề nghị khen thưởng: 34 hồ sơ của 2 đơn vị (⚠️ 1) (/dexuat)" in chat
    assert "• ⬆️ Đề nghị lên cấp tỉnh: BK UBND tỉnh 1 tập thể, 0 cá nhân." in chat
    assert "• ✔️ Cấp huyện quyết định: LĐTT 32 cá nhân; CSTĐCS 1 cá nhân (⚠️ 1)." in chat
    assert "▪️ Điển hình tiên tiến: 1 điển hình của 1 đơn vị" in chat
