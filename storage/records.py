"""Records of titles and awards (hồ sơ thành tích): each person's or collective's titles, year by year.

A `Person` is one person (or collective) across years, across a change of unit and across the 2025 mergers:
found by CCCD where given, else by the name, the year of birth and the unit's lineage (the unit, the units of
before it was made of, `Unit.formed_from` from the catalogue). A near match (the same name but for accents,
a birth year one off, the same name and birth year in another unit, or an exact match twice) is never
merged on a guess: the record goes to a row of its own and a `PersonMatch` waits for an official to say
whether the two are one person (`confirm`).

Every decision of the council adds to the record (`on_decision`: passed, awarded; sent up, proposed), an
undo takes it back (`forget_decision`); earlier years come from a file (storage/record_import.py).

Facts only, no words: bot/texts/records.py says them.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Optional

from sqlalchemy import delete, update
from sqlmodel import Session, or_, select

from storage.catalog_models import RATINGS
from storage.models import Person, PersonMatch, TitleRecord, Unit, utcnow
from storage.people import fold

AWARDED, PROPOSED = "awarded", "proposed"
COUNCIL, IMPORT, DEMO = "council", "import", "demo"
PENDING, SAME, DIFFERENT = "pending", "same", "different"
# Why two rows may be one person.
ACCENTS, BIRTH_YEAR, OTHER_UNIT, TWICE = "accents", "birth_year", "unit", "twice"
SEARCH_MOST = 20


def same_spelling(a: str, b: str) -> bool:
    """The same name to the letter and accent (case and spacing aside)."""
    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return norm(a) == norm(b)


def lineage(session: Session, unit_code: str) -> frozenset[str]:
    """The codes one unit's people may have been recorded under: the unit that holds `unit_code` now (itself,
    or the unit it was merged into) and every unit of before that unit was made of."""
    cache = session.info.setdefault("records_lineage", {})
    if unit_code not in cache:
        if "records_made_of" not in session.info:  # every unit's parts, read once per session (not once a unit)
            session.info["records_made_of"] = {code: tuple(formed or ()) for code, formed in
                                               session.exec(select(Unit.code, Unit.formed_from))}
        made_of = session.info["records_made_of"]
        root = next((code for code, parts in made_of.items() if unit_code in parts), unit_code)
        cache[unit_code] = frozenset((root, unit_code, *made_of.get(root, ())))
    return cache[unit_code]


@dataclass(frozen=True)
class Found:
    """Who a name is in the records: one person, people it may be (and why), or a match twice."""

    person: Optional[Person] = None
    near: tuple[tuple[Person, str], ...] = ()
    twice: tuple[Person, ...] = ()

    @property
    def unsure(self) -> bool:
        return self.person is None and bool(self.near or self.twice)


def _birth_fits(a: Optional[int], b: Optional[int]) -> bool:
    return a is None or b is None or a == b


def find(session: Session, subject: str, name: str, unit_code: str, birth_year: Optional[int] = None,
         cccd: Optional[str] = None, people: Optional[list[Person]] = None,
         by_cccd: Optional[dict[str, Person]] = None) -> Found:
    """The person a nominee or a file's row is, as far as the records can say without a guess. `people`:
    the rows of that folded name, read already (a file's rows read them all at once); `by_cccd`: the rows of
    the citizens' numbers concerned, read already."""
    if cccd:
        person = by_cccd.get(cccd) if by_cccd is not None else session.exec(
            select(Person).where(Person.cccd == cccd)).first()
        if person is not None:
            return Found(person)
    units = lineage(session, unit_code)
    exact, near = [], []
    if people is None:
        people = list(session.exec(select(Person).where(Person.name_key == fold(name)).order_by(Person.id)).all())
    for p in people:
        if p.subject != subject:
            continue
        if cccd and p.cccd and p.cccd != cccd:
            continue  # two citizens' numbers: two people
        here = p.unit_code in units
        if here and same_spelling(p.name, name) and _birth_fits(p.birth_year, birth_year):
            exact.append(p)
        elif here and _birth_fits(p.birth_year, birth_year):
            near.append((p, ACCENTS))
        elif here and abs(p.birth_year - birth_year) == 1:
            near.append((p, BIRTH_YEAR))
        elif not here and p.birth_year is not None and p.birth_year == birth_year:
            near.append((p, OTHER_UNIT))
    if len(exact) > 1:
        return Found(None, tuple(near), tuple(exact))
    return Found(exact[0] if exact else None, tuple(near))


def record(session: Session, *, subject: str, name: str, unit_code: str, year: int, form_code: str,
           status: str = AWARDED, source: str, birth_year: Optional[int] = None, cccd: Optional[str] = None,
           position: Optional[str] = None, decision_ref: Optional[str] = None,
           decided_on: Optional[dt.date] = None, issuer: Optional[str] = None,
           nomination_id: Optional[int] = None, found: Optional[Found] = None) -> TitleRecord:
    """Add a title to the record of whom it belongs to (a new row, with near matches to confirm, when the
    records cannot say who that is); the same title in the same year twice is one record."""
    found = found or find(session, subject, name, unit_code, birth_year, cccd)
    person = found.person
    if person is None:
        person = Person(subject=subject, name=name, name_key=fold(name), birth_year=birth_year, cccd=cccd or None,
                        unit_code=unit_code)
        session.add(person)
        session.flush()
        for other, why in [*found.near, *((p, TWICE) for p in found.twice)]:
            session.add(PersonMatch(person_id=person.id, other_id=other.id, why=why))
    else:
        person.unit_code = unit_code
        if person.birth_year is None and birth_year is not None:
            person.birth_year = birth_year
        if person.cccd is None and cccd:
            person.cccd = cccd
        session.add(person)
    row = session.exec(select(TitleRecord).where(TitleRecord.person_id == person.id, TitleRecord.year == year,
                                                 TitleRecord.form_code == form_code)).first()
    row = row or TitleRecord(person_id=person.id, year=year, form_code=form_code, unit_code=unit_code, source=source)
    for key, value in (("status", status), ("unit_code", unit_code), ("position", position),
                       ("decision_ref", decision_ref), ("decided_on", decided_on), ("issuer", issuer),
                       ("nomination_id", nomination_id)):
        if value is not None:
            setattr(row, key, value)
    session.add(row)
    session.flush()
    return row


def on_decision(session: Session, nomination, unit_code: str, year: int, passed: bool) -> TitleRecord:
    """The council passed (awarded) or sent up (proposed) a nominee: it goes on their record."""
    return record(session, subject=nomination.subject or "individual", name=nomination.name or "",
                  unit_code=unit_code, year=year, form_code=nomination.form_code or "",
                  status=AWARDED if passed else PROPOSED, source=COUNCIL, position=nomination.position,
                  nomination_id=nomination.id, birth_year=nomination.birth_year, cccd=nomination.cccd)


def forget_decision(session: Session, nomination_id: int) -> None:
    """A decision taken back (undone, or the nominee changed): its record goes too."""
    session.execute(delete(TitleRecord).where(TitleRecord.nomination_id == nomination_id,
                                              TitleRecord.source == COUNCIL))


# --- reading -----------------------------------------------------------------------------------------


def units_under(session: Session, unit_id: Optional[int]) -> Optional[frozenset[str]]:
    """The unit codes an official of `unit_id` sees records of: the units under theirs (and theirs), with the
    units of before they were made of; None for the top of the tree (everything)."""
    units = list(session.exec(select(Unit)).all())
    if unit_id is None or not any(u.id == unit_id and u.parent_id is not None for u in units):
        return None
    children: dict[Optional[int], list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    codes, todo = set(), [u for u in units if u.id == unit_id]
    while todo:
        unit = todo.pop()
        codes |= {unit.code, *(unit.formed_from or ())}
        todo += children.get(unit.id, [])
    return frozenset(codes)


def records_of(session: Session, person_id: int) -> list[TitleRecord]:
    """A person's record, the latest year first."""
    return list(session.exec(select(TitleRecord).where(TitleRecord.person_id == person_id)
                             .order_by(TitleRecord.year.desc(), TitleRecord.form_code)).all())


def search(session: Session, query: str, units: Optional[Iterable[str]] = None) -> list[Person]:
    """People whose name holds the words typed (without diacritics or case), in the units given (None: any)."""
    key = fold(query)
    if not key:
        return []
    def people(condition) -> list[Person]:
        statement = select(Person).where(condition)
        if units is not None:
            statement = statement.where(Person.unit_code.in_(list(units)))
        return list(session.exec(statement.order_by(Person.name_key, Person.id).limit(SEARCH_MOST + 1)).all())

    # The whole name first (by its index); only then names that hold the words (a scan).
    return people(Person.name_key == key) or people(Person.name_key.contains(key))


def is_rating(code: str) -> bool:
    return code in RATINGS


def pending_matches(session: Session, person_ids: Optional[Iterable[int]] = None) -> list[PersonMatch]:
    """Near matches nobody has settled yet (of these people, or all)."""
    statement = select(PersonMatch).where(PersonMatch.status == PENDING)
    if person_ids is not None:
        ids = list(person_ids)
        statement = statement.where(or_(PersonMatch.person_id.in_(ids), PersonMatch.other_id.in_(ids)))
    return list(session.exec(statement.order_by(PersonMatch.id)).all())


@dataclass(frozen=True)
class Settled:
    done: bool
    match: Optional[PersonMatch]
    kept: Optional[Person] = None  # the one row both are now (same person)


def confirm(session: Session, match_id: int, same: bool, user_id: int) -> Settled:
    """An official says whether two rows are one person. The same: the newer row's records join the older's
    (a title both hold in a year stays once) and the newer row goes. Decided once (a conditional UPDATE)."""
    match = session.get(PersonMatch, match_id)
    if match is None:
        return Settled(False, None)
    result = session.execute(update(PersonMatch).where(PersonMatch.id == match_id, PersonMatch.status == PENDING)
                             .values(status=SAME if same else DIFFERENT, decided_by=user_id, decided_at=utcnow())
                             .execution_options(synchronize_session=False))
    session.refresh(match)
    if result.rowcount != 1:
        return Settled(False, match)
    kept = session.get(Person, match.other_id)
    if not same:
        return Settled(True, match, kept)
    gone = session.get(Person, match.person_id)
    held = {(r.year, r.form_code) for r in records_of(session, kept.id)}
    for row in records_of(session, gone.id):
        if (row.year, row.form_code) in held:
            session.delete(row)
        else:
            row.person_id = kept.id
            session.add(row)
    number, gone.cccd = gone.cccd, None  # a citizen's number is one row's: off the row that goes first
    session.add(gone)
    session.flush()
    kept.birth_year = kept.birth_year if kept.birth_year is not None else gone.birth_year
    kept.cccd = kept.cccd or number
    session.add(kept)
    session.flush()
    # The other near matches of the row that goes now concern the row kept (or are settled by this one).
    for other in session.exec(select(PersonMatch).where(or_(PersonMatch.person_id == gone.id,
                                                            PersonMatch.other_id == gone.id))).all():
        if other.id == match.id:
            continue
        pair = {other.person_id, other.other_id} - {gone.id}
        if kept.id in pair or not pair:
            session.delete(other)
            continue
        if other.person_id == gone.id:
            other.person_id = kept.id
        else:
            other.other_id = kept.id
        session.add(other)
    session.flush()
    match.person_id = kept.id
    session.add(match)
    session.flush()
    session.delete(gone)
    session.flush()
    return Settled(True, match, kept)
