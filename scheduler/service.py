"""APScheduler in the bot's own process: wakes the runner at each round's moments.

Jobs are derived from the rounds in the database, with deterministic ids
("round:<code>:<kind>:<day>"); nothing is pickled. The job table is rebuilt
on start, when a handler signals that rounds changed, and when a periodic
check sees the rounds differ (e.g. `main.py round deadline` from a shell).
At start, whatever fell due while the bot was down is caught up once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Callable, Optional
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.settings import Settings
from scheduler import plan
from scheduler.runner import Runner
from storage.db import transaction
from storage.reports import open_rounds
from storage.rounds import fingerprint

log = logging.getLogger(__name__)
PREFIX = "round:"
WATCH_SECONDS = 60


class ReminderScheduler:
    def __init__(self, runner: Runner, settings: Settings,
                 clock: Optional[Callable[[], dt.datetime]] = None):
        self.runner, self.settings = runner, settings
        self.tz = ZoneInfo(settings.tz)
        self.clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self.aps = AsyncIOScheduler(timezone=self.tz)
        self._fingerprint: Optional[tuple] = None
        self._stopped = False
        self._loop: Optional[asyncio.AbstractEventLoop] = None

    def now(self) -> dt.datetime:
        return self.clock().astimezone(self.tz)

    async def start(self, paused: bool = False) -> None:
        """Catch up on what fell due meanwhile, then schedule what comes. `paused`: build jobs, fire none."""
        if self._stopped:  # started again (this instance took over the lock): a fresh APScheduler
            self.aps, self._stopped = AsyncIOScheduler(timezone=self.tz), False
        self._loop = asyncio.get_running_loop()
        await self.runner.run_due(self.now(), catch_up=True)
        self.aps.start(paused=paused)
        self.aps.add_job(self._watch, IntervalTrigger(seconds=WATCH_SECONDS), id="rounds:watch",
                         replace_existing=True, coalesce=True, max_instances=1)
        self.rebuild()

    def stop(self) -> None:
        if self.aps.running:
            self.aps.shutdown(wait=False)
        self._stopped = True

    def rebuild(self) -> None:
        """Replace every round job with those the rounds call for now."""
        if self._stopped or not self.aps.running:  # e.g. another instance schedules (scheduler/leader.py)
            return
        now = self.now()
        wanted: dict[str, plan.Moment] = {}
        with transaction(self.runner.engine) as session:
            self._fingerprint = fingerprint(session)
            for round_ in open_rounds(session):
                for moment in plan.upcoming(round_, self.settings, now):
                    wanted[f"{PREFIX}{round_.code}:{moment.kind}:{moment.day.isoformat()}"] = moment
        for job in self.aps.get_jobs():
            if job.id.startswith(PREFIX) and job.id not in wanted:
                job.remove()
        for job_id, moment in wanted.items():
            # misfire_grace_time=None: a job delayed by a busy loop still runs (the ledger stops doubles).
            self.aps.add_job(self.fire, DateTrigger(moment.at), args=[moment.at], id=job_id, replace_existing=True,
                             misfire_grace_time=None, coalesce=True, max_instances=1)
        log.info("schedule rebuilt: %d job(s)", len(wanted))

    def jobs(self) -> dict[str, dt.datetime]:
        """The round jobs: id -> when it fires."""
        return {j.id: j.trigger.run_date for j in self.aps.get_jobs() if j.id.startswith(PREFIX)}

    async def fire(self, at: dt.datetime) -> None:
        """A job's moment came: send what is due, then schedule the next overdue chase."""
        await self.runner.run_due(max(self.now(), at))
        self.rebuild()

    def on_change(self, changed: set[str]) -> None:
        """The dispatcher's listener (given to it when it is made): rebuild when a chat command changed
        rounds (committed in a worker thread: hop to the loop)."""
        if "rounds" in changed and self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self.rebuild)

    async def _watch(self) -> None:
        with transaction(self.runner.engine) as session:
            changed = fingerprint(session) != self._fingerprint
        if changed:
            log.info("rounds changed: rebuilding the schedule")
            self.rebuild()
