"""Last year's side of the figures (storage/figures.py): each summed or averaged figure beside the same units'
figure of last year, like for like, summed by the figures' own grouped query (`Scope.field_stats`), with the units
that have no figure of their own looked up through their lineage (`formed_from`), as `history.previous_values`
takes them: the one query behind the chat, the files and the pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import String, and_, cast, func
from sqlalchemy.orm import aliased
from sqlmodel import select

from storage import history
from storage.models import Indicator, PastFigure, Report, ReportValue, Unit

if TYPE_CHECKING:
    from storage.figures import Figure, Scope


def compare(scope: "Scope", figures: dict[str, "Figure"], stats: dict[str, tuple]) -> None:
    """Each summed or averaged figure beside the same units' of last year (like for like): only when every unit
    counted now has last year's figure (`history.previous_values`' sources, in its order). The figures' own
    grouped query sums last year's where the round before or a figure of that year holds it (`field_stats`);
    the units left without one are looked up through their lineage (`formed_from`), in Python, they alone."""
    compared = [f.indicator for f in figures.values() if f.reported and f.indicator.code in stats
                and history.compares(f.indicator) and f.indicator.aggregate in ("sum", "average")]
    if not compared:
        return
    s, v = scope.session, ReportValue
    lacking, rows = [i for i in compared if stats[i.code][5] < stats[i.code][0]], []
    if lacking:
        previous, joined = joins(scope)
        if previous is None:  # no figure of last year anywhere
            return
        merged = cast(Unit.formed_from, String)
        rows = s.exec(joined(select(v.field, Unit.id))
                      .where(scope.counted(Report), scope.asked(v), v.number != None,  # noqa: E711
                             v.field.in_([i.code for i in lacking]), previous == None, merged != None,  # noqa: E711
                             merged.not_in(["[]", "null"]))).all()
    lineage = _from_lineage(scope, lacking, rows)
    year, this_year = history.previous_year(s, scope.round), history.year_of(scope.round)
    for ind in compared:
        n, now, _avg, _lo, _hi, known, then = stats[ind.code]
        found = lineage.get(ind.code, [])
        if known + len(found) < n:  # a unit without last year's figure: no like-for-like total
            continue
        then = (then or 0) + sum(found)
        if ind.aggregate == "average":
            now, then = now / n, then / n
        figures[ind.code].comparison = history.compare(ind, now, then, year, this_year)


def joins(scope: "Scope"):
    """(last year's figure of a counted value's unit, a function adding to a SELECT of values the joins of the
    counted reports' and of that figure): the round before's figure over the one imported or typed, as
    `history.known_figures` takes them; a source that holds nothing is not joined, and without any the
    figure is None (nothing is compared)."""
    v, r, pf = ReportValue, Report, PastFigure
    year = history.previous_year(scope.session, scope.round)
    before = history.predecessor(scope.session, scope.round)
    typed = scope.session.exec(select(pf.id).where(pf.year == year).limit(1)).first() is not None
    r0, v0 = aliased(Report), aliased(ReportValue)

    def joined(query):
        # Each report's of the round before is joined once, before its values (not once per value).
        query = query.select_from(r).join(Unit, Unit.id == r.unit_id)
        if before is not None:
            query = query.outerjoin(r0, and_(r0.round_id == before.id, r0.unit_id == r.unit_id,
                                             r0.status.in_(history.COUNTED)))
        query = query.join(v, v.report_id == r.id)
        if typed:
            query = query.outerjoin(pf, and_(pf.year == year, pf.unit_code == Unit.code, pf.field == v.field))
        if before is None:
            return query
        return query.outerjoin(v0, and_(v0.report_id == r0.id, v0.field == v.field, v0.number != None))  # noqa: E711
    if before is None:
        return (pf.number if typed else None), joined
    return (func.coalesce(v0.number, pf.number) if typed else v0.number), joined


def _from_lineage(scope: "Scope", indicators: list[Indicator], rows) -> dict[str, list[float]]:
    """Per indicator: last year's figures, through their lineage, of the counted units without one of their own
    (rows of (indicator code, unit id): the units with a lineage only)."""
    if not rows:
        return {}
    units = [scope.units[unit_id] for unit_id in {unit_id for _code, unit_id in rows}]
    known = history.previous_values(scope.session, scope.round, units, indicators)
    out: dict[str, list[float]] = {}
    for code, unit_id in rows:
        value = known.get(unit_id, {}).get(code)
        if value is not None:
            out.setdefault(code, []).append(value)
    return out
