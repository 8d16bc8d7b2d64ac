"""Benchmark: compile the summary of 3,321 communes with full reports.

    .venv/bin/python bench/summary.py [--communes 3321] [--keep DIR]
    .venv/bin/python bench/summary.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

Builds a synthetic catalogue (the demo's campaigns, indicators and rounds;
34 provinces holding the communes) and a database with every commune's report
submitted (a SQLite file, or with --database-url a PostgreSQL schema of its own,
dropped afterwards), then prints, best of three runs:
  - the time to compile the summary (storage.summary: SQL grouped queries),
  - the time of a plain SELECT of the same value rows (the floor),
  - their ratio,
  - the time to write the .docx (bot/documents/report_docx.py) and the .xlsx (bot/documents/report_xlsx.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import select  # noqa: E402

from bot.documents import report_docx, report_xlsx  # noqa: E402
from bot.documents.chart import progress_chart  # noqa: E402
from bot.settings import Settings  # noqa: E402
from main import prepare  # noqa: E402
from storage.db import transaction  # noqa: E402
from storage.models import Indicator, Report, ReportValue, Unit, User  # noqa: E402
from storage.reports import round_by_code  # noqa: E402
from storage.lookup import COUNTED  # noqa: E402
from storage.summary import compile_summary  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEMO = ROOT / "storage" / "catalogs" / "tuan_giao_2020.toml"
PROVINCES = 34


def synthetic_catalog(path: Path, communes: int) -> None:
    """The demo catalogue with its units replaced by provinces and communes."""
    text = DEMO.read_text(encoding="utf-8")
    head, rest = text.split("[[units]]", 1)
    tail = rest[rest.index("[[campaigns]]"):]
    units = []
    for p in range(PROVINCES):
        units.append(f'[[units]]\ncode = "t{p}"\nname = "Tỉnh {p}"\nkind = "tỉnh"\n')
    for c in range(communes):
        units.append(f'[[units]]\ncode = "x{c}"\nname = "Xã {c}"\nkind = "xã"\nparent = "t{c % PROVINCES}"\n')
    path.write_text(head + "\n".join(units) + "\n" + tail, encoding="utf-8")


def fill(engine, round_code: str, seed: int = 2020) -> int:
    """Every commune's report, submitted, with a value for every indicator (bulk inserts)."""
    rng = random.Random(seed)
    with transaction(engine) as session:
        round_ = round_by_code(session, round_code)
        units = session.exec(select(Unit).where(Unit.is_reporting == True)).all()  # noqa: E712
        indicators = session.exec(select(Indicator)).all()
        user = User(full_name="bench", role="clerk", unit_id=units[0].id)
        session.add(user)
        session.flush()
        at = dt.datetime(2020, 12, 15, 3, tzinfo=dt.timezone.utc)
        session.execute(insert(Report), [
            {"round_id": round_.id, "unit_id": u.id, "status": "submitted", "submitted_at": at, "submissions": 1,
             "receipt_no": f"BC{u.id:05d}-1", "edited_after_submit": False, "updated_at": at} for u in units])
        reports = dict(session.exec(select(Report.unit_id, Report.id).where(Report.round_id == round_.id)).all())
        rows = []
        for u in units:
            for ind in indicators:
                base = {"report_id": reports[u.id], "skipped": False, "updated_at": at, "updated_by": user.id}
                if ind.type == "text":
                    if rng.random() < 0.3:
                        rows.append(base | {"field": ind.code, "text": f"Ghi chú của {u.name}", "number": None})
                    continue
                if ind.type == "choice":
                    rows.append(base | {"field": ind.code, "text": rng.choice(ind.choices), "number": None})
                    continue
                hi = ind.max if ind.max is not None else 5000
                value = rng.randint(int(ind.min or 0), int(hi)) if ind.type == "integer" else round(rng.uniform(0, hi), 1)
                rows.append(base | {"field": ind.code, "number": float(value), "text": None})
                if ind.plan:
                    rows.append(base | {"field": f"plan:{ind.code}", "number": float(hi), "text": None})
        session.execute(insert(ReportValue), rows)
        return len(rows)


def best(fn, runs: int = 3):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--keep", help="write the database and the files in this folder")
    parser.add_argument("--database-url", help="a PostgreSQL URL: the benchmark works in a schema of its own "
                                               "there and drops it afterwards (default: a SQLite file)")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="thidua-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    catalog, database = folder / "catalog.toml", folder / "bench.db"
    database.unlink(missing_ok=True)
    synthetic_catalog(catalog, args.communes)
    if args.database_url:
        with postgres_schema(args.database_url) as url:
            return run(args, folder, catalog, url)
    return run(args, folder, catalog, f"sqlite:///{database}")


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A fresh schema for the benchmark's tables, dropped afterwards."""
    import psycopg

    schema = f"bench_summary_{os.getpid()}"
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def run(args, folder: Path, catalog: Path, url: str) -> int:
    print(f"database: {make_url(url).get_backend_name()}")
    settings = Settings(_env_file=None, CATALOG=str(catalog), DATABASE_URL=url,
                        TELEGRAM_BOT_TOKEN=None, ZALO_BOT_TOKEN=None)
    start = time.perf_counter()
    engine = prepare(settings).engine
    values = fill(engine, "tongket-2020")
    # A live database has planner statistics (PostgreSQL's autovacuum gathers them after a
    # bulk load); without them the planner guesses a handful of rows and picks nested loops.
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    print(f"set-up: {args.communes:,} communes, {values:,} value rows, {time.perf_counter() - start:.1f} s")

    now = dt.datetime(2020, 12, 21, 8, tzinfo=TZ)
    with transaction(engine) as session:
        round_ = round_by_code(session, "tongket-2020")

        def plain_select():
            return session.exec(select(ReportValue.report_id, ReportValue.field, ReportValue.number,
                                       ReportValue.text)
                                .join(Report, Report.id == ReportValue.report_id)
                                .where(Report.round_id == round_.id, Report.status.in_(COUNTED))).all()

        floor, rows = best(plain_select)
        compiled, summary = best(lambda: compile_summary(session, round_, now))
        docx_time, docx = best(lambda: report_docx.write_docx(summary))
        xlsx_time, xlsx = best(lambda: report_xlsx.write_xlsx(summary), runs=1)
        chart_time, chart = best(lambda: progress_chart(summary.progress, round_.name))
    (folder / "tong-hop.docx").write_bytes(docx)
    (folder / "so-lieu.xlsx").write_bytes(xlsx)
    (folder / "tien-do.png").write_bytes(chart)

    print(f"plain SELECT of the value rows ({len(rows):,} rows): {floor * 1000:8.0f} ms   (the floor)")
    print(f"compile the summary (SQL grouped queries):     {compiled * 1000:8.0f} ms")
    print(f"ratio compile / floor:                          {compiled / floor:8.2f}")
    print(f"write the .docx ({len(docx) / 1024:,.0f} KiB):                    {docx_time * 1000:8.0f} ms")
    print(f"write the .xlsx ({len(xlsx) / 1024:,.0f} KiB, incl. per-unit pivots): {xlsx_time * 1000:8.0f} ms")
    print(f"draw the chart:                                 {chart_time * 1000:8.0f} ms")
    print(f"files in {folder}")
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
