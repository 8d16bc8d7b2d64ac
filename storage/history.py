"""Every year builds on the last: a round's series, last year's figures and how a figure compares with them.

A round belongs to a series (its catalogue's `series`, by default its kind: the annual report year after
year) and follows the round of the year before in it (`follows`, or the latest earlier round of the
series). Last year's figure of a unit comes from, in this order:

1. the previous round in the database (a report submitted or approved there);
2. a figure of that year no round holds (`PastFigure`): imported from a workbook of that year, or typed
   by an official (/namtruoc);
3. the unit's lineage (`formed_from`, the 2025 mergers): the figures of the units it was formed from,
   summed for a count, weighted by the catalogue's `weighted_by` for a rate; only when every one of
   them is known (a part of a sum is not last year's figure).

`previous_values` is the one query behind the chat (the clerk's confirmation, /xa, /chitieu), the
summary (/tonghop, the Word draft, the workbook) and the web page. `compare` says how a value compares
(a count: tăng/giảm N; a rate: points; none across a change of definition) and whether it stands out
(further from last year than the catalogue's `stands_out`). The words are bot/documents/compare.py's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from sqlalchemy import and_, bindparam, or_
from sqlalchemy import select as core_select
from sqlmodel import Session, select

from storage.models import Indicator, PastFigure, Report, ReportValue, Round, Unit

COUNTED = ("submitted", "approved")  # as storage/summary.py: the reports whose figures count


def year_of(round_: Round) -> int:
    return round_.period_end.year


def predecessor(session: Session, round_: Round) -> Optional[Round]:
    """The round of the year before in the round's series (None: the database holds none). Looked up once
    per session: an answer's check, its saved line and a page's columns all ask it, and one event's
    transaction never changes the rounds."""
    found = session.info.setdefault("history.predecessor", {})
    if round_.id not in found:
        found[round_.id] = _predecessor(session, round_)
    return found[round_.id]


def _predecessor(session: Session, round_: Round) -> Optional[Round]:
    if round_.follows:
        return session.exec(_FOLLOWED, params={"code": round_.follows}).first()
    return session.exec(_LATEST_BEFORE, params={"start": round_.period_start,
                                                "series": round_.series or round_.kind}).first()


_FOLLOWED = select(Round).where(Round.code == bindparam("code"))
_LATEST_BEFORE = (select(Round).where(Round.period_end < bindparam("start"),
                                      or_(Round.series == bindparam("series"),
                                          and_(Round.series == "", Round.kind == bindparam("series"))))
                  .order_by(Round.period_end.desc()).limit(1))


def previous_year(session: Session, round_: Round) -> int:
    """The year a round's figures are compared with: its predecessor's, else the year before its own."""
    before = predecessor(session, round_)
    return year_of(before) if before is not None else year_of(round_) - 1


@dataclass(frozen=True)
class Comparison:
    """A value beside last year's: the change, in the indicator's way of comparing."""

    indicator: Indicator
    year: int  # last year's
    current: float
    previous: float
    redefined: bool = False  # the definition changed in between: shown, not compared

    @property
    def kind(self) -> str:
        return self.indicator.compare

    @property
    def change(self) -> Optional[float]:
        """This year's minus last year's (a rate: in points); None across a change of definition."""
        return None if self.redefined else self.current - self.previous

    @property
    def stands_out(self) -> bool:
        """Further from last year than the catalogue allows: a count by a share of last year's value
        (of at least 1), a rate by points."""
        change, limit = self.change, self.indicator.stands_out
        if change is None or limit is None:
            return False
        if self.kind == "rate":
            return abs(change) > limit
        return abs(change) > limit * max(abs(self.previous), 1)


def compares(indicator: Indicator) -> bool:
    return (indicator.compare or "none") != "none"


def compare(indicator: Indicator, current: Optional[float], previous: Optional[float], year: int,
            this_year: int) -> Optional[Comparison]:
    """How `current` compares with last year's `previous` (None: nothing to compare)."""
    if not compares(indicator) or current is None or previous is None:
        return None
    redefined = indicator.redefined_in is not None and year < indicator.redefined_in <= this_year
    return Comparison(indicator, year, float(current), float(previous), redefined)


def previous_values(session: Session, round_: Round, units: Iterable[Unit],
                    indicators: Iterable[Indicator]) -> dict[int, dict[str, float]]:
    """Last year's figure of each unit (by id) and indicator (by code), from the three sources in order;
    a unit or indicator with none is left out. Two queries, whatever the number of units and indicators."""
    units = list(units)
    wanted = [i for i in indicators if compares(i)]
    if not units or not wanted:
        return {}
    weights = {i.weighted_by for i in wanted if i.compare == "rate" and i.weighted_by}
    fields = sorted({i.code for i in wanted} | weights)
    codes = sorted({u.code for u in units} | {c for u in units for c in (u.formed_from or [])})
    known = known_figures(session, round_, codes, fields)
    out: dict[int, dict[str, float]] = {}
    for unit in units:
        mine: dict[str, float] = {}
        for ind in wanted:
            value = known.get((unit.code, ind.code))
            if value is None and unit.formed_from:
                value = _from_lineage(known, unit.formed_from, ind)
            if value is not None:
                mine[ind.code] = value
        if mine:
            out[unit.id] = mine
    return out


def known_figures(session: Session, round_: Round, unit_codes: list[str],
                  fields: list[str]) -> dict[tuple[str, str], float]:
    """(unit code, indicator code) -> last year's number: the previous round's counted reports, over the
    figures imported or typed for that year."""
    before = predecessor(session, round_)
    year = year_of(before) if before is not None else year_of(round_) - 1
    wanted = {"codes": unit_codes, "fields": fields}
    known = {(code, field): number for code, field, number in session.execute(_PAST_FIGURES, {"year": year, **wanted})}
    if before is not None:
        for code, field, number in session.execute(_ROUND_FIGURES, {"round_id": before.id, **wanted}):
            known[(code, field)] = number
    return known


# Asked with each answer (its saved line, the stand-out check): built once.
_past, _unit, _report, _value = PastFigure.__table__, Unit.__table__, Report.__table__, ReportValue.__table__
_PAST_FIGURES = core_select(_past.c.unit_code, _past.c.field, _past.c.number).where(
    _past.c.year == bindparam("year"), _past.c.unit_code.in_(bindparam("codes", expanding=True)),
    _past.c.field.in_(bindparam("fields", expanding=True)))
_ROUND_FIGURES = (core_select(_unit.c.code, _value.c.field, _value.c.number)
                  .join(_report, _report.c.unit_id == _unit.c.id).join(_value, _value.c.report_id == _report.c.id)
                  .where(_report.c.round_id == bindparam("round_id"), _report.c.status.in_(COUNTED),
                         _unit.c.code.in_(bindparam("codes", expanding=True)),
                         _value.c.field.in_(bindparam("fields", expanding=True)), _value.c.number.is_not(None)))


def _from_lineage(known: dict[tuple[str, str], float], codes: list[str], ind: Indicator) -> Optional[float]:
    """A merged unit's figure of before: its old units' counts summed, their rates weighted (only when the
    catalogue says by what, and every part is known)."""
    parts = [known.get((code, ind.code)) for code in codes]
    if any(p is None for p in parts):
        return None
    if ind.compare != "rate":
        return sum(parts)
    weights = [known.get((code, ind.weighted_by)) for code in codes] if ind.weighted_by else [None]
    if any(w is None for w in weights) or not sum(weights):
        return None
    return sum(p * w for p, w in zip(parts, weights)) / sum(weights)


def previous_of(session: Session, round_: Round, unit: Unit, indicator: Indicator) -> Optional[float]:
    """One unit's figure of last year for one indicator (the clerk's confirmation, the stand-out check: both in
    one answer's transaction, so looked up once per session)."""
    found = session.info.setdefault("history.previous_of", {})
    key = (round_.id, unit.id, indicator.code)
    if key not in found:
        found[key] = previous_values(session, round_, [unit], [indicator]).get(unit.id, {}).get(indicator.code)
    return found[key]


def unit_comparisons(session: Session, round_: Round, unit: Unit, indicators: list[Indicator],
                     current: dict[str, Optional[float]]) -> dict[str, Comparison]:
    """A unit's answers beside last year's (/xa, /duyet): by indicator code, those with both."""
    previous = previous_values(session, round_, [unit], indicators).get(unit.id, {})
    year, this_year = previous_year(session, round_), year_of(round_)
    out = {}
    for ind in indicators:
        found = compare(ind, current.get(ind.code), previous.get(ind.code), year, this_year)
        if found is not None:
            out[ind.code] = found
    return out


def total_comparison(indicator: Indicator, aggregate: str, current: dict[int, float],
                     previous: dict[int, dict[str, float]], year: int, this_year: int) -> Optional[Comparison]:
    """The units' figure beside theirs of last year (the summary): like for like, over the units counted
    now, and only when every one of them has last year's figure; summed or averaged as the indicator is."""
    if not current or aggregate not in ("sum", "average"):
        return None
    before = [previous.get(unit_id, {}).get(indicator.code) for unit_id in current]
    if any(b is None for b in before):
        return None
    now, then = sum(current.values()), sum(before)
    if aggregate == "average":
        now, then = now / len(current), then / len(before)
    return compare(indicator, now, then, year, this_year)


def keep_past_figure(session: Session, year: int, unit_code: str, field: str, number: float, source: str,
                     user_id: Optional[int], filename: str = "") -> Optional[float]:
    """Keep a unit's figure of an earlier year (typed or imported); returns the one it replaces, if any."""
    row = session.exec(select(PastFigure).where(PastFigure.year == year, PastFigure.unit_code == unit_code,
                                                PastFigure.field == field)).first()
    old = row.number if row is not None else None
    row = row or PastFigure(year=year, unit_code=unit_code, field=field, number=number, source=source)
    row.number, row.source, row.user_id, row.filename = number, source, user_id, filename
    session.add(row)
    session.info.pop("history.previous_of", None)  # a figure looked up earlier in this session is stale now
    return old


def figure_sources(session: Session, round_: Round, unit: Unit,
                   indicators: Iterable[Indicator]) -> dict[str, tuple[float, str]]:
    """A unit's figures of last year and where each comes from: "round" (its report of that year), "typed",
    "import", "lineage" (the units it was formed from); /namtruoc lists them."""
    indicators = [i for i in indicators if compares(i)]
    fields = [i.code for i in indicators]
    year, before = previous_year(session, round_), predecessor(session, round_)
    out = {field: (number, source) for field, number, source in session.exec(
        select(PastFigure.field, PastFigure.number, PastFigure.source)
        .where(PastFigure.year == year, PastFigure.unit_code == unit.code, PastFigure.field.in_(fields))).all()}
    if before is not None:
        v, r = ReportValue, Report
        for field, number in session.exec(
                select(v.field, v.number).join(r, r.id == v.report_id)
                .where(r.round_id == before.id, r.unit_id == unit.id, r.status.in_(COUNTED), v.field.in_(fields),
                       v.number != None)).all():  # noqa: E711
            out[field] = (number, "round")
    lineage = previous_values(session, round_, [unit], [i for i in indicators if i.code not in out]).get(unit.id, {})
    return {**out, **{field: (number, "lineage") for field, number in lineage.items()}}
