"""Benchmark: a clerk sends a 5,000-row list file; the bot reads it, and other chats are answered meanwhile.

    .venv/bin/python bench/list_import.py                 # 5,000 rows, 6 other clerks, SQLite
    .venv/bin/python bench/list_import.py --rows 2000 --others 10
    .venv/bin/python bench/list_import.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

Builds the file as a clerk would: the bot's own template (/excel), filled in Excel (openpyxl) with
nominees (LĐTT for most, TTLĐTT for a few collectives). Then prints:
  - reading it alone (bot/documents/list_reader.read: what runs in its worker process): best of three,
    rows per second, and the peak of Python memory while reading (tracemalloc);
  - through the bot as deployed (the Telegram adapter against the fake Bot API over HTTP, the core in
    its worker threads): from the file sent to the bot's answer, for the first file and for the same
    file sent again (which replaces the first one's rows);
  - the other clerks, each sending /trangthai again as soon as answered, before and during the
    import: how many answers they got while it ran, and their waits (median, worst);
  - the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import func, select  # noqa: E402

from bot import texts  # noqa: E402
from bot.documents.list_workbooks import LAYOUTS  # noqa: E402
from bot.documents import list_reader  # noqa: E402
from storage import list_import  # noqa: E402
from storage.db import transaction  # noqa: E402
from storage.models import Nomination  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402
from tests.harness import DEMO_NOW, Bot, Clock, fresh_database, make_settings  # noqa: E402
from tests.list_files import LDTT, TTLDTT, fill, people  # noqa: E402

OTHER_UNITS = ("Quài Cang", "Mường Thín", "Nà Sáy", "Quài Tở", "Chiềng Sinh", "Pú Nhung", "Tỏa Tình", "Mùn Chung",
               "Nà Tòng", "Rạng Đông", "Mường Mùn", "Pú Xi", "Ta Ma", "Mường Khong", "Phình Sáng")


def big_list(count: int) -> list[dict]:
    names = people(192)
    rows = []
    for n in range(count):
        if n % 50 == 49:
            rows.append({"subject": "Tập thể", "name": f"Tổ công tác số {n}", "position": "UBND xã Quài Nưa",
                         "form": TTLDTT, "achievements": "Tập thể hoàn thành xuất sắc nhiệm vụ năm 2020."})
        else:
            rows.append({"subject": "Cá nhân", "name": f"{names[n % len(names)]} {n // len(names) + 1}",
                         "birth_year": 1970 + n % 40, "position": f"Giáo viên Trường Tiểu học số {n % 7 + 1}", "form": LDTT,
                         "achievements": "Hoàn thành xuất sắc nhiệm vụ; tham gia vận động trẻ đến trường."})
    return rows


def read_figures(data: bytes, rows: int, max_bytes: int) -> None:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        sheet = list_reader.read(data, "ds.xlsx", LAYOUTS.values(), max_bytes)
        times.append(time.perf_counter() - started)
    assert isinstance(sheet, list_import.Sheet) and len(sheet.rows) == rows, sheet
    tracemalloc.start()
    list_reader.read(data, "ds.xlsx", LAYOUTS.values(), max_bytes)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    best = min(times)
    print(f"read alone ({len(data) / 1024:.0f} KiB, {rows:,} rows): best of 3 {best:.2f} s = "
          f"{rows / best:,.0f} rows/s; peak Python memory while reading {peak / 2**20:.1f} MiB")


class Others:
    """Clerks who each send /trangthai again as soon as they are answered."""

    def __init__(self, fake: FakeTelegram, phones: list):
        self.fake, self.phones = fake, phones
        self.waits: list[tuple[float, float]] = []  # (answered at, waited)
        self.running = False

    async def clerk(self, phone) -> None:
        while self.running:
            before = self.fake.count(phone.chat_id)
            sent = time.perf_counter()
            self.fake.push_text(phone.chat_id, "/trangthai")
            await self.fake.wait_for_messages(phone.chat_id, before + 1, timeout=120)
            now = time.perf_counter()
            self.waits.append((now, now - sent))

    async def run_while(self, work) -> tuple[float, list[float]]:
        """Run `work` (a coroutine) while the clerks write; (its seconds, the waits of answers during it)."""
        self.running, self.waits = True, []
        tasks = [asyncio.create_task(self.clerk(p)) for p in self.phones]
        await asyncio.sleep(0.5)  # the clerks are under way
        started = time.perf_counter()
        await work
        ended = time.perf_counter()
        self.running = False
        await asyncio.gather(*tasks)
        return ended - started, [w for at, w in self.waits if started <= at <= ended]


def waits_line(waits: list[float]) -> str:
    if not waits:
        return "no answer"
    return (f"{len(waits)} answers, median wait {statistics.median(waits) * 1000:.0f} ms, "
            f"worst {max(waits) * 1000:.0f} ms")


async def through_the_bot(database_url: str, count: int, others: int) -> None:
    async with FakeTelegram() as fake:
        settings = make_settings(database_url, fake, TELEGRAM_SEND_RATE=0)
        bot = await Bot(fake, settings, Clock(DEMO_NOW)).start()
        try:
            clerk = await bot.register(5000, "Lò Thị Mai", unit="Quài Nưa")
            phones = [await bot.register(5001 + n, f"Cán bộ {unit}", unit=unit)
                      for n, unit in enumerate(OTHER_UNITS[:others])]
            [template] = await clerk.send("/excel mau khenthuong")
            started = time.perf_counter()
            data = fill(template.data, "nominations", big_list(count))
            print(f"the file: {count:,} rows written with openpyxl in {time.perf_counter() - started:.1f} s, "
                  f"{len(data) / 1024:.0f} KiB")
            read_figures(data, count, settings.upload_max_bytes)

            crowd = Others(fake, phones)
            quiet, waits = await crowd.run_while(asyncio.sleep(3))
            print(f"{others} other clerks, no file: {waits_line(waits)} in {quiet:.1f} s")
            for attempt in ("first file", "the same file again (replaces the first's rows)"):
                async def send() -> None:
                    before = fake.count(clerk.chat_id)
                    fake.push_document(clerk.chat_id, "danh sach.xlsx", data)
                    answer = (await fake.wait_for_messages(clerk.chat_id, before + 1, timeout=300))[before]
                    assert texts.LIST_IMPORT_SAVED.format(saved=count) in answer.text, answer.text

                took, waits = await crowd.run_while(send())
                print(f"{attempt}: answered {took:.1f} s after it was sent "
                      f"({count / took:,.0f} rows/s from the upload to the answer); "
                      f"meanwhile the {others} other clerks got {waits_line(waits)}")
            with transaction(bot.engine) as session:
                stored = session.exec(select(func.count()).select_from(Nomination)).one()
            print(f"nominees stored: {stored:,} (the second file replaced the first)")
        finally:
            await bot.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--others", type=int, default=6, help=f"other clerks writing (at most {len(OTHER_UNITS)})")
    parser.add_argument("--database-url", help="a PostgreSQL URL (a schema of its own, dropped afterwards)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        if args.database_url:
            import tests.harness as harness
            harness.POSTGRES_URL = args.database_url
            with fresh_database("postgresql", Path(scratch)) as url:
                await through_the_bot(url, args.rows, args.others)
        else:
            await through_the_bot(f"sqlite:///{Path(scratch) / 'bench.db'}", args.rows, args.others)
    print(f"peak resident memory of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    asyncio.run(main())
