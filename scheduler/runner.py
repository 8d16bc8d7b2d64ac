"""Send what is due at a moment: reminders, overdue chasers, the digest, the summary.

One run: read the open rounds and decide (in a thread, the database is
synchronous), claim every message in the outbox (storage/outbox.py: one row
per recipient, kind and day, so nothing goes twice), and send the claimed ones
through the outbox's sender (the adapter's rate limiter paces them). What a
channel did not take stays pending and is sent again later with the rest of the
outbox. A person who blocked the bot is marked unreachable and not tried again
until they write to the bot.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Optional
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot import texts
from bot.events import Reply, Sender
from bot.outbox import Outbox, Pace
from bot.settings import Settings
from scheduler import messages
from scheduler import plan
from scheduler.summary import build_summary
from storage import outbox as store
from storage import reports
from storage import submission
from storage.db import transaction
from storage.outbox import Key
from storage.models import Round, Unit, User, utcnow
from storage.people import contacts, members

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """One scheduled message: to whom, what, and how it went (printed by `main.py jobs`)."""

    kind: str
    round_code: str
    name: str
    unit: str
    channel: str
    chat_id: str
    status: str  # sent | failed (sent again later) | unreachable | skipped_unreachable

    def line(self) -> str:
        return texts.JOB_LINE.format(kind=texts.JOB_KINDS[self.kind], round=self.round_code, name=self.name, unit=self.unit,
                                 channel=self.channel, chat=self.chat_id, status=texts.JOB_STATUS[self.status])


class Outcomes(list):
    """What one run sent (a list of `Outcome`), and how many messages due then had gone out before
    (claimed by an earlier run: `main.py jobs` says "already sent" rather than "nothing due")."""

    def __init__(self, outcomes=(), already_sent: int = 0):
        super().__init__(outcomes)
        self.already_sent = already_sent


@dataclass
class _Planned:
    key: Key
    outcome: Outcome
    replies: list[Reply]


class Runner:
    def __init__(self, engine: Engine, settings: Settings, sender: Sender, concurrency: int = 64,
                 pace: Pace = Pace()):
        self.engine, self.settings, self.sender = engine, settings, sender
        self.tz = ZoneInfo(settings.tz)
        self.concurrency = concurrency
        self.outbox = Outbox(engine, sender, pace)

    async def run_due(self, now: dt.datetime, catch_up: bool = False) -> Outcomes:
        now = now.astimezone(self.tz)
        planned, skipped = await asyncio.to_thread(self._plan, now, catch_up)
        won, until = await asyncio.to_thread(self._claim, planned)
        claimed = [p for p in planned if p.key in won]
        rows = [store.Outgoing(won[p.key], p.key.kind, p.outcome.channel, p.outcome.chat_id, p.key.user_id,
                               [r.to_message() for r in p.replies], 0, 0, leased=True, until=until) for p in claimed]
        try:
            outcomes = await self.outbox.send_rows(rows, self.concurrency)
        finally:
            self.outbox.settle(won.values())
        for p in claimed:
            p.outcome.status = outcomes.get(won[p.key], "failed")
        if claimed or skipped:
            statuses = [p.outcome.status for p in claimed]
            log.info("jobs at %s: %d sent, %d to send again later, %d unreachable",
                     now.isoformat(timespec="minutes"), statuses.count("sent"), statuses.count("failed"),
                     statuses.count("unreachable"))
        return Outcomes([p.outcome for p in claimed] + skipped, already_sent=len(planned) - len(claimed))

    def _claim(self, planned: list[_Planned]) -> tuple[dict[Key, int], dt.datetime]:
        """The messages this run sends, written held by it (a run outlives any one lease: the outbox
        renews them till each is sent), and held in this process at once, before any sweep here looks."""
        claimed_at, lease = utcnow(), self.outbox.pace.lease
        won = store.claim(self.engine, [(p.key, p.outcome.channel, p.outcome.chat_id,
                                         [r.to_message() for r in p.replies]) for p in planned], claimed_at, lease)
        until = claimed_at + dt.timedelta(seconds=lease)
        self.outbox.hold(dict.fromkeys(won.values(), until))
        return won, until

    # --- deciding -------------------------------------------------------------
    def _plan(self, now: dt.datetime, catch_up: bool) -> tuple[list[_Planned], list[Outcome]]:
        planned: list[_Planned] = []
        skipped: list[Outcome] = []
        with transaction(self.engine) as session:
            for round_ in reports.open_rounds(session):
                sending, stale = plan.due(round_, self.settings, now)
                if catch_up:
                    for moment in stale:
                        if not store.sent_before(session, round_.id, moment.kind, moment.day):
                            log.info("catch-up: the %s of %s due %s is no longer useful; skipped",
                                     moment.kind, round_.code, moment.at.isoformat(timespec="minutes"))
                    if plan.finished(round_, self.settings, now.date()):
                        log.info("round %s is open, but its deadline (%s) is long past: nothing is sent for it "
                                 "any more (close it: python main.py round close %s)",
                                 round_.code, round_.deadline.isoformat(), round_.code)
                for moment in sending:
                    self._messages(session, round_, moment, now, planned, skipped)
        return planned, skipped

    def _messages(self, session: Session, round_: Round, moment: plan.Moment, now: dt.datetime,
                  planned: list[_Planned], skipped: list[Outcome]) -> None:
        today = now.date()

        def add(kind: str, users: list[User], unit_name: Optional[str], replies: list[Reply]) -> None:
            reach = contacts(session, [u.id for u in users], channels=getattr(self.sender, "channels", None))
            for user in users:
                identity = reach.get(user.id)
                if identity is None:
                    continue
                outcome = Outcome(kind, round_.code, user.full_name,
                                  unit_name or texts.unit_name(session.get(Unit, user.unit_id)),
                                  identity.channel, identity.chat_id, "sent")
                if user.unreachable_at is not None:
                    outcome.status = "skipped_unreachable"
                    skipped.append(outcome)
                    continue
                planned.append(_Planned(Key(round_.id, user.id, kind, moment.day), outcome, replies))

        if moment.kind == plan.SUMMARY:
            by_unit: dict[int, list[User]] = {}
            for official in members(session, "official"):
                by_unit.setdefault(official.unit_id, []).append(official)
            for unit_id, officials in by_unit.items():  # each sees the units under their own
                add(plan.SUMMARY, officials, None, build_summary(session, round_, now, unit_id))
            return
        late = []
        for unit, report in reports.units_not_submitted(session, round_):
            missing = submission.what_is_missing(session, unit, report)
            clerks = members(session, "clerk", unit.id)
            if moment.kind == plan.OVERDUE:  # the digest names them; a reminder need not hold them all
                late.append(messages.LateUnit(unit, missing, clerks))
            if moment.kind == plan.REMINDER:
                add(plan.REMINDER, clerks, texts.unit_name(unit), [messages.reminder(round_, unit, report, missing, today)])
            else:
                add(plan.OVERDUE, clerks, texts.unit_name(unit), [messages.overdue(round_, unit, missing, today)])
        if moment.kind == plan.OVERDUE and late:
            add(plan.DIGEST, members(session, "official"), None,
                [messages.digest(round_, late, len(reports.reporting_units(session)), today)])
