"""Intruders are refused and logged."""

from __future__ import annotations

import logging

from bot import texts
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
    refused(caplog, reply.text, texts.WELCOME_STRANGER, f"refused /baocao from an unregistered {fake.name} chat")

    clerk = await bot.register(4502, "Lò Thị Xã A")
    official = await bot.register(4503, "Quàng Văn Huyện", unit="tuan-giao", role="official")
    for phone, user, command in ((clerk, "clerk", "/tiendo"), (clerk, "clerk", "/kybaocao"),
                                 (official, "official", "/kybaocao")):
        caplog.clear()
        [menu] = await phone.send(command)  # the refusal above the menu, one message
        refusal, _, menu_text = menu.text.partition("\n\n")
        assert menu_text.startswith(texts.MENU.split("{")[0]) and menu.buttons
        refused(caplog, refusal, texts.NOT_FOR_YOUR_ROLE, f"refused {command} for user")
        assert f"(role {user})" in caplog.text

    # Crafted callback data: a command for another unit's figures, pressed as if it were a button.
    caplog.clear()
    [menu] = await clerk.press_data(clerk.last.message_id, "/xa Mường Mùn")
    refusal, _, menu_text = menu.text.partition("\n\n")
    assert menu_text.startswith(texts.MENU.split("{")[0]) and menu.buttons
    refused(caplog, refusal, texts.NOT_FOR_YOUR_ROLE, "refused /xa for user")
