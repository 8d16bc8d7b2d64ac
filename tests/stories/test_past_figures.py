"""An earlier year's figures from a workbook (issue 26): an official sends the bot's own workbook of a round,
or one made by hand with its header row, and sees on one screen what a yes keeps, or every problem by row
and column; nothing is kept before the yes, nothing at all when anything is wrong. Then /namtruoc, /xa
and /chitieu compare with the year brought in."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlmodel import select

from bot import texts
from bot.documents.report_xlsx import write_xlsx
from storage import history, reports
from storage.db import transaction
from storage.models import AuditLog, Indicator, PastFigure, Report, ReportValue, StagedPastFigure, Unit
from storage.people import find_units
from storage.summary import compile_summary
from tests.clerk import open_section, say
from tests.stories.test_demo import TODAY, open_demo
from tests.stories.test_history import all_pages, keep_2019

HEADER = ["STT", "Mã đơn vị", "Đơn vị", "ktxh_gia_suc", "Tổng sản lượng lương thực cây có hạt (tấn)",
          "Tỷ lệ hộ nghèo cuối năm"]


def workbook(rows: list[list], header: list = HEADER, title: str = "Số liệu năm 2019") -> bytes:
    """A district's workbook made by hand: a title above, the header row, one row per unit."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def kept(bot) -> dict[tuple[str, str], float]:
    return {(p.unit_code, p.field): p.number for p in every(bot, PastFigure)}


def every(bot, model) -> list:
    with transaction(bot.engine) as session:
        return list(session.exec(select(model)).all())


async def test_an_official_brings_in_2019_from_a_hand_made_workbook_and_every_view_compares_with_it(bot):
    official = await bot.register(2701, "Lò Văn Chung", "tuan-giao", "official")
    [usage] = await official.send("/namtruoc")
    assert "Gửi tệp vào đây" in usage.text  # Telegram takes files
    keep_2019(bot, "quai-nua", "ktxh_gia_suc", 450)  # typed before (/namtruoc): the file's figure replaces it
    data = workbook([[1, "quai-nua", "xã Quài Nưa", 500, 3930, 40.5],
                     [2, None, "Ta Ma", "1.200", "2.010,5", "33,37"],  # by name, typed the Vietnamese way
                     [None, None, None, None, None, None],
                     [3, None, "Tổng hợp", 1700, None, None]])  # a totals row: passed over
    [ready] = await official.send_file("so-lieu-2019.xlsx", data)
    assert ready.text.startswith("📥 Tệp «so-lieu-2019.xlsx» — số liệu năm trước: 2 dòng đơn vị.\n")
    assert "Sẽ lưu số liệu năm 2019: 2 đơn vị × 3 chỉ tiêu, 6 số.\nTrong đó 1 số thay số đã nhập trước đây." in ready.text
    assert ready.button_texts == ["💾 Lưu số liệu năm 2019", texts.BTN_PF_DROP]
    assert kept(bot) == {("quai-nua", "ktxh_gia_suc"): 450}  # nothing before the yes

    [saved] = await official.press("💾 Lưu số liệu năm 2019")
    assert saved.text.startswith("✅ Đã lưu số liệu năm 2019 của 2 đơn vị (6 số) từ tệp «so-lieu-2019.xlsx».")
    assert kept(bot) == {("quai-nua", "ktxh_gia_suc"): 500, ("quai-nua", "ktxh_luong_thuc"): 3930,
                      ("quai-nua", "gn_ty_le_ho_ngheo"): 40.5, ("ta-ma", "ktxh_gia_suc"): 1200,
                      ("ta-ma", "ktxh_luong_thuc"): 2010.5, ("ta-ma", "gn_ty_le_ho_ngheo"): 33.37}
    assert every(bot, StagedPastFigure) == []
    [audit] = [a for a in every(bot, AuditLog) if a.action == "past_figures_import"]
    assert audit.detail["figures"] == 6 and audit.user_id is not None
    [again] = await official.press("💾 Lưu số liệu năm 2019")  # a second tap keeps nothing twice
    assert again.text == texts.PF_GONE

    listed = await all_pages(official, "/namtruoc quai nua")
    assert "• Tổng đàn gia súc: 500 con (tệp Excel)" in listed
    clerk = await bot.register(2702, "Lò Thị Mai")
    await open_section(clerk, "Kinh tế - xã hội")
    await say(clerk, "4000")
    [answer] = await say(clerk, "4.057,9")
    assert " · năm 2019: 3.930\n" in answer.text  # the clerk's confirmation compares with the file's year
    unit = await all_pages(official, "/xa quai nua")
    assert "• Tổng sản lượng lương thực cây có hạt: 4.057,9 tấn (KH 4.000 tấn, đạt 101,4% KH) · năm 2019: 3.930 (+127,9)" in unit


async def test_every_problem_of_a_file_is_on_one_screen_and_nothing_is_kept(bot):
    official = await bot.register(2703, "Lò Văn Chung", "tuan-giao", "official")
    header = HEADER + ["Năm", "so_ho_ma"]
    data = workbook([[1, "quai-nua", None, 500, 3930, 40, None, None],
                     [2, None, "xã Hà Nội", 1, 2, 3, None, None],  # no such unit
                     [3, None, "Ta Ma", "năm trăm", 1, 120, None, None],  # not a number; a rate over 100%
                     [4, None, "Quài Nưa", 600, 1, 1, None, None],  # the same unit twice
                     [5, None, "Pú Xi", 1, 1, 1, 2020, None],  # not before the round's year
                     [6, None, None, 7, None, None, None, None]], header=header)  # a figure, but whose?
    [refused] = await official.send_file("2019.xlsx", data)
    text = refused.text
    assert "❌ 7 lỗi, nên chưa lưu số nào. Sửa trong tệp rồi gửi lại cả tệp:" in text
    assert "• Cột H: «so_ho_ma» không phải mã hay tên chỉ tiêu nào trong danh mục" in text
    assert "• Dòng 4, cột C: «xã Hà Nội» không có trong danh mục đơn vị" in text
    assert "• Dòng 5, cột D: «năm trăm» không phải là số" in text
    assert "• Dòng 5, cột F: vượt mức tối đa 100" in text  # the indicator's range, as for the clerk
    assert "• Dòng 6, cột C: trùng với dòng 3" in text
    assert "• Dòng 7, cột G: năm 2020 không trước năm 2020 của kỳ hiện tại" in text
    assert "• Dòng 8, cột B: chưa điền" in text
    assert refused.button_texts == []
    assert kept(bot) == {} and every(bot, StagedPastFigure) == []  # nothing kept, nothing waiting


async def test_a_file_not_kept_on_a_no_and_one_made_for_another_official_refused(bot):
    official = await bot.register(2704, "Cán bộ xã", "quai-nua", "official")
    [outside] = await official.send_file("2019.xlsx", workbook([[1, "ta-ma", None, 5, 5, 5]]))
    assert "Dòng 3, cột B: «ta-ma» không thuộc các đơn vị anh/chị phụ trách" in outside.text
    [ready] = await official.send_file("2019.xlsx", workbook([[1, "quai-nua", None, 5, 5, 5]]))
    [dropped] = await official.press(texts.BTN_PF_DROP)
    assert dropped.text == "Đã bỏ tệp «2019.xlsx», không lưu số nào."
    assert kept(bot) == {} and every(bot, StagedPastFigure) == []


@pytest.mark.both_databases
async def test_last_years_export_comes_back_in_and_this_years_is_refused(bot):
    """The bot's own workbook of the demo's 2019 round, sent back: every compared figure of every section
    sheet kept as 2019's (a percentage as the sheet shows it), the figures the round holds, to the unit."""
    open_demo(bot)
    with transaction(bot.engine) as session:
        district = find_units(session, "tuan-giao")[0].id
        books = {code: write_xlsx(compile_summary(session, reports.round_by_code(session, code), TODAY, district))
                 for code in ("tongket-2019", "tongket-2020")}
        held = {(unit, field): number for unit, field, number in session.exec(
            select(Unit.code, ReportValue.field, ReportValue.number).join(Report, Report.unit_id == Unit.id)
            .join(ReportValue, ReportValue.report_id == Report.id)
            .where(Report.round_id == reports.round_by_code(session, "tongket-2019").id,
                   Report.status.in_(("submitted", "approved")), ReportValue.number != None,  # noqa: E711
                   Unit.is_reporting == True)).all()}  # noqa: E712  (the district's own figures: not a unit's row)
        compared = {i.code for i in session.exec(select(Indicator)).all() if history.compares(i)}
    official = await bot.register(2705, "Người thử", "tuan-giao", "official")
    [this_year] = await official.send_file("so-lieu-tongket-2020.xlsx", books["tongket-2020"])
    assert "• Cả tệp: năm 2020 không trước năm 2020 của kỳ hiện tại" in this_year.text

    [ready] = await official.send_file("so-lieu-tongket-2019.xlsx", books["tongket-2019"])
    assert ready.text.startswith("📥 Tệp «so-lieu-tongket-2019.xlsx» — số liệu năm trước: 152 dòng đơn vị ở 8 trang.")
    assert "Sẽ lưu số liệu năm 2019: 19 đơn vị × " in ready.text
    [saved] = await official.press("💾 Lưu số liệu năm 2019")
    assert saved.text.startswith("✅ Đã lưu số liệu năm 2019")
    back = kept(bot)
    assert set(back) == {(unit, field) for unit, field in held if field in compared}  # every sheet, every unit
    assert all(abs(number - held[key]) < 1e-9 for key, number in back.items())
    assert ("quai-nua", "ktxh_gia_suc") in back and ("quai-nua", "gn_ty_le_ho_ngheo") in back


async def test_a_formula_in_a_figures_file_is_refused_before_anything_is_read_into_the_bot(bot):
    official = await bot.register(2706, "Lò Văn Chung", "tuan-giao", "official")
    [refused] = await official.send_file("2019.xlsx", workbook([[1, "quai-nua", None, "=400+100", 5, 5]]))
    assert "Ô D3 có công thức" in refused.text  # the bounded reader's refusal, as for the lists' files
    assert kept(bot) == {} and every(bot, StagedPastFigure) == []
