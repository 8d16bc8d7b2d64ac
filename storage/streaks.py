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
          day: dt.date, birth_year: Optional[int] = None, cccd: Optional[str] = None) -> list[StreakCheck]:
    """Each streak rule of the form in force on `day`, against the record of whom the name is."""
    rules = rules_for(session, form_code, day)
    if not rules or not name:
        return []
    found = records.find(session, subject, name, unit_code, birth_year, cccd)
    out = []
    for rule in rules:
        years = tuple(range(year - rule.years, year))
        if found.person is None:
            out.append(StreakCheck(rule, UNSURE if found.unsure else NO_DATA, years))
            continue
        held = set(session.exec(select(TitleRecord.year).where(
            TitleRecord.person_id == found.person.id, TitleRecord.year >= years[0], TitleRecord.year < year,
            TitleRecord.form_code.in_(rule.needs), TitleRecord.status == records.AWARDED)).all())
        missing = tuple(y for y in years if y not in held)
        out.append(StreakCheck(rule, MISSING if missing else MET, years, missing, found.person))
    return out


def check_nomination(session: Session, nomination: Nomination, unit_code: str, round_: Round) -> list[StreakCheck]:
    """A nominee of a unit's list in a round, by the rules in force at the end of the round's period."""
    if not nomination.form_code:
        return []
    return check(session, subject=nomination.subject or "individual", name=nomination.name or "",
                 unit_code=unit_code, form_code=nomination.form_code, year=history.year_of(round_),
                 day=round_.period_end)


def failing(checks: list[StreakCheck]) -> list[StreakCheck]:
    return [c for c in checks if not c.passed]
