"""A unit's nomination list: which forms it may ask for, and how the list compares with the report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Optional

from sqlmodel import Session, select

from storage import entries
from storage import reports
from storage.catalog import LEVELS
from storage.models import AwardForm, CatalogMeta, Nomination, Report, Unit

SUBJECTS = ("individual", "collective")


def meta(session: Session) -> CatalogMeta:
    """The catalogue's settings (read once per engine: a province's lists ask for them per unit)."""
    return reports.catalogue_part(session, "catalog_meta", lambda: session.exec(select(CatalogMeta)).one(),
                                  lambda m: [m])


def forms(session: Session) -> dict[str, AwardForm]:
    """The award forms by code, in catalogue order (read once per engine)."""
    def load() -> dict[str, AwardForm]:
        return {f.code: f for f in session.exec(select(AwardForm).order_by(AwardForm.position))}
    return dict(reports.catalogue_part(session, "award_forms", load, lambda found: list(found.values())))


def level_rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def within_reach(form: AwardForm, catalog: CatalogMeta) -> bool:
    """R1: a unit's list may ask only for forms decided up to `nominate_up_to`."""
    return level_rank(form.decided_by) <= level_rank(catalog.nominate_up_to or catalog.authority_level)


def goes_up(form: AwardForm, catalog: CatalogMeta) -> bool:
    """Decided above the level that receives the report: a proposal it forwards further up."""
    return level_rank(form.decided_by) > level_rank(catalog.authority_level)


def allowed_forms(session: Session, subject: str) -> list[AwardForm]:
    """The forms a reporting unit may ask for this kind of nominee, lowest level first."""
    catalog = meta(session)
    allowed = [f for f in forms(session).values() if subject in f.subjects and within_reach(f, catalog)]
    return sorted(allowed, key=lambda f: (level_rank(f.decided_by), f.position))


def nominees(session: Session, report_id: int) -> list[Nomination]:
    return entries.rows(session, Nomination, report_id)


def complete(rows: list[Nomination]) -> list[Nomination]:
    return [n for n in rows if n.complete]


@dataclass(frozen=True)
class SideBySide:
    """An award count of the report next to the same count on the nomination list."""

    name: str  # the indicator's name
    reported: Optional[float]  # None: not answered yet
    listed: int


def side_by_side(session: Session, report: Report) -> list[SideBySide]:
    unit = session.get(Unit, report.unit_id)
    values = reports.values_of(session, report.id)
    listed = Counter((n.form_code, n.subject) for n in complete(nominees(session, report.id)))
    rows = []
    for section in reports.sections(session):
        for ind in reports.indicators_of(session, section.code, unit):
            if not ind.award or not ind.subject:
                continue
            value = values.get(ind.code)
            reported = value.number if reports.is_answered(value) else None
            count = listed[(ind.award, ind.subject)]
            if count or reported:
                rows.append(SideBySide(ind.name, reported, count))
    return rows
