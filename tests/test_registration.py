"""Registration where persistence across a restart of the whole bot (channel included) is the point.
On both databases. Registration itself is a user story: tests/stories/test_registration.py."""

from __future__ import annotations

from bot import texts
from tests.harness import Phone


async def test_registration_survives_a_restart(bot, fake):
    phone = Phone(fake, 510, "Lò Văn Bền")
    code = bot.invite("Quài Nưa")
    await phone.send("/start")
    await bot.restart()
    [registered] = await phone.send(code)
    assert registered.text.startswith(texts.REGISTERED.split("{")[0]) and registered.buttons
    await bot.restart()
    [hello] = await phone.send("/start")
    assert hello.text.startswith(texts.HELLO.split("{")[0] + "Lò Văn Bền") and hello.buttons
