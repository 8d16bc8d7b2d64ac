"""Composition root of the Thi đua bot: what the chat can do, and the parts wired together.

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

The commands themselves are bot/cli.py's; the terminal demo's set-up is bot/demo.py's; log
redaction is bot/logs.py's. Here: the table, the database made ready, and each part given what
it needs when it is made.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import signal
import sys
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Callable, Optional

from sqlalchemy.engine import Engine

from bot.channels.base import Channel
from bot.cli import CommandLine, channel_classes
from bot.events import Senders
from bot.logs import guard_library_logs
from bot.outbox import Outbox, Pace
from bot.settings import Settings
from bot.web import settle_after_start
from handlers import (council_results, deliberation, last_year, list_files, menu, nominations, officials,
                      record_files, records, registration, report_flow, review, role_models, rounds, web_link)
from handlers.dispatcher import Dispatcher
from handlers.registry import Handlers
from scheduler.leader import Leadership, SchedulerLock
from scheduler.runner import Outcomes, Runner
from scheduler.service import ReminderScheduler
from storage import outbox as outbox_store
from storage.catalog import load_catalog, sync_catalog
from storage.db import forget_old_updates, make_engine, migrate, transaction
from storage.models import utcnow

log = logging.getLogger("thidua")

# --- what the chat can do -------------------------------------------------------------------------
# Every command, in menu order (each handler module exports its own: name, who may use it, its menu
# button, what runs); every flow (a conversation in progress, by the name kept in the chat's state);
# the lists kept inside a report, in the order of its overview. A new command is a row in its module.
_NOMINATIONS, _ROLE_MODELS = nominations.NominationFlow(), role_models.RoleModelFlow()
HANDLERS = Handlers(
    commands=(*menu.COMMANDS, *report_flow.COMMANDS, *nominations.COMMANDS, *role_models.COMMANDS,
              *list_files.COMMANDS, *council_results.COMMANDS, *officials.COMMANDS, *last_year.COMMANDS, *review.COMMANDS,
              *deliberation.COMMANDS, *records.COMMANDS, *web_link.COMMANDS, *rounds.COMMANDS, *registration.COMMANDS),
    flows={
        report_flow.FLOW: report_flow.ReportFlow(),
        nominations.FLOW: _NOMINATIONS,
        role_models.FLOW: _ROLE_MODELS,
        officials.FLOW: officials.OfficialsFlow(),
        last_year.FLOW: last_year.LastYearFlow(),
        review.FLOW: review.ReviewFlow(),
        rounds.FLOW: rounds.RoundsFlow(),
        deliberation.FLOW: deliberation.DeliberationFlow(),
    },
    report_parts=(_NOMINATIONS, _ROLE_MODELS),
    # a list filled on a computer sent back by a clerk; earlier years' titles sent by an official
    documents=record_files.ByRole(list_files.ListFiles(), record_files.RecordFiles()),
)


# --- the database --------------------------------------------------------------------------------
def open_database(settings: Settings) -> Engine:
    """Open the database, bring its schema up to date (when safe) and sync the catalogue into it."""
    guard_library_logs()  # what people typed stays out of the libraries' and adapters' logs
    catalog = load_catalog(settings.catalog)
    if catalog.warnings:  # each one is for `catalog check` to show, not for every start's screen
        log.info("catalogue %s: %d warning(s); python main.py catalog check lists them", settings.catalog,
                 len(catalog.warnings))
    engine = make_engine(settings.database_url, settings.db_lock_timeout)
    log.info("database schema: %s", migrate(engine, automatic=True))
    with transaction(engine) as session:
        sync_catalog(session, catalog)
        forget_old_updates(session)
        outbox_store.forget_old(session, utcnow())
    return engine


def prepare(settings: Settings, clock: Optional[Callable[[], dt.datetime]] = None, **delivery) -> Dispatcher:
    """The core on a ready database; `delivery`: where notices go (Dispatcher's channels, fallback_channel,
    on_notices), for what runs channels."""
    return Dispatcher(open_database(settings), settings, HANDLERS, clock, **delivery)


def outbox_pace(settings: Settings) -> Pace:
    return Pace(retry_base=settings.outbox_retry_seconds, retry_cap=settings.outbox_retry_cap_seconds,
                orphaned_after=settings.outbox_orphaned_seconds, poll=settings.outbox_poll_seconds)


# --- the running bot -----------------------------------------------------------------------------
@dataclass
class Services:
    """Everything `run` starts: the enabled channels, the HTTP server if needed, the scheduler."""

    dispatcher: Dispatcher
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


def build_services(settings: Settings, clock: Optional[Callable[[], dt.datetime]] = None,
                   with_scheduler: Optional[bool] = None) -> Services:
    from bot.web import DownloadLinks, WebServer
    from bot.web_pages.server import WebPages
    from bot.web_pages.signing import WebLinks

    engine = open_database(settings)
    enabled = [cls for cls in channel_classes() if cls.enabled(settings)]
    senders = Senders({})  # each channel's, once it is made
    outbox = Outbox(engine, senders, outbox_pace(settings))
    scheduler = leadership = None
    if settings.scheduler == "on" if with_scheduler is None else with_scheduler:
        scheduler = ReminderScheduler(Runner(engine, settings, senders, pace=outbox_pace(settings)), settings,
                                      clock=clock)
        leadership = Leadership(scheduler, SchedulerLock(engine), settings.scheduler_lock_retry_seconds)
    # A notice (a review's outcome) goes where its person wrote last among these, and wakes the outbox;
    # rounds changed in the chat rebuild the schedule.
    dispatcher = Dispatcher(engine, settings, HANDLERS, clock, channels=[cls.name for cls in enabled],
                            on_notices=outbox.wake, listeners=[scheduler.on_change] if scheduler else [])
    tokens = [settings.section(cls.Settings).token for cls in channel_classes()]
    # The download-link key's default source: the tokens, last channel first (as it always was: Zalo's, Telegram's).
    links = DownloadLinks(settings, engine, reversed([t for t in tokens if t]))
    channels = [cls(settings, dispatcher, links, outbox) for cls in enabled]
    for channel in channels:
        senders.add(channel.name, channel.sender)
    routes = [route for channel in channels if (route := channel.webhook_route()) is not None]
    web = WebServer(settings) if routes or settings.public_base_url else None
    if web is not None:
        if links.enabled:
            web.serve_downloads(links)
            pages = WebPages(settings, engine, links, WebLinks(settings, tokens))
            if pages.links.enabled:  # the officials' pages, behind the links /web gives
                web.serve_pages(pages)
        web.serve_health(engine, channels)
        for path, handler in routes:
            web.post(path, handler)
    return Services(dispatcher, channels, web, outbox, scheduler, leadership)


async def serve(settings: Settings) -> int:
    services = build_services(settings)
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
    settle_after_start()
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


async def run_jobs(settings: Settings, dispatcher: Dispatcher, now: dt.datetime) -> Outcomes:
    """Every job due at `now`, once, through each enabled channel (sending only, no polling)."""
    async with AsyncExitStack() as stack:
        senders = Senders({})
        for channel in [cls(settings, dispatcher) for cls in channel_classes() if cls.enabled(settings)]:
            await channel.start(listen=False)
            stack.push_async_callback(channel.stop)
            senders.add(channel.name, channel.sender)
        runner = Runner(dispatcher.engine, settings, senders, pace=outbox_pace(settings))
        await runner.outbox.sweep()  # what an earlier run could not send, first
        return await runner.run_due(now, catch_up=True)


# --- the command line ----------------------------------------------------------------------------
COMMAND_LINE = CommandLine(prepare=prepare, serve=serve, run_jobs=run_jobs)


def main(argv: Optional[list[str]] = None) -> int:
    return COMMAND_LINE.main(argv)


if __name__ == "__main__":
    sys.exit(main())
