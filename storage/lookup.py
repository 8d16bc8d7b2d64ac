"""Which round, which units, which reports count: what an official's question is about.

The finders an official's typed words go through (a round's code or name, a unit's name without
diacritics, an indicator), the SELECT of the reporting units under one unit that every scope uses,
and the statuses whose figures count. The figures themselves are in `storage/figures.py`, who has
reported in `storage/progress.py`, the compiled summary in `storage/summary.py`.
"""

from __future__ import annotations

from typing import Optional

from sqlmodel import Session, select

from storage.models import Indicator, Round, Unit
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


def reporting_unit(session: Session, code: str, top_unit_id: Optional[int] = None) -> Optional[Unit]:
    """The reporting unit of this code, if it is in scope (a page's link names it: no search by name)."""
    return session.exec(select(Unit).where(Unit.code == code,
                                           Unit.id.in_(reporting_units_under(top_unit_id)))).first()


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
    rows = session.exec(select(Indicator).where(Indicator.type.not_in(_quoted_types()),
                                                Indicator.filled_by != "authority")  # the units' figures
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


def quoted(indicator: Indicator) -> bool:
    return value_type(indicator).summary == "quotes"

