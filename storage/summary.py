"""The district's figures: progress, totals, averages, buckets, rankings, award totals.

Everything here is SQL grouped queries over the round's counted reports, so a
province (or the whole country) compiles as fast as a district: the database
does the summing, Python only receives one row per indicator, per bucket, per
award form, or per unit where a list of units is the answer itself.

A compiled summary is a list of `Part`s built by the builders in
`SUMMARY_PARTS`, in document order. Another part (e.g. nominations, role
models) is one builder listed there and a writer for its `kind` in
`bot.documents.chat.PART_WRITERS`; nothing else changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Optional

from sqlalchemy import and_, case, func, literal, not_, or_, true
from sqlmodel import Session, select

from storage import district_lists
from storage.models import AuditLog, AwardForm, Indicator, Report, ReportValue, Round, Section, Unit
from storage.people import fold, strip_unit_kind
from storage.reports import round_by_code
from storage.values import names as type_names
from storage.values import value_type

# Reports whose figures count in the summary; drafts and returned ones do not.
COUNTED = ("submitted", "approved")
APPROVED_ONLY = ("approved",)  # an official's "approved reports only" summary
NAMES_LIMIT = 60  # unit names listed per bucket/choice; beyond that "… and N more"


def short_name(kind: str, name: str) -> str:
    """Communes by name alone, as the seed lists them ("Quài Nưa"); others with their kind ("thị trấn Tuần Giáo")."""
    return name if kind == "xã" else f"{kind} {name}"


# --- which round, which units --------------------------------------------------


def rounds_for_officials(session: Session) -> list[Round]:
    """Open rounds first (nearest deadline first), then the others, newest first."""
    rounds = session.exec(select(Round)).all()
    open_ = sorted((r for r in rounds if r.status == "open"), key=lambda r: r.deadline)
    return open_ + sorted((r for r in rounds if r.status != "open"), key=lambda r: r.deadline, reverse=True)


def find_round(session: Session, query: str) -> list[Round]:
    """Rounds matching a code or a name (without diacritics); empty query: the open ones."""
    query = query.strip()
    if not query:
        rounds = rounds_for_officials(session)
        open_ = [r for r in rounds if r.status == "open"]
        return open_ or rounds[:1]
    exact = round_by_code(session, query)
    if exact is not None:
        return [exact]
    wanted = fold(query)
    return [r for r in rounds_for_officials(session) if wanted in fold(r.name) or wanted in r.code]


def reporting_units_under(top_unit_id: Optional[int]):
    """A SELECT of the ids of the reporting units under a unit (itself included); None: all of them."""
    if top_unit_id is None:
        return select(Unit.id).where(Unit.is_reporting == True)  # noqa: E712
    tree = select(Unit.id.label("id")).where(Unit.id == top_unit_id).cte("tree", recursive=True)
    tree = tree.union_all(select(Unit.id).where(Unit.parent_id == tree.c.id))
    return select(Unit.id).where(Unit.is_reporting == True, Unit.id.in_(select(tree.c.id)))  # noqa: E712


def find_reporting_units(session: Session, query: str, top_unit_id: Optional[int] = None) -> list[Unit]:
    """Reporting units in scope whose code or name matches (no diacritics, case, 'xã'/'thị trấn')."""
    units = session.exec(select(Unit).where(Unit.id.in_(reporting_units_under(top_unit_id)))
                         .order_by(Unit.position)).all()
    wanted = strip_unit_kind(fold(query))
    exact = [u for u in units if u.code == query.strip() or fold(u.name) == wanted
             or fold(f"{u.kind} {u.name}") == fold(query)]
    if exact:
        return exact
    return [u for u in units if wanted and wanted in fold(u.name)]


def find_indicators(session: Session, query: str) -> list[Indicator]:
    """Indicators (numbers and choices) whose code or name matches, without diacritics or case."""
    rows = session.exec(select(Indicator).where(Indicator.type.not_in(_quoted_types()))
                        .order_by(Indicator.position)).all()
    wanted = fold(query)
    exact = [i for i in rows if i.code == query.strip() or fold(i.name) == wanted]
    if exact:
        return exact
    words = wanted.split()
    return [i for i in rows if words and all(w in fold(i.name) for w in words)]


def _quoted_types() -> list[str]:
    """Value types whose answers are quoted per unit, not counted (free text)."""
    return type_names(summary="quotes")


def _quoted(indicator: Indicator) -> bool:
    return value_type(indicator).summary == "quotes"


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
    def indicators(self) -> list[Indicator]:
        return list(self.session.exec(select(Indicator).order_by(Indicator.position)).all())

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
    def field_stats(self) -> dict[str, tuple]:
        """Per numeric answer field: (count, total, average, minimum, maximum), one pass over the values."""
        v, r = ReportValue, Report
        rows = self.session.exec(
            select(v.field, func.count(v.number), func.sum(v.number), func.avg(v.number),
                   func.min(v.number), func.max(v.number))
            .join(r, r.id == v.report_id).join(Unit, Unit.id == r.unit_id)
            .where(self.counted(r), self.asked(v), v.number != None,  # noqa: E711
                   v.field.in_([i.code for i in self.indicators]))
            .group_by(v.field)).all()
        return {code: tuple(stats) for code, *stats in rows}

    @cached_property
    def figures(self) -> dict[str, "Figure"]:
        return indicator_figures(self)

    @cached_property
    def quotes(self) -> dict[str, list["Quote"]]:
        """Every free-text answer, per indicator, in unit order."""
        out: dict[str, list[Quote]] = {}
        for quote in quotes(self, [i.code for i in self.indicators if _quoted(i)]):
            out.setdefault(quote.indicator.code, []).append(quote)
        return out


# --- progress ------------------------------------------------------------------


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


def _status_column():
    return func.coalesce(Report.status, "none")


def _on_time_column(scope: Scope):
    return case((Report.status.in_(COUNTED) & (Report.submitted_at < scope.cutoff), 1), else_=0)


def progress(scope: Scope) -> Progress:
    s = scope.session
    joined = and_(Report.unit_id == Unit.id, Report.round_id == scope.round.id)
    status = _status_column()
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
        select(Unit, _status_column(), Report.submitted_at, Report.receipt_no, _on_time_column(scope))
        .outerjoin(Report, and_(Report.unit_id == Unit.id, Report.round_id == scope.round.id))
        .where(Unit.id.in_(scope.unit_ids)).order_by(Unit.position)).all()
    return [UnitStatus(u, st, at, receipt, bool(ot) if st in COUNTED else None) for u, st, at, receipt, ot in rows]


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

    @property
    def percent_of_plan(self) -> Optional[float]:
        if not self.plan_total or self.planned_value is None:
            return None
        return self.planned_value / self.plan_total * 100


def indicator_figures(scope: Scope) -> dict[str, Figure]:
    """Count, total, average, extremes and plan of every indicator; buckets and choices with their units."""
    s = scope.session
    inds = {i.code: i for i in scope.indicators}
    figures = {code: Figure(ind) for code, ind in inds.items()}
    v, r = ReportValue, Report
    for code, (n, total, avg, lo, hi) in scope.field_stats.items():
        f = figures[code]
        f.reported, f.total, f.average, f.minimum, f.maximum = n, total, avg, lo, hi

    planned = [code for code, ind in inds.items() if ind.plan]
    if planned:
        p = ReportValue.__table__.alias("p")
        rows = s.exec(select(v.field, func.sum(v.number), func.sum(p.c.number), func.avg(p.c.number))
                      .join(r, r.id == v.report_id).join(Unit, Unit.id == r.unit_id)
                      .join(p, and_(p.c.report_id == v.report_id, p.c.field == literal("plan:") + v.field))
                      .where(scope.counted(r), scope.asked(v), v.field.in_(planned), v.number != None,  # noqa: E711
                             p.c.number != None)  # noqa: E711
                      .group_by(v.field)).all()
        for code, value, plan, plan_avg in rows:
            f = figures[code]
            f.planned_value, f.plan_total, f.plan_average = value, plan, plan_avg

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
    return figures


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


def ranking(scope: Scope, code: str, limit: Optional[int] = None, ascending: bool = False) -> list[tuple[Unit, float]]:
    """Units by an indicator's value, highest first (or lowest first)."""
    v, r = ReportValue, Report
    order = v.number.asc() if ascending else v.number.desc()
    query = (select(Unit, v.number).join(r, r.unit_id == Unit.id).join(v, v.report_id == r.id)
             .where(scope.counted(r), scope.asked(v), v.field == code, v.number != None)  # noqa: E711
             .order_by(order, Unit.position))
    if limit:
        query = query.limit(limit)
    return list(scope.session.exec(query).all())


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
    rows = scope.session.exec(
        select(Unit, Indicator, v.text).join(r, r.unit_id == Unit.id).join(v, v.report_id == r.id)
        .join(Indicator, Indicator.code == v.field)
        .where(scope.counted(r), scope.asked(v), v.field.in_(codes), v.text != None,  # noqa: E711
               func.trim(v.text) != "")
        .order_by(Indicator.position, Unit.position)).all()
    # "Không có.", "-": nothing to quote (storage/values/text.py), even where a required note kept it.
    return [Quote(u, i, value_type(i).show(i, t.strip())) for u, i, t in rows if not value_type(i).says_nothing(t)]


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


@dataclass
class AuditSummary:
    action: str
    count: int
    last_at: dt.datetime


def audit_summary(session: Session, report_id: int) -> list[AuditSummary]:
    rows = session.exec(select(AuditLog.action, func.count(), func.max(AuditLog.at))
                        .where(AuditLog.report_id == report_id).group_by(AuditLog.action)).all()
    return [AuditSummary(a, n, at) for a, n, at in rows]


# --- per-unit tables (for the spreadsheet) -----------------------------------------------


@dataclass
class Column:
    indicator: Indicator
    kind: str  # "value" | "plan"


@dataclass
class SectionTable:
    section: Section
    columns: list[Column]
    rows: list[tuple[Unit, str, tuple]]  # (unit, status, one cell per column), every unit in scope


def section_table(scope: Scope, section: Section) -> Optional[SectionTable]:
    """Units as rows, the section's answers as columns: one grouped query (a pivot)."""
    inds = [i for i in scope.indicators if i.section_code == section.code]
    if not inds:
        return None
    columns, cells = [], []
    v = ReportValue
    for ind in inds:
        kinds = (["plan"] if ind.plan else []) + ["value"]
        for kind in kinds:
            key = f"plan:{ind.code}" if kind == "plan" else ind.code
            column = v.text if value_type(ind).column == "text" and kind == "value" else v.number
            columns.append(Column(ind, kind))
            cells.append(func.max(case((v.field == key, column))))
    keys = [c.indicator.code if c.kind == "value" else f"plan:{c.indicator.code}" for c in columns]
    rows = scope.session.exec(
        select(Unit, _status_column(), *cells)
        .outerjoin(Report, and_(Report.unit_id == Unit.id, Report.round_id == scope.round.id))
        .outerjoin(v, and_(v.report_id == Report.id, Report.status.in_(scope.statuses), v.field.in_(keys),
                           scope.asked(v)))
        .where(Unit.id.in_(scope.unit_ids))
        .group_by(Unit.id, Report.status).order_by(Unit.position)).all()
    return SectionTable(section, columns, [(row[0], row[1], tuple(row[2:])) for row in rows])


# --- the compiled summary ---------------------------------------------------------------


@dataclass
class Part:
    """One part of the compiled summary; `kind` picks its writer in bot.documents.chat.PART_WRITERS."""

    kind: str
    title: Optional[str]  # a catalogue section's own name; None where bot/texts words the part by its kind
    data: Any


@dataclass
class SectionFigures:
    section: Section
    figures: list[Figure]  # numbers and choices, catalogue order
    quotes: list[Quote]  # free-text notes, per unit


@dataclass
class Summary:
    round: Round
    generated_at: dt.datetime  # local time
    top_unit: Optional[Unit]
    progress: Progress
    parts: list[Part]
    scope: Scope  # for the spreadsheet's per-unit tables


def _section_figures(scope: Scope, section: Section) -> SectionFigures:
    inds = [i for i in scope.indicators if i.section_code == section.code and not i.award]
    figures = [scope.figures[i.code] for i in inds if not _quoted(i)]
    return SectionFigures(section, figures, [q for i in inds if _quoted(i) for q in scope.quotes.get(i.code, [])])


def _sections(scope: Scope, kind: str) -> list[Section]:
    return list(scope.session.exec(select(Section).where(Section.kind == kind).order_by(Section.position)).all())


def campaigns_part(scope: Scope) -> list[Part]:
    sections = [_section_figures(scope, s) for s in _sections(scope, "campaign")]
    return [Part("campaigns", None, [s for s in sections if s.figures or s.quotes])]


def awards_part(scope: Scope) -> list[Part]:
    totals = award_totals(scope)
    return [Part("awards", None, totals)] if totals.forms else []


def nominations_part(scope: Scope) -> list[Part]:
    """The units' nominees (storage/district_lists.py): data is the list of `Nominee`s, highest level first."""
    return [Part("nominations", None, district_lists.nominees(scope))]


def role_models_part(scope: Scope) -> list[Part]:
    """The units' role models (storage/district_lists.py): data is the list of `Model`s, in unit order."""
    return [Part("role_models", None, district_lists.role_models(scope))]


def other_sections_part(scope: Scope) -> list[Part]:
    """Other sections with figures (organisation, training, inspections…)."""
    parts = []
    for section in _sections(scope, "section"):
        figures = _section_figures(scope, section)
        if figures.figures:
            parts.append(Part("section", section.name, figures))
    return parts


def text_sections_part(scope: Scope) -> list[Part]:
    """Sections of free text only (difficulties and proposals), quoted per unit."""
    parts = []
    for section in _sections(scope, "section"):
        figures = _section_figures(scope, section)
        if not figures.figures and any(i.section_code == section.code and _quoted(i) for i in scope.indicators):
            parts.append(Part("quotes", section.name, figures))
    return parts


PartBuilder = Callable[[Scope], list[Part]]

# The summary's parts, in document order (Phần I of the seed), each with a
# writer for its Part.kind in bot.documents.chat.PART_WRITERS.
SUMMARY_PARTS: list[tuple[str, PartBuilder]] = [
    ("campaigns", campaigns_part),
    ("awards", awards_part),
    ("nominations", nominations_part),
    ("role_models", role_models_part),
    ("sections", other_sections_part),
    ("difficulties", text_sections_part),
]


def compile_summary(session: Session, round_: Round, now: dt.datetime, top_unit_id: Optional[int] = None,
                    names_limit: int = NAMES_LIMIT, approved_only: bool = False) -> Summary:
    scope = Scope(session, round_, now.tzinfo or dt.timezone.utc, top_unit_id, names_limit,
                  APPROVED_ONLY if approved_only else COUNTED)
    parts = [part for _, builder in SUMMARY_PARTS for part in builder(scope)]
    top = session.get(Unit, top_unit_id) if top_unit_id else None
    return Summary(round_, now, top, progress(scope), parts, scope)
