"""Benchmark: reminders to many clerks through the fake Bot API that answers 429 above a rate.

    .venv/bin/python bench/reminders.py                 # 10,000 clerks, 429 above 30 msg/s
    .venv/bin/python bench/reminders.py --users 1000 --rate 30

Builds a throw-away SQLite database with the demo catalogue and N clerks
spread over its 19 units, then runs the reminder job of 13/12/2020 08:00 as an
operator would, `python main.py jobs --now "2020-12-13 08:00"`, in a process of
its own (runner -> ledger -> Telegram adapter with its send pacer -> HTTP ->
the fake server, which lives in this process), and runs it once more to check
that nothing goes out twice. Prints the sustained rate, the 429 answers, lost
and doubled messages, and the peak memory of the bot's process.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.channels.telegram import TelegramSettings  # noqa: E402
from bot.settings import Settings  # noqa: E402
from main import prepare  # noqa: E402
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


# Runs main.py as `python main.py ...` would, then prints the process's own peak RSS. VmHWM is
# read from /proc: getrusage's maxrss of a child also counts the pages it shared with this
# (large) process between fork and exec.
PEAK_OF_MAIN = """
import runpy, sys
sys.argv = sys.argv[1:]
try:
    runpy.run_path("main.py", run_name="__main__")
finally:
    status = dict(line.split(":", 1) for line in open("/proc/self/status"))
    print("peak-rss-kib", status["VmHWM"].split()[0], file=sys.stderr)
"""


async def run_jobs(env: dict[str, str]) -> tuple[float, str, float]:
    """`main.py jobs` for the reminder moment, in its own process: (seconds, its last line, peak RSS in MiB)."""
    started = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", PEAK_OF_MAIN, "main.py", "jobs", "--now", "2020-12-13 08:00", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await proc.communicate()
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"main.py jobs failed ({proc.returncode}):\n{err.decode()[-2000:]}")
    lines = out.decode().strip().splitlines()
    peak = next(int(line.split()[1]) for line in err.decode().splitlines() if line.startswith("peak-rss-kib"))
    return elapsed, lines[-1] if lines else "", peak / 1024


async def serve_reminders(fake: FakeTelegram, url: str, env: dict[str, str], chats: list[int]) -> None:
    """The serving bot, `main.py run`, sends the reminder from its scheduler (the catch-up at start).

    Its round's deadline is moved to three days from today and the reminder to 00:00
    three days before, so the reminder fell due this morning; other rounds are closed.
    """
    from storage.db import make_engine
    from storage.models import Round

    engine = make_engine(url)
    today = dt.datetime.now(ZoneInfo(env["TZ"])).date()
    with transaction(engine) as session:
        for round_ in session.exec(select(Round)).all():
            if round_.code == "tongket-2020":
                round_.status, round_.opens, round_.deadline = "open", today, today + dt.timedelta(days=3)
            else:
                round_.status = "closed"
            session.add(round_)
    engine.dispose()
    env = env | {"REMINDER_DAYS": "3", "REMINDER_TIME": "00:00", "SCHEDULER": "on"}
    started = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(sys.executable, "main.py", "run", cwd=ROOT, env=env,
                                                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    try:
        await fake.wait_for(lambda: sum(1 for chat in chats if fake.count(chat)) == len(chats) or
                            proc.returncode is not None, timeout=len(chats) / 20 + 120, what="every reminder")
        elapsed = time.perf_counter() - started
        await asyncio.sleep(2)  # the outcomes are written after the last send
        status = dict(line.split(":", 1) for line in open(f"/proc/{proc.pid}/status"))
        peak = int(status["VmHWM"].split()[0]) / 1024
    finally:
        if proc.returncode is None:
            proc.terminate()
        await proc.wait()
    received = [fake.count(chat) for chat in chats]
    print(f"clerks:             {len(chats)}")
    print(f"sent by `main.py run` (scheduler): {sum(1 for n in received if n)} in {elapsed:.1f} s, start-up included")
    print(f"sustained rate:     {_sustained(fake.accepted_send_times):.1f} msg/s (first message to last)")
    print(f"429 answers:        {fake.rate_limited_count}")
    print(f"lost:               {sum(1 for n in received if n == 0)}")
    print(f"doubled:            {sum(1 for n in received if n > 1)}")
    print(f"peak memory (RSS) of the serving bot's process: {peak:.0f} MiB")


async def main(users: int, rate: float, send_rate: Optional[float], serve: bool) -> None:
    fake = FakeTelegram()
    await fake.start()
    fake.rate_limit(rate)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        engine = prepare(Settings(_env_file=None, DATABASE_URL=url)).engine
        populate(engine, users)
        with transaction(engine) as session:
            chats = [FIRST_CHAT + uid for uid in session.exec(select(User.id)).all()]
        engine.dispose()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
        env.update({"TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_BASE_URL": fake.root, "DATABASE_URL": url,
                    "TZ": "Asia/Ho_Chi_Minh", "LOG_LEVEL": "WARNING"})
        if send_rate is not None:
            env["TELEGRAM_SEND_RATE"] = str(send_rate)
        if serve:
            await serve_reminders(fake, url, env, chats)
            await fake.stop()
            return
        elapsed, last, peak = await run_jobs(env)
        received = [fake.count(chat) for chat in chats]
        sent = sum(1 for n in received if n > 0)
        before = sum(received)
        _, second_last, _ = await run_jobs(env)  # a restart or a doubled job: must send nothing
        second = sum(fake.count(chat) for chat in chats) - before
        print(f"clerks:             {users}")
        print(f"fake limit:         429 above {rate:g} msg/s" if rate else "fake limit:         none")
        print(f"bot's send pace:    {env.get('TELEGRAM_SEND_RATE', TelegramSettings.model_fields['send_rate'].default)} msg/s")
        print(f"bot says:           {last}")
        print(f"sent:               {sent} in {elapsed:.1f} s (the whole command, start-up included)")
        print(f"sustained rate:     {_sustained(fake.accepted_send_times[:sent]):.1f} msg/s (first message to last)")
        print(f"429 answers:        {fake.rate_limited_count}")
        print(f"lost:               {sum(1 for n in received if n == 0)}")
        print(f"doubled:            {sum(1 for n in received if n > 1)}")
        print(f"second run sent:    {second} ({second_last})")
        print(f"peak memory (RSS) of the bot's process: {peak:.0f} MiB")
    await fake.stop()


def _sustained(times: list[float]) -> float:
    return (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 and times[-1] > times[0] else 0.0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=30.0, help="messages/s above which the fake answers 429 (0: never)")
    parser.add_argument("--send-rate", type=float, help="the bot's TELEGRAM_SEND_RATE (default: its own default)")
    parser.add_argument("--serve", action="store_true",
                        help="send from the serving bot (`main.py run`, its scheduler) instead of `main.py jobs`")
    args = parser.parse_args()
    asyncio.run(main(args.users, args.rate, args.send_rate, args.serve))
