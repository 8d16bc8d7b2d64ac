"""Who has reported: each unit's report status in a round, on time or late, and one report's history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import and_, case, func, or_
from sqlmodel import Session, select

from storage.figures import Scope
from storage.lookup import COUNTED
from storage.models import AuditLog, Report, Unit


@dataclass
class UnitStatus:
    unit: Unit
    status: str  # "none" (no report yet) | draft | submitted | returned | approved
    submitted_at: Optional[dt.datetime] = None
    receipt_no: Optional[str] = None
    on_time: Optional[bool] = None

    @property
    def counted(self) -> bool:
        return self.status in COUNTED


@dataclass
class Progress:
    total: int
    counts: dict[str, int]  # status -> units ("none": not started)
    on_time: int
    late: int
    missing: list[Unit]  # not counted: not started, draft or returned

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    @property
    def approved(self) -> int:
        return self.counts.get("approved", 0)


def status_column():
    return func.coalesce(Report.status, "none")


def _on_time_column(scope: Scope):
    return case((Report.status.in_(COUNTED) & (Report.submitted_at < scope.cutoff), 1), else_=0)


def progress(scope: Scope) -> Progress:
    s = scope.session
    joined = and_(Report.unit_id == Unit.id, Report.round_id == scope.round.id)
    status = status_column()
    rows = s.exec(select(status, func.count(), func.sum(_on_time_column(scope)))
                  .select_from(Unit).outerjoin(Report, joined)
                  .where(Unit.id.in_(scope.unit_ids)).group_by(status)).all()
    counts = {st: n for st, n, _ in rows}
    on_time = sum(int(ot or 0) for _, _, ot in rows)
    counted = sum(n for st, n, _ in rows if st in COUNTED)
    missing = s.exec(select(Unit).outerjoin(Report, joined)
                     .where(Unit.id.in_(scope.unit_ids), or_(Report.id == None, Report.status.not_in(COUNTED)))  # noqa: E711
                     .order_by(Unit.position)).all()
    return Progress(total=sum(counts.values()), counts=counts, on_time=on_time, late=counted - on_time,
                    missing=list(missing))


def unit_statuses(scope: Scope) -> list[UnitStatus]:
    """Every unit in scope with its report's status (one row per unit)."""
    rows = scope.session.exec(
        select(Unit, status_column(), Report.submitted_at, Report.receipt_no, _on_time_column(scope))
        .outerjoin(Report, and_(Report.unit_id == Unit.id, Report.round_id == scope.round.id))
        .where(Unit.id.in_(scope.unit_ids)).order_by(Unit.position)).all()
    return [UnitStatus(u, st, at, receipt, bool(ot) if st in COUNTED else None) for u, st, at, receipt, ot in rows]


# --- one report's history -----------------------------------------------------------


@dataclass
class AuditSummary:
    action: str
    count: int
    last_at: dt.datetime


def audit_summary(session: Session, report_id: int) -> list[AuditSummary]:
    rows = session.exec(select(AuditLog.action, func.count(), func.max(AuditLog.at))
                        .where(AuditLog.report_id == report_id).group_by(AuditLog.action)).all()
    return [AuditSummary(a, n, at) for a, n, at in rows]
