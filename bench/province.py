"""Benchmark: the province of 2026 at its real size — 45 communes and wards fill the round at once.

    .venv/bin/python bench/province.py [--rate 29]

The real catalogue (storage/catalogs/dien_bien_2026.toml) in a SQLite file, one clerk registered for
each of the 45 units and one official of the province. The bot runs as `python main.py run` in its own
process (bench/clerks.py) against the fake Bot API. Every clerk opens /baocao and answers question after
question until the whole report is answered, all 45 at once; then the official sends /tiendo and
/tonghop. Prints: the time the 45 took and the answers' latency, answers lost or doubled, the time of
/tiendo, the time from /tonghop to the last of its files, their names, and the bot process's peak memory.
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

from sqlmodel import select  # noqa: E402

from bench.clerks import (DEPLOYED_RATE, FIRST_CHAT, Clerk, Figures, answer_together,  # noqa: E402
                          compare_answers, thidua_bot)
from bot.settings import Settings  # noqa: E402
from main import prepare  # noqa: E402
from storage.db import transaction  # noqa: E402
from storage.models import Identity, Unit, User  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402

CATALOG = ROOT / "storage" / "catalogs" / "dien_bien_2026.toml"
OFFICIAL = FIRST_CHAT - 1


def prepare_province(folder: Path) -> tuple[str, int]:
    """The province's database: a clerk per commune or ward, an official of the province; (URL, clerks)."""
    url = f"sqlite:///{folder / 'province.db'}"
    engine = prepare(Settings(_env_file=None, CATALOG=str(CATALOG), DATABASE_URL=url)).engine
    with transaction(engine) as session:
        units = session.exec(select(Unit).order_by(Unit.position)).all()
        people = [(f"Cán bộ {u.name}", "clerk", u, FIRST_CHAT + n)
                  for n, u in enumerate(u for u in units if u.is_reporting)]
        people.append(("Sở Nội vụ", "official", next(u for u in units if u.kind == "tỉnh"), OFFICIAL))
        for name, role, unit, chat in people:
            user = User(full_name=name, role=role, unit_id=unit.id)
            session.add(user)
            session.flush()
            session.add(Identity(user_id=user.id, channel="telegram", external_id=str(chat), chat_id=str(chat)))
    engine.dispose()
    return url, len(people) - 1


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def official_asks(fake: FakeTelegram, command: str, until) -> float:
    before = fake.count(OFFICIAL)
    started = time.perf_counter()
    fake.push_text(OFFICIAL, command)
    await fake.wait_for(lambda: until(before), timeout=600, what=f"the answer to {command}")
    return time.perf_counter() - started


async def main(rate: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url, clerks = prepare_province(Path(tmp))
        fake = FakeTelegram()
        await fake.start()
        bot = await thidua_bot(fake, url, CATALOG, rate).start(fake)
        fake.set_user(OFFICIAL, first_name="Sở Nội vụ")
        figures = Figures()
        phones = [Clerk(fake, n, timeout=120) for n in range(clerks)]
        try:
            started = time.perf_counter()
            await asyncio.gather(*(p.open_report() for p in phones))
            print(f"{clerks} clerks opened their report in {time.perf_counter() - started:.1f} s")
            # Each clerk goes on until the report is answered whole (the overview comes back with no question);
            # 60 steps at most: the 34 questions (23 figures, 11 plans), the parts between, the overview.
            await answer_together(phones, figures, lambda done: done < 60, until_answered=True)
            progress = await official_asks(fake, "/tiendo", lambda before: fake.count(OFFICIAL) > before)
            docs = len(fake.calls_of("sendDocument"))

            def files_sent() -> list[str]:
                calls = fake.calls_of("sendDocument")[docs:]
                return [getattr(call.get("document"), "filename", None) or "" for call in calls]

            # The workbook is the summary's last file (the Word draft, the proposal list only when units
            # proposed anyone, then the workbook: bot/documents/summary.py).
            compile_s = await official_asks(
                fake, "/tonghop", lambda _before: any(name.endswith(".xlsx") for name in files_sent()))
            files = files_sent()
            peak = peak_memory_mb(bot.proc.pid)
        finally:
            bot.stop()
            await fake.stop()
        sent, lost, doubled = compare_answers(url, phones)
        print(f"clerks: {clerks} at once, send limit {rate:g} msg/s: {figures.steps} answers in "
              f"{figures.elapsed:.1f} s; latency p50 {figures.percentile(50) * 1000:.0f} ms, "
              f"p99 {figures.percentile(99) * 1000:.0f} ms; errors {len(figures.errors)}")
        print(f"answers sent: {sent}, lost or wrong in the database: {lost}, stored but never sent: {doubled}")
        names = ", ".join(files)
        print(f"/tiendo: {progress * 1000:.0f} ms; /tonghop to its last file: {compile_s:.2f} s ({names})")
        print(f"bot process peak memory (VmHWM): {peak:.0f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=DEPLOYED_RATE, help="the bot's send limit, msg/s (0: none)")
    asyncio.run(main(parser.parse_args().rate))
