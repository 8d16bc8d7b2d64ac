"""Benchmark: conversation throughput and step latency, beside a bare python-telegram-bot echo bot.

    .venv/bin/python bench/conversation.py [--clerks 20] [--steps 30]

N clerks answer report questions at once through the real HTTP path (fake Bot
API -> long polling -> bot -> database -> sendMessage -> fake). A step is one
answer, timed from pushing the update to the bot's next question arriving. The
bot runs as `python main.py run` in its own process (SQLite file, synthetic
country of N communes); the echo bot (bench/echo_bot.py) runs the same way on the
same fake in the same run. Printed for both: steps/s and p50/p99 latency, then the ratio.

Both are measured twice: without a send rate limit (what the code costs) and with
the bot's own limit (TELEGRAM_SEND_RATE, 29 msg/s overall by default, as deployed), where a
step that sends two messages is bounded by the limit, not by the code.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.clerks import (DEPLOYED_RATE, FIRST_CHAT, Clerk, Figures, answer_together, echo_bot,  # noqa: E402
                          prepare_database, thidua_bot)
from tests.fake_telegram import FakeTelegram  # noqa: E402


async def run_thidua(fake: FakeTelegram, url: str, catalog: Path, clerks: int, steps: int, rate: float) -> Figures:
    bot = await thidua_bot(fake, url, catalog, rate).start(fake)
    figures = Figures()
    try:
        phones = [Clerk(fake, n) for n in range(clerks)]
        await asyncio.gather(*(p.open_report() for p in phones))  # not timed: opening the report
        before = bot.cpu_seconds()
        await answer_together(phones, figures, lambda done: done < steps)
        figures.cpu = _spent(before, bot.cpu_seconds())
    finally:
        bot.stop()
    return figures


async def run_echo(fake: FakeTelegram, clerks: int, steps: int, rate: float, offset: int) -> Figures:
    bot = await echo_bot(fake, rate).start(fake)
    figures = Figures()
    try:
        async def work(chat: int) -> None:
            fake.set_user(chat, first_name="Echo")
            for _ in range(steps):
                before = fake.count(chat)
                started = time.perf_counter()
                fake.push_text(chat, "12")
                try:
                    await fake.wait_for(lambda: fake.count(chat) > before, timeout=60, what="the echo")
                except AssertionError as exc:
                    figures.errors.append(str(exc).splitlines()[0])
                    return
                figures.latencies.append(time.perf_counter() - started)

        started, before = time.perf_counter(), bot.cpu_seconds()
        await asyncio.gather(*(work(FIRST_CHAT + offset + n) for n in range(clerks)))
        figures.elapsed = time.perf_counter() - started
        figures.cpu = _spent(before, bot.cpu_seconds())
    finally:
        bot.stop()
    return figures


def _spent(before: Optional[float], after: Optional[float]) -> Optional[float]:
    return after - before if before is not None and after is not None else None


async def main(clerks: int, steps: int, rate: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        fake = FakeTelegram()
        await fake.start()
        try:
            print(f"clerks: {clerks}, timed steps each: {steps}")
            for label, limit in (("no send limit", 0.0), (f"send limit {rate:g} msg/s", rate)):
                url, catalog = prepare_database(Path(tmp), clerks)  # afresh: every clerk starts the report
                echo = await run_echo(fake, clerks, steps, limit, offset=100_000)
                ours = await run_thidua(fake, url, catalog, clerks, steps, limit)
                print(f"[{label}]")
                for line in echo.lines("  echo bot (PTB)") + ours.lines("  thidua bot    "):
                    print(line)
                print(f"  ratio thidua / echo throughput: {ours.throughput / echo.throughput:.2f}")
                if ours.cpu and echo.cpu:  # on a loaded machine the throughputs vary; the CPU a step takes less
                    print(f"  ratio echo / thidua CPU a step: {(echo.cpu / echo.steps) / (ours.cpu / ours.steps):.2f}")
        finally:
            await fake.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clerks", type=int, default=20)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--rate", type=float, default=DEPLOYED_RATE, help="the deployed send limit, msg/s")
    args = parser.parse_args()
    asyncio.run(main(args.clerks, args.steps, args.rate))
