"""The texts of scheduled messages, built from what is stored (texts in bot/texts.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from bot import texts as T
from bot.events import Choice, Reply
from storage.models import Report, Round, Unit, User

OPEN_REPORT = Choice(T.BTN_OPEN_REPORT, "/baocao")  # /baocao resumes where the clerk left off


def missing_text(indicators: int) -> str:
    """How many required indicators are unanswered (counted by storage.submission.missing_count)."""
    return T.MISSING_INDICATORS.format(count=indicators) if indicators else T.MISSING_NOTHING


def reminder(round_: Round, unit: Unit, report: Optional[Report], missing: int, today: dt.date) -> Reply:
    text = T.REMINDER.format(round=round_.name, unit=T.unit_name(unit), deadline=T.date_vn(round_.deadline),
                             left=T.days_left(round_.deadline, today), missing=missing_text(missing))
    if report is None:
        text += "\n" + T.REMINDER_NOT_STARTED
    return Reply(text, [OPEN_REPORT])


def overdue(round_: Round, unit: Unit, missing: int, today: dt.date) -> Reply:
    return Reply(T.OVERDUE.format(round=round_.name, unit=T.unit_name(unit), days=(today - round_.deadline).days,
                                  deadline=T.date_vn(round_.deadline), missing=missing_text(missing)),
                 [OPEN_REPORT])


@dataclass
class LateUnit:
    unit: Unit
    missing: int
    clerks: list[User]


def digest(round_: Round, late: list[LateUnit], total: int, today: dt.date, tz: dt.tzinfo) -> Reply:
    lines = [T.DIGEST_HEAD.format(round=round_.name, late=len(late), total=total,
                                  days=(today - round_.deadline).days, deadline=T.date_vn(round_.deadline))]
    for n, row in enumerate(late, 1):
        people = "; ".join(_person(u, tz) for u in row.clerks) or T.DIGEST_NO_CLERK
        lines.append(T.DIGEST_LINE.format(n=n, unit=T.unit_name(row.unit), missing=missing_text(row.missing),
                                          people=people))
    return Reply("\n".join(lines))


def _person(user: User, tz: dt.tzinfo) -> str:
    if user.unreachable_at is not None:
        return T.DIGEST_UNREACHABLE.format(name=user.full_name)
    if user.last_active_at is None:
        return T.DIGEST_PERSON_NEVER.format(name=user.full_name)
    return T.DIGEST_PERSON.format(name=user.full_name, last=T.datetime_vn(user.last_active_at.astimezone(tz)))
