"""The rules of submitting a report, answered as facts (a kind and its parameters), never as words.

- What is missing: the required indicators a unit has not answered (`missing`, `missing_count`), and
  by name (`what_is_missing`: the sections with how many answers are left, the lists not ready).
- The checks before submitting: `blocked` (missing answers, then broken consistency rules from the
  catalogue) and `unchanged_since_submitted`.
- The edit lock: `edit_lock`, who may change a report now (nobody once approved, until an
  administrator unlocks it; nobody once the round is closed; after the deadline, only if the round
  allows it).

The clerk's conversation (handlers/report_flow.py) says these in words (bot/texts/); the reminders
and overdue chasers (scheduler/runner.py, also run by `main.py jobs`) count what is missing with the
same function. The lists kept inside a report (nominees, role models) add their own problems in
handlers/lists.py; `what_is_missing` counts the same two kinds (rows not confirmed, commendation rules
broken), which block submitting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from sqlmodel import Session, func, select

from storage import award_rules
from storage.models import ConsistencyCheck, Indicator, Nomination, Report, ReportValue, RoleModel, Round, Section, Unit
from storage.reports import is_answered, sections, values_of

# --- the edit lock: why a report cannot be changed now -------------------------------------------

APPROVED = "approved"  # an official approved it (an administrator may unlock it: /mokhoa)
ROUND_CLOSED = "round_closed"  # the round is no longer open
PAST_DEADLINE = "past_deadline"  # submitted, the deadline passed and the round allows no edits after it


def edit_lock(session: Session, report: Report, round_: Round, today: dt.date) -> Optional[str]:
    """Why the report cannot be changed now (APPROVED, ROUND_CLOSED, PAST_DEADLINE), or None."""
    # Re-read the status under a row lock: an official approving at this very
    # moment waits for this answer, or this answer sees the approval. (SQLite: every
    # transaction that writes holds the database's one write lock from its BEGIN, so
    # what this transaction read is the status as it is: nothing to re-read.)
    if session.get_bind().dialect.name != "sqlite":
        session.refresh(report, with_for_update=True)
    return lock_reason(report, round_, today)


def lock_reason(report: Optional[Report], round_: Round, today: dt.date) -> Optional[str]:
    """`edit_lock` on the rows as read (no lock taken): for a look before the transaction. No report yet:
    only a closed round stops it."""
    if report is not None and report.status == "approved":
        return APPROVED
    if round_.status != "open":
        return ROUND_CLOSED
    if report is not None and report.status == "submitted" and today > round_.deadline and not round_.edit_after_deadline:
        return PAST_DEADLINE
    return None


# --- what is missing ----------------------------------------------------------------------------


def missing(session: Session, unit: Unit, values: dict[str, ReportValue]) -> list[Indicator]:
    """The required indicators this unit is asked and has not answered, in catalogue order."""
    inds = session.exec(select(Indicator).where(Indicator.required == True).order_by(Indicator.position)).all()  # noqa: E712
    return [i for i in inds if i.applies_to(unit) and not is_answered(values.get(i.code))]


def missing_count(session: Session, unit: Unit, report: Optional[Report]) -> int:
    """How many required indicators the unit has not answered yet (all of them without a report)."""
    values = values_of(session, report.id) if report is not None else {}
    return len(missing(session, unit, values))


@dataclass(frozen=True)
class SectionGap:
    """A section with required answers not given yet."""

    section: Section
    left: int


NOMINATIONS, ROLE_MODELS = "nominations", "role_models"


@dataclass(frozen=True)
class ListGap:
    """A list kept inside the report that is not ready to submit."""

    kind: str  # NOMINATIONS | ROLE_MODELS
    unfinished: int  # rows entered but not confirmed
    broken: int = 0  # commendation rules the list breaks (nominations)


@dataclass(frozen=True)
class Missing:
    """What keeps a unit's report from being submitted, by name (for reminders and chasers)."""

    sections: tuple[SectionGap, ...] = ()
    lists: tuple[ListGap, ...] = ()

    @property
    def answers(self) -> int:
        return sum(g.left for g in self.sections)

    def __bool__(self) -> bool:
        return bool(self.sections or self.lists)


def what_is_missing(session: Session, unit: Unit, report: Optional[Report]) -> Missing:
    """The sections with required answers left, in catalogue order, and the lists not ready.

    The catalogue requires no list of its own: a list is missing something when a row was begun and
    not confirmed, or (nominations) a commendation rule is broken; both block submitting."""
    values = values_of(session, report.id) if report is not None else {}
    left: dict[str, int] = {}
    for ind in missing(session, unit, values):
        left[ind.section_code] = left.get(ind.section_code, 0) + 1
    gaps = tuple(SectionGap(s, left[s.code]) for s in sections(session) if s.code in left)
    if report is None:
        return Missing(gaps)
    lists = []
    for kind, model in ((NOMINATIONS, Nomination), (ROLE_MODELS, RoleModel)):
        rows = dict(session.exec(select(model.complete, func.count()).where(model.report_id == report.id)
                                 .group_by(model.complete)).all())
        unfinished = rows.get(False, 0)
        # The rules judge confirmed rows only: a list without any breaks none (and costs no query).
        broken = len(award_rules.check(session, report.id)) if kind == NOMINATIONS and rows.get(True) else 0
        if unfinished or broken:
            lists.append(ListGap(kind, unfinished, broken))
    return Missing(gaps, tuple(lists))


# --- the checks before submitting ----------------------------------------------------------------

MISSING = "missing"  # required indicators unanswered (`Blocked.missing`)
CHECKS_FAILED = "checks_failed"  # consistency rules the answers break (`Blocked.failed`)


@dataclass(frozen=True)
class Blocked:
    """Why a report cannot be submitted yet."""

    kind: str  # MISSING | CHECKS_FAILED
    missing: tuple[Indicator, ...] = ()
    failed: tuple[ConsistencyCheck, ...] = ()


def failed_checks(session: Session, values: dict[str, ReportValue]) -> list[ConsistencyCheck]:
    """Consistency rules from the catalogue that the answers break (unanswered sides are not judged)."""
    failed = []
    for chk in session.exec(select(ConsistencyCheck).order_by(ConsistencyCheck.position)).all():
        codes = chk.left + chk.right
        if any(not is_answered(values.get(c)) for c in codes):
            continue
        left = sum(values[c].number or 0 for c in chk.left)
        right = chk.right_value if chk.right_value is not None else sum(values[c].number or 0 for c in chk.right)
        ok = {"<=": left <= right + 1e-9, ">=": left >= right - 1e-9, "==": abs(left - right) < 1e-9}[chk.op]
        if not ok:
            failed.append(chk)
    return failed


def blocked(session: Session, report: Report, unit: Unit) -> Optional[Blocked]:
    """What keeps the report's answers from being submitted: the missing ones first, then the checks."""
    values = values_of(session, report.id)
    absent = missing(session, unit, values)
    if absent:
        return Blocked(MISSING, missing=tuple(absent))
    failed = failed_checks(session, values)
    if failed:
        return Blocked(CHECKS_FAILED, failed=tuple(failed))
    return None


def unchanged_since_submitted(report: Report) -> bool:
    """Submitted and not changed since: submitting again would change nothing."""
    return report.status == "submitted" and not report.edited_after_submit
