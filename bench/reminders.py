"""Benchmark: reminders to many clerks through the fake Bot API that answers 429 above a rate.

    .venv/bin/python bench/reminders.py                 # 10,000 clerks, 429 above 30 msg/s
    .venv/bin/python bench/reminders.py --users 1000 --rate 30

Builds a throw-away SQLite database with the demo catalogue and N clerks
spread over its 19 units, then runs the reminder job of 13/12/2020 08:00
through the real path (runner -> ledger -> Telegram adapter with
AIORateLimiter -> HTTP -> fake server), and runs it once more to check
that nothing goes out twice. Prints the sustained rate, the 429 answers,
lost and doubled messages, and the peak memory of the process (which also
holds the fake server and its copy of every message).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.events import Senders  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.telegram import TelegramSender, make_bot  # noqa: E402
from main import prepare  # noqa: E402
from scheduler.runner import Runner  # noqa: E402
from storage.db import transaction  # noqa: E402
from sqlmodel import select  # noqa: E402

from storage.models import Identity, User  # noqa: E402
from storage.reports import reporting_units  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402

FIRST_CHAT = 1_000_000


def populate(engine, users: int) -> None:
    with transaction(engine) as session:
        units = reporting_units(session)
        for i in range(users):
            user = User(full_name=f"Cán bộ {i}", role="clerk", unit_id=units[i % len(units)].id)
            session.add(user)
            if i % 1000 == 999:
                session.flush()
        session.flush()
        for user in session.exec(select(User)).all():
            session.add(Identity(user_id=user.id, channel="telegram", external_id=str(FIRST_CHAT + user.id),
                                 chat_id=str(FIRST_CHAT + user.id)))


async def main(users: int, rate: float) -> None:
    fake = FakeTelegram()
    await fake.start()
    fake.rate_limit(rate)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_BASE_URL=fake.root,
                            DATABASE_URL=f"sqlite:///{tmp}/bench.db", TZ="Asia/Ho_Chi_Minh", LOG_LEVEL="WARNING")
        engine = prepare(settings).engine
        populate(engine, users)
        now = dt.datetime(2020, 12, 13, 8, 0, tzinfo=ZoneInfo(settings.tz))
        bot = make_bot(settings)
        async with bot:
            runner = Runner(engine, settings, Senders({"telegram": TelegramSender(bot)}))
            started = time.perf_counter()
            outcomes = await runner.run_due(now)
            elapsed = time.perf_counter() - started
            second = await runner.run_due(now)  # a restart or a doubled job: must send nothing
        with transaction(engine) as session:
            chats = [FIRST_CHAT + uid for uid in session.exec(select(User.id)).all()]
        received = [fake.count(chat) for chat in chats]
        sent = sum(1 for o in outcomes if o.status == "sent")
        failed = sum(1 for o in outcomes if o.status == "failed")
        print(f"clerks:             {users}")
        print(f"fake limit:         429 above {rate:g} msg/s")
        print(f"sent:               {sent} in {elapsed:.1f} s")
        print(f"sustained rate:     {sent / elapsed:.1f} msg/s")
        print(f"429 answers:        {fake.rate_limited_count}")
        print(f"failed (retried next run): {failed}")
        print(f"lost:               {sum(1 for n in received if n == 0)}")
        print(f"doubled:            {sum(1 for n in received if n > 1)}")
        print(f"second run sent:    {len(second)}")
        print(f"peak memory (RSS):  {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
        engine.dispose()
    await fake.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=30.0, help="messages/s above which the fake answers 429")
    args = parser.parse_args()
    asyncio.run(main(args.users, args.rate))
