"""Reporting rounds as administrators manage them: open, close, move the deadline.

The chat command /kybaocao and `python main.py round ...` both come here, so
the rules (and the audit trail) are the same from either side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from sqlmodel import Session, select

from storage.models import AuditLog, Round
from storage.reports import SUBMITTED, reporting_units, reports_of_round


@dataclass
class RoundInfo:
    round: Round
    submitted: int
    total: int


def all_rounds(session: Session) -> list[Round]:
    return list(session.exec(select(Round).order_by(Round.opens, Round.code)).all())


def round_info(session: Session, round_: Round) -> RoundInfo:
    reports = reports_of_round(session, round_.id)
    units = reporting_units(session)
    done = sum(1 for u in units if u.id in reports and reports[u.id].status in SUBMITTED)
    return RoundInfo(round_, done, len(units))


class RoundError(ValueError):
    """An administrator's change that the rules refuse; `code` names the reason."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def set_status(session: Session, round_: Round, status: str, user_id: Optional[int]) -> None:
    if status not in ("open", "closed"):
        raise RoundError("bad_status")
    if round_.status == status:
        raise RoundError(f"already_{status}")
    old, round_.status = round_.status, status
    session.add(round_)
    session.add(AuditLog(user_id=user_id, action=f"round_{status}",
                         detail={"round": round_.code, "old": old, "new": status}))


def set_deadline(session: Session, round_: Round, deadline: dt.date, today: dt.date,
                 user_id: Optional[int]) -> dt.date:
    """Move the deadline; returns the old one. Reminders follow (the scheduler rebuilds)."""
    if deadline < round_.opens:
        raise RoundError("before_opens")
    if deadline < today:
        raise RoundError("in_the_past")
    if deadline == round_.deadline:
        raise RoundError("unchanged")
    old, round_.deadline = round_.deadline, deadline
    if round_.summary_on is not None and round_.summary_on <= deadline:
        round_.summary_on = None  # a summary before the new deadline would be meaningless: back to the default
    session.add(round_)
    session.add(AuditLog(user_id=user_id, action="round_deadline",
                         detail={"round": round_.code, "old": old.isoformat(), "new": deadline.isoformat()}))
    return old


def fingerprint(session: Session) -> tuple:
    """What the schedule depends on: when it changes, the jobs are rebuilt."""
    return tuple((r.code, r.status, r.opens, r.deadline, tuple(r.reminder_days), r.summary_on)
                 for r in all_rounds(session))
