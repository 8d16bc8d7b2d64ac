"""What only the Telegram Bot API shows of a reply: a text over 4,096 characters comes in several
messages, cut at line ends, the buttons on the last. (The in-memory channel of tests/stories imitates it; this
checks the real adapter.) A pressed question keeps its buttons, no edit: tests/test_entrypoint.py."""

from __future__ import annotations

from bot.events import Choice, Reply


async def test_a_long_reply_is_split_at_a_line_end_with_the_buttons_on_the_last_part(bot, fake):
    text = "\n".join(f"{n:05d} " + "x" * 94 for n in range(50))  # 5,049 characters
    await bot.channel.sender.send("telegram", "4096", Reply(text, [Choice("📝 Báo cáo", "/baocao")]))
    first, second = await fake.wait_for_messages(4096, 2)
    assert first.text + "\n" + second.text == text  # nothing lost, no line cut
    assert len(first.text) == 40 * 101 - 1 and second.text.startswith("00040 ")  # as many whole lines as fit
    assert first.buttons == [] and second.buttons == [[("📝 Báo cáo", "/baocao")]]
