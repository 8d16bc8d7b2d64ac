"""Intruders are refused and logged; the logs hold no token, secret, code or personal data."""

from __future__ import annotations

import logging

from bot import texts as T
from tests.clerk import press, say
from tests.harness import FIGURES, Phone


def refused(caplog, reply_text: str, expected_text: str, log_words: str) -> None:
    FIGURES["intrusions tried"] += 1
    assert expected_text in reply_text
    FIGURES["intrusions refused"] += 1
    assert log_words in caplog.text, caplog.text
    FIGURES["intrusions logged"] += 1


async def test_strangers_and_wrong_roles_are_refused_and_logged(bot, fake, caplog):
    caplog.set_level(logging.INFO)
    stranger = Phone(fake, 4501, "Người Lạ")
    [reply] = await stranger.send("/baocao")
    refused(caplog, reply.text, "mã mời", "refused /baocao from an unregistered telegram chat")

    clerk = await bot.register(4502, "Lò Thị Xã A")
    official = await bot.register(4503, "Quàng Văn Huyện", unit="tuan-giao", role="official")
    for phone, user, command in ((clerk, "clerk", "/tiendo"), (clerk, "clerk", "/kybaocao"),
                                 (official, "official", "/kybaocao")):
        caplog.clear()
        [menu] = await phone.send(command)  # the refusal above the menu, one message
        refusal, _, menu_text = menu.text.partition("\n\n")
        assert menu_text.startswith("Bạn chọn việc cần làm") and menu.buttons
        refused(caplog, refusal, T.NOT_FOR_YOUR_ROLE, f"refused {command} for user")
        assert f"(role {user})" in caplog.text

    # Crafted callback data: a command for another unit's figures, pressed as if it were a button.
    caplog.clear()
    [menu] = await clerk.press_data(clerk.last.message_id, "/xa Mường Mùn")
    refusal, _, menu_text = menu.text.partition("\n\n")
    assert menu_text.startswith("Bạn chọn việc cần làm") and menu.buttons
    refused(caplog, refusal, T.NOT_FOR_YOUR_ROLE, "refused /xa for user")


async def test_no_token_code_name_or_answer_reaches_the_logs(bot, fake, caplog, settings):
    caplog.set_level(logging.DEBUG)
    code = bot.invite("Quài Nưa")
    clerk = Phone(fake, 4504, "Lò Thị Bí Mật")
    await clerk.send(code)
    await say(clerk, "/baocao")
    await press(clerk, "Nhập tiếp")
    await clerk.send("17")
    await clerk.send("/tiendo")
    await Phone(fake, 4505, "Kẻ Dò").send("ZZZZZ-ZZZZZ")  # a wrong code is not logged either
    assert caplog.records, "nothing was logged at all"
    logged = caplog.text + "\n".join(str(r.__dict__) for r in caplog.records)
    for secret in (fake.token, settings.telegram_bot_token, code, code.replace("-", ""), "ZZZZZ",
                   "Lò Thị Bí Mật", "Bí Mật"):
        assert secret not in logged, secret
    FIGURES["inputs tried"] += 6
