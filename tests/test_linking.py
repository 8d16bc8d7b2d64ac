"""One person on Telegram and Zalo: one account, and reminders go where they were seen last."""

from __future__ import annotations

import re

from sqlmodel import select

from bot.events import Reply
from storage import outbox
from storage.db import transaction
from storage.models import Delivery, Identity, User
from tests.conftest import Phone, Running, ZaloPhone, zalo_settings


async def test_a_clerk_links_zalo_to_the_telegram_account_and_reminders_follow_her(database_url, fake, zalo, clock):
    running = await Running(zalo_settings(database_url, zalo, telegram=fake), clock).start()
    try:
        telegram = Phone(fake, 801, "Lò Thị Mai")
        [menu] = await telegram.send(running.invite("Quài Nưa"))  # the greeting above the menu, one message
        assert menu.text.startswith("✅ Đăng ký thành công")
        assert "🔗 Liên kết Zalo/Telegram" in menu.button_texts
        [shown] = await telegram.press("🔗 Liên kết")
        code = re.search(r"LIENKET (\w+)", shown.text).group(1)

        stranger = ZaloPhone(zalo, "z-other", "Người Lạ")
        [refused] = await stranger.send("LIENKET ABCDEF")
        assert "không đúng" in refused.text

        mine = ZaloPhone(zalo, "z-mai", "Mai Zalo")
        [menu] = await mine.send(f"liên kết {code.lower()}")  # linked, and the menu below, one message
        linked, _, menu_text = menu.text.partition("\n\n")
        assert "Đã liên kết" in linked and "Lò Thị Mai" in linked and "xã Quài Nưa" in linked
        assert "📝 Báo cáo" in menu_text
        [again] = await stranger.send(f"LIENKET {code}")
        assert "đã được dùng" in again.text

        with transaction(running.engine) as session:
            [user] = session.exec(select(User)).all()  # one person, one account
            identities = {i.channel: i.external_id for i in session.exec(select(Identity))}
            assert identities == {"telegram": "801", "zalo": "z-mai"}

        # She used Zalo last: a notice goes there. Then she writes on Telegram: it goes there.
        def notice(chat_id, on):
            """A notice written as the core writes one, and the channel the outbox sent it on."""
            before = on.count(chat_id)
            with transaction(running.engine) as session:
                row_id = outbox.enqueue_notice(session, user.id, [Reply("⏰ Còn 10 ngày đến hạn nộp báo cáo.").to_message()],
                                               running.services.outbox.senders.channels)
                channel = session.get(Delivery, row_id).channel
            running.services.outbox.wake()
            return channel, on.wait_for_messages(chat_id, before + 1)

        channel, arrived = notice("z-mai", zalo)
        assert channel == "zalo" and (await arrived)[-1].text == "⏰ Còn 10 ngày đến hạn nộp báo cáo."
        await telegram.send("/start")
        channel, arrived = notice(801, fake)
        assert channel == "telegram" and (await arrived)[-1].text == "⏰ Còn 10 ngày đến hạn nộp báo cáo."
    finally:
        await running.stop()


async def test_an_administrator_makes_the_link_code_from_the_command_line(database_url, fake, zalo, clock, capsys):
    from bot.cli import build_parser
    from main import COMMAND_LINE

    running = await Running(zalo_settings(database_url, zalo, telegram=fake), clock).start()
    try:
        await Phone(fake, 802, "Quàng Văn Tư").send(running.invite("Quài Nưa"))
        def link_code(*argv: str) -> int:
            return COMMAND_LINE.link_code(running.settings, build_parser().parse_args(["link-code", *argv]))

        assert link_code("--user", "Quang Van Tu") == 0  # without diacritics
        code = capsys.readouterr().out.strip().splitlines()[-1]
        assert link_code("--user", "Không Ai") == 2
        [menu] = await ZaloPhone(zalo, "z-tu", "Tư").send(f"LIENKET {code}")
        linked, _, menu_text = menu.text.partition("\n\n")
        assert "Đã liên kết" in linked and "Quàng Văn Tư" in linked
        assert "📝 Báo cáo" in menu_text
    finally:
        await running.stop()


def test_typed_picks_from_a_numbered_list():
    from handlers.dispatcher import _picked_number
    from storage.people import fold

    for typed, number in [("2", 2), ("số 2", 2), ("hai", 2), ("Thứ hai", 2), ("chọn số 12", 12),
                          ("mười hai", 12), ("2.", 2), ("thứ nhất", 1), ("bốn", 4), ("tư", 4),
                          ("hai mươi mốt", 21)]:
        assert _picked_number(fold(typed)) == number, typed
    for typed in ("bỏ qua", "", "số", "hai ba"):
        assert _picked_number(fold(typed)) is None, typed
