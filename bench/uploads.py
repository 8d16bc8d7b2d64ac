"""Benchmark: crafted list files (issue 30) sent to the bot as deployed, while other clerks are answered.

    .venv/bin/python bench/uploads.py              # every crafted file, then the fullest real template
    .venv/bin/python bench/uploads.py --strangers 8 --others 3
    .venv/bin/python bench/uploads.py --measure    # only the parts of the fullest real template (sizes, elements)
    .venv/bin/python bench/uploads.py --only fullest --strangers 0   # one file, no strangers

`python main.py run` as a real process against the fake Bot API (tests/fake_telegram.py): each file is
sent as a Telegram document (getFile, then the download), built from the bot's own template
(tests/crafted_files.py). For each file, printed:
  - sent by a clerk (who may send a list, so it is fetched and read): the time to the bot's answer and
    what it said; the bot's peak memory (proportional set size of the bot and its children: the fork
    server and the reader's process included) and CPU seconds (the same processes); the other clerks' worst wait for /trangthai;
  - sent by `--strangers` strangers at once: the same waits, and how many downloads the bot made (0:
    who first, then the file).
Targets (issue 30): peak ≤ 300 MB, worst wait ≤ 1 s, a refusal within UPLOAD_READ_SECONDS.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.documents import list_workbooks  # noqa: E402
from tests import crafted_files  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402
from tests.harness import BotProcess, Phone, invite, make_settings  # noqa: E402
from main import prepare  # noqa: E402
from tests.list_files import fill  # noqa: E402

OTHER_UNITS = ("Quài Cang", "Mường Thín", "Nà Sáy", "Quài Tở", "Chiềng Sinh", "Pú Nhung", "Tỏa Tình", "Mùn Chung")
TICKS = os.sysconf("SC_CLK_TCK")
TEXT = "Hoàn thành xuất sắc nhiệm vụ được giao, tận tụy với công việc, được nhân dân tin yêu và quý trọng. "


def fullest(template: bytes, rows: int = 5000) -> bytes:
    """The real template at its fullest: every row, every text cell at its limit (the per-part caps)."""
    def at(length: int, n: int) -> str:
        return (f"{n} " + TEXT * 40)[:length]
    return fill(template, "nominations", [
        {"subject": "Cá nhân", "name": at(120, n), "birth_year": 1970 + n % 40, "cccd": f"{n:012d}",
         "position": at(200, n), "form": "Chiến sĩ thi đua cơ sở",
         "achievements": at(500, n), "prereq_mode": "Cùng đề nghị trong danh sách này", "prereq_ref": at(200, n),
         "initiative": at(300, n), "initiative_ref": at(200, n)} for n in range(rows)])


def parts(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return ", ".join(f"{i.filename} {i.file_size / 2**20:.1f} MB" for i in archive.infolist()
                         if i.file_size > 2**20) or "every part under 1 MB"


# --- the bot's processes -------------------------------------------------------------------------

def tree(pid: int) -> list[int]:
    """`pid` and every process below it."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(child) for child in (task / "children").read_text().split()]
            except OSError:
                pass
    return found


def rss(pids: list[int]) -> int:
    """Their memory: proportional set size (a page shared by the fork server and its child counted once)."""
    total = 0
    for pid in pids:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            total += next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")) * 1024
        except (OSError, StopIteration):
            pass
    return total


def cpu(pids: list[int]) -> float:
    """CPU seconds of these processes and of their children already gone (the readers)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            total += sum(int(fields[n]) for n in (11, 12, 13, 14))  # utime stime cutime cstime
        except OSError:
            pass
    return total / TICKS


class Watch:
    """The bot's memory (PSS), sampled every 20 ms while a file is handled."""

    def __init__(self, pid: int):
        self.pid, self.peak, self.running = pid, 0, False

    async def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss(tree(self.pid)))
            await asyncio.sleep(0.02)


class Others:
    """Clerks who each send /trangthai again as soon as they are answered."""

    def __init__(self, fake: FakeTelegram, phones: list[Phone]):
        self.fake, self.phones, self.waits, self.running = fake, phones, [], False

    async def clerk(self, phone: Phone) -> None:
        while self.running:
            before = self.fake.count(phone.chat_id)
            sent = time.perf_counter()
            self.fake.push_text(phone.chat_id, "/trangthai")
            await self.fake.wait_for_messages(phone.chat_id, before + 1, timeout=300)
            self.waits.append(time.perf_counter() - sent)


async def measured(bot: BotProcess, fake: FakeTelegram, others: Others, work) -> dict:
    watch = Watch(bot.proc.pid)
    watch.running = others.running = True
    others.waits = []
    tasks = [asyncio.create_task(watch.run())] + [asyncio.create_task(others.clerk(p)) for p in others.phones]
    await asyncio.sleep(0.3)
    cpu_before, downloads_before = cpu(tree(bot.proc.pid)), len(fake.calls_of("getFile"))
    started = time.perf_counter()
    said = await work
    took = time.perf_counter() - started
    await asyncio.sleep(0.3)  # the processes' last CPU is counted
    cpu_used = cpu(tree(bot.proc.pid)) - cpu_before
    watch.running = others.running = False
    await asyncio.gather(*tasks)
    return {"took": took, "said": said, "peak": watch.peak / 2**20, "cpu": cpu_used,
            "worst": max(others.waits) if others.waits else float("nan"), "answers": len(others.waits),
            "downloads": len(fake.calls_of("getFile")) - downloads_before}


async def send(fake: FakeTelegram, chat_ids: list[int], filename: str, data: bytes) -> str:
    befores = {chat: fake.count(chat) for chat in chat_ids}
    for chat in chat_ids:
        fake.push_document(chat, filename, data)
    answers = [(await fake.wait_for_messages(chat, befores[chat] + 1, timeout=600))[befores[chat]]
               for chat in chat_ids]
    return answers[0].text.split("\n")[0][:60]


async def run(args) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{Path(scratch) / 'bench.db'}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_", "DEMO_"))}
        env.update({"DATABASE_URL": url, "SCHEDULER": "off", "PYTHONUNBUFFERED": "1", "TELEGRAM_SEND_RATE": "0",
                    "DEMO_DATABASE_URL": f"sqlite:///{Path(scratch) / 'demo.db'}", "LOG_LEVEL": "WARNING"})
        async with FakeTelegram() as fake:
            bot = await BotProcess(fake, env).start()
            try:
                engine = prepare(make_settings(url, fake)).engine

                async def register(chat: int, unit: str) -> Phone:
                    phone = Phone(fake, chat, f"Cán bộ {unit}")
                    await phone.send(invite(engine, unit))
                    return phone

                clerk = await register(6000, "Quài Nưa")
                others = Others(fake, [await register(6001 + n, u) for n, u in enumerate(OTHER_UNITS[:args.others])])
                strangers = [7000 + n for n in range(args.strangers)]
                for chat in strangers:
                    fake.set_user(chat, "Người lạ")
                [template] = await clerk.send("/excel mau khenthuong")
                files = {name: make(template.data) for name, make in crafted_files.CRAFTED.items()}
                files["the fullest real template (5,000 rows)"] = fullest(template.data)
                files = {name: data for name, data in files.items() if args.only.lower() in name.lower()}
                print(f"{args.others} other clerks send /trangthai again and again; UPLOAD_MAX_MB 5, "
                      f"bot pid {bot.proc.pid}, idle at {rss(tree(bot.proc.pid)) / 2**20:.0f} MB")
                idle = await measured(bot, fake, others, asyncio.sleep(3))
                print(f"no file: worst wait {idle['worst'] * 1000:.0f} ms over {idle['answers']} answers")
                for name, data in files.items():
                    print(f"\n{name}: {len(data) / 1024:,.0f} KB ({parts(data)})")
                    by_clerk = await measured(bot, fake, others, send(fake, [clerk.chat_id], "ds.xlsx", data))
                    print(f"  a clerk sends it: answered in {by_clerk['took']:.2f} s «{by_clerk['said']}»; bot peak "
                          f"{by_clerk['peak']:.0f} MB, CPU {by_clerk['cpu']:.2f} s; others' worst wait "
                          f"{by_clerk['worst'] * 1000:.0f} ms ({by_clerk['answers']} answers)")
                    if strangers:
                        crowd = await measured(bot, fake, others, send(fake, strangers, "ds.xlsx", data))
                        print(f"  {len(strangers)} strangers send it at once: all answered in {crowd['took']:.2f} s, "
                              f"{crowd['downloads']} downloads; bot peak {crowd['peak']:.0f} MB, CPU {crowd['cpu']:.2f} s; "
                              f"others' worst wait {crowd['worst'] * 1000:.0f} ms")
            finally:
                bot.terminate()


def measure() -> None:
    """The parts of the fullest real template, for the reader's per-part caps (bot/documents/list_reader.py)."""
    from bot.documents.list_workbooks import ListContext
    template = list_workbooks.template("nominations", ListContext("xã Quài Nưa", "Tổng kết 2020", "tongket-2020"))
    data = fullest(template)
    print(f"the fullest real template: {len(data) / 2**20:.1f} MB zipped; {parts(data)}")
    from xml.parsers import expat
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            counts = {"elements": 0, "outside rows": 0, "cells in a row": 0, "rows": 0}
            state = {"in_data": False, "cells": 0}

            def start(name, _attrs, counts=counts, state=state):
                counts["elements"] += 1
                name = name.rpartition(":")[2]
                if not state["in_data"]:
                    counts["outside rows"] += 1
                    state["in_data"] = name == "sheetData"
                elif name == "row":
                    counts["rows"] += 1
                    state["cells"] = 0
                elif name == "c":
                    state["cells"] += 1
                    counts["cells in a row"] = max(counts["cells in a row"], state["cells"])

            def end(name, state=state):
                if name.rpartition(":")[2] == "sheetData":
                    state["in_data"] = False

            parser = expat.ParserCreate()
            parser.StartElementHandler, parser.EndElementHandler = start, end
            parser.Parse(archive.read(info), True)
            shown = ", ".join(f"{k} {v:,}" for k, v in counts.items() if v)
            print(f"  {info.filename}: {info.file_size / 2**20:.2f} MB; {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--others", type=int, default=3, help=f"other clerks writing (at most {len(OTHER_UNITS)})")
    parser.add_argument("--strangers", type=int, default=8)
    parser.add_argument("--only", default="", metavar="WORDS", help="only the files whose name has these words")
    parser.add_argument("--measure", action="store_true")
    args = parser.parse_args()
    if args.measure:
        measure()
    else:
        asyncio.run(run(args))


if __name__ == "__main__":
    main()
