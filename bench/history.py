"""Benchmark: last year's figures in a province of 10 years × 200 units (issue 26).

    .venv/bin/python bench/history.py [--units 200] [--years 10]
    .venv/bin/python bench/history.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

Builds the demo's catalogue with one province of N communes and an annual round for each of the years
up to 2020 (bench/summary.py's synthetic catalogue), every commune's report of every year submitted with
every indicator, then prints, best of five runs, the time of:
  - a comparison column: one indicator's figure of last year beside this year's for every unit
    (/chitieu's column, the web page's: storage/history.previous_values + compare);
  - one unit beside its last year (/xa, /duyet: every compared indicator);
  - the summary's comparisons (every summed or averaged figure beside last year's, like for like);
  - the previous round found in its series (storage/history.predecessor).
Target: a comparison column within 50 ms, on SQLite and on PostgreSQL.

Then an earlier year's workbook made by hand (a unit code column, one column per compared indicator, every
unit of the province) comes in as an official's file does (handlers/past_files.py): read by the bounded
reader in its own process, checked, staged, and kept on the yes in one transaction, while a clerk's small
write every 20 ms times its wait. `--units 3321 --years 2`: the national count of communes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import records as bench_records  # noqa: E402  (bench/records.py: a clerk's writes meanwhile)
import summary as bench_summary  # noqa: E402  (bench/summary.py: the synthetic catalogue and its reports)
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import select  # noqa: E402

from bot.settings import Settings  # noqa: E402
from main import prepare  # noqa: E402
from storage import history  # noqa: E402
from storage.db import transaction  # noqa: E402
from storage.figures import Scope  # noqa: E402
from storage.models import Indicator, Unit, User  # noqa: E402
from storage.reports import round_by_code  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
LAST = 2020


def catalogue(path: Path, units: int, years: int) -> None:
    """The demo's catalogue, one province of `units` communes, an annual round for each of `years` years."""
    bench_summary.PROVINCES = 1
    bench_summary.synthetic_catalog(path, units)
    text = path.read_text(encoding="utf-8")
    earlier = "".join(
        f'\n[[rounds]]\ncode = "tongket-{y}"\nname = "Tổng kết năm {y}"\nkind = "annual"\nperiod_start = {y}-01-01\n'
        f'period_end = {y}-12-31\ndeadline = {y}-12-20\nstatus = "closed"\n'
        for y in range(LAST - years + 1, LAST - 1))
    head, tail = text.split("[[rounds]]", 1)
    path.write_text(head + earlier.lstrip("\n") + "\n[[rounds]]" + tail, encoding="utf-8")


def best(fn, runs: int = 5):
    return bench_summary.best(fn, runs)  # the fastest of a few runs, as bench/summary.py times its figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--database-url", help="a PostgreSQL URL (a schema of its own, dropped afterwards)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="thidua-bench-history-"))
    catalogue(folder / "catalog.toml", args.units, args.years)
    if args.database_url:
        with bench_summary.postgres_schema(args.database_url) as url:
            return run(args, folder, url)
    return run(args, folder, f"sqlite:///{folder / 'bench.db'}")


def run(args, folder: Path, url: str) -> int:
    print(f"database: {make_url(url).get_backend_name()}")
    settings = Settings(_env_file=None, CATALOG=str(folder / "catalog.toml"), DATABASE_URL=url,
                        TELEGRAM_BOT_TOKEN=None, ZALO_BOT_TOKEN=None)
    start = time.perf_counter()
    engine = prepare(settings).engine
    values = sum(bench_summary.fill(engine, f"tongket-{y}") for y in range(LAST - args.years + 1, LAST + 1))
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    print(f"set-up: {args.units} units × {args.years} years, {values:,} value rows, {time.perf_counter() - start:.1f} s")

    with transaction(engine) as session:
        round_ = round_by_code(session, f"tongket-{LAST}")
        scope = Scope(session, round_, TZ)
        units = session.exec(select(Unit).where(Unit.is_reporting == True)).all()  # noqa: E712
        compared = [i for i in session.exec(select(Indicator)).all() if history.compares(i)]
        herd = next(i for i in compared if i.code == "ktxh_gia_suc")
        year, this_year = history.previous_year(session, round_), history.year_of(round_)

        def column():
            before = history.previous_values(session, round_, units, [herd])
            return [history.compare(herd, 1.0, before.get(u.id, {}).get(herd.code), year, this_year) for u in units]

        def one_unit():
            return history.unit_comparisons(session, round_, units[0], compared, {i.code: 1.0 for i in compared})

        def summary_comparisons():
            return history.previous_values(session, round_, units, compared)

        column_time, shown = best(column)
        unit_time, _ = best(one_unit)
        summary_time, _ = best(summary_comparisons)
        predecessor_time, before = best(lambda: history.predecessor(session, round_))
        figures_time, _ = best(lambda: Scope(session, round_, TZ).figures, runs=3)
        del scope
    print(f"last year's round: {before.code}; units beside last year in the column: "
          f"{sum(c is not None for c in shown)}/{len(units)}")
    print(f"a comparison column (1 indicator × {len(units)} units): {column_time * 1000:8.1f} ms   (target ≤ 50 ms)")
    print(f"one unit beside last year ({len(compared)} indicators):   {unit_time * 1000:8.1f} ms")
    print(f"the summary's last-year figures (all × all):       {summary_time * 1000:8.1f} ms")
    print(f"the round before in the series:                     {predecessor_time * 1000:8.1f} ms")
    print(f"every figure of the round, with its comparison:     {figures_time * 1000:8.1f} ms")
    print(import_figures(engine, settings))
    engine.dispose()
    return 0


def workbook(units: list[Unit], compared: list[Indicator]) -> bytes:
    """A hand-made workbook of 2018: a title, the header (unit code, name, the indicators' codes), every unit."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("2018")
    sheet.append(["Số liệu năm 2018"])
    sheet.append(["Mã đơn vị", "Đơn vị", *[i.code for i in compared]])
    for n, unit in enumerate(units):
        sheet.append([unit.code, unit.name, *[_figure(i, n) for i in compared]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _figure(ind: Indicator, n: int) -> float:
    """A figure within the indicator's range: a whole number unless it is a percentage."""
    low, high = ind.min if ind.min is not None else 0, ind.max if ind.max is not None else 10_000
    value = low + (n % 7) * (high - low) / 7
    return round(value, 2) if ind.type == "percent" else int(value)


def import_figures(engine, settings: Settings) -> str:
    """An official's workbook of 2018 for every unit, from the file's bytes to the figures kept."""
    from bot import sandbox
    from bot.documents import record_workbooks
    from bot.documents.list_workbooks import LAYOUTS
    from handlers import past_files
    from handlers.list_files import READER
    from storage import past_import
    from storage.db import reading

    with transaction(engine) as session:
        units = list(session.exec(select(Unit).where(Unit.is_reporting == True).order_by(Unit.id)).all())  # noqa: E712
        compared = [i for i in session.exec(select(Indicator).order_by(Indicator.id)).all() if history.compares(i)]
        top = session.exec(select(Unit).where(Unit.parent_id == None)).first()  # noqa: E711
        user = User(full_name="Bench", role="official", unit_id=top.id)
        session.add(user)
        session.flush()
        user_id = user.id
    data = workbook(units, compared)
    with bench_records.clerk_writing(engine) as waits:
        start = time.perf_counter()
        with reading(engine) as session:
            layouts = [record_workbooks.records_layout(), past_files.layout(session), *LAYOUTS.values()]
        sheet = sandbox.run(READER, (data, "2018.xlsx", layouts, settings.upload_max_bytes),
                            seconds=settings.upload_read_seconds * 4, memory_mb=settings.upload_read_memory_mb)
        read = time.perf_counter()
        checked = past_files.ready(engine, sheet, user_id)  # checked (a read session), staged (short transactions)
        assert not checked.problems, checked.problems[:3]
        ready = time.perf_counter()
        with transaction(engine) as session:
            kept = past_import.keep(session, checked.batch, user_id)
        done = time.perf_counter()
    return (f"an earlier year's workbook, {len(units)} units × {len(compared)} indicators "
            f"({len(data) / 2**20:.2f} MB, {kept.figures:,} figures): read {read - start:.1f} s, checked and staged "
            f"{ready - read:.1f} s, kept on the yes {done - ready:.2f} s; a clerk's write waited at most "
            f"{max(waits) * 1000:.0f} ms (median {statistics.median(waits) * 1000:.0f} ms)")


if __name__ == "__main__":
    sys.exit(main())
