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
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import summary as bench_summary  # noqa: E402  (bench/summary.py: the synthetic catalogue and its reports)
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import select  # noqa: E402

from bot.settings import Settings  # noqa: E402
from main import prepare  # noqa: E402
from storage import history  # noqa: E402
from storage.db import transaction  # noqa: E402
from storage.figures import Scope  # noqa: E402
from storage.models import Indicator, Unit  # noqa: E402
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
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
