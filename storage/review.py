"""Review of commune reports: approve, return, unlock; the audit trail.

A decision is one conditional UPDATE (`... WHERE id = ? AND status = <expected>`): when two
officials act on the same report at once, the database lets exactly one of them change it,
and the other learns from the row count that it was already handled. Every decision goes
into AuditLog with who, when and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from sqlalchemy import update
from sqlmodel import Session, select

from storage.models import AuditLog, Report, Round, Unit, User, utcnow
from storage.lookup import reporting_units_under

# action -> (the status it needs, the status it leaves)
DECISIONS = {
    "approve": ("submitted", "approved"),
    "return": ("submitted", "returned"),
    "unlock": ("approved", "submitted"),
}
# The decision that leaves a report in a status.
DECISIONS_BY_STATUS = {"approved": "approve", "returned": "return"}
# What moved a report to its present status, for "already handled by …".
STATUS_ACTIONS = ("submit", "resubmit", "approve", "return", "unlock")


@dataclass
class Decision:
    done: bool
    report: Report
    # When not done: the latest recorded step that got there first (None if nothing was recorded).
    winner: Optional[AuditLog] = None


def decide(session: Session, report: Report, user_id: int, action: str, reason: Optional[str] = None) -> Decision:
    before, after = DECISIONS[action]
    result = session.exec(update(Report).where(Report.id == report.id, Report.status == before)
                          .values(status=after, updated_at=utcnow())
                          .execution_options(synchronize_session=False))
    done = result.rowcount == 1
    session.refresh(report)  # the status as it is now, whoever set it
    if not done:
        return Decision(False, report, last_step(session, report.id))
    detail = {"receipt_no": report.receipt_no}
    if reason:
        detail["reason"] = reason
    session.add(AuditLog(user_id=user_id, report_id=report.id, action=action, detail=detail))
    session.flush()
    return Decision(True, report)


def last_step(session: Session, report_id: int, actions: tuple[str, ...] = STATUS_ACTIONS) -> Optional[AuditLog]:
    return session.exec(select(AuditLog).where(AuditLog.report_id == report_id, AuditLog.action.in_(actions))
                        .order_by(AuditLog.at.desc(), AuditLog.id.desc())).first()


def in_scope(session: Session, report: Report, top_unit_id: int) -> bool:
    """Whether the report's unit is one of the reporting units under this unit."""
    query = reporting_units_under(top_unit_id).where(Unit.id == report.unit_id)
    return session.exec(query).first() is not None


def awaiting(session: Session, top_unit_id: int) -> list[Report]:
    """Submitted reports of open rounds, under this unit, oldest submission first."""
    return list(session.exec(
        select(Report).join(Round, Round.id == Report.round_id)
        .where(Report.status == "submitted", Round.status == "open",
               Report.unit_id.in_(reporting_units_under(top_unit_id)))
        .order_by(Report.submitted_at, Report.id)).all())


def clerks_of(session: Session, unit_id: int) -> list[User]:
    return list(session.exec(select(User).where(User.unit_id == unit_id, User.role == "clerk")
                             .order_by(User.id)).all())


def returners(session: Session, report_id: int) -> list[int]:
    """Who returned the report in its last return cycle (to tell them it came back)."""
    last_return = last_step(session, report_id, ("return",))
    if last_return is None:
        return []
    since = session.exec(select(AuditLog.id).where(
        AuditLog.report_id == report_id, AuditLog.action.in_(("submit", "resubmit", "unlock")),
        AuditLog.id < last_return.id).order_by(AuditLog.id.desc())).first()
    query = select(AuditLog.user_id).where(AuditLog.report_id == report_id, AuditLog.action == "return",
                                           AuditLog.id > (since or 0))
    return sorted({uid for uid in session.exec(query).all() if uid is not None})


def trail(session: Session, report_id: int) -> list[tuple[AuditLog, Optional[User]]]:
    """The report's audit log, oldest first, with who did each step."""
    return list(session.exec(select(AuditLog, User).outerjoin(User, User.id == AuditLog.user_id)
                             .where(AuditLog.report_id == report_id)
                             .order_by(AuditLog.at, AuditLog.id)).all())
