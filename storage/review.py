"""Review of commune reports, and of the authority's own: approve, return, unlock; the audit trail.

Who reviews what: an official reviews the reports of the reporting units under their unit and the authority's
own report (its unit's, `/baocao` by an official of the district or the province) of their unit or one under it —
except a report they sent themselves: the same eyes do not check their own figures twice, so the district's own
report is approved by another official of the district (or of a level above), or an administrator.

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
from storage.lookup import find_reporting_units
from storage.people import fold, strip_unit_kind

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


def units_reviewed(top_unit_id: int):
    """A SELECT of the ids of the units whose reports an official of this unit reviews: every unit under it,
    itself included (the reporting units', and the authority's own report where it keeps one)."""
    tree = select(Unit.id.label("id")).where(Unit.id == top_unit_id).cte("reviewed", recursive=True)
    tree = tree.union_all(select(Unit.id).where(Unit.parent_id == tree.c.id))
    return select(tree.c.id)


def in_scope(session: Session, report: Report, top_unit_id: int) -> bool:
    """Whether the report's unit is one of the units under this unit (itself included)."""
    query = select(Unit.id).where(Unit.id == report.unit_id, Unit.id.in_(units_reviewed(top_unit_id)))
    return session.exec(query).first() is not None


def sender(session: Session, report_id: int) -> Optional[int]:
    """Who sent the report last (its last submit or resubmit), or None."""
    step = last_step(session, report_id, ("submit", "resubmit"))
    return step.user_id if step is not None else None


def own_submission(session: Session, report: Report, user_id: int) -> bool:
    """Whether this person sent the report themselves (an official, the authority's own report): not theirs to
    approve or return."""
    return sender(session, report.id) == user_id


def awaiting(session: Session, top_unit_id: int, user_id: Optional[int] = None) -> list[Report]:
    """Submitted reports of open rounds, under this unit, oldest submission first; without those `user_id`
    sent themselves."""
    found = list(session.exec(
        select(Report).join(Round, Round.id == Report.round_id)
        .where(Report.status == "submitted", Round.status == "open",
               Report.unit_id.in_(units_reviewed(top_unit_id)))
        .order_by(Report.submitted_at, Report.id)).all())
    return [r for r in found if user_id is None or not own_submission(session, r, user_id)]


def clerks_of(session: Session, unit_id: int) -> list[User]:
    """Who reports for the unit, to be told of a decision: its clerks; for the authority's own report (a unit that
    does not report to another), its officials."""
    unit = session.get(Unit, unit_id)
    role = "clerk" if unit is None or unit.is_reporting else "official"
    return list(session.exec(select(User).where(User.unit_id == unit_id, User.role == role)
                             .order_by(User.id)).all())


def find_units(session: Session, query: str, top_unit_id: Optional[int]) -> list[Unit]:
    """The unit of the authority's own report (this unit, or one under it that reports to nobody) named with its
    kind or code ("huyện Tuần Giáo", not the town "Tuần Giáo"); else the reporting units under this unit the query
    names (lookup's finder); else the authority's own unit named without its kind."""
    if top_unit_id is None:
        return find_reporting_units(session, query, top_unit_id)
    own = session.exec(select(Unit).where(Unit.id.in_(units_reviewed(top_unit_id)),
                                          Unit.is_reporting == False)).all()  # noqa: E712
    wanted = fold(query)
    exact = [u for u in own if u.code == query.strip() or fold(f"{u.kind} {u.name}") == wanted]
    return exact or find_reporting_units(session, query, top_unit_id) or \
        [u for u in own if fold(u.name) == strip_unit_kind(wanted)]


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
