"""Command line and composition root of the Thi đua bot.

    python main.py run                 serve every channel that has a token (no token: terminal demo)
    python main.py invite --unit UNIT --role clerk|official|admin
    python main.py catalog check [FILE]
    python main.py jobs --now "YYYY-MM-DD HH:MM"
    python main.py round list | open CODE | close CODE | deadline CODE DD/MM/YYYY
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

from zoneinfo import ZoneInfo

from bot import texts as T
from bot.events import Senders
from bot.numbers import parse_date
from bot.settings import Settings
from handlers.dispatcher import Dispatcher
from handlers.rounds import schedule_text
from scheduler.runner import Runner
from scheduler.service import ReminderScheduler
from storage import rounds as RS
from storage.catalog import CatalogError, load_catalog, sync_catalog
from storage.db import create_tables, make_engine, transaction
from storage.people import ROLES, create_invitation, find_units
from storage.reports import round_by_code

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

    channels, senders = [], {}
    if settings.telegram_bot_token:
        telegram = TelegramChannel(settings, dispatcher)
        channels.append(telegram)
        senders["telegram"] = telegram.sender
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    for channel in channels:
        await channel.start()
    scheduler = ReminderScheduler(Runner(dispatcher.engine, settings, Senders(senders)), settings)
    await scheduler.start()
    scheduler.follow(dispatcher)
    log.info("bot running: %s, scheduler", ", ".join(type(c).__name__ for c in channels))
    await stop.wait()
    scheduler.stop()
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


def parse_now(settings: Settings, text: Optional[str]) -> dt.datetime:
    tz = ZoneInfo(settings.tz)
    if not text:
        return dt.datetime.now(tz)
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=tz)


async def run_jobs(settings: Settings, dispatcher: Dispatcher, now: dt.datetime) -> list:
    """Every job due at `now`, once, through a Bot built from the settings (no polling)."""
    from bot.telegram import TelegramSender, make_bot

    bot = make_bot(settings)
    async with bot:
        runner = Runner(dispatcher.engine, settings, Senders({"telegram": TelegramSender(bot)}))
        return await runner.run_due(now, catch_up=True)


def cmd_jobs(settings: Settings, args) -> int:
    now = parse_now(settings, args.now)
    if not settings.telegram_bot_token:
        print("Cần TELEGRAM_BOT_TOKEN để gửi tin nhắn.", file=sys.stderr)
        return 2
    dispatcher = prepare(settings)
    outcomes = asyncio.run(run_jobs(settings, dispatcher, now))
    for outcome in outcomes:
        print(outcome.line())
    at = now.strftime("%H:%M %d/%m/%Y")
    sent = sum(1 for o in outcomes if o.status == "sent")
    print(T.JOBS_DONE.format(sent=sent, at=at) if outcomes else T.JOBS_NONE.format(at=at))
    return 0


def cmd_round(settings: Settings, args) -> int:
    dispatcher = prepare(settings)
    now = parse_now(settings, args.now)
    with transaction(dispatcher.engine) as session:
        if args.action == "list":
            for n, round_ in enumerate(RS.all_rounds(session), 1):
                info = RS.round_info(session, round_)
                print(T.ROUND_LINE.format(n=n, name=round_.name, code=round_.code,
                                          status=T.ROUND_STATUS[round_.status], deadline=T.date_vn(round_.deadline),
                                          done=info.submitted, total=info.total))
            return 0
        round_ = round_by_code(session, args.code or "")
        if round_ is None:
            print(T.ROUND_UNKNOWN.format(code=args.code or ""), file=sys.stderr)
            return 2
        try:
            if args.action == "deadline":
                day = parse_date(args.date, now.date())
                if day is None:
                    print(T.ERR_DATE.format(text=args.date or "", example="27/12/2020"), file=sys.stderr)
                    return 2
                old = RS.set_deadline(session, round_, day, now.date(), None)
                print(T.DEADLINE_CHANGED.format(name=round_.name, old=T.date_vn(old), new=T.date_vn(day),
                                                schedule=schedule_text(round_, settings, now)))
            else:
                RS.set_status(session, round_, "open" if args.action == "open" else "closed", None)
                print(T.ROUND_OPENED.format(name=round_.name, schedule=schedule_text(round_, settings, now))
                      if args.action == "open" else T.ROUND_CLOSED_OK.format(name=round_.name))
        except RS.RoundError as exc:
            print(T.ROUND_ERRORS[exc.code].format(opens=T.date_vn(round_.opens), today=T.date_vn(now.date())),
                  file=sys.stderr)
            return 2
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
    jobs = sub.add_parser("jobs", help="gửi một lần mọi tin nhắc hạn, quá hạn, tổng hợp đến hạn lúc --now")
    jobs.add_argument("--now", help='thời điểm "YYYY-MM-DD HH:MM" theo giờ TZ (mặc định: bây giờ)')
    round_ = sub.add_parser("round", help="xem, mở, đóng kỳ báo cáo, đổi hạn nộp")
    round_.add_argument("action", choices=["list", "open", "close", "deadline"])
    round_.add_argument("code", nargs="?", help="mã kỳ báo cáo, ví dụ tongket-2020")
    round_.add_argument("date", nargs="?", help="hạn nộp mới, ví dụ 27/12/2020")
    round_.add_argument("--now", help='thời điểm "YYYY-MM-DD HH:MM" để so hạn nộp (mặc định: bây giờ)')
    return parser


COMMANDS = {"run": cmd_run, "invite": cmd_invite, "catalog": cmd_catalog, "jobs": cmd_jobs, "round": cmd_round}


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
