"""The compiled summary: its parts in document order, and the per-unit tables of the spreadsheet.

A compiled summary is a list of `Part`s built by the builders in
`SUMMARY_PARTS`, in document order. Another part (e.g. nominations, role
models) is one builder listed there and a writer for its `kind` in
`bot.documents.chat.PART_WRITERS`; nothing else changes. The figures come
from `storage/figures.py` (one `Scope`), who has reported from
`storage/progress.py`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Optional

from sqlalchemy import and_, case, func
from sqlmodel import Session, select

from storage import district_lists
from storage.figures import Figure, Quote, Scope, award_totals
from storage.lookup import APPROVED_ONLY, COUNTED, NAMES_LIMIT, quoted
from storage.models import Indicator, Report, ReportValue, Round, Section, Unit
from storage.progress import Progress, progress, status_column
from storage.values import value_type


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


def section_table(scope: Scope, section: Section, codes: Optional[set[str]] = None) -> Optional[SectionTable]:
    """Units as rows, the section's answers as columns (or these indicators' only): one grouped query (a pivot)."""
    inds = [i for i in scope.indicators if i.section_code == section.code and (codes is None or i.code in codes)]
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
        select(Unit.id, status_column(), *cells)
        .outerjoin(Report, and_(Report.unit_id == Unit.id, Report.round_id == scope.round.id))
        .outerjoin(v, and_(v.report_id == Report.id, Report.status.in_(scope.statuses), v.field.in_(keys),
                           scope.asked(v)))
        .where(Unit.id.in_(scope.unit_ids))
        .group_by(Unit.id, Report.status).order_by(Unit.position)).all()
    units = scope.units
    return SectionTable(section, columns, [(units[row[0]], row[1], tuple(row[2:])) for row in rows])


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
    figures = [scope.figures[i.code] for i in inds if not quoted(i)]
    return SectionFigures(section, figures, [q for i in inds if quoted(i) for q in scope.quotes.get(i.code, [])])


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
        if not figures.figures and any(i.section_code == section.code and quoted(i) for i in scope.indicators):
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
