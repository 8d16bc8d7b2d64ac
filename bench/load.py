"""Benchmark: many clerks report at the same time through the fake Bot API.

    .venv/bin/python bench/load.py                        # 200 clerks for 60 s, SQLite
    .venv/bin/python bench/load.py --clerks 20 --seconds 10
    .venv/bin/python bench/load.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

The real bot (core + Telegram adapter, send pacer at 29 messages/s: Telegram's own limit is
about 30) against the fake server over HTTP. Clerks are spread over the demo's 19 communes, so
several clerks of one commune answer the same report at once. Each clerk answers the question in
front of it, moves to the next section, and starts over when the report is complete. Prints answers
stored, messages, round-trip latency, and errors (a "thử lại sau", an unanswered message, a
server error); exits 1 if there was any error.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import texts  # noqa: E402
from storage.db import transaction  # noqa: E402
from storage.people import create_invitation  # noqa: E402
from storage.reports import reporting_units  # noqa: E402
from tests.clerk import asks_for_plan, good_answer, indicator_in, is_question  # noqa: E402
from tests.harness import DEMO_NOW, Bot, Clock, Phone, make_settings  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402

WAIT = 180.0  # a reply may queue behind everyone else's under the Telegram rate limit


async def exchange(phone: Phone, push) -> tuple[list, float]:
    """Push one message, wait for the bot's next question; (new messages, seconds)."""
    fake, chat = phone.fake, phone.chat_id
    before, started = fake.count(chat), time.monotonic()
    push()
    await fake.wait_for(lambda: fake.count(chat) > before and fake.last_message(chat).buttons != [],
                        timeout=WAIT, what="the bot's next question")
    return fake.bot_messages(chat)[before:], time.monotonic() - started


async def clerk_loop(phone: Phone, until: float, stats: dict) -> None:
    fake, chat = phone.fake, phone.chat_id
    messages, _ = await exchange(phone, lambda: fake.push_text(chat, "/baocao"))
    while time.monotonic() < until:
        last = fake.last_message(chat)
        if is_question(last.text):
            indicator = indicator_in(last.text)
            plan = asks_for_plan(last.text)
            if indicator.type == "choice":
                mid, data = fake.find_button(chat, indicator.choices[0])
                push = (lambda m=mid, d=data: fake.push_callback(chat, m, d))
            else:
                push = (lambda a=good_answer(indicator, plan): fake.push_text(chat, a))
        elif any("trả lời hết" in m.text for m in messages):
            mid, data = fake.find_button(chat, "1. ")  # all answered: go over the first section again
            push = (lambda m=mid, d=data: fake.push_callback(chat, m, d))
        else:
            mid, data = fake.find_button(chat, "Nhập tiếp")
            push = (lambda m=mid, d=data: fake.push_callback(chat, m, d))
        messages, seconds = await exchange(phone, push)
        stats["latencies"].append(seconds)
        stats["answers"] += sum(1 for m in messages if m.text.startswith("✅ Đã lưu"))
        stats["errors"] += sum(1 for m in messages if texts.TRY_AGAIN_LATER in m.text)


async def run(clerks: int, seconds: float, database_url: str | None) -> int:
    fake = FakeTelegram()
    await fake.start()
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'load.db'}"
        bot = await Bot(fake, make_settings(url, fake), Clock(DEMO_NOW)).start()
        stats = {"latencies": [], "answers": 0, "errors": 0}
        try:
            with transaction(bot.engine) as session:
                units = reporting_units(session)
                codes = [create_invitation(session, units[i % len(units)], "clerk", 7) for i in range(clerks)]
            phones = [Phone(fake, 100_000 + i, f"Cán bộ {i}") for i in range(clerks)]
            for phone, code in zip(phones, codes):
                fake.push_text(phone.chat_id, code)
            await fake.wait_for(lambda: all(fake.count(p.chat_id) >= 1 for p in phones), timeout=WAIT,
                                what="every clerk registered")
            started = time.monotonic()
            results = await asyncio.gather(*(clerk_loop(p, started + seconds, stats) for p in phones),
                                           return_exceptions=True)
            elapsed = time.monotonic() - started
            failures = [r for r in results if isinstance(r, BaseException)]
        finally:
            await bot.stop()
            await fake.stop()
    lat = sorted(stats["latencies"]) or [0.0]
    sent = sum(len(fake.bot_messages(p.chat_id)) for p in phones)
    try:
        fake.assert_no_server_errors()
        server_errors = 0
    except AssertionError:
        server_errors = 1
    errors = stats["errors"] + len(failures) + server_errors
    print(f"clerks: {clerks}, units: {len(units)}, time: {elapsed:.1f} s, database: {url.split(':')[0]}")
    print(f"exchanges: {len(stats['latencies'])}, answers stored: {stats['answers']} "
          f"({stats['answers'] / elapsed:.1f}/s), bot messages: {sent} ({sent / elapsed:.1f}/s)")
    print(f"round trip: median {statistics.median(lat):.2f} s, p95 {lat[int(len(lat) * .95) - 1]:.2f} s, "
          f"max {lat[-1]:.2f} s")
    print(f"errors: {errors} (try-again-later {stats['errors']}, clerks stuck {len(failures)}, "
          f"fake server errors {server_errors})")
    for failure in failures[:3]:
        print(f"  {type(failure).__name__}: {str(failure)[:200]}")
    return 1 if errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clerks", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    return asyncio.run(run(args.clerks, args.seconds, args.database_url))


if __name__ == "__main__":
    sys.exit(main())
