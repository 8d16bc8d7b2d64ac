"""Reminders where HTTP is the point: the `jobs` command line sending through the Bot API, a 429 waited
out, a 403 (blocked) marking the person unreachable, nothing sent twice across a restart. On both databases.
The rest of the reminders are user stories: tests/stories/test_reminders.py."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from storage.db import transaction
from storage.models import Delivery, User
from tests.harness import cli
from tests.stories.test_reminders import (NA_SAY_1, NA_SAY_2, OFFICIAL, QUAI_CANG, QUAI_NUA, counts, district,
                                          jobs)


async def test_nothing_is_sent_twice_across_a_restart(bot, fake):
    await district(bot)
    first = await jobs(bot, "2020-12-13 08:00")
    assert len(first) == 4
    sent = counts(fake)
    await bot.restart()
    assert await jobs(bot, "2020-12-13 08:00") == []
    assert await jobs(bot, "2020-12-13 21:30") == []
    assert counts(fake) == sent
    with transaction(bot.engine) as session:
        rows = session.exec(select(Delivery).where(Delivery.round_id.is_not(None))).all()  # not the chats' replies
        assert len(rows) == 4 and {r.status for r in rows} == {"sent"}


async def test_jobs_command_line_prints_what_it_sent_and_runs_twice_harmlessly(bot, fake, subprocess_env):
    await district(bot)
    env = subprocess_env | {"DATABASE_URL": bot.settings.database_url, "TELEGRAM_BOT_TOKEN": fake.token,
                            "TELEGRAM_API_BASE_URL": fake.root}

    result = await asyncio.to_thread(cli, env, "jobs", "--now", "2020-12-17 08:00")
    assert result.returncode == 0, result.stderr
    assert "nhắc hạn · tongket-2020 → Lò Thị Mai (xã Quài Nưa) qua telegram 601: đã gửi" in result.stdout
    assert "Lường Văn Hùng" not in result.stdout  # Mường Thín has submitted
    assert "Đã gửi 4 tin nhắn lúc 08:00 17/12/2020." in result.stdout
    assert "còn 3 ngày" in fake.last_message(QUAI_CANG).text
    sent = counts(fake)

    again = await asyncio.to_thread(cli, env, "jobs", "--now", "2020-12-17 08:00")
    assert again.returncode == 0, again.stderr
    assert "Đã gửi từ trước: 4 tin nhắn đến hạn lúc 08:00 17/12/2020 (không gửi lại)." in again.stdout
    assert "Không có tin nhắn nào đến hạn" not in again.stdout  # due, and sent: not "nothing due"
    assert counts(fake) == sent

    before = await asyncio.to_thread(cli, env, "jobs", "--now", "2020-12-12 08:00")
    assert "Không có tin nhắn nào đến hạn lúc 08:00 12/12/2020." in before.stdout


async def test_a_429_is_waited_out_and_nothing_is_lost(bot, fake):
    await district(bot)
    fake.fail_next("sendMessage", status=429, retry_after=1, times=2)
    sent = await jobs(bot, "2020-12-13 08:00")
    assert len(sent) == 4 and {o.status for o in sent} == {"sent"}
    assert sum(1 for _, _, status, _ in fake.failures if status == 429) == 2
    for chat in (QUAI_NUA, QUAI_CANG, NA_SAY_1, NA_SAY_2):
        assert sum(1 for m in fake.bot_messages(chat) if m.text.startswith("⏰")) == 1  # once, not twice


async def test_a_clerk_who_blocked_the_bot_is_marked_unreachable_and_shown_to_officials(bot, fake):
    phones = await district(bot)
    fake.block(QUAI_CANG)
    sent = await jobs(bot, "2020-12-13 08:00")
    assert {o.chat_id: o.status for o in sent}[str(QUAI_CANG)] == "unreachable"
    with transaction(bot.engine) as session:
        dung = session.exec(select(User).where(User.full_name == "Quàng Văn Dũng")).one()
        assert dung.unreachable_at is not None

    tries = len([p for p in fake.calls_of("sendMessage") if str(p["chat_id"]) == str(QUAI_CANG)])
    later = await jobs(bot, "2020-12-17 08:00")
    assert {o.chat_id: o.status for o in later}[str(QUAI_CANG)] == "skipped_unreachable"  # not retried forever
    assert len([p for p in fake.calls_of("sendMessage") if str(p["chat_id"]) == str(QUAI_CANG)]) == tries

    await jobs(bot, "2020-12-21 08:00")
    digest = next(m.text for m in reversed(fake.bot_messages(OFFICIAL)) if m.text.startswith("❗"))
    assert "⚠️ 1 cán bộ đã chặn bot, không nhắc được." in digest
    [details] = await phones[OFFICIAL].press("📋 Chi tiết")  # which one: the digest's details by unit
    assert "xã Quài Cang — " in details.text and "Quàng Văn Dũng ⚠️ không liên lạc được: đã chặn bot" in details.text

    # They unblock and write: reachable again.
    fake.block(QUAI_CANG, False)
    [hello] = await phones[QUAI_CANG].send("/start")  # the greeting above the menu, one message
    assert "Chào Quàng Văn Dũng" in hello.text and hello.buttons
    with transaction(bot.engine) as session:
        assert session.exec(select(User).where(User.full_name == "Quàng Văn Dũng")).one().unreachable_at is None


async def test_a_bot_started_with_a_token_on_a_round_years_past_sends_nothing(bot, fake, settings):
    """The bot composed as `main.py run` composes it, scheduler on, on today's clock: the only round
    (deadline 20/12/2020) is open and everyone is late, yet no one is chased and no summary goes out."""
    from main import build_services

    await district(bot)
    sent = counts(fake)
    await bot.stop()
    services = build_services(settings, with_scheduler=True)  # the wall clock
    dispatcher = services.dispatcher
    await services.start()  # the catch-up runs before start returns
    try:
        assert services.scheduler.jobs() == {}
    finally:
        await services.stop()
        dispatcher.engine.dispose()
    assert counts(fake) == sent


async def test_jobs_at_the_real_clock_sends_nothing_for_a_round_years_past(bot, fake, subprocess_env):
    await district(bot)
    sent = counts(fake)
    env = subprocess_env | {"DATABASE_URL": bot.settings.database_url, "TELEGRAM_BOT_TOKEN": fake.token,
                            "TELEGRAM_API_BASE_URL": fake.root}
    result = await asyncio.to_thread(cli, env, "jobs")
    assert result.returncode == 0, result.stderr
    assert "Không có tin nhắn nào đến hạn lúc" in result.stdout
    assert counts(fake) == sent


async def test_the_hosts_tz_moves_neither_jobs_nor_the_rounds_listing(bot, fake, subprocess_env):
    """`TZ=Etc/UTC` on the host: `--now 08:00` is still 08:00 in Vietnam (the catalogue's zone)."""
    await district(bot)
    env = subprocess_env | {"DATABASE_URL": bot.settings.database_url, "TELEGRAM_BOT_TOKEN": fake.token,
                            "TELEGRAM_API_BASE_URL": fake.root, "TZ": "Etc/UTC"}
    result = await asyncio.to_thread(cli, env, "jobs", "--now", "2020-12-13 08:00")
    assert "Đã gửi 4 tin nhắn lúc 08:00 13/12/2020." in result.stdout, result.stderr
    assert "còn 7 ngày" in fake.last_message(QUAI_CANG).text
    listing = await asyncio.to_thread(cli, env, "round", "list")
    assert listing.stdout.splitlines()[0] == "Múi giờ của hạn nộp và giờ nhắc: Asia/Ho_Chi_Minh"
    assert "tongket-2020" in listing.stdout
