"""Lists a unit keeps inside its report (nominees, role models).

Rows are saved field by field the moment an answer arrives; once the report
has been submitted every change is audited and marks it for resending
(`reports.note_change`), exactly as for an indicator's value.
"""

from __future__ import annotations

from typing import Any, Optional

from sqlmodel import Session, select

from storage.facts import Problem
from storage.models import Nomination, Report, utcnow
from storage.people import fold
from storage.text import mask_cccd, tidy  # noqa: F401  (tidy: where callers have always found it)
from storage.reports import note_change


def text_problem(value: str, limit: int, minimum: int = 1) -> Optional[Problem]:
    """What is wrong with a tidied text answer, if anything: empty, over its limit, too short."""
    if not value:
        return Problem("empty")
    if len(value) > limit:
        return Problem("too_long", length=len(value), limit=limit)
    if len(value) < minimum:
        return Problem("too_short")
    return None


def rows(session: Session, model, report_id: int) -> list[Any]:
    return list(session.exec(select(model).where(model.report_id == report_id).order_by(model.id)).all())


def owned(session: Session, model, row_id: Any, unit_id: int) -> tuple[Optional[Any], Optional[Report]]:
    """The row and its report, or (row, None) when the row belongs to another unit."""
    try:
        row = session.get(model, int(row_id))
    except (TypeError, ValueError):
        return None, None
    if row is None:
        return None, None
    report = session.get(Report, row.report_id)
    return row, (report if report is not None and report.unit_id == unit_id else None)


def _what(model) -> str:
    return model.__tablename__


def snapshot(row: Any) -> dict[str, Any]:
    return _audited({k: v for k, v in row.model_dump().items() if k not in ("created_at", "updated_at", "updated_by")})


def create(session: Session, model, report: Report, user_id: int) -> Any:
    row = model(report_id=report.id, updated_by=user_id)
    session.add(row)
    session.flush()
    note_change(session, report, user_id, f"{_what(model)}_add", {"id": row.id})
    return row


def update(session: Session, report: Report, row: Any, user_id: int, changes: dict[str, Any]) -> None:
    old = {k: getattr(row, k) for k in changes}
    if old == changes:
        return
    for key, value in changes.items():
        setattr(row, key, value)
    if "name" in changes and hasattr(row, "name_key"):
        row.name_key = fold(row.name or "")
    row.updated_at, row.updated_by = utcnow(), user_id
    session.add(row)
    note_change(session, report, user_id, f"{_what(type(row))}_edit",
                {"id": row.id, "old": _audited(old), "new": _audited(changes)})
    if isinstance(row, Nomination):
        from storage import deliberation  # imported here: it reads the lists this module keeps

        deliberation.reopen(session, row, user_id)  # a nominee changed since the council decided: decided again


def _audited(values: dict[str, Any]) -> dict[str, Any]:
    """What an audit keeps of a row's values: a citizen's number masked, never whole."""
    return {key: mask_cccd(value) if key == "cccd" else value for key, value in values.items()}


def remove(session: Session, report: Report, row: Any, user_id: int) -> None:
    note_change(session, report, user_id, f"{_what(type(row))}_remove", snapshot(row))
    session.delete(row)
    session.flush()
