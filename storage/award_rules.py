"""Commendation rules a unit's nomination list is checked against.

Which rules apply, which forms they compare and the legal source each cites
come from the catalogue (`[[award_rules]]`, synced into `AwardRule`); this
module only knows what each kind of rule means. A violation never stops a
clerk entering a nominee: it is listed, and it blocks submitting the report.

A violation states a fact (`Problem(kind, **parameters)`, storage/facts.py);
its sentence is `bot.texts.violation_text`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Optional

from sqlmodel import Session, select

from storage import nominations, reports
from storage.facts import Problem
from storage.models import AwardForm, AwardRule, CatalogMeta, Nomination, Report, Round


@dataclass
class Violation:
    kind: str  # the rule's kind (catalogue)
    problem: Problem  # what is wrong; its kind may be finer than the rule's ("authority_level")
    source: str  # the rule's legal source (căn cứ)
    nominee_ids: list[int] = field(default_factory=list)
    at_decision: str = "refuse"  # what the rule does to a council decision that breaks it (catalogue)


@dataclass
class Facts:
    """What every rule looks at: the confirmed nominees (numbered as the clerk sees them) and the catalogue."""

    nominees: list[Nomination]
    number: dict[int, int]  # nominee id -> its number on the list
    forms: dict[str, AwardForm]
    catalog: CatalogMeta
    by_form: dict[Optional[str], list[Nomination]] = field(init=False)  # grouped once, in list order

    def __post_init__(self) -> None:
        self.by_form = defaultdict(list)
        for n in self.nominees:
            self.by_form[n.form_code].append(n)

    def short(self, code: str) -> str:
        form = self.forms.get(code)
        return (form.short or form.name) if form else code

    def with_form(self, code: str) -> list[Nomination]:
        return self.by_form.get(code, [])


def _authority(facts: Facts, rule: AwardRule) -> list[Violation]:
    out = []
    for n in facts.nominees:
        form = facts.forms.get(n.form_code or "")
        args = {"n": facts.number[n.id], "name": n.name}
        if form is None:
            problem = Problem("authority_gone", form=n.form_code, **args)
        elif n.subject not in form.subjects:
            problem = Problem("authority_subject", form=facts.short(form.code), subject=n.subject, **args)
        elif not nominations.within_reach(form, facts.catalog):
            up_to = facts.catalog.nominate_up_to or facts.catalog.authority_level
            problem = Problem("authority_level", form=facts.short(form.code), level=form.decided_by, up_to=up_to,
                              **args)
        else:
            continue
        out.append(Violation(rule.kind, problem, rule.source, [n.id]))
    return out


def _prerequisite(facts: Facts, rule: AwardRule) -> list[Violation]:
    """One pass: who is listed for a prerequisite (only those forms' rows), then the rows of the forms that
    need one, in list order."""
    out = []
    needs = {code: form for code, form in facts.forms.items() if form.prerequisite and code in facts.by_form}
    listed = {(m.subject, m.name_key, prereq) for prereq in {f.prerequisite for f in needs.values()}
              for m in facts.with_form(prereq)}
    for n in sorted((n for code in needs for n in facts.with_form(code)), key=lambda n: facts.number[n.id]):
        form = needs[n.form_code]
        if n.prereq_mode == "held" and n.prereq_ref:
            continue
        if (n.subject, n.name_key, form.prerequisite) not in listed:
            out.append(Violation(rule.kind, Problem(
                "prerequisite", n=facts.number[n.id], name=n.name, form=facts.short(form.code),
                prereq=facts.short(form.prerequisite)), rule.source, [n.id]))
    return out


def _initiative(facts: Facts, rule: AwardRule) -> list[Violation]:
    out = []
    for n in facts.nominees:
        form = facts.forms.get(n.form_code or "")
        if form is None or not form.requires_initiative:
            continue
        missing = tuple(what for what, value in (("name", n.initiative), ("ref", n.initiative_ref)) if not value)
        if missing:
            out.append(Violation(rule.kind, Problem(
                "initiative", n=facts.number[n.id], name=n.name, form=facts.short(form.code), missing=missing),
                rule.source, [n.id]))
    return out


def ratio_allows(percent: float, base_count: int) -> int:
    """floor(percent % × base), exactly: 15% of 20 is 3, not 2.999…"""
    return math.floor(Decimal(str(percent)) * base_count / 100)


def base_needed(percent: float, count: int) -> int:
    """The fewest base titles for which `count` fit under the percentage."""
    return math.ceil(Decimal(count) * 100 / Decimal(str(percent)))


def _ratio(facts: Facts, rule: AwardRule) -> list[Violation]:
    percent = rule.percent
    counted = facts.with_form(rule.form)
    # The base counts the people nominated for it plus those who already hold it.
    holders = {n.name_key for n in facts.with_form(rule.base)}
    holders |= {n.name_key for n in facts.nominees if n.prereq_mode == "held" and n.prereq_ref
                and facts.forms.get(n.form_code or "") is not None
                and facts.forms[n.form_code].prerequisite == rule.base}
    count, base_count = len(counted), len(holders)
    allowed = ratio_allows(percent, base_count)
    if count <= allowed:
        return []
    problem = Problem("ratio", form=facts.short(rule.form), base=facts.short(rule.base), count=count,
                      base_count=base_count, percent=Decimal(str(percent)), allowed=allowed,
                      fewer=count - allowed, more=base_needed(percent, count) - base_count)
    return [Violation(rule.kind, problem, rule.source, [n.id for n in counted])]


def _at_most(facts: Facts, rule: AwardRule) -> list[Violation]:
    count, base_count = len(facts.with_form(rule.form)), len(facts.with_form(rule.base))
    if count <= base_count:
        return []
    problem = Problem("at_most", form=facts.short(rule.form), base=facts.short(rule.base), count=count,
                      base_count=base_count, diff=count - base_count)
    return [Violation(rule.kind, problem, rule.source, [n.id for n in facts.with_form(rule.form)])]


def _unique(facts: Facts, rule: AwardRule) -> list[Violation]:
    groups: dict[tuple, list[Nomination]] = defaultdict(list)
    for n in facts.nominees:
        groups[(n.subject, n.name_key, n.form_code)].append(n)
    out = []
    for same in groups.values():
        if len(same) > 1:
            out.append(Violation(rule.kind, Problem(
                "unique", name=same[0].name, count=len(same), form=facts.short(same[0].form_code or ""),
                numbers=tuple(facts.number[n.id] for n in same)), rule.source, [n.id for n in same]))
    return out


RULES: dict[str, Callable[[Facts, AwardRule], list[Violation]]] = {
    "authority": _authority, "prerequisite": _prerequisite, "initiative": _initiative,
    "ratio": _ratio, "at_most": _at_most, "unique": _unique,
}


def _judged_on(session: Session, nominees: list[Nomination]) -> Optional[dt.date]:
    """The day a list is judged by: its round's deadline (when the file is lodged)."""
    if not nominees:
        return None
    report = session.get(Report, nominees[0].report_id)
    round_ = session.get(Round, report.round_id) if report else None
    return round_.deadline if round_ else None


def _in_force(rule: AwardRule, day: dt.date) -> bool:
    return (rule.valid_from is None or rule.valid_from <= day) and (rule.valid_to is None or day <= rule.valid_to)


def check(session: Session, report_id: int) -> list[Violation]:
    """Every rule of the catalogue, over the confirmed nominees of one report."""
    rows = nominations.nominees(session, report_id)
    return check_rows(session, nominations.complete(rows), {n.id: i for i, n in enumerate(rows, 1)})


def check_rows(session: Session, nominees: list[Nomination], number: dict[int, int],
               day: Optional[dt.date] = None) -> list[Violation]:
    """Every rule of the catalogue over some nominees of one unit: its list as proposed (`check`), or
    what the council passed and sent up of it (storage/deliberation.py), or a list as a file will make
    it (storage/list_import.foresee). `number`: each one's number on the unit's list; `day`: the rules
    in force on it (else on their report's round's deadline)."""
    facts = Facts(nominees=nominees, number=number, forms=nominations.forms(session),
                  catalog=nominations.meta(session))
    violations = []
    day = day or _judged_on(session, nominees)
    rules = reports.catalogue_part(session, "award_rules", lambda: list(
        session.exec(select(AwardRule).order_by(AwardRule.position)).all()), list)  # once per engine
    for rule in rules:
        if day is not None and not _in_force(rule, day):
            continue  # a rule of another time: 2020's list keeps 2020's rules
        for violation in RULES[rule.kind](facts, rule):
            violation.at_decision = rule.at_decision
            violations.append(violation)
    return violations
