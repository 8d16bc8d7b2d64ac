"""The texts of scheduled messages, built from what is stored (texts in bot/texts.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from bot import texts
from bot.events import Choice, Reply
from storage.models import Report, Round, Unit, User

OPEN_REPORT = Choice(texts.BTN_OPEN_REPORT, "/baocao")  # /baocao resumes where the clerk left off


def missing_text(indicators: int) -> str:
    """How many required indicators are unanswered (counted by storage.submission.missing_count)."""
    return texts.MISSING_INDICATORS.format(count=indicators) if indicators else texts.MISSING_NOTHING


def reminder(round_: Round, unit: Unit, report: Optional[Report], missing: int, today: dt.date) -> Reply:
    text = texts.REMINDER.format(round=round_.name, unit=texts.unit_name(unit), deadline=texts.date_vn(round_.deadline),
                             left=texts.days_left(round_.deadline, today), missing=missing_text(missing))
    if report is None:
        text += "\n" + texts.REMINDER_NOT_STARTED
    return Reply(text, [OPEN_REPORT])


def overdue(round_: Round, unit: Unit, missing: int, today: dt.date) -> Reply:
    return Reply(texts.OVERDUE.format(round=round_.name, unit=texts.unit_name(unit), days=(today - round_.deadline).days,
                                  deadline=texts.date_vn(round_.deadline), missing=missing_text(missing)),
                 [OPEN_REPORT])


@dataclass
class LateUnit:
    unit: Unit
    missing: int
    clerks: list[User]


def digest(round_: Round, late: list[LateUnit], total: int, today: dt.date, tz: dt.tzinfo) -> Reply:
    lines = [texts.DIGEST_HEAD.format(round=round_.name, late=len(late), total=total,
                                  days=(today - round_.deadline).days, deadline=texts.date_vn(round_.deadline))]
    for n, row in enumerate(late, 1):
        people = "; ".join(_person(u, tz) for u in row.clerks) or texts.DIGEST_NO_CLERK
        lines.append(texts.DIGEST_LINE.format(n=n, unit=texts.unit_name(row.unit), missing=missing_text(row.missing),
                                          people=people))
    return Reply("\n".join(lines))


def _person(user: User, tz: dt.tzinfo) -> str:
    if user.unreachable_at is not None:
        return texts.DIGEST_UNREACHABLE.format(name=user.full_name)
    if user.last_active_at is None:
        return texts.DIGEST_PERSON_NEVER.format(name=user.full_name)
    return texts.DIGEST_PERSON.format(name=user.full_name, last=texts.datetime_vn(user.last_active_at.astimezone(tz)))
