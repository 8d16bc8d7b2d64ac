"""Benchmark: 200 clerks answering their reports at once, for a fixed time, through the fake Bot API.

    .venv/bin/python bench/concurrent_clerks.py [--clerks 200] [--seconds 60] [--rate 29]

Each clerk (one per commune of a synthetic country, SQLite file) opens /baocao and
answers question after question, waiting for the bot's next question before the
next answer. The bot runs as `python main.py run` in its own process, with its
send limit (TELEGRAM_SEND_RATE, as deployed). Afterwards the answers stored in the
database are compared with what each clerk sent. Prints throughput, latency
percentiles, errors (a question that never came within 60 s), and lost or
doubled answers. Expected: zero errors, zero lost, zero doubled.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.clerks import DEPLOYED_RATE, Clerk, Figures, answer_together, compare_answers, prepare_database, thidua_bot  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402


async def main(clerks: int, seconds: float, rate: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url, catalog = prepare_database(Path(tmp), clerks)
        fake = FakeTelegram()
        await fake.start()
        bot = await thidua_bot(fake, url, catalog, rate).start(fake)
        figures = Figures()
        phones = [Clerk(fake, n) for n in range(clerks)]
        try:
            started = time.perf_counter()
            await asyncio.gather(*(p.open_report() for p in phones))
            print(f"{clerks} clerks opened their report in {time.perf_counter() - started:.1f} s")
            stop_at = time.perf_counter() + seconds
            await answer_together(phones, figures, lambda _done: time.perf_counter() < stop_at)
        finally:
            bot.stop()
            await fake.stop()
        sent, lost, doubled = compare_answers(url, phones)
        messages = sum(1 for name, _ in fake.calls if name.lower() in ("sendmessage", "editmessagetext"))
        print(f"clerks: {clerks}, send limit {rate:g} msg/s, {figures.elapsed:.0f} s answering")
        print(f"steps (answer -> next question): {figures.steps}, {figures.throughput:.1f} steps/s")
        print(f"latency: p50 {figures.percentile(50) * 1000:.0f} ms, p90 {figures.percentile(90) * 1000:.0f} ms, "
              f"p99 {figures.percentile(99) * 1000:.0f} ms, max {max(figures.latencies, default=0) * 1000:.0f} ms")
        print(f"messages sent or edited by the bot: {messages}; 429 answers: {fake.rate_limited_count}")
        print(f"errors: {len(figures.errors)}" + (f" (first: {figures.errors[0]})" if figures.errors else ""))
        print(f"answers sent: {sent}, lost or wrong in the database: {lost}, stored but never sent: {doubled}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clerks", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=DEPLOYED_RATE, help="the bot's send limit, msg/s (0: none)")
    args = parser.parse_args()
    asyncio.run(main(args.clerks, args.seconds, args.rate))
