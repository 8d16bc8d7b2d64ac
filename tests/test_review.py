"""Review where the Telegram adapter is the point: two officials' presses arriving in one poll are handled
concurrently and resolve to one outcome. On both databases. Review itself is a user story:
tests/stories/test_review.py."""

from __future__ import annotations

from tests.stories.test_review import actions, clerk_with_submitted_report, official


async def test_two_buttons_pressed_at_once_on_telegram(bot, fake):
    await clerk_with_submitted_report(bot)
    first, second = await official(bot, 900, "Vũ Văn Đức"), await official(bot, 901, "Cà Thị Hoa")
    presses = []
    for boss in (first, second):
        await boss.send("/xa quai nua")
        presses.append((boss, *fake.find_button(boss.chat_id, "✅ Duyệt")))
    counts = [fake.count(boss.chat_id) for boss, _, _ in presses]
    for boss, message_id, data in presses:  # both in the same poll: handled concurrently
        fake.push_callback(boss.chat_id, message_id, data)
    for (boss, _, _), before in zip(presses, counts):
        await fake.wait_for_messages(boss.chat_id, before + 1)
    answers_ = [boss.last.text for boss, _, _ in presses]
    assert sum("Đã duyệt báo cáo" in a for a in answers_) == 1, answers_
    assert sum("đã được xử lý" in a and "đã duyệt" in a for a in answers_) == 1, answers_
    assert [a for a, _, _ in actions(bot)].count("approve") == 1


# --- the audit trail ------------------------------------------------------------------------------------
