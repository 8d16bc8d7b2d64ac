"""The figures of one scope: per indicator, award form or unit, all SQL grouped queries.

Everything here is SQL grouped queries over the round's counted reports, so a
province (or the whole country) compiles as fast as a district: the database
does the summing, Python only receives one row per indicator, per bucket, per
award form, or per unit where a list of units is the answer itself.

`Scope` (one round, the units under one unit, whose reports count) is the
question; `indicator_figures` (count, total, average, extremes, plan, buckets
and choices with their units), `quotes` (free text per unit), `ranking` and
`award_totals` are its answers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Optional

from sqlalchemy import and_, case, func, literal, not_, or_, true
from sqlmodel import Session, select

from storage import figures_last_year as last_year
from storage import history
from storage.lookup import APPROVED_ONLY, COUNTED, NAMES_LIMIT, quoted, reporting_units_under, short_name
from storage.models import AwardForm, CatalogMeta, Indicator, Report, ReportValue, Round, Unit
from storage.values import value_type


@dataclass
class Scope:
    """One round, the reporting units under one unit, and the session to ask."""

    session: Session
    round: Round
    tz: dt.tzinfo  # of deadlines
    top_unit_id: Optional[int] = None
    names_limit: int = NAMES_LIMIT
    # Whose figures are summed: every submitted report, or approved ones only. Progress
    # (who has submitted) always counts every submitted report.
    statuses: tuple[str, ...] = COUNTED

    @property
    def approved_only(self) -> bool:
        return self.statuses == APPROVED_ONLY

    @cached_property
    def unit_ids(self):
        return reporting_units_under(self.top_unit_id)

    @property
    def cutoff(self) -> dt.datetime:
        """The first moment after the deadline day, in UTC (as stored)."""
        end = dt.datetime.combine(self.round.deadline + dt.timedelta(days=1), dt.time(0), tzinfo=self.tz)
        return end.astimezone(dt.timezone.utc)

    def counted(self, report=Report):
        """Join condition / filter: the report is this round's, counted, and in scope."""
        return and_(report.round_id == self.round.id, report.status.in_(self.statuses),
                    report.unit_id.in_(self.unit_ids))

    @cached_property
    def all_indicators(self) -> list[Indicator]:
        return list(self.session.exec(select(Indicator).order_by(Indicator.position)).all())

    @property
    def indicators(self) -> list[Indicator]:
        """The units' indicators: what the reporting units answer, summed here."""
        return [i for i in self.all_indicators if i.filled_by != "authority"]

    @property
    def own_indicators(self) -> list[Indicator]:
        """What the authority answers itself, in its own report (`authority_values`)."""
        return [i for i in self.all_indicators if i.filled_by == "authority"]

    def asked(self, value=ReportValue, unit=Unit):
        """Filter: the answer's unit is asked its question. A town's answer to a question for communes only
        (kept from before the catalogue said so, or typed in by hand) is never summed nor counted."""
        by_kinds: dict[tuple[str, ...], list[str]] = {}
        for ind in self.indicators:
            if ind.unit_kinds:
                by_kinds.setdefault(tuple(ind.unit_kinds), []).extend([ind.code, f"plan:{ind.code}"])
        unasked = [and_(value.field.in_(codes), unit.kind.not_in(kinds)) for kinds, codes in by_kinds.items()]
        return not_(or_(*unasked)) if unasked else true()

    @cached_property
    def units(self) -> dict[int, Unit]:
        """Every reporting unit in scope by id, read once and held: a page's ranking, plans, notes and last
        year's column name the same units (a query per unit list re-made 3,321 of them each time)."""
        return {u.id: u for u in self.session.exec(select(Unit).where(Unit.id.in_(self.unit_ids))).all()}

    @cached_property
    def field_stats(self) -> dict[str, tuple]:
        """Per numeric answer field: (count, total, average, minimum, maximum, and of the same units: how many
        have last year's figure of their own, its total), one pass over the values."""
        return self.stats_of([i.code for i in self.indicators])

    def stats_of(self, codes: list[str]) -> dict[str, tuple]:
        """`field_stats` of these answer fields only (already known, or one grouped query)."""
        if "field_stats" in self.__dict__:
            return {code: stats for code, stats in self.field_stats.items() if code in codes}
        v = ReportValue
        previous, joined = last_year.joins(self)
        columns = [func.count(v.number), func.sum(v.number), func.avg(v.number), func.min(v.number), func.max(v.number)]
        if previous is not None:
            columns += [func.count(previous), func.sum(previous)]
        rows = self.session.exec(
            joined(select(v.field, *columns))
            .where(self.counted(Report), self.asked(v), v.number != None, v.field.in_(codes))  # noqa: E711
            .group_by(v.field)).all()
        return {code: (*stats, 0, None)[:7] for code, *stats in rows}

    @cached_property
    def illustrative(self) -> set[str]:
        """The answer fields (a code, or "plan:<code>") where a counted report holds a demo's illustrative figure."""
        v, r = ReportValue, Report
        return set(self.session.exec(select(v.field).distinct().join(r, r.id == v.report_id)
                                     .where(self.counted(r), v.illustrative == True)).all())  # noqa: E712

    @cached_property
    def figures(self) -> dict[str, "Figure"]:
        return indicator_figures(self)

    def figure(self, code: str) -> "Figure":
        """One indicator's figure, the same as `figures[code]`: taken from there when known, else computed
        alone (a page or a question about one indicator need not compile every other)."""
        if "figures" in self.__dict__:
            return self.figures[code]
        alone = self.__dict__.setdefault("_figure", {})
        if code not in alone:
            alone[code] = indicator_figures(self, [code])[code]
        return alone[code]

    @cached_property
    def quotes(self) -> dict[str, list["Quote"]]:
        """Every free-text answer, per indicator, in unit order."""
        out: dict[str, list[Quote]] = {}
        for quote in quotes(self, [i.code for i in self.indicators if quoted(i)]):
            out.setdefault(quote.indicator.code, []).append(quote)
        return out


# --- indicator figures -----------------------------------------------------------


@dataclass
class Group:
    """Units in one bucket, or with one choice."""

    label: str
    count: int
    names: list[str] = field(default_factory=list)  # at most scope.names_limit


@dataclass
class Figure:
    indicator: Indicator
    reported: int = 0  # units that gave a number (or chose)
    total: Optional[float] = None
    average: Optional[float] = None
    minimum: Optional[float] = None
    maximum: Optional[float] = None
    # Over the units that gave both a value and a plan:
    planned_value: Optional[float] = None
    plan_total: Optional[float] = None
    plan_average: Optional[float] = None
    groups: list[Group] = field(default_factory=list)  # buckets, or choices
    # Beside the same units' figure of last year (storage/history.py), when every one of them has one.
    comparison: Optional[history.Comparison] = None
    weighted: Optional[float] = None  # a rate weighted by its `weight` indicator, over the units that gave both
    illustrative: bool = False  # a demo's figure the real report does not state: never said as fact
    plan_illustrative: bool = False
    rate: Optional["Rate"] = None  # a rate's one figure for the whole authority (`authority_rates`)

    @property
    def percent_of_plan(self) -> Optional[float]:
        if not self.plan_total or self.planned_value is None:
            return None
        return self.planned_value / self.plan_total * 100


def indicator_figures(scope: Scope, codes: Optional[list[str]] = None) -> dict[str, Figure]:
    """Count, total, average, extremes and plan of every indicator (or of these only); buckets and choices
    with their units."""
    s = scope.session
    inds = {i.code: i for i in scope.indicators if codes is None or i.code in codes}
    figures = {code: Figure(ind) for code, ind in inds.items()}
    v, r = ReportValue, Report
    stats = scope.field_stats if codes is None else scope.stats_of(list(inds))
    for code, (n, total, avg, lo, hi, _known, _then) in stats.items():
        f = figures[code]
        f.reported, f.total, f.average, f.minimum, f.maximum = n, total, avg, lo, hi
    for code, f in figures.items():
        f.illustrative, f.plan_illustrative = code in scope.illustrative, f"plan:{code}" in scope.illustrative

    planned = [code for code, ind in inds.items() if ind.plan]
    if planned:
        p = ReportValue.__table__.alias("p")
        rows = s.exec(select(v.field, func.sum(v.number), func.sum(p.c.number), func.avg(p.c.number))
                      .join(r, r.id == v.report_id).join(Unit, Unit.id == r.unit_id)
                      .join(p, and_(p.c.report_id == v.report_id, p.c.field == literal("plan:") + v.field,
                                    p.c.field.in_([f"plan:{code}" for code in planned])))  # PostgreSQL hashes fewer
                      .where(scope.counted(r), scope.asked(v), v.field.in_(planned), v.number != None,  # noqa: E711
                             p.c.number != None)  # noqa: E711
                      .group_by(v.field)).all()
        for code, value, plan, plan_avg in rows:
            f = figures[code]
            f.planned_value, f.plan_total, f.plan_average = value, plan, plan_avg

    weighted = [code for code, ind in inds.items() if ind.weight]
    if weighted:
        w = ReportValue.__table__.alias("w")
        weights = {code: inds[code].weight for code in weighted}
        rows = s.exec(select(v.field, func.sum(v.number * w.c.number), func.sum(w.c.number))
                      .join(r, r.id == v.report_id).join(Unit, Unit.id == r.unit_id)
                      .join(w, and_(w.c.report_id == v.report_id, w.c.field.in_(set(weights.values()))))
                      .where(scope.counted(r), scope.asked(v), v.field.in_(weighted), v.number != None,  # noqa: E711
                             w.c.number != None, or_(*[and_(v.field == code, w.c.field == base)  # noqa: E711
                                                       for code, base in weights.items()]))
                      .group_by(v.field)).all()
        for code, product, base in rows:
            figures[code].weighted = product / base if base else None

    bucketed = [ind for ind in inds.values() if ind.aggregate == "buckets" and ind.buckets]
    if bucketed:
        groups = _bucket_groups(scope, bucketed)
        for ind in bucketed:
            figures[ind.code].groups = groups[ind.code]
    choices = [ind for ind in inds.values() if value_type(ind).summary == "groups"]
    if choices:
        for code, groups in _choice_groups(scope, choices).items():
            figures[code].groups = groups
            figures[code].reported = sum(g.count for g in groups)
    last_year.compare(scope, figures, stats)
    authority_rates(scope, figures)
    return figures


def authority_values(scope: Scope) -> dict[str, ReportValue]:
    """The authority's own answers this round (its own report, in any state: it writes the draft itself): the unit
    in scope that receives the reports, or without one the unit of the catalogue's authority level."""
    s = scope.session
    unit = s.get(Unit, scope.top_unit_id) if scope.top_unit_id is not None else None
    if unit is None or unit.is_reporting:
        level = s.exec(select(CatalogMeta.authority_level)).first()
        unit = s.exec(select(Unit).where(Unit.kind == level, Unit.is_reporting == False)  # noqa: E712
                      .order_by(Unit.position)).first()
    if unit is None:
        return {}
    rows = s.exec(select(ReportValue).join(Report, Report.id == ReportValue.report_id)
                  .where(Report.round_id == scope.round.id, Report.unit_id == unit.id)).all()
    return {v.field: v for v in rows}


@dataclass(frozen=True)
class Rate:
    """A rate's one figure for the whole authority, and how it was had: the authority's own (`OWN`, its `own_for`
    indicator's answer, `own`), the units' weighted by the base indicator the catalogue names (`WEIGHTED`, `base`),
    or the units' plain mean (`MEAN`), said as such."""

    value: float
    how: str
    base: Optional[Indicator] = None
    own: Optional[Indicator] = None
    level: str = ""  # the authority's level ("huyện"), whose own figure it is


OWN, WEIGHTED, MEAN = "own", "weighted", "mean"


def authority_rates(scope: Scope, figures: dict[str, "Figure"]) -> None:
    """Each averaged figure's `rate`, the one the chat, the files and the pages say: the authority's own figure if
    it gave one, else weighted by its base indicator where the catalogue names one and the units gave both, else
    the units' plain mean."""
    rated = [f for f in figures.values() if f.indicator.aggregate == "average"]
    own_for = {i.own_for: i for i in scope.own_indicators if i.own_for}
    top = scope.session.get(Unit, scope.top_unit_id) if scope.top_unit_id is not None else None
    whole = top is None or not top.is_reporting  # one reporting unit's scope: its figure, not the authority's
    own = authority_values(scope) if rated and own_for and whole else {}
    bases = {i.code: i for i in scope.all_indicators}
    for f in rated:
        ind, given = f.indicator, own_for.get(f.indicator.code)
        if given is not None and given.code in own and own[given.code].number is not None:
            level = scope.session.exec(select(CatalogMeta.authority_level)).first() or ""
            f.rate = Rate(own[given.code].number, OWN, own=given, level=level)
        elif ind.weight and f.weighted is not None and ind.weight in bases:
            f.rate = Rate(f.weighted, WEIGHTED, base=bases[ind.weight])
        elif f.average is not None:
            f.rate = Rate(f.average, MEAN)


def _bucket_groups(scope: Scope, indicators: list[Indicator]) -> dict[str, list[Group]]:
    """Every bucketed indicator's buckets in one query: the bucket is the index of the first range that holds the value."""
    v, r = ReportValue, Report
    whens = []
    for ind in indicators:
        for n, b in enumerate(ind.buckets):
            cond = [v.number >= b["min"]] if "min" in b else []
            cond += [v.number <= b["max"]] if "max" in b else []
            whens.append((and_(v.field == ind.code, *cond), n))
    bucket = case(*whens, else_=-1)
    base = (select(v.field.label("code"), bucket.label("bucket"), Unit.kind, Unit.name, Unit.position)
            .join(r, r.id == v.report_id).join(Unit, Unit.id == r.unit_id)
            .where(scope.counted(r), scope.asked(v), v.field.in_([i.code for i in indicators]),
                   v.number != None))  # noqa: E711
    found = _groups(scope, base.subquery())
    return {ind.code: _labelled(found.get(ind.code, {}), [b["label"] for b in ind.buckets], range(len(ind.buckets)))
            for ind in indicators}


def _choice_groups(scope: Scope, indicators: list[Indicator]) -> dict[str, list[Group]]:
    v, r = ReportValue, Report
    base = (select(v.field.label("code"), v.text.label("bucket"), Unit.kind, Unit.name, Unit.position)
            .join(r, r.id == v.report_id).join(Unit, Unit.id == r.unit_id)
            .where(scope.counted(r), scope.asked(v), v.field.in_([i.code for i in indicators]),
                   v.text != None))  # noqa: E711
    found = _groups(scope, base.subquery())
    options = {ind.code: value_type(ind).options(ind) for ind in indicators}
    return {ind.code: _labelled(found.get(ind.code, {}), options[ind.code], options[ind.code]) for ind in indicators}


def _groups(scope: Scope, base) -> dict[str, dict[Any, Group]]:
    """Per indicator and group: the count, and the first names (by unit order). One query, however many indicators."""
    partition = (base.c.code, base.c.bucket)
    rank = func.row_number().over(partition_by=partition, order_by=base.c.position).label("rank")
    count = func.count().over(partition_by=partition).label("count")
    ranked = select(base.c.code, base.c.bucket, base.c.kind, base.c.name, base.c.position, rank, count).subquery()
    out: dict[str, dict[Any, Group]] = {}
    for code, key, kind, name, n in scope.session.exec(
            select(ranked.c.code, ranked.c.bucket, ranked.c.kind, ranked.c.name, ranked.c.count)
            .where(ranked.c.rank <= scope.names_limit).order_by(ranked.c.position)).all():
        group = out.setdefault(code, {}).setdefault(key, Group("", n))
        group.names.append(short_name(kind, name))
    return out


def _labelled(found: dict[Any, Group], labels: list[str], keys) -> list[Group]:
    """The groups in catalogue order, with their labels; a group no unit is in counts 0."""
    return [Group(label, found[key].count, found[key].names) if key in found else Group(label, 0)
            for label, key in zip(labels, keys)]


def applicable_units(scope: Scope, ind: Indicator) -> int:
    """How many units in scope are asked this indicator (its `unit_kinds`)."""
    query = select(func.count()).select_from(Unit).where(Unit.id.in_(scope.unit_ids))
    if ind.unit_kinds:
        query = query.where(Unit.kind.in_(ind.unit_kinds))
    return scope.session.exec(query).one()


def ranking(scope: Scope, code: str, limit: Optional[int] = None, ascending: bool = False) -> list[tuple[Unit, float]]:
    """Units by an indicator's value, highest first (or lowest first)."""
    v, r = ReportValue, Report
    order = v.number.asc() if ascending else v.number.desc()
    query = (select(Unit.id, v.number).join(r, r.unit_id == Unit.id).join(v, v.report_id == r.id)
             .where(scope.counted(r), scope.asked(v), v.field == code, v.number != None)  # noqa: E711
             .order_by(order, Unit.position))
    if limit:
        rows = scope.session.exec(query.limit(limit)).all()
        units = {u.id: u for u in scope.session.exec(select(Unit).where(Unit.id.in_([i for i, _ in rows]))).all()}
    else:
        rows, units = scope.session.exec(query).all(), scope.units
    return [(units[unit_id], number) for unit_id, number in rows]


# --- texts quoted per unit -----------------------------------------------------------


@dataclass
class Quote:
    unit: Unit
    indicator: Indicator
    text: str


def quotes(scope: Scope, codes: list[str]) -> list[Quote]:
    """Free-text answers of these indicators, by indicator then unit order."""
    if not codes:
        return []
    v, r = ReportValue, Report
    # The indicator by its code from the scope's own list: an Indicator per row would read its JSON
    # columns again for every answer (a third of the compile at 3,321 communes).
    inds = {i.code: i for i in scope.indicators}
    rows = scope.session.exec(
        select(Unit.id, v.field, v.text).join(r, r.unit_id == Unit.id).join(v, v.report_id == r.id)
        .join(Indicator, Indicator.code == v.field)
        .where(scope.counted(r), scope.asked(v), v.field.in_(codes), v.text != None,  # noqa: E711
               func.trim(v.text) != "")
        .order_by(Indicator.position, Unit.position)).all()
    # "Không có.", "-": nothing to quote (storage/values/text.py), even where a required note kept it.
    units = scope.units if rows else {}
    return [Quote(units[u], inds[c], value_type(inds[c]).show(inds[c], t.strip())) for u, c, t in rows
            if not value_type(inds[c]).says_nothing(t)]


# --- award totals ----------------------------------------------------------------------


@dataclass
class AwardTotal:
    form: AwardForm
    collective: float = 0
    individual: float = 0


@dataclass
class AwardTotals:
    forms: list[AwardTotal]  # catalogue order; only forms that units report
    by_unit: list[tuple[Unit, AwardForm, str, float]]  # (unit, form, subject, count), unit order

    @property
    def collective(self) -> float:
        return sum(t.collective for t in self.forms)

    @property
    def individual(self) -> float:
        return sum(t.individual for t in self.forms)


def award_totals(scope: Scope, by_unit: bool = False) -> AwardTotals:
    """Totals by award form and subject; with by_unit, each unit's counts too (for the chat breakdown)."""
    s, v, r = scope.session, ReportValue, Report
    reported = s.exec(select(AwardForm).where(AwardForm.code.in_(
        select(Indicator.award).where(Indicator.award != None))).order_by(AwardForm.position)).all()  # noqa: E711
    totals = {a.code: AwardTotal(a) for a in reported}
    for ind in scope.indicators:
        if not ind.award or ind.code not in scope.field_stats:
            continue
        n = scope.field_stats[ind.code][1] or 0
        if ind.subject == "collective":
            totals[ind.award].collective += n
        else:
            totals[ind.award].individual += n
    units: list[tuple[Unit, AwardForm, str, float]] = []
    if by_unit:
        rows = s.exec(select(r.unit_id, Indicator.award, Indicator.subject, func.sum(v.number))
                      .join(v, v.report_id == r.id).join(Indicator, Indicator.code == v.field)
                      .join(Unit, Unit.id == r.unit_id)
                      .where(scope.counted(r), scope.asked(v), Indicator.award != None)  # noqa: E711
                      .group_by(r.unit_id, Unit.position, Indicator.award, Indicator.subject)
                      .order_by(Unit.position)).all()
        by_id = {u.id: u for u in s.exec(select(Unit).where(Unit.id.in_({row[0] for row in rows}))).all()}
        forms = {a.code: a for a in reported}
        order = {a.code: n for n, a in enumerate(reported)}
        rows = sorted(rows, key=lambda row: (by_id[row[0]].position, order[row[1]], row[2]))
        units = [(by_id[uid], forms[code], subject, n or 0) for uid, code, subject, n in rows]
    return AwardTotals(list(totals.values()), units)


# --- one unit --------------------------------------------------------------------------
