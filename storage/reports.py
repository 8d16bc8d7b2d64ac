"""Commune reports: their fields, values, progress and submission (the rules of submitting: storage/submission.py)."""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass
from typing import Any, NamedTuple, Optional

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy import select as core_select
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from storage.models import (
    AuditLog,
    Indicator,
    Report,
    ReportValue,
    Round,
    Section,
    Unit,
    utcnow,
)


@dataclass(frozen=True)
class FieldSpec:
    """One question of a section: an indicator's value, or its plan target."""

    key: str  # "<code>" or "plan:<code>"
    kind: str  # "value" | "plan"
    indicator: Indicator
    section: Section


def _once_per_session(session: Session, key: str, load):
    """What does not change inside a transaction, read once per session (a clerk's answer asks for its
    round several times, and the identity map holds objects weakly)."""
    cache = session.info.setdefault("once", {})
    if key not in cache:
        cache[key] = load()
    return cache[key]


# The catalogue's rows (sections, indicators, units) change only when a catalogue is synced, at start-up
# (storage/catalog.py, which forgets them here): read once per engine, not in every answer's transaction,
# and detached from the session that read them, so that its rollback cannot expire them for the others.
# An instance sees a catalogue another instance synced at its next start.
_CATALOGUE: "weakref.WeakKeyDictionary[Engine, dict[str, Any]]" = weakref.WeakKeyDictionary()


def forget_catalogue(engine: Engine) -> None:
    _CATALOGUE.pop(engine, None)


def _catalogue(session: Session, key: str, load, rows) -> Any:
    """The part of the catalogue under `key`: `load()`, whose ORM rows `rows(value)` lists."""
    cache = _CATALOGUE.setdefault(session.get_bind(), {})
    if key not in cache:
        value = load()
        for row in rows(value):
            if row is not None and row in session:
                session.expunge(row)
        cache[key] = value
    return cache[key]


def catalogue_part(session: Session, key: str, load, rows) -> Any:
    """A part of the catalogue other modules read (award forms, rules, the catalogue's own settings), once per
    engine like the sections and indicators: `load()`, whose ORM rows `rows(value)` lists."""
    return _catalogue(session, key, load, rows)


def sections(session: Session) -> list[Section]:
    return list(_catalogue(session, "sections",
                           lambda: list(session.exec(select(Section).order_by(Section.position)).all()), list))


def section_by_code(session: Session, code: str) -> Optional[Section]:
    return next((s for s in sections(session) if s.code == code), None)


def unit_by_id(session: Session, unit_id: int) -> Optional[Unit]:
    return _catalogue(session, f"unit:{unit_id}", lambda: session.get(Unit, unit_id), lambda unit: [unit])


def indicators_of(session: Session, section_code: str, unit: Unit) -> list[Indicator]:
    """The indicators of a section that this unit is asked."""
    def load() -> dict[str, list[Indicator]]:
        by_section: dict[str, list[Indicator]] = {}
        for ind in session.exec(select(Indicator).order_by(Indicator.position)).all():
            by_section.setdefault(ind.section_code, []).append(ind)
        return by_section

    def rows(by_section: dict[str, list[Indicator]]) -> list[Indicator]:
        return [ind for inds in by_section.values() for ind in inds]

    return [i for i in _catalogue(session, "indicators", load, rows).get(section_code, []) if i.applies_to(unit)]


def section_fields(session: Session, section: Section, unit: Unit) -> list[FieldSpec]:
    fields: list[FieldSpec] = []
    for ind in indicators_of(session, section.code, unit):
        if ind.plan:  # the plan first, so the answer can be shown as % of plan
            fields.append(FieldSpec(f"plan:{ind.code}", "plan", ind, section))
        fields.append(FieldSpec(ind.code, "value", ind, section))
    return fields


def round_of(session: Session, round_id: int) -> Optional[Round]:
    """The round by id, held for the session: a clerk's answer asks for its report's round three times."""
    return _once_per_session(session, f"round:{round_id}", lambda: session.get(Round, round_id))


def open_rounds(session: Session) -> list[Round]:
    return list(session.exec(select(Round).where(Round.status == "open").order_by(Round.deadline)).all())


def round_by_code(session: Session, code: str) -> Optional[Round]:
    return session.exec(select(Round).where(Round.code == code)).first()


def get_or_create_report(session: Session, round_id: int, unit_id: int) -> Report:
    report = session.exec(select(Report).where(Report.round_id == round_id, Report.unit_id == unit_id)).first()
    if report is None:
        report = Report(round_id=round_id, unit_id=unit_id)
        session.add(report)
        session.flush()
    return report


def find_report(session: Session, round_id: int, unit_id: int) -> Optional[Report]:
    return session.exec(select(Report).where(Report.round_id == round_id, Report.unit_id == unit_id)).first()


class Value(NamedTuple):
    """One answer as `values_of` reads it: the columns a screen or a rule reads, not an ORM row (a clerk's
    answer reads its report's values a few times; building ORM rows for them was most of its cost)."""

    field: str
    number: Optional[float]
    text: Optional[str]
    skipped: bool


_VALUES = (core_select(*(ReportValue.__table__.c[name] for name in Value._fields))
           .where(ReportValue.__table__.c.report_id == bindparam("report_id")))


def values_of(session: Session, report_id: int) -> dict[str, Value]:
    """A report's answers by field, as they are now (what this transaction wrote included)."""
    return {row[0]: Value(*row) for row in session.execute(_VALUES, {"report_id": report_id})}


def is_answered(value: Optional[Value | ReportValue]) -> bool:
    return value is not None and (value.number is not None or bool(value.text))


_VALUE_TABLE = ReportValue.__table__
_VALUE_ROW = core_select(_VALUE_TABLE.c.id, _VALUE_TABLE.c.number, _VALUE_TABLE.c.text).where(
    _VALUE_TABLE.c.report_id == bindparam("report_id"), _VALUE_TABLE.c.field == bindparam("field"))
_INSERT_VALUE = insert(_VALUE_TABLE)
_UPDATE_VALUE = update(_VALUE_TABLE).where(_VALUE_TABLE.c.id == bindparam("row"))
_DELETE_VALUE = delete(_VALUE_TABLE).where(_VALUE_TABLE.c.id == bindparam("row"))
_TOUCH_REPORT = update(Report.__table__).where(Report.__table__.c.id == bindparam("row"))


def set_value(session: Session, report: Report, field: str, user_id: int, *, number: Optional[float] = None,
              text: Optional[str] = None, skipped: bool = False) -> None:
    """Store one answer at once; after submission, every change is audited. `skipped`: the question
    skipped, which keeps what was already there."""
    _put(session, report, field, user_id, number, text, skipped, keep_answered=skipped)


def set_no_answer(session: Session, report: Report, field: str, user_id: int) -> None:
    """An answer that says there is nothing ("không có" to an optional note): no value, marked skipped.
    Unlike a skip it clears what was there; the change is audited like any other."""
    _put(session, report, field, user_id, None, None, skipped=True)


def restore_value(session: Session, report: Report, field: str, user_id: int,
                  before: Optional[dict]) -> None:
    """Put an answer back as it was (`before`: its number, text and skipped, or None: no answer)."""
    if before is None:
        found = session.execute(_VALUE_ROW, {"report_id": report.id, "field": field}).first()
        if found is not None:
            session.execute(_DELETE_VALUE, {"row": found.id})
            note_change(session, report, user_id, "edit_after_submit",
                        {"field": field, "old": _plain((found.number, found.text)), "new": None})
        return
    _put(session, report, field, user_id, before["number"], before["text"], skipped=bool(before["skipped"]))


def _put(session: Session, report: Report, field: str, user_id: int, number: Optional[float], text: Optional[str],
         skipped: bool, keep_answered: bool = False) -> None:
    """One answer's row written as given, in one statement (no ORM row: every answer writes one);
    `keep_answered`: not over an answer already there."""
    found = session.execute(_VALUE_ROW, {"report_id": report.id, "field": field}).first()
    old = (found.number, found.text) if found is not None else (None, None)
    if keep_answered and found is not None and is_answered(found):
        return
    columns = {"number": number, "text": text, "skipped": skipped, "illustrative": False, "updated_at": utcnow(),
               "updated_by": user_id}
    if found is None:
        session.execute(_INSERT_VALUE, {"report_id": report.id, "field": field, **columns})
    else:
        session.execute(_UPDATE_VALUE, {"row": found.id, **columns})
    if old != (number, text):
        note_change(session, report, user_id, "edit_after_submit",
                    {"field": field, "old": _plain(old), "new": _plain((number, text))})
    else:
        _touch(session, report)


def note_change(session: Session, report: Report, user_id: int, action: str, detail: dict) -> None:
    """A report's content changed: after submission the change is audited and flagged for resending."""
    if report.status in ("submitted", "returned"):
        session.add(AuditLog(user_id=user_id, report_id=report.id, action=action, detail=detail))
        _touch(session, report, edited_after_submit=True)
    else:
        _touch(session, report)


def _touch(session: Session, report: Report, **changes: Any) -> None:
    """The report's `updated_at` (and `changes`) written at once, the object told so without being marked
    changed; a report not yet written is changed as any ORM row."""
    changes["updated_at"] = utcnow()
    if report.id is None or report in session.new:
        for name, value in changes.items():
            setattr(report, name, value)
        session.add(report)
        return
    session.execute(_TOUCH_REPORT, {"row": report.id, **changes})
    for name, value in changes.items():
        set_committed_value(report, name, value)


def _plain(pair: tuple[Optional[float], Optional[str]]):
    number, text = pair
    return number if text is None else text


@dataclass
class Progress:
    answered: int
    total: int
    required_missing: int

    @property
    def complete(self) -> bool:
        return self.required_missing == 0


def section_progress(session: Session, section: Section, unit: Unit, values: dict[str, ReportValue]) -> Progress:
    inds = indicators_of(session, section.code, unit)
    answered = sum(1 for i in inds if is_answered(values.get(i.code)))
    missing = sum(1 for i in inds if i.required and not is_answered(values.get(i.code)))
    return Progress(answered, len(inds), missing)


def submit(session: Session, report: Report, user_id: int, now: dt.datetime) -> str:
    """Submit (or resubmit after a return); returns the status the report had before."""
    previous = report.status
    report.submissions += 1
    report.status = "submitted"
    report.submitted_at = now
    report.edited_after_submit = False
    report.receipt_no = f"BC{report.id:05d}-{report.submissions}"
    report.updated_at = utcnow()
    session.add(report)
    session.add(AuditLog(user_id=user_id, report_id=report.id,
                         action="resubmit" if previous == "returned" else "submit",
                         detail={"receipt_no": report.receipt_no}))
    return previous


_PREVIOUS_VALUE = (core_select(*(ReportValue.__table__.c[name] for name in Value._fields))
                   .join(Report.__table__, Report.__table__.c.id == ReportValue.__table__.c.report_id)
                   .join(Round.__table__, Round.__table__.c.id == Report.__table__.c.round_id)
                   .where(Round.__table__.c.code == bindparam("round_code"),
                          Report.__table__.c.unit_id == bindparam("unit_id"),
                          ReportValue.__table__.c.field == bindparam("field")))


def previous_value(session: Session, round_: Round, unit_id: int, field: str) -> Optional[Value]:
    """The unit's answer to `field` in the round before (the catalogue's `previous_code`), if answered:
    one query, asked with every question."""
    if not round_.previous_code:
        return None
    row = session.execute(_PREVIOUS_VALUE, {"round_code": round_.previous_code, "unit_id": unit_id,
                                            "field": field}).first()
    value = Value(*row) if row is not None else None
    return value if is_answered(value) else None


# --- completeness of a round (reminders, digests, summaries) -------------------

SUBMITTED = ("submitted", "approved")


def reporting_units(session: Session) -> list[Unit]:
    return list(session.exec(select(Unit).where(Unit.is_reporting == True).order_by(Unit.position)).all())  # noqa: E712


def reports_of_round(session: Session, round_id: int) -> dict[int, Report]:
    """The round's reports by unit id."""
    return {r.unit_id: r for r in session.exec(select(Report).where(Report.round_id == round_id)).all()}


def units_not_submitted(session: Session, round_: Round) -> list[tuple[Unit, Optional[Report]]]:
    """Reporting units that owe the round a report (none yet, a draft, or returned)."""
    reports = reports_of_round(session, round_.id)
    return [(u, reports.get(u.id)) for u in reporting_units(session)
            if reports.get(u.id) is None or reports[u.id].status not in SUBMITTED]
