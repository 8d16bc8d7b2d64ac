"""Records of titles at a province's scale (prints figures; the targets are in docs/benchmarks.md).

    .venv/bin/python bench/records.py [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]

200 units × 50 people, each with a title a year for 10 years (2010–2019): 100,000 records. Then:
- a nominee's streak check (storage/streaks.py, the 2020 rules: BK tỉnh 2 years, BK Thủ tướng 5), 200 times;
- /hoso <name> through the core (the dispatcher, as a chat sends it): search, the record, one page; 100 times;
- a 20,000-row history file, as an official sends it: written by openpyxl, read by the bounded reader in its
  own process (bot/sandbox.py), checked, stored in one transaction; meanwhile a clerk's small write every
  20 ms, whose longest wait is printed (what "not blocking other clerks" costs).
Without --database-url: SQLite, and PostgreSQL too when it is reachable (tests/harness.fresh_database).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402
from sqlmodel import select  # noqa: E402

from bot import sandbox  # noqa: E402
from bot.documents import record_workbooks  # noqa: E402
from bot.events import Incoming  # noqa: E402
from bot.settings import Settings  # noqa: E402
from handlers.list_files import READER  # noqa: E402
from main import prepare  # noqa: E402
from storage import record_import, streaks  # noqa: E402
from storage.db import transaction  # noqa: E402
from storage.models import AuditLog, Nomination, Person, Round, TitleRecord, Unit, utcnow  # noqa: E402
from storage.people import create_invitation, find_units, fold  # noqa: E402

UNITS, PEOPLE, YEARS = 200, 50, range(2010, 2020)
FILE_ROWS = 20_000
FAMILY = ("Lò", "Quàng", "Cà", "Tòng", "Lường", "Vì", "Điêu", "Sùng", "Giàng", "Mùa")
MIDDLE = ("Văn", "Thị")
GIVEN = ("An", "Bình", "Chiến", "Dung", "Hoa", "Hùng", "Lả", "Mai", "Sương", "Xuân", "Ón", "Thủy")


def name_of(u: int, p: int) -> str:
    return f"{FAMILY[p % 10]} {MIDDLE[p % 2]} {GIVEN[(u + p) % 12]} {u:03d}{p:02d}"


def populate(engine) -> None:
    with transaction(engine) as session:
        top = find_units(session, "tuan-giao")[0]
        session.add_all(Unit(code=f"bx-{u:03d}", name=f"Bench {u:03d}", kind="xã", parent_id=top.id, position=100 + u)
                        for u in range(UNITS))
        session.flush()
        now = utcnow()
        people = [{"subject": "individual", "name": name_of(u, p), "name_key": fold(name_of(u, p)),
                   "birth_year": 1960 + (u + p) % 40, "unit_code": f"bx-{u:03d}", "created_at": now}
                  for u in range(UNITS) for p in range(PEOPLE)]
        for start in range(0, len(people), 2000):
            session.execute(insert(Person), people[start:start + 2000])
        ids = {(row.unit_code, row.name): row.id for row in session.exec(select(Person)).all()}
        rows = [{"person_id": ids[(f"bx-{u:03d}", name_of(u, p))], "year": y, "form_code": "HTXS" if (p + y) % 3 else "LDTT",
                 "status": "awarded", "unit_code": f"bx-{u:03d}", "source": "import", "created_at": now}
                for u in range(UNITS) for p in range(PEOPLE) for y in YEARS]
        for start in range(0, len(rows), 5000):
            session.execute(insert(TitleRecord), rows[start:start + 5000])


def ms(values: list[float]) -> str:
    values = sorted(values)
    return f"median {statistics.median(values) * 1000:.1f} ms, p95 {values[int(len(values) * 0.95)] * 1000:.1f} ms"


def streak_checks(engine) -> str:
    rng, times = random.Random(1), []
    with transaction(engine) as session:
        for _ in range(200):
            u, p = rng.randrange(UNITS), rng.randrange(PEOPLE)
            start = time.perf_counter()
            for form in ("BK_TINH", "BK_TTCP"):
                streaks.check(session, subject="individual", name=name_of(u, p), unit_code=f"bx-{u:03d}",
                              form_code=form, year=2020, day=dt.date(2020, 12, 31))
            times.append(time.perf_counter() - start)
    return ms(times)


def many_checks(engine, count: int = 500) -> str:
    """A round's nominees at once, as /dexuat and the council read them (`streaks.check_many`), against one
    `check_nomination` each (what they did before: a few queries per nominee)."""
    rng = random.Random(3)
    with transaction(engine) as session:
        round_ = session.exec(select(Round).where(Round.code == "tongket-2020")).one()
        rows = []
        for n in range(count):
            u, p = rng.randrange(UNITS), rng.randrange(PEOPLE)
            rows.append((Nomination(id=n + 1, subject="individual", name=name_of(u, p), birth_year=1960 + (u + p) % 40,
                                    form_code="BK_TINH" if n % 2 else "BK_TTCP"), f"bx-{u:03d}"))
        streaks.check_many(session, rows, round_)  # the pages of the titles' table read once: both timed warm
        session.info.clear()
        start = time.perf_counter()
        at_once = streaks.check_many(session, rows, round_)
        batch = time.perf_counter() - start
        session.info.clear()
        start = time.perf_counter()
        each = {n.id: streaks.check_nomination(session, n, unit, round_) for n, unit in rows}
        single = time.perf_counter() - start
        assert {k: [c.missing for c in v] for k, v in at_once.items()} == {k: [c.missing for c in v] for k, v in each.items()}
    return f"{count} nominees {batch * 1000:.0f} ms at once, {single * 1000:.0f} ms one by one"


def hoso(dispatcher) -> str:
    with transaction(dispatcher.engine) as session:
        code = create_invitation(session, find_units(session, "tuan-giao")[0], "official", 1)
    chat = dict(channel="console", chat_id="9", sender_id="9", sender_name="Bench")
    dispatcher.handle(Incoming(**chat, text=code))
    base = []
    for _ in range(30):  # what any command costs through the core (a chat's state, the outbox), for comparison
        start = time.perf_counter()
        dispatcher.handle(Incoming(**chat, text="/help"))
        base.append(time.perf_counter() - start)
    rng, times = random.Random(2), []
    for _ in range(100):
        u, p = rng.randrange(UNITS), rng.randrange(PEOPLE)
        start = time.perf_counter()
        replies = dispatcher.handle(Incoming(**chat, text=f"/hoso {fold(name_of(u, p))}"))
        times.append(time.perf_counter() - start)
        assert "2019" in replies[-1].text, replies[-1].text
    return f"{ms(times)} (/help through the core: {ms(base)})"


def history_file() -> bytes:
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.append([record_workbooks.texts.RECORD_HEADERS[key] for key in record_import.COLUMNS])
    for n in range(FILE_ROWS):
        u, p = n % UNITS, (n // UNITS) % PEOPLE
        year = 2000 + n // (UNITS * PEOPLE)  # 2000 for the first 10,000 rows, 2001 for the rest
        sheet.append([year, name_of(u, p), 1960 + (u + p) % 40, None, f"Bench {u:03d}", "Giáo viên",
                      "Lao động tiên tiến", f"{n}/QĐ-UBND", "15/12/2000", "UBND huyện"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@contextlib.contextmanager
def clerk_writing(engine):
    """Meanwhile, a clerk's answer: a small write every 20 ms; yields the waits (seconds) as they come."""
    waits, stop = [], threading.Event()

    def clerk() -> None:
        while not stop.is_set():
            start = time.perf_counter()
            with transaction(engine) as session:
                session.add(AuditLog(action="bench", detail={}))
            waits.append(time.perf_counter() - start)
            time.sleep(0.02)

    thread = threading.Thread(target=clerk, daemon=True)
    thread.start()
    try:
        yield waits
        time.sleep(0.1)
    finally:
        stop.set()
        thread.join()


def import_file(engine, data: bytes) -> str:
    settings = Settings(_env_file=None)
    start = time.perf_counter()
    request = (data, "lich-su.xlsx", [record_workbooks.records_layout()], 50 * 2**20)
    sheet = sandbox.run(READER, request, seconds=settings.upload_read_seconds * 4,
                        memory_mb=settings.upload_read_memory_mb)
    read = time.perf_counter() - start
    with transaction(engine) as session:
        checked = record_import.check(session, sheet, 2020)
    checked_at = time.perf_counter() - start
    assert not checked.problems, checked.problems[:3]
    with clerk_writing(engine) as waits:
        time.sleep(0.1)
        with transaction(engine) as session:
            saved = record_import.save(session, checked)
        total = time.perf_counter() - start
    return (f"{len(data) / 2**20:.1f} MB, {FILE_ROWS} rows: read {read:.1f} s, checked {checked_at - read:.1f} s, "
            f"stored {total - checked_at:.1f} s ({saved.saved} titles); total {total:.1f} s; "
            f"a clerk's write waited at most {max(waits) * 1000:.0f} ms (median {statistics.median(waits) * 1000:.0f} ms)")


def run(url: str, data: bytes) -> None:
    settings = Settings(_env_file=None, DATABASE_URL=url, TELEGRAM_BOT_TOKEN=None)
    dispatcher = prepare(settings)
    started = time.perf_counter()
    populate(dispatcher.engine)
    print(f"{url.split(':')[0]}: {UNITS * PEOPLE * len(YEARS):,} records in {time.perf_counter() - started:.0f} s")
    print(f"  streak check (2 rules): {streak_checks(dispatcher.engine)}")
    print(f"  a round's streak checks (/dexuat, the council): {many_checks(dispatcher.engine)}")
    print(f"  /hoso <name>: {hoso(dispatcher)}")
    print(f"  import: {import_file(dispatcher.engine, data)}")
    dispatcher.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    args = parser.parse_args()
    data = history_file()
    if args.database_url:
        run(args.database_url, data)
        return
    from tests.harness import fresh_database, postgres_problem
    with tempfile.TemporaryDirectory() as scratch:
        for kind in ("sqlite", "postgresql"):
            if kind == "postgresql" and postgres_problem():
                print("postgresql: not reachable, skipped")
                continue
            with fresh_database(kind, Path(scratch)) as url:
                run(url, data)


if __name__ == "__main__":
    main()
