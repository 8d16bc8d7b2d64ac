"""The units' lists as the district sees them: nominees and role models of a round, across units.

One place answers "who was nominated, for what, decided where, with which
rule problems" and "which role models were reported", for every part that
shows them to officials: the chat commands, the compiled summary, the Word
draft and proposal list, the workbook, the council's deliberation.

Only counted reports take part (`Scope.counted` of storage/figures.py: submitted and
approved, or approved only), and only confirmed rows (`complete`): a draft
list is still the commune's own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Optional

from sqlmodel import select

from storage import award_rules, nominations, streaks
from storage.facts import Problem
from storage.models import AwardForm, Nomination, Report, RoleModel, Unit


@dataclass(frozen=True)
class Nominee:
    """One confirmed nominee on a counted report."""

    nomination: Nomination
    unit: Unit
    report: Report
    number: int  # its number on the unit's own list, as the clerk sees it
    form: Optional[AwardForm]  # None when the catalogue no longer has the form
    goes_up: bool  # decided above this level: a proposal the district forwards
    problems: tuple[Problem, ...] = ()  # the rule problems that concern this nominee
    # The streak conditions of its form it does not meet, or that cannot be checked (storage/streaks.py).
    streaks: tuple[streaks.StreakCheck, ...] = ()

    @property
    def short_of_streak(self) -> list[streaks.StreakCheck]:
        """The streak conditions its record misses a year of (not those that could not be checked)."""
        return [c for c in self.streaks if c.status == streaks.MISSING]


@dataclass(frozen=True)
class Model:
    """One confirmed role model on a counted report."""

    role_model: RoleModel
    unit: Unit
    report: Report


@dataclass
class FormCount:
    """Nominees for one form: collectives, individuals and how many have rule problems."""

    form: Optional[AwardForm]
    code: str
    goes_up: bool
    collective: int = 0
    individual: int = 0
    flagged: int = 0
    units: set[int] = field(default_factory=set)

    @property
    def total(self) -> int:
        return self.collective + self.individual


def _counted_reports(scope, unit_id: Optional[int] = None, listed: bool = False) -> list[tuple[Report, Unit]]:
    """The counted reports in scope (one unit's; with `listed`, only those with a nominee), in unit order."""
    query = select(Report, Unit).join(Unit, Unit.id == Report.unit_id).where(scope.counted(Report))
    if unit_id is not None:
        query = query.where(Report.unit_id == unit_id)
    if listed:
        query = query.where(Report.id.in_(select(Nomination.report_id)))
    rows = scope.session.exec(query.order_by(Unit.position)).all()
    return [(r, u) for r, u in rows]


def nominees(scope, unit_id: Optional[int] = None, form_code: Optional[str] = None) -> list[Nominee]:
    """Every confirmed nominee in scope: highest deciding level first, then form, unit and list order.

    `unit_id` keeps one unit's, `form_code` one form's (the rule problems are still judged on the
    unit's whole list: a ratio counts every nominee)."""
    session = scope.session
    forms = nominations.forms(session)
    catalog = nominations.meta(session)
    # Every list of the counted reports in one query (a province has thousands of reports), in list order.
    lists: dict[int, list[Nomination]] = defaultdict(list)
    query = select(Nomination).join(Report, Report.id == Nomination.report_id).where(scope.counted(Report))
    if unit_id is not None:
        query = query.where(Report.unit_id == unit_id)
    for n in session.exec(query.order_by(Nomination.id)).all():
        lists[n.report_id].append(n)
    out: list[Nominee] = []
    counted = _counted_reports(scope, unit_id, listed=True)
    # The streak conditions of every nominee at once (storage/streaks.check_many: a few queries, not a few each).
    checks = streaks.check_many(session, [(n, unit.code) for report, unit in counted for n in lists.get(report.id, [])
                                          if n.complete and form_code in (None, n.form_code)], scope.round)
    for report, unit in counted:
        rows = lists.get(report.id, [])
        if not any(n.complete and form_code in (None, n.form_code) for n in rows):
            continue
        problems: dict[int, list[Problem]] = defaultdict(list)
        for violation in award_rules.check_rows(session, nominations.complete(rows),  # judged on its deadline
                                                {n.id: i for i, n in enumerate(rows, 1)}, scope.round.deadline):
            for nominee_id in violation.nominee_ids:
                problems[nominee_id].append(violation.problem)
        for number, n in enumerate(rows, 1):
            if not n.complete or form_code not in (None, n.form_code):
                continue
            form = forms.get(n.form_code or "")
            out.append(Nominee(n, unit, report, number, form,
                               form is not None and nominations.goes_up(form, catalog), tuple(problems.get(n.id, ())),
                               tuple(streaks.failing(checks.get(n.id, [])))))
    order = {code: i for i, code in enumerate(forms)}

    def key(x: Nominee):
        level = -nominations.level_rank(x.form.decided_by) if x.form else 1
        return (level, order.get(x.nomination.form_code or "", len(order)), x.unit.position, x.number)

    return sorted(out, key=key)


def form_counts(rows: list[Nominee]) -> list[FormCount]:
    """Nominees per form, in the order of `nominees` (highest level first)."""
    counts: dict[str, FormCount] = {}
    for x in rows:
        code = x.nomination.form_code or ""
        c = counts.setdefault(code, FormCount(x.form, code, x.goes_up))
        if x.nomination.subject == "collective":
            c.collective += 1
        else:
            c.individual += 1
        c.flagged += bool(x.problems)
        c.units.add(x.unit.id)
    return list(counts.values())


def by_level(counts: list[FormCount]) -> list[tuple[str, bool, list[FormCount]]]:
    """The form counts grouped by deciding level, highest first: (level, sent up, counts); a form the
    catalogue no longer has comes last, under level ""."""
    levels: dict[str, tuple[str, bool, list[FormCount]]] = {}
    for c in counts:  # already highest level first (`nominees`)
        level = c.form.decided_by if c.form else ""
        levels.setdefault(level, (level, c.goes_up, []))[2].append(c)
    return list(levels.values())


def role_models(scope, unit_id: Optional[int] = None) -> list[Model]:
    """Every confirmed role model in scope (or one unit's), in unit order, then as entered (one query)."""
    query = (select(RoleModel, Report, Unit).join(Report, Report.id == RoleModel.report_id)
             .join(Unit, Unit.id == Report.unit_id)
             .where(scope.counted(Report), RoleModel.complete == True))  # noqa: E712
    if unit_id is not None:
        query = query.where(Report.unit_id == unit_id)
    return [Model(m, unit, report) for m, report, unit in scope.session.exec(query.order_by(Unit.position, RoleModel.id)).all()]
