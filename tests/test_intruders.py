"""No token, code, name or answer reaches the logs: over HTTP, where the Bot API token is in every URL.
On both databases. Refusing intruders is a user story: tests/stories/test_intruders.py."""

from __future__ import annotations

import logging

from bot.channels.telegram import TelegramSettings
from tests.clerk import say
from tests.harness import FIGURES, Phone


async def test_no_token_code_name_or_answer_reaches_the_logs(bot, fake, caplog, settings):
    caplog.set_level(logging.DEBUG)
    code = bot.invite("Quài Nưa")
    clerk = Phone(fake, 4504, "Lò Thị Bí Mật")
    await clerk.send(code)
    await say(clerk, "/baocao")
    await clerk.send("17")
    await clerk.send("/tiendo")
    await Phone(fake, 4505, "Kẻ Dò").send("ZZZZZ-ZZZZZ")  # a wrong code is not logged either
    assert caplog.records, "nothing was logged at all"
    logged = caplog.text + "\n".join(str(r.__dict__) for r in caplog.records)
    for secret in (fake.token, settings.section(TelegramSettings).bot_token, code, code.replace("-", ""), "ZZZZZ",
                   "Lò Thị Bí Mật", "Bí Mật"):
        assert secret not in logged, secret
    FIGURES["inputs tried"] += 6
