"""The province of 2026: its communes and wards report straight to it, under the law in force now,
while a list of 2020 kept in the same database is still judged by the rules of 2020."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from main import prepare
from storage import award_rules, reports
from storage.db import transaction
from storage.models import Nomination, Round, Unit
from storage.people import fold
from tests.clerk import fill_whole_report
from tests.harness import ROOT, MemoryBot, make_settings
from tests.stories.test_nominations import CSTDCS_READY, problems_of

PROVINCE_2026 = ROOT / "storage" / "catalogs" / "dien_bien_2026.toml"
RATIO_2020 = "NĐ 91/2017/NĐ-CP Điều 9 khoản 3"
RATIO_2026 = "Tỷ lệ 15% của NĐ 91/2017 (chưa xác minh NĐ 98/2023, NĐ 152/2025/NĐ-CP còn giữ)"


def seed_list(engine, round_code: str, unit_code: str) -> int:
    """14 LĐTT and 3 CSTĐCS (one more than 15% allows), typed in earlier; the report's id."""
    with transaction(engine) as session:
        round_ = reports.round_by_code(session, round_code)
        unit = session.exec(select(Unit).where(Unit.code == unit_code)).one()
        report = reports.get_or_create_report(session, round_.id, unit.id)
        names = [f"Lò Văn {chr(65 + i)}" for i in range(14)]
        for form, chosen, extra in (("LDTT", names, {}), ("CSTDCS", names[:3], CSTDCS_READY)):
            session.add_all(Nomination(report_id=report.id, subject="individual", name=name, name_key=fold(name),
                                       form_code=form, position="Giáo viên", achievements="Tốt.", complete=True,
                                       **extra) for name in chosen)
        return report.id


@pytest.mark.both_databases
async def test_a_2026_list_is_judged_by_2026_rules_and_a_2020_list_by_2020s(database_url, fake, clock):
    # 2020: the district's round, Quài Nưa's list; the round has long closed.
    district = prepare(make_settings(database_url))
    list_2020 = seed_list(district.engine, "tongket-2020", "quai-nua")
    with transaction(district.engine) as session:
        for round_ in session.exec(select(Round)).all():
            round_.status = "closed"
    # 2026: the same database now holds the province's catalogue, its rules dated.
    clock.now = dt.datetime(2026, 12, 7, 9, 0, tzinfo=clock.now.tzinfo)
    bot = await MemoryBot(fake, make_settings(database_url, fake, CATALOG=str(PROVINCE_2026)), clock).start()
    try:
        list_2026 = seed_list(bot.engine, "tongket-2026", "xa-quai-to")
        with transaction(bot.engine) as session:
            judged = {year: [(v.source, v.at_decision) for v in award_rules.check(session, report_id)
                             if v.kind == "ratio"]
                      for year, report_id in ((2020, list_2020), (2026, list_2026))}
        # The same list, one CSTĐCS too many: in 2020 refused under NĐ 91/2017 (read in the text), in 2026
        # only marked under the rule not yet verified, and never both.
        assert judged == {2020: [(RATIO_2020, "refuse")], 2026: [(RATIO_2026, "mark")]}
        # The clerk of the new commune sees the rule of 2026 and its source.
        clerk = await bot.register(701, "Lò Văn Thành", unit="xa-quai-to")
        [listing] = await clerk.send("/khenthuong")
        assert "xã Quài Tở" in listing.text or "Quài Tở" in listing.text
        problems = await problems_of(clerk)
        assert "vượt quá 15% số LĐTT (14)" in problems and RATIO_2026 in problems and RATIO_2020 not in problems
    finally:
        await bot.stop()


def small_province(tmp_path) -> str:
    """The catalogue of 2026 cut to the province and three of its units: the same rules, figures and round."""
    text = PROVINCE_2026.read_text(encoding="utf-8")
    head, rest = text.split("[[units]]", 1)
    blocks = ("[[units]]" + rest[:rest.index("# ───────────────────────── Phong trào")]).split("[[units]]")[1:]
    kept = [b for b in blocks if any(f'code = "{code}"' in b for code in SMALL)]
    path = tmp_path / "dien_bien_2026_nho.toml"
    path.write_text(head + "".join("[[units]]" + b for b in kept) + rest[rest.index("# ─────────────────────────"
                                                                                   " Phong trào"):], encoding="utf-8")
    return str(path)


SMALL = ("dien-bien", "xa-tuan-giao", "xa-quai-to", "phuong-dien-bien-phu")


async def test_the_whole_round_of_2026_on_a_smaller_province(database_url, fake, clock, tmp_path):
    """Three units fill the round through the chat and send it; the province follows it and gets its files
    (the real size, 45 units at once: bench/province.py)."""
    import docx
    import io
    clock.now = dt.datetime(2026, 12, 7, 9, 0, tzinfo=clock.now.tzinfo)
    bot = await MemoryBot(fake, make_settings(database_url, fake, CATALOG=small_province(tmp_path)), clock).start()
    try:
        for n, code in enumerate(SMALL[1:]):
            clerk = await bot.register(710 + n, f"Cán bộ {n}", unit=code)
            await fill_whole_report(clerk)
            sent = "\n".join(m.text for m in await clerk.press("Gửi báo cáo"))
            assert "Đã gửi báo cáo" in sent and "07/12/2026" in sent, sent
        official = await bot.register(790, "Sở Nội vụ", unit="dien-bien", role="official")
        progress = "\n".join(m.text or "" for m in await official.send("/tiendo"))
        assert "Hạn nộp: 15/12/2026 — còn 8 ngày" in progress and "Đã gửi 3/3" in progress, progress
        before = fake.count(790)
        fake.push_text(790, "/tonghop")
        # No nominee on any list: the report and the workbook (no proposal list).
        await fake.wait_for(lambda: sum(m.kind == "document" for m in fake.bot_messages(790)[before:]) == 2,
                            timeout=60, what="the province's report and workbook")
        files = {m.filename: m.data for m in fake.bot_messages(790)[before:] if m.kind == "document"}
        assert set(files) == {"tong-hop-tongket-2026.docx", "so-lieu-tongket-2026.xlsx"}
        words = "\n".join(p.text for p in docx.Document(io.BytesIO(files["tong-hop-tongket-2026.docx"])).paragraphs)
        assert "Ủy ban nhân dân tỉnh Điện Biên báo cáo" in words and "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027" in words
    finally:
        await bot.stop()
