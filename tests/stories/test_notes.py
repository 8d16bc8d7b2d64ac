"""A note that says nothing is no note: a clerk answers "Không có." to an optional note, and nothing is quoted.

(The compiled round, with notes typed in before this rule: tests/stories/test_workbook.py. What counts as
saying nothing, and a required note that keeps what was typed: tests/test_value_types.py.)
"""

from __future__ import annotations

from sqlmodel import select

from storage import reports
from storage.db import transaction
from storage.models import ReportValue
from tests.clerk import open_section, overview
from tests.stories.test_nominations import fill_report, report_of

NOTE = "Ghi chú, điển hình tiêu biểu (nếu có)"


def note(bot) -> ReportValue:
    with transaction(bot.engine) as session:
        report = report_of(session)
        return session.exec(select(ReportValue).where(ReportValue.report_id == report.id,
                                                      ReportValue.field == "ntm_ghi_chu")).one()


async def test_an_optional_note_answered_khong_co_is_kept_as_no_note(bot, fake):
    fill_report(bot)
    with transaction(bot.engine) as session:
        report = report_of(session)
        reports.set_value(session, report, "ntm_ban_van_hoa", None, number=5)
        reports.set_value(session, report, "plan:ntm_ho_gdvh", None, number=650)
    clerk = await bot.register(610, "Lò Thị Mai")
    [question] = await clerk.send("/baocao")  # it opens on the one question left: the note
    assert NOTE in question.text
    [saved] = await clerk.send("Không có.")
    assert f"✅ «{NOTE}»: không có gì cần ghi." in saved.text and "Đã lưu" not in saved.text
    row = note(bot)
    assert (row.text, row.skipped) == (None, True)  # like a skip: the section counts it as done

    # A real note, then "không": the note is gone, not replaced by "không".
    await open_section(clerk, "1. Nông thôn mới")  # everything answered: from the first question
    for _ in range(5):
        await clerk.press("Giữ nguyên")
    [question] = await clerk.send("Hộ ông Lò Văn Xôm hiến 200 m² đất làm đường.")
    assert note(bot).text == "Hộ ông Lò Văn Xôm hiến 200 m² đất làm đường."
    await open_section(clerk, "1. Nông thôn mới")
    for _ in range(5):
        await clerk.press("Giữ nguyên")
    [question] = await clerk.send("không")
    assert "không có gì cần ghi" in question.text
    row = note(bot)
    assert (row.text, row.skipped) == (None, True)

    await overview(clerk)
    before = fake.count(610)
    await clerk.press("Xem lại")
    await fake.wait_for(lambda: fake.last_message(610).buttons and fake.count(610) > before, what="the review")
    before = fake.count(610)
    await clerk.press("Xem đủ các câu trả lời")
    await fake.wait_for(lambda: fake.last_message(610).buttons and fake.count(610) > before, what="the answers")
    assert any(f"• {NOTE}: (bỏ qua)" in m.text for m in fake.bot_messages(610)[before:])
