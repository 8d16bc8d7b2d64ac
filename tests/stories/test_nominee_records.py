"""A nominee's year of birth and citizen's number (CCCD), and the streak conditions where they count: the clerk
types both (the number shown only by its last 4 digits, never logged), the records of titles find the person by
them and never merge a near match on a guess, and a streak one year short is named when the clerk nominates
(kept or changed, never passed in silence), flagged in /dexuat and asks the council for a reason to endorse.
"""

from __future__ import annotations

import logging

import pytest
from sqlmodel import select

from bot import texts
from storage import records
from storage.db import transaction
from storage.models import AuditLog, CouncilDecision, Nomination, Person, PersonMatch, TitleRecord
from tests.list_files import fill, sheet_rows
from tests.stories.test_deliberation import submit
from tests.stories.test_list_files import template_of
from tests.stories.test_nominations import add_nominee

CCCD = "001085012345"
MASKED = "••••••••2345"


def recorded(bot, name: str, birth_year: int, years: list[int], form: str = "HTXS") -> None:
    """Earlier years' titles, as an official's file brings them (storage/records.record)."""
    with transaction(bot.engine) as session:
        for year in years:
            records.record(session, subject="individual", name=name, unit_code="quai-nua", year=year, form_code=form,
                           source=records.IMPORT, birth_year=birth_year)


async def nominate(clerk, name: str, born: str, form: str):
    """An individual typed in up to the form chosen (no CCCD): what the bot says next."""
    await clerk.press("➕ Thêm")
    await clerk.press("Cá nhân")
    await clerk.send(name)
    await clerk.send(born)
    await clerk.press(texts.BTN_NO_CCCD)
    await clerk.send("Công chức Văn phòng - Thống kê")
    return await clerk.press(form)


async def test_a_clerk_nominates_a_person_with_a_birth_year_and_a_cccd_shown_only_by_its_last_digits(bot, caplog):
    caplog.set_level(logging.DEBUG)
    clerk = await bot.register(901, "Lò Thị Mai")
    await clerk.send("/khenthuong")
    await clerk.press("➕ Thêm")
    await clerk.press("Cá nhân")
    [ask] = await clerk.send("Quàng Văn Tú")
    assert ask.text.endswith(texts.ASK_BIRTH_YEAR.format(name="Quàng Văn Tú"))
    [again] = await clerk.send("tám lăm")
    assert again.text.startswith("«tám lăm» không phải là năm sinh. Bạn gõ 4 chữ số, ví dụ: 1985.")
    [again] = await clerk.send("2010")  # ten years old in 2020
    assert again.text.startswith("Năm sinh 2010 chưa hợp lý: từ 1920 đến 2005.")
    [ask] = await clerk.send("１９８５")  # full-width digits, as some keyboards type them
    assert ask.text.endswith(texts.ASK_CCCD.format(name="Quàng Văn Tú")) and texts.BTN_NO_CCCD in ask.button_texts
    [again] = await clerk.send("0010850123")
    assert again.text.startswith("Số CCCD phải có đủ 12 chữ số.")
    await clerk.send("001 085 012 345")
    await clerk.send("Giáo viên Trường Tiểu học Quài Nưa")
    await clerk.press("LĐTT")
    [card] = await clerk.send("Hoàn thành xuất sắc nhiệm vụ năm 2020.")
    assert "Năm sinh: 1985" in card.text and f"Số CCCD: {MASKED}" in card.text
    await clerk.press("Xác nhận")
    with transaction(bot.engine) as session:
        row = session.exec(select(Nomination)).one()
        assert (row.birth_year, row.cccd) == (1985, CCCD)

    # Edited after the report went in: the audit keeps the number masked too.
    submit(bot, "Quài Nưa")
    await clerk.send("/khenthuong")
    await clerk.press("1. Quàng Văn Tú")
    await clerk.press("✏️ Sửa")
    [ask] = await clerk.press("Số CCCD")
    assert f"Đang lưu: {MASKED}" in ask.text
    await clerk.send("001085019999")
    with transaction(bot.engine) as session:
        [audit] = session.exec(select(AuditLog).where(AuditLog.action == "nomination_edit")).all()
        assert audit.detail["old"] == {"cccd": MASKED} and audit.detail["new"] == {"cccd": "••••••••9999"}

    # Never whole in what the clerk is shown, in the list's file, nor in any log line.
    shown = "\n".join(clerk.texts())
    assert CCCD not in shown and "001 085 012 345" not in shown and "001085019999" not in shown
    assert CCCD not in caplog.text and "001085019999" not in caplog.text
    await clerk.send("/khenthuong")
    [workbook] = await clerk.press(texts.BTN_LIST_EXPORT)
    table = sheet_rows(workbook.data)
    column = table[1].index(texts.LIST_HEADERS["nominations"]["cccd"])
    assert table[3][column] == "••••••••9999"


async def test_a_masked_cccd_sent_back_in_the_file_keeps_the_number_and_a_wrong_one_is_named(bot):
    clerk = await bot.register(902, "Lò Thị Mai")
    template = await template_of(clerk)
    row = {"subject": "Cá nhân", "name": "Lò Văn Minh", "birth_year": 1985, "cccd": CCCD, "position": "Trưởng bản",
           "form": "Lao động tiên tiến", "achievements": "Tốt."}
    wrong = dict(row, name="Lò Văn Nam", birth_year=1890, cccd="12345")
    [answer] = await clerk.send_file("ds.xlsx", fill(template, "nominations", [row, wrong]))
    assert "cột D (Năm sinh): năm sinh 1890 ngoài khoảng 1920–2005" in answer.text
    assert "cột E (Số CCCD): số CCCD phải có đủ 12 chữ số" in answer.text and "12345" not in answer.text
    # The list as it stands shows the number masked; sent back as it is, the list keeps the number.
    [workbook] = await clerk.press(texts.BTN_LIST_EXPORT)
    again = fill(template, "nominations", [dict(row, cccd=MASKED)])
    assert MASKED in str(sheet_rows(workbook.data))
    [answer] = await clerk.send_file("ds.xlsx", again)
    assert texts.LIST_IMPORT_SAVED.format(saved=1) in answer.text
    with transaction(bot.engine) as session:
        assert [(n.name, n.birth_year, n.cccd) for n in session.exec(select(Nomination)).all()] == [
            ("Lò Văn Minh", 1985, CCCD)]


@pytest.mark.both_databases
async def test_a_near_match_is_one_person_only_once_an_official_says_so(bot):
    """The records hold Lò Văn Sương born 1978. A clerk nominates a Lò Văn Sương born 1979: the card shows no
    record (not his on a guess); once the council passes him, his title waits beside the other's until an
    official confirms they are one person."""
    recorded(bot, "Lò Văn Sương", 1978, [2018, 2019], form="LDTT")
    clerk = await bot.register(903, "Lò Thị Mai")
    await clerk.send("/khenthuong")
    [card] = await add_nominee(clerk, "Lò Văn Sương", "LĐTT", born="1979", cccd=CCCD, confirm=False)
    assert "📜 Hồ sơ" not in card.text
    await clerk.press("Xác nhận")
    submit(bot, "Quài Nưa")
    official = await bot.register(904, "Người thử", "tuan-giao", "official")
    await official.send("/binhxet")
    await official.press("LĐTT · còn 1")
    await official.press(texts.BTN_PASS)
    with transaction(bot.engine) as session:
        people = session.exec(select(Person).where(Person.name_key == "lo van suong").order_by(Person.id)).all()
        assert [(p.birth_year, p.cccd) for p in people] == [(1978, None), (1979, CCCD)]
        assert [(m.why, m.status) for m in session.exec(select(PersonMatch)).all()] == [("birth_year", "pending")]

    await official.send("/hoso lo van suong")
    [record] = await official.press("Lò Văn Sương (sinh 1979) · Quài Nưa")
    assert "▪️ 2020: LĐTT" in record.text and "2019" not in record.text.split("⚠️")[0]
    assert "Có thể là cùng một người với: Lò Văn Sương (sinh 1978) · Quài Nưa (năm sinh lệch một năm)" in record.text
    assert CCCD not in record.text
    [merged] = await official.press(texts.BTN_SAME_PERSON)
    assert "▪️ 2020: LĐTT\n▪️ 2019: LĐTT\n▪️ 2018: LĐTT" in merged.text


async def test_a_streak_one_year_short_is_named_at_nomination_flagged_in_dexuat_and_asks_the_council_why(bot):
    recorded(bot, "Lò Văn Sương", 1978, [2019])  # HTXS in 2019, not 2018: BK tỉnh needs both (2020's rule)
    clerk = await bot.register(905, "Lò Thị Mai")
    await clerk.send("/khenthuong")
    [asked] = await nominate(clerk, "Lò Văn Sương", "1978", "BK UBND tỉnh ↑")
    missing = "⚠️ BK UBND tỉnh: chưa có HTXS năm 2018 (cần 2 năm liên tục trước năm 2020)."
    assert asked.text == f"✅ Đã lưu.\n{missing}\nVẫn đề nghị BK UBND tỉnh cho Lò Văn Sương, hay đổi hình thức?"
    assert asked.button_texts[:2] == ["Vẫn đề nghị BK UBND tỉnh", texts.BTN_STREAK_CHANGE]
    [forms] = await clerk.send("lần sau")  # neither: the question again
    assert forms.text.startswith("Bạn bấm một trong các nút nhé.\n") and missing in forms.text
    [forms] = await clerk.press(texts.BTN_STREAK_CHANGE)  # back to the forms
    assert "LĐTT" in forms.button_texts and "Danh hiệu" not in forms.text.splitlines()[0]
    [asked] = await clerk.press("BK UBND tỉnh ↑")  # the same form again: asked again
    assert missing in asked.text
    [ask] = await clerk.press("Vẫn đề nghị BK UBND tỉnh")
    assert "Tóm tắt thành tích" in ask.text
    [card] = await clerk.send("Nhiều năm hoàn thành xuất sắc nhiệm vụ.")
    assert "Điều kiện liên tục: giữ đề nghị, dù chưa có năm 2018" in card.text and missing in card.text
    await clerk.press("Xác nhận")
    with transaction(bot.engine) as session:
        assert session.exec(select(Nomination.streak_ok)).one() == "2018"

    # No record at all: said, and the clerk goes on (no question).
    [ask] = await nominate(clerk, "Quàng Văn Mới", "1990", "BK UBND tỉnh ↑")
    assert "Tóm tắt thành tích" in ask.text
    [card] = await clerk.send("Tốt.")
    assert "❔ BK UBND tỉnh cần HTXS 2 năm liên tục: chưa có dữ liệu để kiểm tra." in card.text
    await clerk.press("Xác nhận")

    submit(bot, "Quài Nưa")
    official = await bot.register(906, "Người thử", "tuan-giao", "official")
    [dexuat] = await official.send("/dexuat BK_TINH")
    assert "Lò Văn Sương" in dexuat.text and missing in dexuat.text
    await official.send("/binhxet")
    [card] = await official.press("BK UBND tỉnh · còn 2")
    assert "Lò Văn Sương" in card.text and missing in card.text
    [why] = await official.press(texts.BTN_SEND_UP)
    assert why.text.startswith(f"{missing}\n«Lò Văn Sương» chưa đủ năm liên tục cho BK UBND tỉnh.")
    [back] = await official.press(texts.BTN_BACK)  # changed their mind: the card again, nothing decided
    assert "Lò Văn Sương" in back.text and texts.BTN_SEND_UP in back.button_texts
    await official.press(texts.BTN_SEND_UP)
    [next_card] = await official.send("Có xác nhận HTXS năm 2018 của UBND xã")
    assert "Quàng Văn Mới" in next_card.text
    await official.press(texts.BTN_SEND_UP)  # no data is no missing year: decided without a question
    with transaction(bot.engine) as session:
        rows = session.exec(select(CouncilDecision, Nomination)
                            .join(Nomination, Nomination.id == CouncilDecision.nomination_id)).all()
        assert {n.name: (d.outcome, d.reason) for d, n in rows} == {
            "Lò Văn Sương": ("sent_up", "Có xác nhận HTXS năm 2018 của UBND xã"), "Quàng Văn Mới": ("sent_up", None)}
        assert session.exec(select(TitleRecord.status).where(TitleRecord.year == 2020)).all() == ["proposed"] * 2


async def test_a_nominee_from_a_file_one_year_short_waits_on_its_card_for_the_clerks_answer(bot):
    recorded(bot, "Lò Văn Sương", 1978, [2019])
    clerk = await bot.register(907, "Lò Thị Mai")
    template = await template_of(clerk)
    row = {"subject": "Cá nhân", "name": "Lò Văn Sương", "birth_year": 1978, "position": "Công chức",
           "form": "Bằng khen của UBND tỉnh", "achievements": "Tốt."}
    [answer] = await clerk.send_file("ds.xlsx", fill(template, "nominations", [row]))
    assert texts.LIST_IMPORT_SAVED.format(saved=1) in answer.text
    await clerk.send("/khenthuong")
    [card] = await clerk.press("1. Lò Văn Sương")
    assert "chưa có HTXS năm 2018" in card.text
    assert texts.CARD_MISSING.format(items="Điều kiện liên tục") in card.text  # not passed in silence
    await clerk.press("✏️ Sửa")
    [asked] = await clerk.press("Điều kiện liên tục")
    assert asked.button_texts[:2] == ["Vẫn đề nghị BK UBND tỉnh", texts.BTN_STREAK_CHANGE]
    [card] = await clerk.press("Vẫn đề nghị BK UBND tỉnh")
    assert "Điều kiện liên tục: giữ đề nghị, dù chưa có năm 2018" in card.text and "Còn thiếu" not in card.text
