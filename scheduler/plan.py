"""A round's moments: when reminders, overdue chasers and the summary fall due.

Pure functions of the round, the settings and "now": the same answer for the
APScheduler jobs, for `main.py jobs --now` and for the catch-up at start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.settings import Settings
from storage.models import Round

REMINDER, OVERDUE, DIGEST, SUMMARY = "reminder", "overdue", "digest", "summary"


@dataclass(frozen=True)
class Moment:
    kind: str  # reminder | overdue | summary (an overdue moment also sends the officials' digest)
    at: dt.datetime  # aware, local time

    @property
    def day(self) -> dt.date:
        return self.at.date()


def _at(day: dt.date, settings: Settings) -> dt.datetime:
    return dt.datetime.combine(day, settings.reminder_clock, tzinfo=ZoneInfo(settings.tz))


def reminder_moments(round_: Round, settings: Settings) -> list[Moment]:
    """Reminders at the configured days before the deadline and on the deadline day, once the round is open."""
    days = set(round_.reminder_days or settings.reminder_day_list) | {0}
    moments = {round_.deadline - dt.timedelta(days=d) for d in days}
    return [Moment(REMINDER, _at(day, settings)) for day in sorted(moments) if day >= round_.opens]


def overdue_moment(round_: Round, settings: Settings, n: int) -> Moment:
    """The n-th overdue chase (0: the morning after the deadline)."""
    first = round_.deadline + dt.timedelta(days=1)
    return Moment(OVERDUE, _at(first + dt.timedelta(days=n * settings.overdue_every_days), settings))


def summary_moment(round_: Round, settings: Settings) -> Moment:
    return Moment(SUMMARY, _at(round_.summary_on or round_.deadline + dt.timedelta(days=1), settings))


def _last_overdue_index(settings: Settings) -> int:
    """Chasing stops OVERDUE_FOR_DAYS after the deadline: by then it is the officials' call."""
    return max(settings.overdue_for_days - 1, 0) // settings.overdue_every_days


def _overdue_index(round_: Round, settings: Settings, now: dt.datetime) -> int:
    """Index of the last overdue moment at or before now (-1: none yet), never past the last chase."""
    first = overdue_moment(round_, settings, 0).at
    if now < first:
        return -1
    return min((now - first).days // settings.overdue_every_days, _last_overdue_index(settings))


# --- windows: the last day each kind of message may still go out ----------------------------------


def reminders_until(round_: Round, settings: Settings) -> dt.date:
    """A reminder counts down to the deadline: after it, it would be wrong."""
    return round_.deadline


def overdue_until(round_: Round, settings: Settings) -> dt.date:
    """Late units are chased, and the officials told who they are, until OVERDUE_FOR_DAYS after the deadline."""
    return round_.deadline + dt.timedelta(days=settings.overdue_for_days)


def summary_until(round_: Round, settings: Settings) -> dt.date:
    """A summary that missed its day (the bot was down) still goes out SUMMARY_FOR_DAYS later, not after."""
    return summary_moment(round_, settings).day + dt.timedelta(days=settings.summary_for_days)


def finished(round_: Round, settings: Settings, today: dt.date) -> bool:
    """Every window of the round has closed: nothing will ever be sent for it again."""
    return today > max(reminders_until(round_, settings), overdue_until(round_, settings),
                       summary_until(round_, settings))


def due(round_: Round, settings: Settings, now: dt.datetime) -> tuple[list[Moment], list[Moment]]:
    """(what to send at `now`, moments that fell due earlier and are no longer worth sending).

    Only the latest reminder counts, and only until the deadline has passed:
    after downtime there is no burst of stale reminders. Likewise only the
    latest overdue chase, and only within its window (`overdue_until`); the
    summary only within its own (`summary_until`). A round that is not open
    sends nothing. Sending twice is prevented by the ledger, not here.
    """
    if round_.status != "open" or now.date() < round_.opens:
        return [], []
    today = now.date()
    sending: list[Moment] = []
    stale: list[Moment] = []

    def window(moment: Moment, until: dt.date) -> None:
        (sending if today <= until else stale).append(moment)

    reminders = [m for m in reminder_moments(round_, settings) if m.at <= now]
    stale += reminders[:-1]
    if reminders:
        window(reminders[-1], reminders_until(round_, settings))
    index = _overdue_index(round_, settings, now)
    if index >= 0:
        window(overdue_moment(round_, settings, index), overdue_until(round_, settings))
    summary = summary_moment(round_, settings)
    if summary.at <= now:
        window(summary, summary_until(round_, settings))
    return sending, stale


def upcoming(round_: Round, settings: Settings, now: dt.datetime) -> list[Moment]:
    """Moments after `now` to wake up for: every later reminder, the next overdue chase, the summary."""
    if round_.status != "open":
        return []
    moments = [m for m in reminder_moments(round_, settings) if m.at > now]
    following = _overdue_index(round_, settings, now) + 1
    if following <= _last_overdue_index(settings):
        moments.append(overdue_moment(round_, settings, following))
    summary = summary_moment(round_, settings)
    if summary.at > now:
        moments.append(summary)
    return sorted(moments, key=lambda m: m.at)
