"""One person on Telegram and Zalo: one account, and reminders go where they were seen last."""

from __future__ import annotations

import re

from sqlmodel import select

from bot.events import Reply
from storage.db import transaction
from storage.models import Identity, User
from tests.conftest import Phone, Running, ZaloPhone, zalo_settings


async def test_a_clerk_links_zalo_to_the_telegram_account_and_reminders_follow_her(tmp_path, fake, zalo, clock):
    running = await Running(zalo_settings(tmp_path, zalo, telegram=fake), clock).start()
    try:
        telegram = Phone(fake, 801, "Lò Thị Mai")
        registered, menu = await telegram.send(running.invite("Quài Nưa"), expect=2)
        assert "🔗 Liên kết Zalo/Telegram" in menu.button_texts
        [shown] = await telegram.press("🔗 Liên kết")
        code = re.search(r"LIENKET (\w+)", shown.text).group(1)

        stranger = ZaloPhone(zalo, "z-other", "Người Lạ")
        [refused] = await stranger.send("LIENKET ABCDEF")
        assert "không đúng" in refused.text

        mine = ZaloPhone(zalo, "z-mai", "Mai Zalo")
        linked, menu = await mine.send(f"liên kết {code.lower()}", expect=2)
        assert "Đã liên kết" in linked.text and "Lò Thị Mai" in linked.text and "xã Quài Nưa" in linked.text
        assert "📝 Báo cáo" in menu.text
        [again] = await stranger.send(f"LIENKET {code}")
        assert "đã được dùng" in again.text

        with transaction(running.engine) as session:
            [user] = session.exec(select(User)).all()  # one person, one account
            identities = {i.channel: i.external_id for i in session.exec(select(Identity))}
            assert identities == {"telegram": "801", "zalo": "z-mai"}

        # She used Zalo last: the reminder goes there. Then she writes on Telegram: it goes there.
        reminder = [Reply("⏰ Còn 10 ngày đến hạn nộp báo cáo.")]
        assert await running.services.delivery.to_user(user.id, reminder) == "zalo"
        assert mine.last.text == "⏰ Còn 10 ngày đến hạn nộp báo cáo."
        await telegram.send("/start", expect=2)
        assert await running.services.delivery.to_user(user.id, reminder) == "telegram"
        assert telegram.last.text == "⏰ Còn 10 ngày đến hạn nộp báo cáo."
    finally:
        await running.stop()
