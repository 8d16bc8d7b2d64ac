"""Earlier years' titles from a file (.xlsx) an official sends: checked row by row, then stored all at once.

The file is the bot's own template (bot/documents/record_workbooks.py), read by the bounded reader in a
process of its own (bot/list_reader.py, the layout `LAYOUT`), never in the bot's. `check` (a read session)
looks at every row: the year (a number before the current round's year), the name, the birth year, the
unit (the catalogue's, or a unit of before that one was made of: `formed_from`), the form (a form of the
catalogue, or a rating: HTXS), the same title twice in the file, a person the records hold twice. A file
with any row refused stores nothing; otherwise `save` stores every row in one transaction, in bulk (a
20,000-row file in seconds, so the clerks' answers do not wait long behind it). A title already on the
record is counted and left; a name the records cannot tell apart from another (a near match) gets a row
of its own and waits for an official in /hoso (storage/records.py).

Facts only, no words: bot/texts/records.py says them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Optional

from sqlalchemy import insert
from sqlmodel import Session, select

from storage import nominations, records
from storage.catalog_models import RATINGS
from storage.facts import Problem
from storage.list_sheet import Layout, Sheet, Value
from storage.models import Person, PersonMatch, TitleRecord, Unit, utcnow
from storage.numbers import parse_date
from storage.people import fold, strip_unit_kind

KIND = "records"
# The template's columns, in order (bot/texts/records.py words their headers).
COLUMNS = ("year", "name", "birth_year", "cccd", "unit", "position", "form", "decision_ref", "decided_on", "issuer")
REQUIRED = ("year", "name", "unit", "form")
MAX_ROWS = 30_000  # ten years of a province's titles in one file
TEXT_LIMITS = {"name": 120, "position": 200, "decision_ref": 60, "issuer": 200, "unit": 120, "form": 120}
CHUNK = 500  # names read at once
_CCCD = re.compile(r"^\d{12}$")


def layout(headers: dict[str, str]) -> Layout:
    """How the reader recognises the template (its headers, worded by bot/texts)."""
    return Layout(KIND, headers, example="", max_rows=MAX_ROWS)


@dataclass(frozen=True)
class RowProblem:
    row: int  # the sheet's row number
    column: str  # a key of COLUMNS
    problem: Problem


@dataclass(frozen=True)
class Row:
    """A row that passed: whom (a person found, or who to make), which title, when."""

    row: int
    subject: str
    name: str
    birth_year: Optional[int]
    cccd: Optional[str]
    unit_code: str
    year: int
    form_code: str
    position: Optional[str]
    decision_ref: Optional[str]
    decided_on: Optional[dt.date]
    issuer: Optional[str]
    found: records.Found


@dataclass
class Checked:
    filename: str
    columns: dict[str, str]  # key -> the file's column letter
    read: int
    rows: list[Row] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


@dataclass(frozen=True)
class Saved:
    saved: int  # titles added
    already: int  # titles the records held already
    people: int  # people added
    to_confirm: int  # of those, how many wait for an official (a near match)


def unit_code_of(session: Session, text: str) -> Optional[str]:
    """A unit as a file names it: the catalogue's by code or name, or a unit of before by its name
    (the lineage's codes: "quai-nua" for xã Quài Nưa, "tt-tuan-giao" for thị trấn Tuần Giáo)."""
    cache = session.info.setdefault("record_import_units", {})
    if not cache:
        for unit in session.exec(select(Unit)).all():
            cache[unit.code] = unit.code
            cache.setdefault(fold(unit.name), unit.code)
            cache.setdefault(fold(f"{unit.kind} {unit.name}"), unit.code)
            for old in unit.formed_from or ():
                cache.setdefault(old, old)
    folded = fold(text)
    if text.strip() in cache:
        return cache[text.strip()]
    if folded in cache:
        return cache[folded]
    bare = strip_unit_kind(folded).replace(" ", "-")
    slug = f"tt-{bare}" if folded.startswith("thi tran ") else bare
    return cache.get(slug) or cache.get(fold(strip_unit_kind(folded)))


def _forms(session: Session) -> dict[str, tuple[str, list[str]]]:
    """Folded words -> (form code, its subjects)."""
    out: dict[str, tuple[str, list[str]]] = {}
    for form in nominations.forms(session).values():
        for word in (form.code, form.name, form.short):
            if word:
                out.setdefault(fold(word), (form.code, list(form.subjects)))
    for code, words in RATINGS.items():
        for word in (code, *words):
            out.setdefault(fold(word), (code, ["individual", "collective"]))
    return out


def _text(value: Value) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def _year(value: Value) -> Optional[int]:
    text = _text(value)
    return int(text) if text and text.isdigit() and len(text) == 4 else None


def check(session: Session, sheet: Sheet, before: int, scope: Optional[frozenset[str]] = None) -> Checked:
    """Every row of a history file, checked; the rows that passed, with who each one is. `scope`: the unit
    codes the sender's records cover (`records.units_under`; None: every unit) — a row of another unit is
    refused, as /hoso never shows it to them."""
    out = Checked(sheet.filename, sheet.columns, len(sheet.rows))
    forms = _forms(session)
    names = {fold(_text(v.get("name")) or "") for _, v in sheet.rows} - {""}
    people: dict[str, list[Person]] = defaultdict(list)
    keys = sorted(names)
    for start in range(0, len(keys), CHUNK):
        for person in session.exec(select(Person).where(Person.name_key.in_(keys[start:start + CHUNK]))
                                   .order_by(Person.id)).all():
            people[person.name_key].append(person)
    seen: dict[tuple, int] = {}
    for number, values in sheet.rows:
        problems = []

        def refuse(column: str, kind: str, **params) -> None:
            problems.append(RowProblem(number, column, Problem(kind, **params)))

        cells = {key: _text(values.get(key)) for key in COLUMNS}
        for key in REQUIRED:
            if not cells[key]:
                refuse(key, "empty")
        for key, limit in TEXT_LIMITS.items():
            if cells[key] and len(cells[key]) > limit:
                refuse(key, "too_long", length=len(cells[key]), limit=limit)
        year = _year(values.get("year"))
        if cells["year"] and year is None:
            refuse("year", "record_year", value=cells["year"])
        elif year is not None and year >= before:
            refuse("year", "record_year_late", year=year, before=before)
        birth = _year(values.get("birth_year"))
        if cells["birth_year"] and (birth is None or not 1900 <= birth <= (year or before)):
            refuse("birth_year", "record_birth_year", value=cells["birth_year"])
        if cells["cccd"] and not _CCCD.match(cells["cccd"]):
            refuse("cccd", "record_cccd")
        unit = unit_code_of(session, cells["unit"]) if cells["unit"] else None
        if cells["unit"] and unit is None:
            refuse("unit", "record_unit", value=cells["unit"][:40])
        elif unit is not None and scope is not None and unit not in scope:
            refuse("unit", "record_unit_outside", value=cells["unit"][:40])
        form = forms.get(fold(cells["form"])) if cells["form"] else None
        if cells["form"] and form is None:
            refuse("form", "cell_unknown_form", value=cells["form"][:40])
        day = None
        if cells["decided_on"]:
            day = parse_date(cells["decided_on"], dt.date(before, 1, 1))
            if day is None:
                refuse("decided_on", "record_date", value=cells["decided_on"][:20])
        if problems:
            out.problems += problems
            continue
        # A title of a person (a name with a birth year or a citizen's number) or of a collective.
        subject = "individual" if birth is not None or cells["cccd"] else \
            ("collective" if "collective" in form[1] and "individual" not in form[1] else "individual")
        if subject not in form[1]:
            subject = form[1][0]
        key = (fold(cells["name"]), birth, cells["cccd"], min(records.lineage(session, unit)), year, form[0])
        if key in seen:
            out.problems.append(RowProblem(number, "name", Problem("cell_double", row=seen[key])))
            continue
        seen[key] = number
        found = records.find(session, subject, cells["name"], unit, birth, cells["cccd"],
                             people=people.get(fold(cells["name"]), []))
        if found.twice:
            out.problems.append(RowProblem(number, "name", Problem("record_twice", count=len(found.twice))))
            continue
        out.rows.append(Row(number, subject, cells["name"], birth, cells["cccd"], unit, year, form[0],
                            cells["position"], cells["decision_ref"], day, cells["issuer"], found))
    return out


def save(session: Session, checked: Checked) -> Saved:
    """Every row of a file that passed, in one go; nothing when any row was refused."""
    if checked.problems:
        raise ValueError("a file with refused rows is never stored")
    made: dict[tuple, Person] = {}
    matches: list[tuple[Person, records.Found]] = []
    for row in checked.rows:
        if row.found.person is None:
            key = (row.subject, fold(row.name), row.name, row.birth_year, row.cccd, min(records.lineage(session, row.unit_code)))
            if key not in made:
                made[key] = Person(subject=row.subject, name=row.name, name_key=fold(row.name),
                                   birth_year=row.birth_year, cccd=row.cccd, unit_code=row.unit_code)
                if row.found.near:
                    matches.append((made[key], row.found))
    session.add_all(made.values())
    session.flush()
    for person, found in matches:
        session.add_all(PersonMatch(person_id=person.id, other_id=other.id, why=why) for other, why in found.near)

    def whose(row: Row) -> int:
        if row.found.person is not None:
            return row.found.person.id
        return made[(row.subject, fold(row.name), row.name, row.birth_year, row.cccd,
                     min(records.lineage(session, row.unit_code)))].id

    ids = {whose(row) for row in checked.rows}
    held: set[tuple[int, int, str]] = set()
    id_list, years = sorted(ids), sorted({row.year for row in checked.rows})
    for start in range(0, len(id_list), CHUNK):
        held |= set(session.exec(select(TitleRecord.person_id, TitleRecord.year, TitleRecord.form_code)
                                 .where(TitleRecord.person_id.in_(id_list[start:start + CHUNK]),
                                        TitleRecord.year.in_(years))).all())
    rows, already, now = [], 0, utcnow()
    for row in checked.rows:
        key = (whose(row), row.year, row.form_code)
        if key in held:
            already += 1
            continue
        held.add(key)
        rows.append({"person_id": key[0], "year": row.year, "form_code": row.form_code, "status": records.AWARDED,
                     "unit_code": row.unit_code, "position": row.position, "decision_ref": row.decision_ref,
                     "decided_on": row.decided_on, "issuer": row.issuer, "source": records.IMPORT, "created_at": now})
    connection = session.connection()  # the table's own insert, many rows a statement (no ORM in between)
    for start in range(0, len(rows), CHUNK * 4):
        connection.execute(insert(TitleRecord.__table__), rows[start:start + CHUNK * 4])
    session.flush()
    return Saved(len(rows), already, len(made), len(matches))
