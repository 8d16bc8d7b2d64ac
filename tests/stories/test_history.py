"""Every year builds on the last (issue 26): the 2020 round follows 2019's, and each figure is shown beside
last year's, in the seed's words."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest

from bot.documents import wording
from bot.documents.report_docx import write_docx
from bot.documents.report_xlsx import write_xlsx
from storage import history, reports
from storage.db import transaction
from storage.figures import Scope, ranking
from storage.models import AuditLog, Indicator, PastFigure, Report, ReportValue, Round, Unit
from sqlmodel import select
from storage.people import find_units
from storage.summary import compile_summary
from tests.clerk import SCREEN, open_section, press, say, screen_lengths
from tests.harness import Clock
from tests.stories.test_demo import TODAY, open_demo
from tests.stories.test_reporting import stored


@pytest.mark.both_databases
async def test_the_demo_draft_says_the_seeds_comparisons_from_the_first_minute(bot):
    open_demo(bot)
    with transaction(bot.engine) as session:
        round_ = reports.round_by_code(session, "tongket-2020")
        assert history.predecessor(session, round_).code == "tongket-2019"
        assert history.previous_year(session, round_) == 2019
    with transaction(bot.engine) as session:  # the draft is written while its session is open
        round_ = reports.round_by_code(session, "tongket-2020")
        summary = compile_summary(session, round_, TODAY, find_units(session, "tuan-giao")[0].id)
        draft, workbook = write_docx(summary), write_xlsx(summary)
    figures = summary.scope.figures
    cattle, poultry, poverty = (figures[c].comparison for c in ("ktxh_gia_suc", "ktxh_gia_cam", "gn_ty_le_ho_ngheo"))
    assert (cattle.previous, cattle.change) == (98000 - 1127, 1127)
    assert (poultry.previous, poultry.change) == (952600 - 52250, 52250)
    assert round(poverty.change, 2) == -5
    # Only what the seed compares: no invented comparison for the grain output.
    assert figures["ktxh_luong_thuc"].comparison is None

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(draft)).paragraphs)
    assert "tăng 1.127 con so với cùng kỳ năm 2019" in text
    assert "tăng 52.250 con so với năm 2019" in text
    assert "giảm 5% so với cuối năm 2019" in text
    # The district's own figure beside its own of last year, in the seed's sentence (no commune reports it).
    assert ("nuôi trồng thủy sản tiếp tục được duy trì, phát triển với tổng diện tích 295 ha, đạt 100% KH; "
            "sản lượng nuôi trồng ước đạt 385 tấn, đạt 100% KH, tăng 93 tấn so với năm 2019") in text
    assert text.count("so với") == 4

    # The workbook: after the herd's column, last year's and the change, unit by unit and in the totals row.
    sheet = next(ws for ws in openpyxl.load_workbook(io.BytesIO(workbook)).worksheets if ws.title.startswith("Thi đua thực"))
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(row for row in rows if row[0] == "STT")
    herd = header.index("Tổng đàn gia súc (con)")
    assert header[herd + 1:herd + 4] == ["Đạt % KH", "Năm 2019", "Tăng (+), giảm (−)"]
    totals = next(row for row in rows if row[1] == "Tổng hợp")
    assert totals[herd + 2:herd + 4] == [96873, 1127]
    quai_nua = next(row for row in rows if row[1] == "xã Quài Nưa")
    assert quai_nua[herd] - quai_nua[herd + 2] == quai_nua[herd + 3] > 0
    assert header[-2:] == ["Khác nhiều so với năm 2019", "Mã đơn vị"] and quai_nua[-2:] == [None, "quai-nua"]


def keep_2019(bot, unit_code: str, field: str, number: float) -> None:
    """A figure of 2019 no round holds (as /namtruoc or an imported workbook keeps it)."""
    with transaction(bot.engine) as session:
        history.keep_past_figure(session, 2019, unit_code, field, number, "typed", None)


async def test_a_clerk_sees_last_years_figure_under_the_saved_answer_and_confirms_a_figure_far_from_it(bot):
    keep_2019(bot, "quai-nua", "ktxh_luong_thuc", 3930)
    keep_2019(bot, "quai-nua", "ktxh_gia_suc", 500)
    clerk = await bot.register(2601, "Lò Thị Mai")
    await open_section(clerk, "Kinh tế - xã hội")
    assert "Kế hoạch" in clerk.last.text and "lương thực" in clerk.last.text
    await say(clerk, "4000")
    [saved] = await say(clerk, "4.057,9")
    assert saved.text.startswith("✅ Đã lưu «Tổng sản lượng lương thực cây có hạt»: 4.057,9 tấn — đạt 101,4% KH"
                                 " · năm 2019: 3.930\n")
    await say(clerk, "5.000")  # the plan of the herd
    [asked] = await say(clerk, "50.000")  # a zero too many: a hundred times last year's
    assert "«Tổng đàn gia súc»: 50.000 con khác nhiều so với năm 2019 (500 con)" in asked.text
    assert "tăng 49.500 con so với cùng kỳ năm 2019" in asked.text
    assert asked.button_texts == ["✅ Đúng, lưu", "✏️ Nhập lại"]
    assert "ktxh_gia_suc" not in stored(bot, "quai-nua")  # nothing saved before the clerk says it is right
    [again] = await press(clerk, "Nhập lại")
    assert "Tổng đàn gia súc" in again.text and "✅" not in again.text
    await say(clerk, "60.000")  # the clerk means it: asked once, then kept as typed
    [saved] = await press(clerk, "Đúng, lưu")
    assert "✅ Đã lưu «Tổng đàn gia súc»: 60.000 con — đạt 1.200% KH · năm 2019: 500" in saved.text
    assert stored(bot, "quai-nua")["ktxh_gia_suc"].number == 60000


@pytest.fixture
def clock() -> Clock:
    return Clock(TODAY)


async def all_pages(phone, command: str) -> str:
    """Every page of a paged answer, joined."""
    [page] = await phone.send(command)
    pages = [page.text]
    while "▶️ Trang sau" in phone.last.button_texts:
        [page] = await phone.press("▶️ Trang sau")
        pages.append(page.text)
    return "\n".join(pages)


async def test_officials_see_last_years_column_and_the_change_in_xa_chitieu_and_tonghop(bot):
    open_demo(bot)
    official = await bot.register(2602, "Người thử", "tuan-giao", "official")
    unit = await all_pages(official, "/xa quai nua")
    cattle = next(line for line in unit.split("\n") if line.startswith("• Tổng đàn gia súc"))
    assert " · năm 2019: " in cattle and "(+" in cattle  # last year's figure, and the change
    assert "• Tổng sản lượng lương thực" in unit and "năm 2019" not in next(
        line for line in unit.split("\n") if line.startswith("• Tổng sản lượng lương thực"))  # none known: none shown

    replies = await official.send("/chitieu tong dan gia suc", expect=1)
    text = "\n".join(r.text for r in replies)
    assert "Năm 2019: 96.873 con — tăng 1.127 con so với cùng kỳ năm 2019" in text
    assert "Quài Nưa: " in text and text.count(" · năm 2019: ") >= 18  # each unit beside its own last year

    summary = await official.send("/tonghop", expect=5)
    said = "\n".join(m.text for m in summary if m.text)
    assert "Tổng đàn gia súc: 98.000 con, đạt 99,6% KH, tăng 1.127 con so với cùng kỳ năm 2019" in said
    assert "giảm 5% so với cuối năm 2019" in said


async def test_an_official_types_a_units_missing_figure_of_last_year_and_the_clerk_sees_it(bot):
    official = await bot.register(2603, "Lò Văn Chung", "tuan-giao", "official")
    [usage] = await official.send("/namtruoc")
    assert "/namtruoc quai nua" in usage.text
    [listed] = await official.send("/namtruoc quai nua")
    assert "Số liệu năm 2019 của xã Quài Nưa" in listed.text
    # The unit's indicators a page at a time, none of them filled yet (the cattle's comes on a later page).
    assert listed.text.splitlines()[1:] == [
        "• Số tiêu chí nông thôn mới đạt được: chưa có", "• Số hộ gia đình đạt danh hiệu Gia đình văn hóa: chưa có",
        "• Số bản, khối đạt danh hiệu văn hóa: chưa có", "• Tỷ lệ hộ nghèo cuối năm: chưa có",
        "• Số hộ thoát nghèo trong năm: chưa có", "Trang 1/6."]
    [asked] = await official.send("/namtruoc quai-nua ktxh_gia_suc")  # the button's command
    assert "Số năm 2019 của «Tổng đàn gia súc» (con) ở xã Quài Nưa" in asked.text
    [again] = await official.send("năm trăm")
    assert "Số năm 2019 của «Tổng đàn gia súc»" in again.text  # not a number: said, and asked again
    [saved] = await official.send("500")  # saved, above the unit's list again
    assert saved.text.startswith("✅ Đã lưu số năm 2019 «Tổng đàn gia súc» của xã Quài Nưa: 500 con\n")
    assert "📅 Số liệu năm 2019 của xã Quài Nưa" in saved.text
    with transaction(bot.engine) as session:
        round_ = reports.round_by_code(session, "tongket-2020")
        unit = find_units(session, "Quài Nưa")[0]
        [ind] = [i for i in session.exec(select(Indicator)).all() if i.code == "ktxh_gia_suc"]
        assert history.previous_of(session, round_, unit, ind) == 500
        assert session.exec(select(AuditLog).where(AuditLog.action == "last_year_figure")).one().detail["new"] == 500

    clerk = await bot.register(2604, "Lò Thị Mai")
    await open_section(clerk, "Kinh tế - xã hội")
    for _ in range(3):
        await say(clerk, "4000" if "lương thực" in clerk.last.text and "Kế hoạch" in clerk.last.text
                  else "1000" if "Kế hoạch" in clerk.last.text else "4.057,9")
    [saved] = await say(clerk, "520")
    assert saved.text.startswith("✅ Đã lưu «Tổng đàn gia súc»: 520 con — đạt ") and " KH · năm 2019: 500\n" in saved.text


async def test_a_figure_the_units_own_report_of_last_year_holds_is_not_typed_over(bot):
    open_demo(bot)
    official = await bot.register(2605, "Người thử", "tuan-giao", "official")
    [refused] = await official.send("/namtruoc quai-nua ktxh_gia_suc")
    assert "đã có trong báo cáo của xã Quài Nưa" in refused.text


async def test_figures_far_from_last_year_are_flagged_for_officials_in_duyet_xa_and_the_workbook(bot):
    open_demo(bot)
    with transaction(bot.engine) as session:  # a workbook of 2019 said 1 household for every commune
        for unit in session.exec(select(Unit).where(Unit.is_reporting == True)).all():  # noqa: E712
            history.keep_past_figure(session, 2019, unit.code, "ntm_ho_gdvh", 1, "import", None, "2019.xlsx")
    official = await bot.register(2606, "Người thử", "tuan-giao", "official")
    [card] = await official.send("/duyet")
    assert "⚠️ Khác nhiều so với năm 2019: Số hộ gia đình đạt danh hiệu Gia đình văn hóa " in card.text
    assert "(năm 2019: 1 hộ)" in card.text
    unit = await all_pages(official, "/xa quai nua")
    households = next(line for line in unit.split("\n") if "Gia đình văn hóa" in line)
    assert households.startswith("⚠️ • Số hộ gia đình") and " · năm 2019: 1 (+" in households
    cattle = next(line for line in unit.split("\n") if "Tổng đàn gia súc" in line)
    assert not cattle.startswith("⚠️")  # near last year's: not flagged

    with transaction(bot.engine) as session:
        round_ = reports.round_by_code(session, "tongket-2020")
        workbook = write_xlsx(compile_summary(session, round_, TODAY, find_units(session, "tuan-giao")[0].id))
    sheet = next(ws for ws in openpyxl.load_workbook(io.BytesIO(workbook)).worksheets if ws.title.startswith("Cả nước"))
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(row for row in rows if row[0] == "STT")
    quai_nua = next(row for row in rows if row[1] == "xã Quài Nưa")
    assert header[-2] == "Khác nhiều so với năm 2019"
    assert quai_nua[-2] == "Số hộ gia đình đạt danh hiệu Gia đình văn hóa"


async def test_the_clerks_review_before_sending_is_one_screen_and_every_answer_is_one_button_away(bot):
    keep_2019(bot, "quai-nua", "ktxh_gia_suc", 500)
    clerk = await bot.register(2607, "Lò Thị Mai")
    await open_section(clerk, "Kinh tế - xã hội")
    for _ in range(3):
        await say(clerk, "4000" if "lương thực" in clerk.last.text and "Kế hoạch" in clerk.last.text
                  else "5.000" if "Kế hoạch" in clerk.last.text else "4.057,9")
    await say(clerk, "60.000")
    await press(clerk, "Đúng, lưu")  # far from last year's 500, and meant
    await press(clerk, "Các phần")
    [check] = await press(clerk, "Xem lại")
    assert check.text.startswith("📋 Xem lại — xã Quài Nưa")
    assert "⚠️ Khác nhiều so với năm 2019: Tổng đàn gia súc 60.000 con (năm 2019: 500 con)" in check.text
    assert "⏳ Còn " in check.text and "câu bắt buộc chưa trả lời: Số tiêu chí nông thôn mới" in check.text
    assert max(screen_lengths(check)) <= SCREEN and "▶️ Trang sau" not in check.button_texts
    assert check.button_texts == ["📄 Xem đủ các câu trả lời", "📋 Các phần"]
    [answers] = await press(clerk, "Xem đủ các câu trả lời")
    assert "(1/" in answers.text and "▶️ Trang sau" in answers.button_texts


@pytest.mark.both_databases
def test_the_summarys_last_year_is_the_sum_of_each_units_own_from_every_source(bot):
    """The summary's like-for-like total (one grouped query) is what each unit's own figure of last year sums to
    (/chitieu's column, /xa: `history.previous_values`), whichever source holds it: the round before, a figure
    typed for that year (the round's wins over it), or the units a merged unit was formed from (all of them
    known, or no total). An indicator's page computes its figure alone, and gets the same."""
    open_demo(bot)
    herd = "ktxh_gia_suc"

    def last_years_value(session, code):
        return session.exec(select(ReportValue).join(Report, Report.id == ReportValue.report_id)
                            .join(Round, Round.id == Report.round_id).join(Unit, Unit.id == Report.unit_id)
                            .where(Round.code == "tongket-2019", Unit.code == code, ReportValue.field == herd)).one()

    removed = 0.0
    with transaction(bot.engine) as session:
        for code, typed in (("quai-nua", None), ("quai-cang", 777.0)):  # their report of 2019 loses the herd
            old = last_years_value(session, code)
            removed += old.number
            session.delete(old)
            if typed is not None:
                session.add(PastFigure(year=2019, unit_code=code, field=herd, number=typed, source="typed"))
        session.add(PastFigure(year=2019, unit_code="mung-thin", field=herd, number=1.0, source="typed"))  # not used
        find_units(session, "Quài Nưa")[0].formed_from = ["cu-a", "cu-b"]
        session.add_all([PastFigure(year=2019, unit_code=old, field=herd, number=n, source="import")
                         for old, n in (("cu-a", 400.0), ("cu-b", 600.0))])

    def compiled():
        with transaction(bot.engine) as session:
            round_ = reports.round_by_code(session, "tongket-2020")
            scope = Scope(session, round_, TODAY.tzinfo, find_units(session, "tuan-giao")[0].id)
            figures = scope.figures
            year, this_year = history.previous_year(session, round_), history.year_of(round_)
            for ind in scope.indicators:  # the per-unit query, summed, as the summary did before
                current = {unit.id: value for unit, value in ranking(scope, ind.code)}
                before = history.previous_values(session, round_, scope.units.values(), [ind])
                expected = (history.total_comparison(ind, ind.aggregate, current, before, year, this_year)
                            if figures[ind.code].reported and ind.aggregate in ("sum", "average") else None)
                found = figures[ind.code].comparison
                assert (found is None) == (expected is None), ind.code
                if found is not None:
                    assert (found.current, found.previous) == (pytest.approx(expected.current),
                                                               pytest.approx(expected.previous)), ind.code
                alone = Scope(session, round_, TODAY.tzinfo, scope.top_unit_id).figure(ind.code)
                assert _numbers(alone) == pytest.approx(_numbers(figures[ind.code])), ind.code  # the sums' order
                assert wording.figure_sentence(alone) == wording.figure_sentence(figures[ind.code]), ind.code
            return figures[herd].comparison

    cattle = compiled()
    assert cattle is not None and cattle.current == 98000
    assert removed > 0 and cattle.previous == 96873 - removed + 400 + 600 + 777
    with transaction(bot.engine) as session:  # one unit of before not known: the merged unit has no figure
        session.delete(session.exec(select(PastFigure).where(PastFigure.unit_code == "cu-b")).one())
    assert compiled() is None


def _numbers(fig) -> list[float]:
    """A figure's numbers (a sum's last digit depends on the order the database adds in), its groups, its flags."""
    c = fig.comparison
    return ([getattr(fig, name) or 0 for name in ("reported", "total", "average", "minimum", "maximum",
                                                   "planned_value", "plan_total", "plan_average", "weighted")]
            + ([c.current, c.previous] if c else [-1, -1]) + [g.count for g in fig.groups]
            + [fig.illustrative, fig.plan_illustrative])
