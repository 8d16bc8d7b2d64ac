"""Command line and composition root of the Thi đua bot.

    python main.py run                 serve every channel that has a token (no token: terminal demo)
    python main.py invite --unit UNIT --role clerk|official|admin
    python main.py catalog check [FILE]
    python main.py summary --round CODE --out DIR [--unit UNIT]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import re
import signal
import sys
from typing import Callable, Optional

from bot.settings import Settings
from handlers.dispatcher import Dispatcher
from storage.catalog import CatalogError, load_catalog, sync_catalog
from storage.db import create_tables, make_engine, transaction
from storage.people import ROLES, create_invitation, find_units

log = logging.getLogger("thidua")


class RedactSecrets(logging.Filter):
    """Bot tokens travel in URL paths; keep them out of every log line."""

    def __init__(self, secrets: list[str]):
        super().__init__()
        self.patterns = [re.compile(re.escape(s)) for s in secrets if s]
        self.generic = re.compile(r"/bot\d+:[\w-]+")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for pattern in self.patterns:
            message = pattern.sub("<token>", message)
        message = self.generic.sub("/bot<token>", message)
        record.msg, record.args = message, None
        return True


def setup_logging(settings: Settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets([settings.telegram_bot_token or "", settings.zalo_bot_token or ""]))
    logging.basicConfig(level=settings.log_level.upper(), handlers=[handler], force=True)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # it logs every polling request


def prepare(settings: Settings, clock: Optional[Callable[[], dt.datetime]] = None) -> Dispatcher:
    """Open the database, create the tables and sync the catalogue into them."""
    catalog = load_catalog(settings.catalog)
    engine = make_engine(settings.database_url)
    create_tables(engine)
    with transaction(engine) as session:
        sync_catalog(session, catalog)
    return Dispatcher(engine, settings, clock)


async def serve(settings: Settings, dispatcher: Dispatcher) -> None:
    from bot.telegram import TelegramChannel

    channels = []
    if settings.telegram_bot_token:
        channels.append(TelegramChannel(settings, dispatcher))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    for channel in channels:
        await channel.start()
    log.info("bot running: %s", ", ".join(type(c).__name__ for c in channels))
    await stop.wait()
    for channel in channels:
        await channel.stop()
    log.info("bot stopped")


def cmd_run(settings: Settings, _args) -> int:
    dispatcher = prepare(settings)
    if not settings.telegram_bot_token and not settings.zalo_bot_token:
        from bot.console import ConsoleChat

        logging.getLogger().setLevel(logging.WARNING)  # keep the terminal chat clean
        ConsoleChat(dispatcher, settings.invite_days).run()
        return 0
    asyncio.run(serve(settings, dispatcher))
    return 0


def cmd_invite(settings: Settings, args) -> int:
    dispatcher = prepare(settings)
    with transaction(dispatcher.engine) as session:
        units = find_units(session, args.unit)
        if len(units) != 1:
            names = ", ".join(f"{u.kind} {u.name} ({u.code})" for u in units[:10])
            print(f"Không tìm thấy đơn vị '{args.unit}'." if not units
                  else f"'{args.unit}' khớp nhiều đơn vị: {names}. Hãy dùng mã đơn vị.", file=sys.stderr)
            return 2
        unit = units[0]
        code = create_invitation(session, unit, args.role, args.days or settings.invite_days)
    days = args.days or settings.invite_days
    print(f"Mã mời cho {args.role} của {unit.kind} {unit.name}, dùng một lần, hết hạn sau {days} ngày:")
    print(code)
    return 0


def cmd_catalog(settings: Settings, args) -> int:
    path = args.file or settings.catalog
    catalog = load_catalog(path)
    print(f"{path}: hợp lệ — {len(catalog.units)} đơn vị ({len(catalog.reporting_units)} báo cáo), "
          f"{len(catalog.sections)} phần, {len(catalog.indicators)} chỉ tiêu, {len(catalog.rounds)} kỳ báo cáo.")
    return 0


def cmd_summary(settings: Settings, args) -> int:
    """Write the compiled summary (.docx, .xlsx) and the progress chart (.png) without the chat."""
    from pathlib import Path
    from zoneinfo import ZoneInfo

    from bot import documents
    from storage.summary import compile_summary
    from storage.reports import round_by_code

    dispatcher = prepare(settings)
    with transaction(dispatcher.engine) as session:
        round_ = round_by_code(session, args.round)
        if round_ is None:
            print(f"Không có kỳ báo cáo mã '{args.round}'.", file=sys.stderr)
            return 2
        top = None
        if args.unit:
            units = find_units(session, args.unit)
            if len(units) != 1:
                print(f"Không xác định được đơn vị '{args.unit}': hãy dùng mã đơn vị.", file=sys.stderr)
                return 2
            top = units[0].id
        now = dt.datetime.now(ZoneInfo(settings.tz))
        summary = compile_summary(session, round_, now, top)
        files = {
            f"tong-hop-{round_.code}.docx": documents.write_docx(summary),
            f"so-lieu-{round_.code}.xlsx": documents.write_xlsx(summary),
            f"tien-do-{round_.code}.png": documents.progress_chart(summary.progress, round_.name),
        }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out / name).write_bytes(data)
        print(out / name)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description="Bot báo cáo thi đua, khen thưởng")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="chạy bot (không có token: trò chuyện thử trong terminal)")
    invite = sub.add_parser("invite", help="tạo mã mời dùng một lần")
    invite.add_argument("--unit", required=True, help="mã hoặc tên đơn vị, có hoặc không dấu")
    invite.add_argument("--role", required=True, choices=ROLES)
    invite.add_argument("--days", type=int, help="số ngày trước khi mã hết hạn")
    catalog = sub.add_parser("catalog", help="kiểm tra tệp danh mục")
    catalog.add_argument("action", choices=["check"])
    catalog.add_argument("file", nargs="?")
    summary = sub.add_parser("summary", help="ghi bản tổng hợp (.docx, .xlsx) và biểu đồ tiến độ (.png)")
    summary.add_argument("--round", required=True, help="mã kỳ báo cáo, ví dụ tongket-2020")
    summary.add_argument("--out", required=True, help="thư mục ghi tệp")
    summary.add_argument("--unit", help="chỉ các đơn vị thuộc đơn vị này (mã hoặc tên); mặc định: tất cả")
    return parser


COMMANDS = {"run": cmd_run, "invite": cmd_invite, "catalog": cmd_catalog, "summary": cmd_summary}


def main(argv: Optional[list[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    setup_logging(settings)
    try:
        return COMMANDS[args.command](settings, args)
    except CatalogError as exc:
        print(f"Danh mục không hợp lệ — {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
