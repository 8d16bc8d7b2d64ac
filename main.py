"""Command line and composition root of the Thi đua bot.

    python main.py run                 serve every channel that has a token (no token: terminal demo)
    python main.py run --webhook       the same, taking updates by webhook on the bot's HTTP server
    python main.py invite --unit UNIT --role clerk|official|admin
    python main.py link-code --user NAME|ID
    python main.py catalog check [FILE]
    python main.py summary --round CODE --out DIR [--unit UNIT]
    python main.py council --round CODE --out DIR [--unit UNIT]
    python main.py jobs --now "YYYY-MM-DD HH:MM"
    python main.py demo reset [--database URL]
    python main.py round list | open CODE | close CODE | deadline CODE DD/MM/YYYY
    python main.py db upgrade | current | revision -m MESSAGE
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import logging
import os
import re
import signal
import sys
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Callable, Optional

from zoneinfo import ZoneInfo

from sqlmodel import select

from bot import texts
from bot.channels.base import BaseChannel, Channel
from bot.outbox import Outbox, Pace
from bot.events import Senders
from storage.numbers import parse_date
from bot.settings import Settings
from handlers import (council_results, deliberation, district_nominees, list_files, menu, nominations, officials,
                      registration, report_flow, review, role_models, rounds)
from handlers.dispatcher import Dispatcher
from handlers.registry import ADMIN, CLERK, EVERYONE, OFFICIALS, Command, Handlers
from handlers.rounds import schedule_text
from scheduler.leader import Leadership, SchedulerLock
from scheduler.runner import Outcomes, Runner
from scheduler.service import ReminderScheduler
from storage import outbox as outbox_store
from storage import rounds as round_store
from storage.catalog import CatalogError, load_catalog, sync_catalog
from storage.db import SchemaError, forget_old_updates, make_engine, migrate, transaction
from storage.models import utcnow
from storage.people import ROLES, create_invitation, find_units
from storage.reports import round_by_code

log = logging.getLogger("thidua")

# --- what the chat can do -------------------------------------------------------------------------
# Every command (name, who may use it, its menu button, what runs, whether the menu shows it), in
# menu order; every flow (a conversation in progress, by the name kept in the chat's state); the
# lists kept inside a report, in the order of its overview. Adding a command is one line here.
_NOMINATIONS, _ROLE_MODELS = nominations.NominationFlow(), role_models.RoleModelFlow()
HANDLERS = Handlers(
    commands=(
        Command("/start", EVERYONE, texts.BTN_HELP, menu.start, in_menu=False),
        Command("/help", EVERYONE, texts.BTN_HELP, menu.help_),
        Command("/huy", EVERYONE, texts.BTN_CANCEL, menu.cancel, in_menu=False),
        Command("/baocao", {CLERK}, texts.BTN_REPORT, report_flow.cmd_report),
        Command("/trangthai", {CLERK}, texts.BTN_STATUS, report_flow.cmd_status),
        Command("/khenthuong", {CLERK}, texts.BTN_NOMINATIONS, nominations.cmd_nominations),
        Command("/dienhinh", {CLERK}, texts.BTN_ROLE_MODELS, role_models.cmd_role_models),
        Command(list_files.COMMAND, {CLERK}, texts.BTN_LIST_FILES, list_files.cmd_files, in_menu=False),
        Command("/ketqua", {CLERK}, texts.BTN_OUTCOME, council_results.cmd_outcome),
        Command("/tiendo", OFFICIALS, texts.BTN_PROGRESS, officials.cmd_progress),
        Command("/xa", OFFICIALS, texts.BTN_UNIT_VIEW, officials.cmd_unit),
        Command("/chitieu", OFFICIALS, texts.BTN_INDICATOR, officials.cmd_indicator),
        Command("/tongkhenthuong", OFFICIALS, texts.BTN_AWARD_TOTALS, officials.cmd_award_totals),
        Command("/dexuat", OFFICIALS, texts.BTN_DISTRICT_NOMINEES, district_nominees.cmd_nominees),
        Command("/chuanop", OFFICIALS, texts.BTN_DIGEST_DETAILS, officials.cmd_late, in_menu=False),
        Command("/tonghop", OFFICIALS, texts.BTN_SUMMARY, officials.cmd_summary),
        Command("/pheduyet", OFFICIALS, texts.BTN_APPROVE, review.cmd_approve, in_menu=False),
        Command("/tralai", OFFICIALS, texts.BTN_RETURN, review.cmd_return, in_menu=False),
        Command("/duyet", OFFICIALS, texts.BTN_REVIEW_QUEUE, review.cmd_queue),
        Command("/mokhoa", {ADMIN}, texts.BTN_UNLOCK, review.cmd_unlock, in_menu=False),
        Command("/lichsu", OFFICIALS, texts.BTN_HISTORY, review.cmd_history),
        Command("/binhxet", OFFICIALS, texts.BTN_DELIBERATE, deliberation.cmd_deliberate),
        Command("/kybaocao", {ADMIN}, texts.BTN_ROUNDS, rounds.cmd_rounds),
        Command("/lienket", EVERYONE, texts.BTN_LINK, registration.link_code),
    ),
    flows={
        report_flow.FLOW: report_flow.ReportFlow(),
        nominations.FLOW: _NOMINATIONS,
        role_models.FLOW: _ROLE_MODELS,
        officials.FLOW: officials.OfficialsFlow(),
        review.FLOW: review.ReviewFlow(),
        rounds.FLOW: rounds.RoundsFlow(),
        deliberation.FLOW: deliberation.DeliberationFlow(),
    },
    report_parts=(_NOMINATIONS, _ROLE_MODELS),
    documents=list_files.ListFiles(),  # a list filled on a computer, sent back as a file
)


class RedactSecrets(logging.Filter):
    """Bot tokens travel in URL paths; keep them out of every log line."""

    def __init__(self, secrets: list[str]):
        super().__init__()
        self.patterns = [re.compile(re.escape(s)) for s in secrets if s]
        self.generic = re.compile(r"/bot\d+:[\w-]+")

    def redact(self, text: str) -> str:
        for pattern in self.patterns:
            text = pattern.sub("<token>", text)
        return self.generic.sub("/bot<token>", text)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = self.redact(record.getMessage()), None
        if record.exc_info and not record.exc_text:  # tracebacks may quote a request URL
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


# Libraries that log request URLs (with the token) or whole payloads (names, answers, codes) at
# DEBUG/INFO: never below these levels, whatever LOG_LEVEL says.
QUIET_LOGGERS = {"httpx": logging.WARNING, "httpcore": logging.WARNING, "telegram": logging.INFO,
                 "sqlalchemy": logging.WARNING, "aiohttp.access": logging.WARNING, "apscheduler": logging.INFO,
                 "alembic": logging.WARNING}  # migrate() logs what it did, in one line
_SECRETS: set[str] = set()
_plain_record_factory = logging.getLogRecordFactory()


def _redacted_record(*args, **kwargs) -> logging.LogRecord:
    record = _plain_record_factory(*args, **kwargs)
    RedactSecrets(sorted(_SECRETS, key=len, reverse=True)).filter(record)
    return record


def protect_logs(settings: Settings) -> None:
    """Redact this bot's secrets from every log record, whichever handler shows it (stderr, a file,
    pytest's caplog), and keep payload-logging libraries quiet."""
    from bot.channels import CHANNELS

    _SECRETS.update(s for cls in CHANNELS for s in settings.section(cls.Settings).secrets)
    if settings.download_secret:
        _SECRETS.add(settings.download_secret)
    logging.setLogRecordFactory(_redacted_record)
    for name, level in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(level)


def setup_logging(settings: Settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=settings.log_level.upper(), handlers=[handler], force=True)
    protect_logs(settings)


def prepare(settings: Settings, clock: Optional[Callable[[], dt.datetime]] = None) -> Dispatcher:
    """Open the database, bring its schema up to date (when safe) and sync the catalogue into it."""
    from bot.logs import guard_library_logs

    guard_library_logs()  # what people typed stays out of the libraries' and adapters' logs
    catalog = load_catalog(settings.catalog)
    for warning in catalog.warnings:
        log.warning("catalogue %s: %s", settings.catalog, warning)
    engine = make_engine(settings.database_url, settings.db_lock_timeout)
    log.info("database schema: %s", migrate(engine, automatic=True))
    with transaction(engine) as session:
        sync_catalog(session, catalog)
        forget_old_updates(session)
        outbox_store.forget_old(session, utcnow())
    return Dispatcher(engine, settings, HANDLERS, clock)


def channel_classes() -> list[type[BaseChannel]]:
    """Every registered channel (bot/channels/__init__.py), imported when needed."""
    from bot.channels import CHANNELS

    return list(CHANNELS)


def enabled_channels(settings: Settings, dispatcher: Dispatcher, links=None) -> list[Channel]:
    """A channel object for each registered channel its settings section enables."""
    return [cls(settings, dispatcher, links) for cls in channel_classes() if cls.enabled(settings)]


@dataclass
class Services:
    """Everything `run` starts: the enabled channels, the HTTP server if needed, the scheduler."""

    channels: list[Channel]
    web: Optional[object]
    outbox: Outbox
    scheduler: Optional[ReminderScheduler]
    leadership: Optional[Leadership] = None  # runs the scheduler on one instance only

    async def start(self) -> None:
        for channel in self.channels:
            await channel.start()
        await self.outbox.start()  # sends what an earlier run left unsent, then whatever fails later
        if self.web is not None:  # after the channels: a webhook call may come at once
            await self.web.start()
        for channel in self.channels:  # e.g. Telegram's setWebhook, which Telegram tries at once
            await channel.on_listening()
        if self.leadership is not None:
            await self.leadership.start()

    async def stop(self) -> None:
        if self.leadership is not None:
            await self.leadership.stop()
        if self.web is not None:
            await self.web.stop()
        await self.outbox.stop()
        for channel in reversed(self.channels):
            await channel.stop()


def build_services(settings: Settings, dispatcher: Dispatcher, with_scheduler: Optional[bool] = None) -> Services:
    from bot.web import DownloadLinks, WebServer

    sections = [settings.section(cls.Settings) for cls in channel_classes()]
    # The download-link key's default source: the tokens, last channel first (as it always was: Zalo's, Telegram's).
    links = DownloadLinks(settings, dispatcher.engine, reversed([s.token for s in sections if s.token]))
    channels = enabled_channels(settings, dispatcher, links)
    routes = [route for channel in channels if (route := channel.webhook_route()) is not None]
    web = WebServer(settings) if routes or settings.public_base_url else None
    if web is not None:
        if links.enabled:
            web.serve_downloads(links)
        web.serve_health(dispatcher.engine, channels)
        for path, handler in routes:
            web.post(path, handler)
    senders = Senders({c.name: c.sender for c in channels})
    outbox = Outbox(dispatcher.engine, senders, outbox_pace(settings))
    for channel in channels:
        channel.outbox = outbox
    dispatcher.channels = senders.channels
    dispatcher.on_notices = outbox.wake  # a review's outcome reaches the clerk on whichever channel they use
    scheduler = leadership = None
    if settings.scheduler == "on" if with_scheduler is None else with_scheduler:
        scheduler = ReminderScheduler(Runner(dispatcher.engine, settings, senders, pace=outbox_pace(settings)),
                                      settings, clock=dispatcher.clock)
        scheduler.follow(dispatcher)
        leadership = Leadership(scheduler, SchedulerLock(dispatcher.engine), settings.scheduler_lock_retry_seconds)
    return Services(channels, web, outbox, scheduler, leadership)


def outbox_pace(settings: Settings) -> Pace:
    return Pace(retry_base=settings.outbox_retry_seconds, retry_cap=settings.outbox_retry_cap_seconds,
                orphaned_after=settings.outbox_orphaned_seconds, poll=settings.outbox_poll_seconds)


async def serve(settings: Settings, dispatcher: Dispatcher) -> int:
    services = build_services(settings, dispatcher)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await services.start()
    except Exception as exc:  # e.g. a Bot API that answers getMe with something unreadable
        log.error("the bot could not start: %s (%s). Check the bot token and the API base URL.",
                  str(exc)[:200] or "no detail", type(exc).__name__)
        with contextlib.suppress(Exception):
            await services.stop()
        return 2
    log.info("bot running: %s%s%s; time zone %s", ", ".join(c.name for c in services.channels),
             ", scheduler" if services.scheduler else "",
             f"; HTTP on {services.web.host}:{services.web.port}" if services.web else "", settings.tz)
    host_zone = os.environ.get("TZ")
    if host_zone and host_zone != settings.tz:  # it used to decide; say plainly that it no longer does
        log.info("TZ=%s is the host's zone only: deadlines and reminders keep %s (the catalogue's time_zone, "
                 "or TIME_ZONE)", host_zone, settings.tz)
    await stop.wait()
    await services.stop()
    log.info("bot stopped")
    return 0


def cmd_run(settings: Settings, args) -> int:
    classes = channel_classes()
    if getattr(args, "webhook", False):  # every channel by webhook, on the one HTTP server
        for cls in classes:
            settings = settings.with_section(settings.section(cls.Settings).in_webhook_mode())
    for cls in classes:
        problem = settings.section(cls.Settings).problem()
        if problem:
            print(problem, file=sys.stderr)
            return 2
    if not any(cls.enabled(settings) for cls in classes):  # no channel: the terminal chat on the demo
        return run_terminal_demo(settings)
    return asyncio.run(serve(settings, prepare(settings)))


# --- the demo ------------------------------------------------------------------------------------
# The demo district lives in the demo's own database (DEMO_DATABASE_URL): the terminal chat and
# `demo reset` load it there; a bot with a token never does.


def demo_settings(settings: Settings, url: Optional[str] = None) -> Optional[Settings]:
    """The settings on the demo's database; None when it is the real bot's (DATABASE_URL)."""
    url = url or settings.demo_database_url
    if url == settings.database_url:
        print(texts.DEMO_SAME_DATABASE, file=sys.stderr)
        return None
    return settings.model_copy(update={"database_url": url})


def show_demo(opened) -> None:
    """What the visitor should know before the chat: the district's state, and that its dates are moved."""
    if opened.how == "not_fitting":
        print(texts.DEMO_NOT_FITTING)
        return
    if opened.how == "reloaded":
        print(texts.DEMO_RELOADED)
    r = opened.round
    print(texts.DEMO_LOADED.format(place=r.place, submitted=r.submitted, total=r.total, round=r.name,
                                   approved=r.approved, returned=r.returned))
    print(texts.DEMO_DATES_MOVED.format(opens=texts.date_vn(r.opens), deadline=texts.date_vn(r.deadline),
                                        real_opens=texts.date_vn(r.real_opens),
                                        real_deadline=texts.date_vn(r.real_deadline)))


def open_demo_database(settings: Settings, reset: bool = False) -> Optional[Dispatcher]:
    """The demo's database, prepared, with the district loaded (afresh with `reset`); None if refused."""
    from storage import demo
    from storage.facts import Fact

    dispatcher = prepare(settings)
    catalog = load_catalog(settings.catalog)
    try:
        opened = (demo.reset if reset else demo.open_demo)(dispatcher.engine, catalog, dispatcher.now())
    except demo.RealDatabase:
        print(texts.DEMO_REAL_DATABASE.format(url=redacted_url(settings.database_url)), file=sys.stderr)
        return None
    except demo.DemoDataError as exc:
        problem = exc.problem
        words = (texts.say(problem) if isinstance(problem, Fact) else
                 texts.violation_text(problem) if hasattr(problem, "source") else str(problem))
        print(texts.DEMO_DATA_BAD.format(unit=exc.unit, field=exc.field, problem=words), file=sys.stderr)
        return None
    show_demo(opened)
    return dispatcher


def redacted_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def run_terminal_demo(settings: Settings) -> int:
    from bot.channels.console import ConsoleChat

    settings = demo_settings(settings)
    dispatcher = open_demo_database(settings) if settings is not None else None
    if dispatcher is None:
        return 2
    print(texts.CONSOLE_FILES_FOLDER.format(folder=settings.demo_files_dir))
    logging.getLogger().setLevel(logging.WARNING)  # keep the terminal chat clean
    ConsoleChat(dispatcher, settings.invite_days, files_dir=settings.demo_files_dir).run()
    return 0


def cmd_demo(settings: Settings, args) -> int:
    """`demo reset`: empty the demo's database and load the district afresh."""
    settings = demo_settings(settings, args.database)
    if settings is None or open_demo_database(settings, reset=True) is None:
        return 2
    print(texts.DEMO_RESET_DONE.format(url=redacted_url(settings.database_url)))
    return 0


def cmd_invite(settings: Settings, args) -> int:
    dispatcher = prepare(settings)
    with transaction(dispatcher.engine) as session:
        units = find_units(session, args.unit)
        if len(units) != 1:
            names = ", ".join(f"{texts.unit_name(u)} ({u.code})" for u in units[:10])
            print(texts.CLI_UNIT_NOT_FOUND.format(query=args.unit) if not units
                  else texts.CLI_UNIT_AMBIGUOUS.format(query=args.unit, names=names), file=sys.stderr)
            return 2
        unit = units[0]
        if (args.role == "clerk") != unit.is_reporting:  # clerks report; officials look after many units
            problem = texts.CLI_CLERK_NEEDS_REPORTING_UNIT if args.role == "clerk" else texts.CLI_OFFICIAL_NEEDS_PARENT_UNIT
            print(problem.format(unit=texts.unit_name(unit)), file=sys.stderr)
            return 2
        days = args.days or settings.invite_days
        code = create_invitation(session, unit, args.role, days)
    print(texts.CLI_INVITE.format(role=texts.role_name(args.role, unit), unit=texts.unit_name(unit), days=days))
    print(code)
    return 0


def cmd_link_code(settings: Settings, args) -> int:
    """For a person who cannot reach /lienket themselves: a link code made by the administrator."""
    from storage.models import User
    from storage.people import LINK_CODE_MINUTES, create_link_code, fold

    dispatcher = prepare(settings)
    with transaction(dispatcher.engine) as session:
        users = [u for u in session.exec(select(User)).all()
                 if str(u.id) == args.user.strip() or fold(u.full_name) == fold(args.user)]
        if len(users) != 1:
            print(texts.CLI_USER_NOT_FOUND.format(query=args.user) if not users else
                  texts.CLI_USER_AMBIGUOUS.format(query=args.user, n=len(users),
                                                  ids=", ".join(str(u.id) for u in users)), file=sys.stderr)
            return 2
        code = create_link_code(session, users[0], args.minutes or LINK_CODE_MINUTES)
    print(texts.CLI_LINK_CODE.format(name=users[0].full_name, code=code))
    print(code)
    return 0


def cmd_catalog(settings: Settings, args) -> int:
    path = args.file or settings.catalog
    catalog = load_catalog(path)
    print(texts.CLI_CATALOG_OK.format(path=path, units=len(catalog.units), reporting=len(catalog.reporting_units),
                                  sections=len(catalog.sections), indicators=len(catalog.indicators),
                                  rounds=len(catalog.rounds)))
    for warning in catalog.warnings:
        print(texts.CLI_CATALOG_WARNING.format(path=path, warning=warning))
    return 0


def cmd_summary(settings: Settings, args) -> int:
    """Write the compiled summary (.docx, .xlsx), the proposal list (.docx) and the progress chart (.png)."""
    from pathlib import Path
    from zoneinfo import ZoneInfo

    from bot import documents, report_docx, report_xlsx
    from storage.summary import compile_summary
    from storage.reports import round_by_code

    dispatcher = prepare(settings)
    with transaction(dispatcher.engine) as session:
        round_ = round_by_code(session, args.round)
        if round_ is None:
            print(texts.ROUND_UNKNOWN.format(code=args.round), file=sys.stderr)
            return 2
        top = None
        if args.unit:
            units = find_units(session, args.unit)
            if len(units) != 1:
                print(texts.CLI_UNIT_UNCLEAR.format(query=args.unit), file=sys.stderr)
                return 2
            top = units[0].id
        now = dt.datetime.now(ZoneInfo(settings.tz))
        summary = compile_summary(session, round_, now, top)
        files = {
            report_docx.report_filename(round_.code): report_docx.write_docx(summary),
            f"so-lieu-{round_.code}.xlsx": report_xlsx.write_xlsx(summary),
            f"tien-do-{round_.code}.png": documents.progress_chart(summary.progress, round_.name),
        }
        proposals = report_docx.write_proposals_docx(summary)  # only when units proposed anyone
        if proposals is not None:
            files[report_docx.proposals_filename(round_.code)] = proposals
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out / name).write_bytes(data)
        print(out / name)
    return 0


def cmd_council(settings: Settings, args) -> int:
    """Write the council's documents (draft decision, draft submission, workbook of the lists) without the chat."""
    from pathlib import Path

    from bot import council_documents
    from storage import deliberation
    from storage.summary import Scope

    dispatcher = prepare(settings)
    now = parse_now(settings, None)
    with transaction(dispatcher.engine) as session:
        round_ = round_by_code(session, args.round)
        if round_ is None:
            print(texts.ROUND_UNKNOWN.format(code=args.round), file=sys.stderr)
            return 2
        units = find_units(session, args.unit) if args.unit else [deliberation.issuer_unit(session)]
        if len(units) != 1 or units[0] is None:
            print(texts.CLI_COUNCIL_NO_ISSUER, file=sys.stderr)
            return 2
        papers = deliberation.papers(Scope(session, round_, now.tzinfo, units[0].id), units[0])
        files = council_documents.files(papers, now)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.values():
        (out / name).write_bytes(data)
        print(out / name)
    return 0


def parse_now(settings: Settings, text: Optional[str]) -> dt.datetime:
    tz = ZoneInfo(settings.tz)
    if not text:
        return dt.datetime.now(tz)
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=tz)


async def run_jobs(settings: Settings, dispatcher: Dispatcher, now: dt.datetime) -> Outcomes:
    """Every job due at `now`, once, through each enabled channel (sending only, no polling)."""
    async with AsyncExitStack() as stack:
        senders = {}
        for channel in enabled_channels(settings, dispatcher):
            await channel.start(listen=False)
            stack.push_async_callback(channel.stop)
            senders[channel.name] = channel.sender
        runner = Runner(dispatcher.engine, settings, Senders(senders), pace=outbox_pace(settings))
        await runner.outbox.sweep()  # what an earlier run could not send, first
        return await runner.run_due(now, catch_up=True)


def cmd_jobs(settings: Settings, args) -> int:
    now = parse_now(settings, args.now)
    if not any(cls.enabled(settings) for cls in channel_classes()):
        print(texts.JOBS_NEED_A_CHANNEL, file=sys.stderr)
        return 2
    dispatcher = prepare(settings)
    outcomes = asyncio.run(run_jobs(settings, dispatcher, now))
    for outcome in outcomes:
        print(outcome.line())
    at = now.strftime("%H:%M %d/%m/%Y")
    sent = sum(1 for o in outcomes if o.status == "sent")
    if outcomes:
        print(texts.JOBS_DONE.format(sent=sent, at=at))
    if outcomes.already_sent:  # due, but sent by an earlier run: not the same as nothing due
        print(texts.JOBS_ALREADY_SENT.format(n=outcomes.already_sent, at=at))
    elif not outcomes:
        print(texts.JOBS_NONE.format(at=at))
    return 0


def cmd_round(settings: Settings, args) -> int:
    dispatcher = prepare(settings)
    now = parse_now(settings, args.now)
    with transaction(dispatcher.engine) as session:
        if args.action == "list":
            print(texts.CLI_TIME_ZONE.format(zone=settings.tz))
            for n, round_ in enumerate(round_store.all_rounds(session), 1):
                info = round_store.round_info(session, round_)
                print(texts.ROUND_LINE.format(n=n, name=round_.name, code=round_.code,
                                          status=texts.ROUND_STATUS[round_.status], deadline=texts.date_vn(round_.deadline),
                                          done=info.submitted, total=info.total))
            return 0
        round_ = round_by_code(session, args.code or "")
        if round_ is None:
            print(texts.ROUND_UNKNOWN.format(code=args.code or ""), file=sys.stderr)
            return 2
        try:
            if args.action == "deadline":
                day = parse_date(args.date, now.date())
                if day is None:
                    print(texts.ERR_DATE.format(text=args.date or "", example="27/12/2020"), file=sys.stderr)
                    return 2
                old = round_store.set_deadline(session, round_, day, now.date(), None)
                print(texts.DEADLINE_CHANGED.format(name=round_.name, old=texts.date_vn(old), new=texts.date_vn(day),
                                                schedule=schedule_text(round_, settings, now)))
            else:
                round_store.set_status(session, round_, "open" if args.action == "open" else "closed", None)
                print(texts.ROUND_OPENED.format(name=round_.name, schedule=schedule_text(round_, settings, now))
                      if args.action == "open" else texts.ROUND_CLOSED_OK.format(name=round_.name))
        except round_store.RoundError as exc:
            print(texts.ROUND_ERRORS[exc.code].format(opens=texts.date_vn(round_.opens), today=texts.date_vn(now.date())),
                  file=sys.stderr)
            return 2
    return 0


def cmd_db(settings: Settings, args) -> int:
    from storage.db import current_revision, head_revision, make_revision

    if args.action == "revision":
        if not args.message:
            print("db revision: -m MESSAGE", file=sys.stderr)
            return 2
        path = make_revision(args.message)
        print(texts.DB_REVISION_WRITTEN.format(path=path) if path else texts.DB_REVISION_EMPTY)
        return 0
    engine = make_engine(settings.database_url)
    try:
        if args.action == "upgrade":
            print(texts.DB_UPGRADED.format(outcome=migrate(engine, automatic=False)))
        else:
            with engine.connect() as connection:
                current = current_revision(connection)
            print(texts.DB_CURRENT.format(current=current or texts.DB_NOT_VERSIONED, head=head_revision()))
    finally:
        engine.dispose()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description=texts.CLI_DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help=texts.CLI_HELP["run"])
    run.add_argument("--webhook", action="store_true", help=texts.CLI_HELP["run --webhook"])
    invite = sub.add_parser("invite", help=texts.CLI_HELP["invite"])
    invite.add_argument("--unit", required=True, help=texts.CLI_HELP["invite --unit"])
    invite.add_argument("--role", required=True, choices=ROLES)
    invite.add_argument("--days", type=int, help=texts.CLI_HELP["invite --days"])
    link = sub.add_parser("link-code", help=texts.CLI_HELP["link-code"])
    link.add_argument("--user", required=True, help=texts.CLI_HELP["link-code --user"])
    link.add_argument("--minutes", type=int, help=texts.CLI_HELP["link-code --minutes"])
    catalog = sub.add_parser("catalog", help=texts.CLI_HELP["catalog"])
    catalog.add_argument("action", choices=["check"])
    catalog.add_argument("file", nargs="?")
    summary = sub.add_parser("summary", help=texts.CLI_HELP["summary"])
    summary.add_argument("--round", required=True, help=texts.CLI_HELP["summary --round"])
    summary.add_argument("--out", required=True, help=texts.CLI_HELP["summary --out"])
    summary.add_argument("--unit", help=texts.CLI_HELP["summary --unit"])
    council = sub.add_parser("council", help=texts.CLI_HELP["council"])
    council.add_argument("--round", required=True, help=texts.CLI_HELP["council --round"])
    council.add_argument("--out", required=True, help=texts.CLI_HELP["council --out"])
    council.add_argument("--unit", help=texts.CLI_HELP["council --unit"])
    jobs = sub.add_parser("jobs", help=texts.CLI_HELP["jobs"])
    jobs.add_argument("--now", help=texts.CLI_HELP["jobs --now"])
    round_ = sub.add_parser("round", help=texts.CLI_HELP["round"])
    round_.add_argument("action", choices=["list", "open", "close", "deadline"])
    round_.add_argument("code", nargs="?", help=texts.CLI_HELP["round code"])
    round_.add_argument("date", nargs="?", help=texts.CLI_HELP["round date"])
    round_.add_argument("--now", help=texts.CLI_HELP["round --now"])
    demo = sub.add_parser("demo", help=texts.CLI_HELP["demo"])
    demo.add_argument("action", choices=["reset"])
    demo.add_argument("--database", help=texts.CLI_HELP["demo --database"])
    db = sub.add_parser("db", help=texts.CLI_HELP["db"])
    db.add_argument("action", choices=["upgrade", "current", "revision"])
    db.add_argument("-m", "--message", help=texts.CLI_HELP["db --message"])
    return parser


COMMANDS = {"run": cmd_run, "invite": cmd_invite, "link-code": cmd_link_code, "catalog": cmd_catalog,
            "summary": cmd_summary, "council": cmd_council, "jobs": cmd_jobs, "round": cmd_round, "demo": cmd_demo,
            "db": cmd_db}


def main(argv: Optional[list[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    setup_logging(settings)
    try:
        return COMMANDS[args.command](settings, args)
    except CatalogError as exc:
        print(texts.CLI_CATALOG_BAD.format(error=exc), file=sys.stderr)
        return 2
    except SchemaError as exc:
        print(texts.say(exc.problem), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
