"""An earlier year's figures from a workbook (.xlsx) an official sends: checked cell by cell, kept on a yes.

The file is in the layout the bot's own workbook exports (bot/documents/report_xlsx.py: one row per unit,
one column per indicator, a sheet per part), or one made by hand with the same header row: a unit's
column ("Mã đơn vị" or "Đơn vị": a code, or a name as the catalogue gives it, a unit of before too) and
the indicators' columns, each by its code, its name, or its header in the bot's workbook; "Năm" gives a
row's year, else the year of the round the workbook was made for (its properties), else the year this
round compares with. It is read by the bounded reader in a process of its own (bot/list_reader.py, a wide
`Layout`: every sheet so headed), never in the bot's. `check` (a read session) looks at every header and
cell: an unknown column, an unknown or another official's unit, a year not before the current round's, a
cell that is no figure (or out of the indicator's range), the same unit twice. A file with any problem
keeps nothing; otherwise its figures are staged (`stage`, short transactions nothing else reads) and kept
in one transaction when the official says yes (`keep`), over the figures of that year kept before.

Facts only, no words: bot/texts/history.py says them.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Callable, Optional

from sqlalchemy import delete, func, insert, literal, tuple_
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from storage import history
from storage.db import transaction
from storage.facts import Problem
from storage.list_sheet import Layout, Sheet, Table, Value
from storage.models import Indicator, PastFigure, Round, Section, StagedPastFigure, utcnow
from storage.numbers import Ambiguous
from storage.people import fold
from storage.record_import import unit_code_of
from storage.values import value_type

KIND = "past_figures"
MAX_ROWS = 20_000  # units of one sheet: a province's communes over a few years
STAGE_ROWS = 5_000  # figures written per short transaction
STAGED_KEPT = 86_400  # seconds a file waits for its yes; older staged figures go with the next file's
_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
_NOT_WORD = re.compile(r"[^0-9a-z ]")


@dataclass(frozen=True)
class Words:
    """The header words of a file (bot/texts): the unit's columns, the year's, and what to pass over."""

    unit_code: str
    unit: str
    year: str
    passed_over: Callable[[str], bool]  # a header of the workbook that is no figure (STT, KH: …, Năm 2019…)
    total_row: str  # the workbook's totals row, under the units


def headers_of(session: Session, header: Callable[[Indicator], str]) -> dict[str, list[str]]:
    """Folded header text -> the indicators it names: by code, name, or `header` (the workbook's)."""
    out: dict[str, list[str]] = {}
    for ind in session.exec(select(Indicator).order_by(Indicator.id)).all():
        for text in {ind.code, ind.name, header(ind)}:
            codes = out.setdefault(fold(text), [])
            if ind.code not in codes:
                codes.append(ind.code)
    return out


def layout(words: Words, known: dict[str, list[str]]) -> Layout:
    """How the reader recognises a sheet of figures: a unit's column and at least one indicator's."""
    return Layout(KIND, {"unit_code": words.unit_code, "unit": words.unit}, example="", max_rows=MAX_ROWS,
                  wide=True, known=frozenset(known))


@dataclass(frozen=True)
class CellProblem:
    sheet: str
    row: int  # the sheet's row number; 0: the column's header
    letter: str  # the column ("": the whole file)
    problem: Problem


@dataclass
class Checked:
    filename: str
    year: int  # the file's year (its rows', when they say theirs)
    rows: int  # unit rows read
    sheets: int = 1  # sheets read (the workbook has one per part)
    figures: dict[tuple[int, str, str], float] = field(default_factory=dict)  # (year, unit, indicator) -> number
    problems: list[CellProblem] = field(default_factory=list)
    replaced: int = 0  # figures of those years kept before, the file's replace them
    batch: str = ""

    @property
    def units(self) -> int:
        return len({(y, u) for y, u, _ in self.figures})

    @property
    def indicators(self) -> int:
        return len({f for _, _, f in self.figures})

    @property
    def years(self) -> list[int]:
        return sorted({y for y, _, _ in self.figures}) or [self.year]


def file_year(session: Session, sheet: Sheet, default: int) -> int:
    """The year of a file's figures: its round's (the workbook's properties), a year its round code says,
    else `default` (the year the current round compares with)."""
    if sheet.round_code:
        round_ = session.exec(select(Round).where(Round.code == sheet.round_code)).first()
        if round_ is not None:
            return history.year_of(round_)
        found = _YEAR.search(sheet.round_code)
        if found:
            return int(found.group())
    return default


def _text(value: Value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


class _Columns:
    """One sheet's columns: the unit's (code, name), the year's, the figures' (letter -> indicator)."""

    def __init__(self, table: Table, words: Words, known: dict[str, list[str]], indicators: dict[str, Indicator],
                 sections: dict[str, str], problems: list[CellProblem]):
        self.code = self.name = self.year = None
        self.figures: dict[str, Indicator] = {}
        for letter, text in table.headers.items():
            folded = fold(text)
            if folded == fold(words.unit_code):
                self.code = letter
            elif folded == fold(words.unit):
                self.name = letter
            elif folded == fold(words.year):
                self.year = letter
            elif folded in known:
                codes = _of_sheet([c for c in known[folded] if history.compares(indicators[c])], table.name,
                                  indicators, sections)
                if len(codes) > 1:
                    problems.append(CellProblem(table.name, 0, letter, Problem("past_column_twice", value=text[:40],
                                                                               codes=", ".join(codes[:3]))))
                elif codes:  # an indicator that does not compare (a note, a choice) is passed over
                    self.figures[letter] = indicators[codes[0]]
            elif not words.passed_over(text):
                problems.append(CellProblem(table.name, 0, letter, Problem("past_column", value=text[:40])))


def _of_sheet(codes: list[str], sheet: str, indicators: dict[str, Indicator], sections: dict[str, str]) -> list[str]:
    """Indicators of one name told apart by the sheet they stand in: the workbook gives each part a sheet
    named after it (cut to Excel's 31 characters)."""
    if len(codes) < 2 or not _bare(sheet):
        return codes
    mine = [c for c in codes if sections.get(indicators[c].section_code, "").startswith(_bare(sheet))]
    return mine if len(mine) == 1 else codes


def _bare(text: str) -> str:
    """Folded words only (a sheet's name loses the characters Excel forbids in it)."""
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


def check(session: Session, sheet: Sheet, words: Words, known: dict[str, list[str]], before: int, default: int,
          scope: Optional[frozenset[str]] = None) -> Checked:
    """Every header and cell of a figures file. `before`: the current round's year (a file's year must come
    before it); `default`: the year when the file does not say; `scope`: the unit codes the sender sees
    (`records.units_under`; None: every unit)."""
    year = file_year(session, sheet, default)
    out = Checked(sheet.filename, year, 0, len(sheet.tables))
    indicators = {i.code: i for i in session.exec(select(Indicator)).all()}
    sections = {s.code: _bare(s.name) for s in session.exec(select(Section)).all()}
    if year >= before and not any(fold(words.year) in map(fold, t.headers.values()) for t in sheet.tables):
        out.problems.append(CellProblem("", 0, "", Problem("record_year_late", year=year, before=before)))
        return out
    seen: dict[tuple[int, str, str], tuple[str, int]] = {}  # a figure -> where it was first
    rows_seen: dict[tuple[str, int, str], int] = {}  # (sheet, year, unit) -> its first row
    for table in sheet.tables:
        columns = _Columns(table, words, known, indicators, sections, out.problems)
        for number, values in table.rows:
            _row(session, out, table.name, number, values, columns, words, (year, before, scope), seen, rows_seen)
    if not out.problems and not out.figures:
        out.problems.append(CellProblem("", 0, "", Problem("past_no_figures")))
    if not out.problems:
        out.replaced = _kept_before(session, out)
    return out


def _row(session: Session, out: Checked, sheet: str, number: int, values: dict[str, Value], columns: _Columns,
         words: Words, when: tuple[int, int, Optional[frozenset[str]]], seen: dict, rows_seen: dict) -> None:
    year, before, scope = when
    code, name = _text(values.get(columns.code)), _text(values.get(columns.name))
    figures = {letter: values.get(letter) for letter in columns.figures if _text(values.get(letter))}
    if not code and ((not name and not figures) or fold(name) == fold(words.total_row)):
        return  # an empty row, the totals row
    out.rows += 1

    def refuse(letter: Optional[str], kind: str, **params) -> None:
        out.problems.append(CellProblem(sheet, number, letter or "", Problem(kind, **params)))

    if not code and not name:  # figures, but whose?
        refuse(columns.code or columns.name, "empty")
        return

    if columns.year is not None and _text(values.get(columns.year)):
        said = _text(values.get(columns.year))
        year = int(said) if said.isdigit() and len(said) == 4 else None
        if year is None:
            refuse(columns.year, "record_year", value=said[:20])
            return
    if year >= before:
        refuse(columns.year, "record_year_late", year=year, before=before)
        return
    unit_letter = columns.code if code else columns.name
    unit = unit_code_of(session, code or name)
    if unit is None:
        refuse(unit_letter, "record_unit", value=(code or name)[:40])
        return
    if scope is not None and unit not in scope:
        refuse(unit_letter, "record_unit_outside", value=(code or name)[:40])
        return
    first = rows_seen.setdefault((sheet, year, unit), number)
    if first != number:
        refuse(unit_letter, "cell_double", row=first)
        return
    for letter, raw in figures.items():
        ind = columns.figures[letter]
        value = _number(ind, raw)
        if isinstance(value, Problem):
            refuse(letter, value.kind, **value.params)
            continue
        key = (year, unit, ind.code)
        if key in seen and out.figures[key] != value:
            refuse(letter, "past_twice", sheet=seen[key][0], row=seen[key][1])
            continue
        seen.setdefault(key, (sheet, number))
        out.figures[key] = value


def _number(ind: Indicator, raw: Value):
    """A cell's figure, read and checked as the clerk's answer would be (a Problem if not)."""
    kind = value_type(ind)
    if isinstance(raw, (int, float)):
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            return Problem("not_a_number", text=_text(raw)[:40])
        if not value.is_finite():  # a crafted cell: NaN, infinity
            return Problem("not_a_number", text=_text(raw)[:40])
        if kind.name == "integer" and value != value.to_integral_value():
            return Problem("not_integer", text=_text(raw)[:40])
    else:
        value = kind.parse(ind, _text(raw), None)
        if isinstance(value, Ambiguous):
            return Problem("past_ambiguous", text=_text(raw)[:40])
        if isinstance(value, Problem):
            return value
    return kind.check(ind, value) or kind.stored(value)["number"]


def _kept_before(session: Session, checked: Checked) -> int:
    """How many of the file's figures replace ones kept before (typed, or an earlier file)."""
    units = sorted({u for _, u, _ in checked.figures})
    kept = 0
    for start in range(0, len(units), 500):
        kept += sum(1 for key in session.exec(
            select(PastFigure.year, PastFigure.unit_code, PastFigure.field)
            .where(PastFigure.year.in_(checked.years), PastFigure.unit_code.in_(units[start:start + 500]))).all()
            if tuple(key) in checked.figures)
    return kept


# --- kept on a yes ----------------------------------------------------------------------------------


def stage(engine: Engine, checked: Checked, user_id: int) -> None:
    """Before the answer: the figures written where nothing reads them, STAGE_ROWS per short transaction,
    under a batch the official's yes names. First, what files left waiting too long goes."""
    now = utcnow()
    with transaction(engine) as session:
        session.execute(delete(StagedPastFigure).where(
            StagedPastFigure.at < now - dt.timedelta(seconds=STAGED_KEPT)))
    checked.batch = secrets.token_hex(8)
    items = list(checked.figures.items())
    name = checked.filename[:200]
    for start in range(0, len(items), STAGE_ROWS):
        with transaction(engine) as session:  # the table's own insert, many rows a statement (no ORM between)
            session.connection().execute(insert(StagedPastFigure.__table__), [
                {"batch": checked.batch, "user_id": user_id, "year": y, "unit_code": u, "field": f, "number": n,
                 "filename": name, "at": now} for (y, u, f), n in items[start:start + STAGE_ROWS]])


@dataclass(frozen=True)
class Kept:
    figures: int
    units: int
    years: list[int]
    filename: str


def waiting(session: Session, batch: str, user_id: int) -> Optional[Kept]:
    """A file's figures waiting for its sender's yes (None: kept already, dropped, or another's)."""
    s = StagedPastFigure
    which = (s.batch == batch, s.user_id == user_id)
    count, units = session.exec(select(func.count(), func.count(func.distinct(s.unit_code))).where(*which)).one()
    if not count:
        return None
    years = sorted(session.exec(select(s.year).where(*which).distinct()).all())
    filename = session.exec(select(s.filename).where(*which).limit(1)).first() or ""
    return Kept(count, units, years, filename)


def keep(session: Session, batch: str, user_id: int) -> Optional[Kept]:
    """In the yes's transaction: the staged figures over those of the same years kept before, in three
    statements; all or nothing."""
    kept = waiting(session, batch, user_id)
    if kept is None:
        return None
    s, p = StagedPastFigure, PastFigure
    mine = select(s.year, s.unit_code, s.field).where(s.batch == batch, s.user_id == user_id)
    if session.exec(select(p.id).where(p.year.in_(kept.years)).limit(1)).first() is not None:  # a year kept before
        session.execute(delete(p).where(tuple_(p.year, p.unit_code, p.field).in_(mine)))
    session.execute(insert(p).from_select(
        ["year", "unit_code", "field", "number", "source", "filename", "user_id", "at"],
        select(s.year, s.unit_code, s.field, s.number, literal("import"), s.filename, s.user_id, literal(utcnow()))
        .where(s.batch == batch, s.user_id == user_id)))
    drop(session, batch, user_id)
    session.info.pop("history.previous_of", None)
    return kept


def drop(session: Session, batch: str, user_id: int) -> None:
    session.execute(delete(StagedPastFigure).where(StagedPastFigure.batch == batch,
                                                   StagedPastFigure.user_id == user_id))
