"""Benchmark: the officials' pages (bot/web_pages/) for a province of 45 units and for 3,321 communes.

    .venv/bin/python bench/web.py [--communes 45 3321] [--runs 5] [--database-url postgresql+psycopg://…]
    .venv/bin/python bench/web.py --screenshots docs/web     # the demo district's pages in Chromium, as PNGs

For each size: the demo's catalogue with one province holding that many communes, every commune's report
submitted with a value for every indicator (bench/summary.py's `fill`), this year's and last year's (so every
summed figure, and each unit's, is drawn beside last year's as it is once the bot has run a year; `--no-last-year`:
this year's only), `--nominees N`: N nominees on each commune's list (LĐTT, every seventh a CSTĐCS), the pages served as
`python main.py web` serves them (in this process, on 127.0.0.1) and each page fetched over HTTP through
a signed link, the median of `--runs` fetches. Targets (issue 29): one page ≤ 200 ms for 45 units,
≤ 1 s for 3,321 communes. Prints one line per page: the median, the slowest, the median CPU time of
this process for it (the server's work and SQLite's, and the client's small share: a figure a busy
machine does not inflate), the page's size.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import insert  # noqa: E402
from sqlmodel import select  # noqa: E402

from bench.summary import DEMO, fill, postgres_schema  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.web import settle_after_start  # noqa: E402
from bot.web_pages.server import alone  # noqa: E402
from bot.web_pages.signing import WebLinks  # noqa: E402
from main import prepare  # noqa: E402
from storage.db import transaction  # noqa: E402
from storage.models import Nomination, Report, Unit  # noqa: E402
from storage.people import fold  # noqa: E402
from storage.reports import round_by_code  # noqa: E402

PAGES = ("", "tiendo", "xa/x0", "chitieu", "chitieu/ntm_tieu_chi", "chitieu/ktxh_luong_thuc", "danhsach", "tep")


def province_catalog(path: Path, communes: int) -> None:
    """The demo catalogue with its units replaced by one province and its communes."""
    text = DEMO.read_text(encoding="utf-8")
    head, rest = text.split("[[units]]", 1)
    tail = rest[rest.index("[[campaigns]]"):]
    units = ['[[units]]\ncode = "t"\nname = "Thử"\nkind = "tỉnh"\n']
    units += [f'[[units]]\ncode = "x{c}"\nname = "Xã {c}"\nkind = "xã"\nparent = "t"\n' for c in range(communes)]
    path.write_text(head + "\n".join(units) + "\n" + tail, encoding="utf-8")


def nominate(engine, round_code: str, per_unit: int) -> int:
    """Each commune's list of nominees: `per_unit` confirmed nominees (bulk inserts)."""
    with transaction(engine) as session:
        round_ = round_by_code(session, round_code)
        rows = []
        for n, report_id in enumerate(session.exec(select(Report.id).where(Report.round_id == round_.id)).all()):
            for i in range(per_unit):
                name = f"Người số {n}-{i}"
                extra = dict(prereq_mode="list", initiative="Sáng kiến", initiative_ref="1/QĐ") if i % 7 == 6 else {}
                rows.append(dict(report_id=report_id, subject="individual", name=name, name_key=fold(name),
                                 position="Giáo viên", form_code="CSTDCS" if extra else "LDTT", achievements="Tốt.",
                                 complete=True, **extra))
        if rows:
            session.execute(insert(Nomination), rows)
        return len(rows)


async def measure(settings: Settings, engine, runs: int) -> list[tuple[str, float, float, float, int]]:
    server = alone(settings, engine)
    await server.start()
    settle_after_start()  # as `main.py web` does once it serves
    with transaction(engine) as session:
        top = session.exec(select(Unit).where(Unit.code == "t")).one().id
    link = WebLinks(settings).make(top).url.split("/", 3)[3]
    out = []
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}/", timeout=120) as client:
            for page in PAGES:
                times, cpu, size = [], [], 0
                for _ in range(runs):
                    start, used = time.perf_counter(), time.process_time()
                    answer = await client.get(link + page)
                    times.append(time.perf_counter() - start)
                    cpu.append(time.process_time() - used)  # this process's CPU (server, SQLite, client)
                    assert answer.status_code == 200, (page, answer.status_code)
                    size = len(answer.content)
                out.append((page or "(summary)", statistics.median(times), max(times), statistics.median(cpu), size))
    finally:
        await server.stop()
    return out


def run(communes: int, runs: int, url: str, folder: Path, last_year: bool = True, nominees: int = 0) -> None:
    catalog = folder / f"catalog-{communes}.toml"
    province_catalog(catalog, communes)
    settings = Settings(_env_file=None, CATALOG=str(catalog), DATABASE_URL=url, TELEGRAM_BOT_TOKEN=None,
                        ZALO_BOT_TOKEN=None, HTTP_PORT=0, PUBLIC_BASE_URL="http://127.0.0.1", WEB_SECRET="bench",
                        WEB_PAGES_PER_MINUTE=10000)
    engine = prepare(settings).engine
    values = fill(engine, "tongket-2020")
    before = fill(engine, "tongket-2019", seed=2019) if last_year else 0
    listed = nominate(engine, "tongket-2020", nominees)
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    target = 0.2 if communes <= 45 else 1.0
    print(f"\n{communes:,} communes ({values:,} value rows" + (f", last year's {before:,}" if before else "")
          + (f", {listed:,} nominees" if listed else "")
          + f"; {engine.url.get_backend_name()}), target ≤ {target * 1000:.0f} ms a page")
    for page, median, slowest, cpu, size in asyncio.run(measure(settings, engine, runs)):
        mark = "ok" if median <= target else "OVER"
        print(f"  {page:24} median {median * 1000:6.0f} ms  slowest {slowest * 1000:6.0f} ms  "
              f"CPU {cpu * 1000:6.0f} ms  {size / 1024:6.0f} KiB  {mark}")
    engine.dispose()


SHOTS = (("tong-hop", "", 1000, 1250), ("tien-do", "tiendo", 1000, 900), ("xa", "xa/quai-nua", 1000, 1100),
         ("chi-tieu", "chitieu/ntm_tieu_chi", 1000, 1000), ("danh-sach", "danhsach", 1000, 1000),
         ("tep", "tep", 1000, 420), ("dien-thoai", "tiendo", 390, 800), ("lien-ket-sai", "x", 1000, 300))


async def shoot(folder: Path, out: Path) -> None:
    """The demo district's pages drawn by headless Chromium, each a small PNG in `out`."""
    import datetime as dt
    import subprocess
    from zoneinfo import ZoneInfo

    from PIL import Image

    from storage import demo
    from storage.catalog import load_catalog

    settings = Settings(_env_file=None, DATABASE_URL=f"sqlite:///{folder / 'demo.db'}", TELEGRAM_BOT_TOKEN=None,
                        ZALO_BOT_TOKEN=None, HTTP_PORT=0, PUBLIC_BASE_URL="http://127.0.0.1", WEB_SECRET="shots")
    engine = prepare(settings).engine
    demo.open_demo(engine, load_catalog(settings.catalog), dt.datetime.now(ZoneInfo(settings.tz)))
    server = alone(settings, engine)
    await server.start()
    with transaction(engine) as session:
        top = session.exec(select(Unit).where(Unit.code == "tuan-giao")).one().id
    link = f"http://127.0.0.1:{server.port}/" + WebLinks(settings).make(top).url.split("/", 3)[3]
    out.mkdir(parents=True, exist_ok=True)
    try:
        for name, page, width, height in SHOTS:
            url = link.replace(link.split("/")[4], "1.1.bad") + page if name == "lien-ket-sai" else link + page
            target = out / f"{name}.png"
            await asyncio.to_thread(subprocess.run, [
                "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                f"--user-data-dir={folder / 'profile'}", f"--window-size={width},{height}", f"--screenshot={target}",
                url], capture_output=True, timeout=90)
            image = Image.open(target).convert("RGB")
            if width > 500:
                image = image.resize((image.width * 3 // 4, image.height * 3 // 4), Image.LANCZOS)
            image.quantize(colors=64).save(target, optimize=True)
            print(target, f"{target.stat().st_size / 1024:.0f} KiB")
    finally:
        await server.stop()
        engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--screenshots", type=Path, help="draw the demo's pages into this folder instead")
    parser.add_argument("--communes", type=int, nargs="+", default=[45, 3321])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", help="a PostgreSQL URL (a schema of its own per size, dropped afterwards; "
                                               "default: SQLite files)")
    parser.add_argument("--no-last-year", action="store_true", help="no report of last year (nothing compared)")
    parser.add_argument("--nominees", type=int, default=0, help="nominees on each commune's list")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="thidua-bench-web-"))
    if args.screenshots:
        asyncio.run(shoot(folder, args.screenshots))
        return 0
    for n in args.communes:
        if args.database_url:
            with postgres_schema(args.database_url) as url:
                run(n, args.runs, url, folder, not args.no_last_year, args.nominees)
        else:
            run(n, args.runs, f"sqlite:///{folder / f'web-{n}.db'}", folder, not args.no_last_year, args.nominees)
    return 0


if __name__ == "__main__":
    sys.exit(main())
