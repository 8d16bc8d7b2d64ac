"""Records of titles (hồ sơ thành tích): what the council decides goes on a person's record, an official reads
it with /hoso, a near match waits for a person to confirm it, and the catalogue's streak conditions are checked
against it where a nominee is shown: the clerk's card, /dexuat and the council.

The demo district holds a few people with earlier years' titles (storage/demo_data/tuan_giao_2020.toml):
UBND xã Quài Nưa is put up for the provincial Bằng khen without «hoàn thành xuất sắc nhiệm vụ» in 2018.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from bot import texts
from storage import records, reports
from storage.db import transaction
from storage.models import CouncilDecision, Nomination, Person, PersonMatch, TitleRecord, Unit
from tests.harness import Clock, MemoryBot, make_settings
from tests.stories.test_demo import TODAY, open_demo
from tests.stories.test_province import PROVINCE_2026


@pytest.fixture
def clock() -> Clock:
    return Clock(TODAY)


async def test_the_demo_shows_a_nominee_one_year_short_of_the_streak_from_the_first_minute(bot):
    open_demo(bot)
    official = await bot.register(701, "Người thử", "tuan-giao", "official")
    [dexuat] = await official.send("/dexuat BK_TINH")
    assert "UBND xã Quài Nưa" in dexuat.text
    assert "chưa có HTXS năm 2018" in dexuat.text  # the year missing, named
    assert "UBND xã Quài Tở" in dexuat.text

    clerk = await bot.register(702, "Người thử", "Quài Nưa")
    await clerk.send("/khenthuong")
    [card] = await clerk.press("UBND xã Quài Nưa")
    assert "📜 Hồ sơ: 2019 HTXS · 2017 HTXS" in card.text
    assert "chưa có HTXS năm 2018" in card.text


async def test_an_official_reads_a_record_and_confirms_a_near_match(bot):
    open_demo(bot)
    official = await bot.register(701, "Người thử", "tuan-giao", "official")
    [found] = await official.send("/hoso lo van suong")  # without diacritics: both spellings come up
    assert found.button_texts == ["Lò Văn Sương (sinh 1978) · Quài Nưa", "Lò Văn Suơng (sinh 1979) · Quài Nưa"]
    [record] = await official.press("Lò Văn Sương (sinh 1978) · Quài Nưa")
    assert "▪️ 2019: CSTĐCS; LĐTT\n▪️ 2018: CSTĐCS; LĐTT\n▪️ 2017: LĐTT" in record.text
    assert "2016" not in record.text  # the near match's year is not merged on a guess
    assert "Có thể là cùng một người với: Lò Văn Suơng (sinh 1979) · Quài Nưa (năm sinh lệch một năm)" in record.text

    [merged] = await official.press(texts.BTN_SAME_PERSON)
    assert merged.text.startswith("✅ Đã gộp: hồ sơ của Lò Văn Sương nay là một.")
    assert "▪️ 2016: LĐTT" in merged.text and "Có thể là cùng" not in merged.text
    with transaction(bot.engine) as session:
        people = session.exec(select(Person).where(Person.name_key == "lo van suong")).all()
        assert [(p.name, p.birth_year) for p in people] == [("Lò Văn Sương", 1978)]
        assert session.exec(select(PersonMatch.status)).all() == ["same"]
    [again] = await official.send("/hoso cung 1")  # the same confirmation a second time changes nothing
    assert again.text == texts.MATCH_SETTLED


async def test_two_people_kept_apart_and_a_name_nobody_holds(bot):
    open_demo(bot)
    official = await bot.register(701, "Người thử", "tuan-giao", "official")
    await official.send("/hoso lo van suong")
    await official.press("Lò Văn Suơng (sinh 1979) · Quài Nưa")
    [apart] = await official.press(texts.BTN_OTHER_PERSON)
    assert apart.text.startswith(texts.MATCH_APART) and "Có thể là cùng" not in apart.text
    with transaction(bot.engine) as session:
        assert len(session.exec(select(Person).where(Person.name_key == "lo van suong")).all()) == 2
    [none] = await official.send("/hoso Nguyễn Văn Không")
    assert none.text == texts.RECORDS_NONE.format(query="Nguyễn Văn Không")
    [ask] = await official.send("/hoso")
    assert ask.text == texts.RECORDS_ASK
    # An official sees the records of the units under their own: Quài Tở's not Quài Nưa's people.
    quai_to = await bot.register(703, "Cán bộ", "Quài Tở", "official")
    [other] = await quai_to.send("/hoso lo van suong")
    assert other.text == texts.RECORDS_NONE.format(query="lo van suong")
    [own] = await quai_to.send("/hoso ubnd xa quai to")
    assert "▪️ 2019: HTXS" in own.text
    [forged] = await quai_to.send("/hoso nguoi 3")
    assert forged.text == texts.RECORDS_GONE


async def test_what_the_council_decides_goes_on_the_record_and_its_card_shows_the_streak(bot):
    open_demo(bot)
    official = await bot.register(701, "Người thử", "tuan-giao", "official")
    await official.send("/binhxet")
    [card] = await official.press("BK UBND tỉnh · còn 1")  # the demo's council has sent Quài Tở's up already
    assert "UBND xã Quài Nưa" in card.text and "chưa có HTXS năm 2018" in card.text
    [why] = await official.press(texts.BTN_SEND_UP)  # a year of the streak missing: sent up only with a reason
    assert why.text.startswith("⚠️ BK UBND tỉnh: chưa có HTXS năm 2018 (cần 2 năm liên tục trước năm 2020).\n"
                               "«UBND xã Quài Nưa» chưa đủ năm liên tục cho BK UBND tỉnh. Vì sao vẫn «⬆️ Chuyển đề nghị cấp trên»?")
    [again] = await official.send("   ")
    assert again.text.startswith(texts.REASON_EMPTY)
    await official.send("Năm 2018 xã hoàn thành xuất sắc, hồ sơ cũ bị thất lạc")
    with transaction(bot.engine) as session:
        decision = session.exec(select(CouncilDecision).join(Nomination, Nomination.id == CouncilDecision.nomination_id)
                                .where(Nomination.name == "UBND xã Quài Nưa")).one()
        assert (decision.outcome, decision.reason) == ("sent_up", "Năm 2018 xã hoàn thành xuất sắc, hồ sơ cũ bị thất lạc")
    [quai_to] = await official.send("/hoso ubnd xa quai to")  # decided by the demo's council: on the record
    assert "▪️ 2020: BK UBND tỉnh (đã đề nghị cấp trên)\n▪️ 2019: HTXS\n▪️ 2018: HTXS" in quai_to.text
    [record] = await official.send("/hoso ubnd xa quai nua")
    assert "▪️ 2020: BK UBND tỉnh (đã đề nghị cấp trên)\n▪️ 2019: HTXS\n▪️ 2017: HTXS" in record.text
    with transaction(bot.engine) as session:
        row = session.exec(select(TitleRecord).join(Person, Person.id == TitleRecord.person_id)
                           .where(TitleRecord.year == 2020, Person.name == "UBND xã Quài Nưa")).one()
        assert (row.form_code, row.status, row.source, row.unit_code) == ("BK_TINH", "proposed", "council", "quai-nua")
        passed = session.exec(select(TitleRecord).where(TitleRecord.year == 2020, TitleRecord.status == "awarded")).all()
        assert {r.form_code for r in passed} == {"TTLDTT", "GK_HUYEN"}  # what the demo's council passed


async def test_a_person_is_one_person_across_the_2025_merger(database_url, fake, clock):
    """Lò Thị Hoa's titles of 2024 were recorded under xã Quài Nưa, those of 2025 under xã Tuần Giáo, which
    Quài Nưa became part of (formed_from): nominated in 2026, her two years are one record. A namesake of
    xã Quài Tở is another person."""
    clock.now = dt.datetime(2026, 12, 7, 9, 0, tzinfo=clock.now.tzinfo)
    bot = await MemoryBot(fake, make_settings(database_url, fake, CATALOG=str(PROVINCE_2026)), clock).start()
    try:
        with transaction(bot.engine) as session:
            for year, unit in ((2024, "quai-nua"), (2025, "xa-tuan-giao")):
                records.record(session, subject="individual", name="Lò Thị Hoa", unit_code=unit, year=year,
                               form_code="HTXS", source=records.IMPORT, birth_year=1980)
            records.record(session, subject="individual", name="Lò Thị Hoa", unit_code="xa-quai-to", year=2025,
                           form_code="LDTT", source=records.IMPORT, birth_year=1991)
            round_ = reports.round_by_code(session, "tongket-2026")
            unit = session.exec(select(Unit).where(Unit.code == "xa-tuan-giao")).one()
            report = reports.get_or_create_report(session, round_.id, unit.id)
            session.add(Nomination(report_id=report.id, subject="individual", name="Lò Thị Hoa", name_key="lo thi hoa",
                                   form_code="BK_TINH", position="Giáo viên", achievements="Tốt.", complete=True))
            session.add(Nomination(report_id=report.id, subject="individual", name="Quàng Văn Mới",
                                   name_key="quang van moi", form_code="BK_TINH", position="Giáo viên",
                                   achievements="Tốt.", complete=True))
            assert len(session.exec(select(Person)).all()) == 2
        clerk = await bot.register(702, "Cán bộ", unit="xa-tuan-giao")
        await clerk.send("/khenthuong")
        [card] = await clerk.press("Lò Thị Hoa")
        assert "📜 Hồ sơ: 2025 HTXS · 2024 HTXS" in card.text
        assert "✔️ BK Chủ tịch UBND tỉnh: có HTXS 2 năm liên tục (2024–2025)." in card.text
        await clerk.press(texts.BTN_LIST)
        [unknown] = await clerk.press("Quàng Văn Mới")  # nobody's record: shown, never passed in silence
        assert "❔ BK Chủ tịch UBND tỉnh cần HTXS 2 năm liên tục: chưa có dữ liệu để kiểm tra." in unknown.text
    finally:
        await bot.stop()


def filled(template: bytes, rows: list[tuple]) -> bytes:
    """The template filled on a computer: a row a title under the header."""
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row, 1):
            sheet.cell(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_an_official_brings_in_earlier_years_from_a_file_checked_row_by_row(bot):
    open_demo(bot)
    official = await bot.register(701, "Người thử", "tuan-giao", "official")
    [ask] = await official.send("/hoso")
    [template] = await official.press(texts.BTN_RECORD_TEMPLATE)
    assert template.kind == "document" and template.filename == texts.RECORD_FILENAME
    headers = [c.value for c in load_workbook(io.BytesIO(template.data)).worksheets[0][1]]
    assert headers == list(texts.RECORD_HEADERS.values())

    bad = filled(template.data, [
        (2018, "Lò Văn Sương", 1978, None, "xã Quài Nưa", "Công chức", "Lao động tiên tiến", None, None, None),
        (2020, "Lường Thị Dung", 1990, None, "Quài Nưa", None, "LĐTT", None, None, None),  # not before 2020
        (2017, "Tòng Văn Hùng", 1985, None, "xã Hà Nội", None, "LĐTT", None, None, None),  # no such unit
        (2017, "Tòng Văn Hùng", 1985, None, "Quài Tở", None, "Huân chương Mặt Trời", None, None, None),
        (2016, "Cà Văn Lả", 1980, None, "Mường Thín", None, "LĐTT", None, None, None),
        (2016, "Cà Văn Lả", 1980, None, "Mường Thín", None, "LĐTT", None, None, None),  # twice in the file
        (2016, "Quàng Văn Ón", 1975, None, "Mường Thín", None, "LĐTT", None, "32/13/2016", None),
    ])
    [refused] = await official.send_file("ho-so.xlsx", bad)
    assert "❌ 5 dòng có lỗi, nên chưa lưu dòng nào." in refused.text
    assert "Dòng 3, cột A (Năm): năm 2020 không trước năm 2020 của kỳ hiện tại" in refused.text
    assert "Dòng 4, cột E (Đơn vị): «xã Hà Nội» không có trong danh mục đơn vị" in refused.text
    assert "Dòng 5, cột G (Danh hiệu/Hình thức): «Huân chương Mặt Trời» không có trong danh mục" in refused.text
    assert "Dòng 8, cột I (Ngày): «32/13/2016» không phải là ngày" in refused.text
    assert "Dòng 7, cột B (Họ và tên): trùng với dòng 6" in refused.text
    with transaction(bot.engine) as session:
        assert session.exec(select(TitleRecord).where(TitleRecord.source == "import")).all() == []

    good = filled(template.data, [
        (2016, "Lò Văn Sương", 1978, None, "xã Quài Nưa", "Công chức", "Lao động tiên tiến", "12/QĐ-UBND",
         "15/12/2016", "UBND huyện Tuần Giáo"),
        (2018, "Lò Văn Sương", 1978, None, "xã Quài Nưa", None, "LĐTT", None, None, None),  # held already
        (2019, "Cà Văn Lả", 1981, None, "Mường Thín", None, "Hoàn thành xuất sắc nhiệm vụ", None, None, None),
        (2019, "Lo Van Suong", 1978, None, "Quài Nưa", None, "HTXS", None, None, None),  # no accents: confirm
    ])
    [saved] = await official.send_file("ho-so.xlsx", good)
    assert "✅ Đã lưu 3 danh hiệu (2 người, tập thể mới)." in saved.text
    assert "Đã có sẵn trong hồ sơ: 1 dòng" in saved.text and "1 người có thể trùng" in saved.text
    [record] = await official.send("/hoso nguoi 3")
    assert record.text.splitlines()[0] == "🗂 Hồ sơ thành tích — Lò Văn Sương (sinh 1978)"
    assert "▪️ 2016: LĐTT — QĐ 12/QĐ-UBND" in record.text


async def test_an_official_brings_in_titles_only_for_the_units_they_see(bot):
    open_demo(bot)
    official = await bot.register(702, "Cán bộ xã", "quai-nua", "official")
    [ask] = await official.send("/hoso")
    [template] = await official.press(texts.BTN_RECORD_TEMPLATE)
    rows = [(2018, "Lò Văn Sương", 1978, None, "xã Quài Nưa", None, "LĐTT", None, None, None),
            (2016, "Cà Văn Lả", 1980, None, "Mường Thín", None, "LĐTT", None, None, None)]  # not under Quài Nưa
    [refused] = await official.send_file("ho-so.xlsx", filled(template.data, rows))
    assert "Dòng 3, cột E (Đơn vị): «Mường Thín» không thuộc các đơn vị anh/chị phụ trách" in refused.text
    with transaction(bot.engine) as session:
        assert session.exec(select(TitleRecord).where(TitleRecord.source == "import")).all() == []
