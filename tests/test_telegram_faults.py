"""The Telegram side misbehaves: the bot retries and loses nothing."""

from __future__ import annotations

from tests.clerk import say


async def test_server_errors_on_send_are_retried(bot, fake):
    clerk = await bot.register(901, "Lò Thị Mai")
    fake.fail_next("sendMessage", status=500, times=2)
    [question] = await say(clerk, "/baocao")
    assert "Số tiêu chí nông thôn mới đạt được" in question.text
    assert [m.text for m in fake.bot_messages(901)].count(question.text) == 1  # sent once, not doubled


async def test_a_429_is_waited_out_and_the_reply_arrives(bot, fake):
    clerk = await bot.register(902, "Lò Thị Mai")
    fake.fail_next("sendMessage", status=429, retry_after=1)
    [question] = await say(clerk, "/baocao")
    assert "Tổng kết công tác thi đua, khen thưởng năm 2020" in question.text
    assert len(fake.failures) == 1
