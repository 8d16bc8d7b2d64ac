"""Send what is due at a moment: reminders, overdue chasers, the digest, the summary.

One run: read the open rounds and decide (in a thread, the database is
synchronous), claim every message in the delivery ledger, send the claimed
ones concurrently through the `Sender` (the adapter's rate limiter paces
them), then record the outcomes. A person who blocked the bot is marked
unreachable and not tried again until they write to the bot.
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

from bot import texts as T
from bot.events import Reply, Sender, Unreachable
from bot.settings import Settings
from scheduler import messages as M
from scheduler import plan
from scheduler.summary import build_summary
from storage import deliveries
from storage import reports as R
from storage import submission
from storage.db import transaction
from storage.deliveries import Key
from storage.models import Round, Unit, User
from storage.people import contacts, mark_unreachable, members

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
    status: str  # sent | failed | unreachable | skipped_unreachable

    def line(self) -> str:
        return T.JOB_LINE.format(kind=T.JOB_KINDS[self.kind], round=self.round_code, name=self.name, unit=self.unit,
                                 channel=self.channel, chat=self.chat_id, status=T.JOB_STATUS[self.status])


@dataclass
class _Planned:
    key: Key
    outcome: Outcome
    replies: list[Reply]


class Runner:
    def __init__(self, engine: Engine, settings: Settings, sender: Sender, concurrency: int = 64):
        self.engine, self.settings, self.sender = engine, settings, sender
        self.tz = ZoneInfo(settings.tz)
        self.concurrency = concurrency

    async def run_due(self, now: dt.datetime, catch_up: bool = False) -> list[Outcome]:
        now = now.astimezone(self.tz)
        planned, skipped = await asyncio.to_thread(self._plan, now, catch_up)
        won = await asyncio.to_thread(
            deliveries.claim, self.engine, [(p.key, p.outcome.channel, p.outcome.chat_id) for p in planned])
        claimed = [p for p in planned if p.key in won]

        async def deliver(p: _Planned) -> tuple[str, str]:
            try:
                for reply in p.replies:
                    await self.sender.send(p.outcome.channel, p.outcome.chat_id, reply)
                return "sent", ""
            except Unreachable as exc:
                return "unreachable", str(exc)
            except Exception as exc:  # network, 429 beyond the retries...: the next run retries
                log.warning("could not send a %s to user %s: %s", p.key.kind, p.key.user_id, exc)
                return "failed", f"{type(exc).__name__}: {exc}"

        results = await self._each(deliver, claimed)
        # One more pass for temporary failures (a 429 beyond the limiter's retries, a dropped
        # connection); what still fails stays "failed" and the next run tries again.
        retry = [i for i, (status, _) in enumerate(results) if status == "failed"]
        for i, result in zip(retry, await self._each(deliver, [claimed[i] for i in retry])):
            results[i] = result
        for p, (status, _) in zip(claimed, results):
            p.outcome.status = status
        await asyncio.to_thread(self._record, {won[p.key]: r for p, r in zip(claimed, results)},
                                [p.key.user_id for p, (s, _) in zip(claimed, results) if s == "unreachable"])
        if claimed or skipped:
            log.info("jobs at %s: %d sent, %d failed, %d unreachable", now.isoformat(timespec="minutes"),
                     sum(1 for s, _ in results if s == "sent"), sum(1 for s, _ in results if s == "failed"),
                     sum(1 for s, _ in results if s == "unreachable"))
        return [p.outcome for p in claimed] + skipped

    async def _each(self, deliver, planned: list[_Planned]) -> list[tuple[str, str]]:
        """Deliver each one with `concurrency` workers: a fixed number of tasks, whatever the number of messages."""
        results: list[tuple[str, str]] = [("failed", "")] * len(planned)
        queue = iter(enumerate(planned))

        async def worker() -> None:
            for i, p in queue:  # one shared iterator: each item goes to exactly one worker
                results[i] = await deliver(p)

        await asyncio.gather(*(worker() for _ in range(min(self.concurrency, len(planned)))))
        return results

    def _record(self, outcomes: dict[int, tuple[str, str]], unreachable: list[int]) -> None:
        deliveries.finish(self.engine, outcomes)
        if unreachable:
            with transaction(self.engine) as session:
                mark_unreachable(session, unreachable)
            log.warning("%d user(s) blocked the bot and are marked unreachable", len(unreachable))

    # --- deciding -------------------------------------------------------------
    def _plan(self, now: dt.datetime, catch_up: bool) -> tuple[list[_Planned], list[Outcome]]:
        planned: list[_Planned] = []
        skipped: list[Outcome] = []
        with transaction(self.engine) as session:
            for round_ in R.open_rounds(session):
                sending, stale = plan.due(round_, self.settings, now)
                if catch_up:
                    for moment in stale:
                        if not deliveries.sent_before(session, round_.id, moment.kind, moment.day):
                            log.info("catch-up: the %s of %s due %s is no longer useful; skipped",
                                     moment.kind, round_.code, moment.at.isoformat(timespec="minutes"))
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
                                  unit_name or T.unit_name(session.get(Unit, user.unit_id)),
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
        for unit, report in R.units_not_submitted(session, round_):
            missing = submission.missing_count(session, unit, report)
            clerks = members(session, "clerk", unit.id)
            if moment.kind == plan.OVERDUE:  # the digest names them; a reminder need not hold them all
                late.append(M.LateUnit(unit, missing, clerks))
            if moment.kind == plan.REMINDER:
                add(plan.REMINDER, clerks, T.unit_name(unit), [M.reminder(round_, unit, report, missing, today)])
            else:
                add(plan.OVERDUE, clerks, T.unit_name(unit), [M.overdue(round_, unit, missing, today)])
        if moment.kind == plan.OVERDUE and late:
            add(plan.DIGEST, members(session, "official"), None,
                [M.digest(round_, late, len(R.reporting_units(session)), today, self.tz)])
