"""Fewer, shorter messages for a clerk on a weak signal (issue 18), counted as tests count queries.

A clerk who types only the answers fills the whole report with about one message a question each way:
every section follows the last by itself, the overview comes on request and before sending, one
screen each. bench/messages.py prints the same figures for the 19 communes of the demo round.
"""

from __future__ import annotations

from bot import texts
from tests.clerk import SCREEN, overview, report_by_typing, say
from tests.harness import Phone

# Issue 18's targets (bench/messages.py prints them beside what was measured).
CLERK_PER_QUESTION, BOT_PER_QUESTION, TO_FIRST_ANSWER = 1.1, 1.2, 3


async def test_a_whole_report_costs_about_one_message_a_question_each_way(bot, fake):
    # a xã (45 questions), the thị trấn (42: the new-rural criteria and two commune questions are not its)
    for chat, unit, questions in ((1801, "Quài Nưa", 45), (1802, "tt-tuan-giao", 42)):
        tally = await report_by_typing(Phone(fake, chat, f"Cán bộ {unit}"), bot.invite(unit))
        assert tally.submitted and tally.questions == questions, fake.transcript(chat)
        assert tally.clerk_messages / tally.questions <= CLERK_PER_QUESTION, tally
        assert (tally.bot_messages + tally.bot_edits) / tally.questions <= BOT_PER_QUESTION, tally
        assert tally.long_messages == 0 and tally.longest <= SCREEN, tally.long_texts
        assert tally.to_first_answer <= TO_FIRST_ANSWER, fake.transcript(chat)
        assert tally.two_menus == 0


async def test_baocao_in_the_middle_of_a_section_brings_back_its_question_alone(bot, fake):
    clerk = await bot.register(1803, "Lò Thị Mai")
    await say(clerk, "/baocao")
    await say(clerk, "15")
    before = fake.count(1803)
    [question] = await clerk.send("/baocao")  # one message, one menu: the question left open
    await fake.assert_quiet(1803, before + 1)
    assert "Nông thôn mới · câu 2/6" in question.text
    [saved] = await clerk.send("Không")  # typed: its choices are the ones that answer
    assert "✅ Đã lưu «Xã đã được tỉnh công nhận cơ bản đạt chuẩn nông thôn mới?»: Không" in saved.text


async def test_a_choice_typed_from_an_earlier_menu_is_named_so_with_the_current_question(bot, fake):
    clerk = await bot.register(1804, "Lò Thị Mai")
    await overview(clerk)
    [question] = await clerk.send("5")  # section 5 opens on a question with choices
    assert "Thi đua yêu nước · câu 1/3" in question.text
    [again] = await clerk.send("Xem lại")  # a choice of the overview, no longer on screen
    assert again.text.startswith(texts.EARLIER_CHOICE) and "Thi đua yêu nước · câu 1/3" in again.text
    assert again.button_texts == question.button_texts
