"""Last year's figures in the chat (issue 26): beside each answer in /xa and /duyet, in /chitieu's column,
under the clerk's saved answer; what stands out, flagged. The figures are storage/history.py's, the words
bot/documents/compare.py's."""

from __future__ import annotations

from typing import Callable, Optional

from sqlmodel import Session

from storage import history, reports
from storage.figures import Scope
from storage.history import Comparison
from storage.models import Indicator, Report, ReportValue, Unit


def last_year(session: Session, report: Report, unit: Unit, values: dict[str, ReportValue]) -> dict[str, Comparison]:
    """A unit's answers beside its figures of last year, by indicator code."""
    round_ = reports.round_of(session, report.round_id)
    indicators = [i for s in reports.sections(session) for i in reports.indicators_of(session, s.code, unit)]
    current = {code: v.number for code, v in values.items() if v.number is not None}
    return history.unit_comparisons(session, round_, unit, indicators, current)


def answer_beside_last_year(session: Session, report: Report, ind: Indicator, number: Optional[float]) -> Optional[Comparison]:
    """A clerk's answer beside the unit's figure of last year (the saved answer's line, the stand-out check)."""
    if number is None or not history.compares(ind):
        return None
    round_ = reports.round_of(session, report.round_id)
    unit = reports.unit_by_id(session, report.unit_id)
    previous = history.previous_of(session, round_, unit, ind)
    return history.compare(ind, number, previous, history.previous_year(session, round_), history.year_of(round_))


def last_year_column(scope: Scope, ind: Indicator) -> Callable[[Unit, float], Optional[Comparison]]:
    """/chitieu's column: each unit's value beside its own of last year (one query for the column)."""
    previous = history.previous_values(scope.session, scope.round, scope.units.values(), [ind])
    year, this_year = history.previous_year(scope.session, scope.round), history.year_of(scope.round)

    def column(unit: Unit, value: float) -> Optional[Comparison]:
        return history.compare(ind, value, previous.get(unit.id, {}).get(ind.code), year, this_year)
    return column
