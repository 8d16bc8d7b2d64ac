"""Streak conditions (`[[streak_rules]]`): a form that needs another form, or a rating, in each of the N
consecutive years before the round's, checked against the records of titles (storage/records.py).

A round is judged by the rules in force on the last day of the period it reports on (a 2020 round by
2020's rules, even when its deadline is moved, as the demo's is). The outcome is never a silent pass: a nominee whose
record cannot be found is "no data" (shown as «chưa có dữ liệu để kiểm tra»), one the records cannot
tell apart from another is "unsure" (a near match waits for an official), and a year without the title
is named. A check never stops a clerk entering a nominee: it is shown on the card, in /dexuat and to
the council.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from sqlmodel import Session, select

from storage import history, records
from storage.models import Nomination, Person, Round, StreakRule, TitleRecord
from storage.people import fold

MET, MISSING, NO_DATA, UNSURE = "met", "missing", "no_data", "unsure"


@dataclass(frozen=True)
class StreakCheck:
    rule: StreakRule
    status: str  # MET | MISSING | NO_DATA | UNSURE
    years: tuple[int, ...]  # the years the rule looks at, oldest first
    missing: tuple[int, ...] = ()  # of those, the years without any of the titles needed
    person: Optional[Person] = None

    @property
    def passed(self) -> bool:
        return self.status == MET


def rules_for(session: Session, form_code: str, day: dt.date) -> list[StreakRule]:
    """The streak rules of a form in force on a day."""
    cache = session.info.setdefault("streak_rules", {})
    if "rows" not in cache:
        cache["rows"] = list(session.exec(select(StreakRule).order_by(StreakRule.position)).all())
    return [r for r in cache["rows"] if r.form == form_code
            and (r.valid_from is None or r.valid_from <= day) and (r.valid_to is None or day <= r.valid_to)]


def check(session: Session, *, subject: str, name: str, unit_code: str, form_code: str, year: int,
          day: dt.date, birth_year: Optional[int] = None, cccd: Optional[str] = None,
          found: Optional[records.Found] = None) -> list[StreakCheck]:
    """Each streak rule of the form in force on `day`, against the record of whom the name is (`found`: looked
    up already)."""
    rules = rules_for(session, form_code, day)
    if not rules or not name:
        return []
    found = found or records.find(session, subject, name, unit_code, birth_year, cccd)
    held = _held(session, [found.person.id] if found.person else [], year - max(r.years for r in rules), year)
    return _judged(rules, year, found, held.get(found.person.id, set()) if found.person else set())


def _held(session: Session, person_ids: list[int], first: int, year: int) -> dict[int, set[tuple[int, str]]]:
    """The titles awarded to these people from `first` to the year before `year`: (year, form) by person."""
    held: dict[int, set[tuple[int, str]]] = {}
    if person_ids:
        for pid, y, code in session.exec(select(TitleRecord.person_id, TitleRecord.year, TitleRecord.form_code).where(
                TitleRecord.person_id.in_(person_ids), TitleRecord.year >= first, TitleRecord.year < year,
                TitleRecord.status == records.AWARDED)).all():
            held.setdefault(pid, set()).add((y, code))
    return held


def _judged(rules: list[StreakRule], year: int, found: records.Found, held: set[tuple[int, str]]) -> list[StreakCheck]:
    out = []
    for rule in rules:
        years = tuple(range(year - rule.years, year))
        if found.person is None:
            out.append(StreakCheck(rule, UNSURE if found.unsure else NO_DATA, years))
            continue
        needs = tuple(rule.needs)
        missing = tuple(y for y in years if not any((y, code) in held for code in needs))
        out.append(StreakCheck(rule, MISSING if missing else MET, years, missing, found.person))
    return out


def check_many(session: Session, nominees: list[tuple[Nomination, str]], round_: Round) -> dict[int, list[StreakCheck]]:
    """Many nominees of a round (each with its unit's code) at once, as `check_nomination` would: the people
    of their names, their citizens' numbers and their titles read in three queries, not three per nominee."""
    year, day = history.year_of(round_), round_.period_end
    todo = [(n, unit, rules) for n, unit in nominees
            if n.name and n.form_code and (rules := rules_for(session, n.form_code, day))]
    if not todo:
        return {}
    people: dict[str, list[Person]] = {}
    for p in session.exec(select(Person).where(Person.name_key.in_({fold(n.name) for n, _, _ in todo}))
                          .order_by(Person.id)).all():
        people.setdefault(p.name_key, []).append(p)
    numbers = {n.cccd for n, _, _ in todo if n.cccd}
    by_cccd = {p.cccd: p for p in session.exec(select(Person).where(Person.cccd.in_(numbers))).all()} if numbers else {}
    found = {n.id: records.find(session, n.subject or "individual", n.name, unit, n.birth_year, n.cccd,
                                people=people.get(fold(n.name), []), by_cccd=by_cccd) for n, unit, _ in todo}
    first = year - max(r.years for _, _, rules in todo for r in rules)
    held = _held(session, sorted({f.person.id for f in found.values() if f.person}), first, year)
    return {n.id: _judged(rules, year, found[n.id], held.get(found[n.id].person.id, set())
                          if found[n.id].person else set()) for n, _, rules in todo}


def check_nomination(session: Session, nomination: Nomination, unit_code: str, round_: Round,
                     found: Optional[records.Found] = None) -> list[StreakCheck]:
    """A nominee of a unit's list in a round (its name, year of birth and citizen's number), by the rules in
    force at the end of the round's period."""
    if not nomination.form_code:
        return []
    return check(session, subject=nomination.subject or "individual", name=nomination.name or "",
                 unit_code=unit_code, form_code=nomination.form_code, year=history.year_of(round_),
                 day=round_.period_end, birth_year=nomination.birth_year, cccd=nomination.cccd, found=found)


def failing(checks: list[StreakCheck]) -> list[StreakCheck]:
    return [c for c in checks if not c.passed]
