"""Lists filled on a computer: a clerk's .xlsx of nominees or role models, checked and saved.

Five steps, so that a big file never holds the database (on SQLite one transaction is everyone's
write gate): only the last is in the event's transaction, and it is short.

- reading (bot/documents/list_reader.py) needs no database and runs in a process of its own, bounded: is the
  file a workbook we may read, and its rows as plain values (a `Sheet`);
- `check` reads the catalogue only, in a read session (storage/db.reading: no write lock): every row
  is checked with the rules the chat applies to an answer (lengths, the choices offered, the forms
  this unit may ask for) and against the file's earlier rows (the same person and form twice, by the
  name without diacritics);
- `foresee`, in the same read: rows already typed in the chat are not saved twice, and the list's
  commendation rules (storage/award_rules.py, as for the chat) run over the list as the file will
  make it; what they flag on the file's rows comes back with the rest;
- `stage`: the rows to save are written where no list shows them (`StagedListRow`), STAGE_ROWS per
  short transaction, so other chats write in between;
- `save`, in the event's transaction: the staged rows replace the rows the list's earlier file saved
  (`import_id`) in one INSERT … SELECT, so a corrected file sent again doubles nothing; rows typed in
  the chat stay. All or nothing: until that commit no list has any of the file's rows, and if it
  fails the list is as it was. Then `unstage` clears the staged rows (what a crash left goes with a
  later file's staging, after STAGED_KEPT).

Facts only (`Problem`: kinds "file_…" for a whole file; a cell's problem has the chat's kinds:
"empty", "too_long", …); bot/texts/ words them. What the template says (its column headers, the
labels of its drop-down choices, the mark of its example row) is the bot's (bot/documents/list_workbooks.py)
and is handed in as a `Layout`.
"""

from __future__ import annotations

import datetime as dt
import secrets
from types import SimpleNamespace
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import delete, exists, func, insert, literal, select as sa_select
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from storage import award_rules, list_schema, nominations
# The lists' rows, their columns and limits: one schema (COLUMNS re-exported for the template's writer).
from storage.list_schema import COLUMNS, NOMINATIONS, ROLE_MODELS, ROWS, Column, applies, column  # noqa: F401
from storage.list_schema import problem as cell_problem
from storage.facts import Problem
# What the reader gives and knows (a module of its own: the reading process imports no database).
from storage.list_sheet import BLANK_RUN, HEADER_ROWS, KEYWORD, MAX_ROWS, Layout, Sheet, Value  # noqa: F401
from storage.db import transaction
from storage.models import AwardForm, ListImport, Nomination, Report, RoleModel, StagedListRow, utcnow
from storage.numbers import Ambiguous, Invalid, NumberKind, parse_number
from storage.people import fold
from storage.reports import note_change

MODELS = {NOMINATIONS: Nomination, ROLE_MODELS: RoleModel}
SHOWN_VALUE = 40  # characters of a refused value repeated in a problem
MEMO = 256  # distinct drop-down values folded once per file
STAGE_ROWS = 250  # a file's rows written per short transaction before the one that saves them (`stage`)
STAGED_KEPT = dt.timedelta(minutes=30)  # staged rows older than this were never saved: they go


@dataclass(frozen=True)
class CellProblem:
    row: int  # the sheet's row number
    column: str  # the column's key
    problem: Problem


@dataclass(frozen=True)
class Flag:
    """A commendation rule the list breaks, on rows of the file (saved: it blocks submitting)."""

    rows: tuple[int, ...]
    column: str
    violation: award_rules.Violation


@dataclass
class Outcome:
    """What became of a file: saved rows, refused rows and why, rules broken on saved rows."""

    import_id: int
    kind: str
    filename: str
    read: int  # data rows read
    saved: int
    replaced: int  # rows of the list's earlier file taken off
    columns: dict[str, str]
    refused: list[CellProblem] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    @property
    def refused_rows(self) -> list[int]:
        return sorted({p.row for p in self.refused})


# --- checking and saving (in the event's transaction) -----------------------------------------

def _text(value: Value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value)


def _shown(value: Value) -> str:
    text = _text(value)
    return text if len(text) <= SHOWN_VALUE else text[:SHOWN_VALUE - 1] + "…"


class _Row:
    """One row being checked: its values in, the fields to store and its problems out."""

    def __init__(self, number: int, values: dict[str, Value]):
        self.number, self.values = number, values
        self.fields: dict[str, Any] = {}
        self.problems: list[CellProblem] = []
        self.key: Optional[tuple] = None  # what finds the row again on the list
        self.cccd_tail: Optional[str] = None  # a citizen's number given masked: its last 4 digits

    def refuse(self, column: str, problem: Problem) -> None:
        self.problems.append(CellProblem(self.number, column, problem))

    def text(self, col: Column, catalog) -> Optional[str]:
        """A text cell, by the chat's rule for its column (list_schema.problem); None when empty and optional."""
        value = _text(self.values.get(col.key))
        if not value and not col.required:
            return None
        problem = cell_problem(col, value, catalog)
        if problem is not None:
            self.refuse(col.key, problem)
            return None
        self.fields[col.attribute] = value
        return value

    def texts(self, kind: str, catalog, form=None, prereq_mode: Optional[str] = None,
              skip: tuple[str, ...] = ()) -> None:
        """Every text column of the list that applies to this row (by its form), but `skip`."""
        for col in ROWS[kind]:
            if col.kind == "text" and col.key not in skip and applies(col, form, prereq_mode):
                self.text(col, catalog)

    def choice(self, key: str, choices: "_Choices", required: bool = True) -> Optional[str]:
        """A drop-down column: its label (or the code itself), compared without diacritics."""
        value = _text(self.values.get(key))
        if not value:
            if required:
                self.refuse(key, Problem("empty"))
            return None
        code = choices.code(value)
        if code is None:
            self.refuse(key, Problem("not_a_choice", value=_shown(value), choices=choices.labels))
        return code


class _Choices:
    """A drop-down's labels, and each label and code folded to its code (built once per file)."""

    def __init__(self, labels: dict[str, str]):
        self.labels = tuple(labels)
        self.codes = {fold(name): code for label, code in labels.items() for name in (code, label)}
        self._seen: dict[str, Optional[str]] = {}  # a drop-down repeats a few values: fold each once

    def code(self, value: str) -> Optional[str]:
        if value not in self._seen:
            if len(self._seen) > MEMO:  # a file of all-different values: no cache worth its memory
                return self.codes.get(fold(value))
            self._seen[value] = self.codes.get(fold(value))
        return self._seen[value]


def _forms_by_name(forms: dict[str, AwardForm]) -> dict[str, AwardForm]:
    """A form by its name, short name or code, folded (what a clerk may write in the form column)."""
    found: dict[str, AwardForm] = {}
    for form in forms.values():
        for name in (form.code, form.short, form.name):
            if name:
                found.setdefault(fold(name), form)
    return found


def _check_nomination(row: _Row, choices: dict[str, "_Choices"], forms: dict[str, AwardForm], catalog,
                      year: int) -> None:
    """`forms`: by their folded names (`_forms_by_name`)."""
    subject = row.choice("subject", choices["subject"])
    if subject is not None:
        row.fields["subject"] = subject
    if subject == "individual":  # year of birth, citizen's number (a masked one keeps the number held: `_unmask`)
        fields, problems, row.cccd_tail = list_schema.person_cells(row.values, year)
        row.fields.update(fields)
        for key, problem in problems:
            row.refuse(key, problem)
    typed = _text(row.values.get("form"))
    form = forms.get(fold(typed)) if typed else None
    if not typed:
        row.refuse("form", Problem("empty"))
    elif form is None:
        row.refuse("form", Problem("cell_unknown_form", value=_shown(typed)))
    elif subject is not None and subject not in form.subjects:
        row.refuse("form", Problem("cell_form_subject", form=form.short or form.name, subject=subject))
    elif not nominations.within_reach(form, catalog):  # the chat offers only these (R1)
        row.refuse("form", Problem("cell_form_level", form=form.short or form.name, level=form.decided_by,
                                   up_to=catalog.nominate_up_to or catalog.authority_level))
    else:
        row.fields["form_code"] = form.code
    # What the chat asks only where the form needs it, read only there (as the chat stores it).
    mode = None
    if applies(column(NOMINATIONS, "prereq_mode"), form, None):
        mode = row.choice("prereq_mode", choices["prereq_mode"], required=False)
        ref = _text(row.values.get("prereq_ref"))
        mode = mode or ("held" if ref else "list")  # left empty: a decision number says it is held
        row.fields["prereq_mode"] = mode
    row.texts(NOMINATIONS, catalog, form, mode)


def _check_role_model(row: _Row, catalog, own_commune: str, fields: "_Choices") -> None:
    field = row.choice("field", fields)
    if field is not None:
        row.fields["field"] = field
    own = row.values.get("commune") is None
    if own:
        row.fields["commune"] = own_commune  # as the chat's one-tap «this commune»
    row.texts(ROLE_MODELS, catalog, skip=("commune",) if own else ())
    income = row.values.get("income")
    if income is None:
        return
    if isinstance(income, (int, float)):
        value: Optional[Decimal] = Decimal(str(income))
    else:
        parsed = parse_number(str(income), NumberKind.DECIMAL)
        if isinstance(parsed, Invalid):
            problem = Problem("negative") if parsed.reason == "negative" else Problem(
                "not_a_number", text=_shown(income))
            row.refuse("income", problem)
            return
        # "1.500" reads as 1 500 (Vietnamese grouping), as in the chat.
        value = parsed.likely if isinstance(parsed, Ambiguous) else parsed.value
    if value < 0:
        row.refuse("income", Problem("negative"))
        return
    row.fields["income_million"] = float(value)


@dataclass
class Checked:
    """A file's rows checked against the catalogue, before the transaction that saves them: each row's
    fields and problems, and the key that finds it again on the list (name without diacritics); once
    `foresee`n, the list's rules on its rows; once `stage`d, where its rows wait."""

    sheet: Sheet
    rows: list["_Row"]
    flags: list[Flag] = field(default_factory=list)
    batch: str = ""  # its rows' key among the staged rows ("": none staged)

    @property
    def good(self) -> list["_Row"]:
        return [row for row in self.rows if not row.problems]


def check(session: Session, sheet: Sheet, layout: Layout, own_commune: str, year: Optional[int] = None) -> Checked:
    """Every row checked with the rules the chat applies (lengths, choices, the forms this unit may ask
    for) and against the file's earlier rows. Reads the catalogue only: run it in a read session
    (storage/db.reading) before the write transaction, so no folding or checking of thousands of cells
    holds a lock. `year`: the round's (a year of birth is judged by it), else this year."""
    catalog = nominations.meta(session)
    year = year or dt.date.today().year
    rows = []
    seen: dict[tuple, int] = {}
    if sheet.kind == NOMINATIONS:
        forms = _forms_by_name(nominations.forms(session))
        choices = {key: _Choices(layout.choices.get(key, {})) for key in ("subject", "prereq_mode")}
    else:
        fields = _Choices(layout.choices.get("field", {}))
    for number, values in sheet.rows:
        row = _Row(number, values)
        if sheet.kind == NOMINATIONS:
            _check_nomination(row, choices, forms, catalog, year)
            if not row.problems:
                row.fields["name_key"] = fold(row.fields["name"])  # duplicates ignore diacritics and case
                row.key = (row.fields["subject"], row.fields["name_key"], row.fields["form_code"])
        else:
            _check_role_model(row, catalog, own_commune, fields)
            if not row.problems:
                row.key = (fold(row.fields["name"]), fold(row.fields["village"]))
        if row.key is not None:
            _refuse_double(row, row.key, seen, "name")
        rows.append(row)
    return Checked(sheet, rows)


def foresee(session: Session, report: Optional[Report], deadline: Optional[dt.date], checked: Checked) -> None:
    """In a read session before the transaction: the rows already typed in the chat are not saved twice,
    and the list's commendation rules (storage/award_rules.py, as for the chat, in force on `deadline`)
    are run over the list as it will be, the chat's rows then this file's in place of the earlier
    file's: what they flag on the file's rows is `checked.flags`. `report`: None if it has none yet."""
    model = MODELS[checked.sheet.kind]
    listed = _chat_rows(session, model, report.id) if report is not None else []
    _refuse_listed(checked, listed)
    if checked.sheet.kind != NOMINATIONS:
        return
    _unmask(session, report, checked)
    typed = [row for _, row in listed]  # by their number on the list: by id
    # As the rules read a nominee (attributes only): plain objects, not 5,000 table rows being built.
    blank = {name: None for name in Nomination.__table__.columns.keys()}
    coming = [SimpleNamespace(**{**blank, **row.fields, "id": -n, "report_id": report.id if report else None,
                                 "complete": True, "import_row": row.number})
              for n, row in enumerate(checked.good, 1)]
    number = {row.id: n for n, row in enumerate(typed + coming, 1)}
    violations = award_rules.check_rows(session, nominations.complete(typed) + coming, number, day=deadline)
    checked.flags = _flags_of(violations, {row.id: row.import_row for row in coming})


def _unmask(session: Session, report: Optional[Report], checked: Checked) -> None:
    """A citizen's number written back as the list's download shows it (its last 4 digits): the number the list
    holds for that nominee (by name and year of birth), else none."""
    masked = [row for row in checked.good if row.cccd_tail]
    if not masked or report is None:
        return
    held = {(n.name_key, n.birth_year, n.cccd[-4:]): n.cccd for n in session.exec(select(Nomination).where(
        Nomination.report_id == report.id, Nomination.cccd.is_not(None))).all()}
    for row in masked:
        number = held.get((row.fields["name_key"], row.fields.get("birth_year"), row.cccd_tail))
        if number:
            row.fields["cccd"] = number


def stage(engine: Engine, checked: Checked) -> None:
    """Before the transaction: the rows to save written where nothing reads them (StagedListRow), at most
    STAGE_ROWS per short transaction, so that other chats' writes go between; the transaction that saves
    the file then copies them onto the list in one statement (`save`). First, what files left staged and
    never saved (refused at the last moment, a crash) goes, a batch at a time."""
    now = utcnow()
    _unstage(engine, StagedListRow.at < now - STAGED_KEPT)
    good = checked.good
    if not good:
        return
    checked.batch = secrets.token_hex(8)
    for start in range(0, len(good), STAGE_ROWS):
        with transaction(engine) as session:
            session.execute(insert(StagedListRow), [{**row.fields, "batch": checked.batch, "row": row.number, "at": now}
                                                    for row in good[start:start + STAGE_ROWS]])


def unstage(engine: Engine, checked: Checked) -> None:
    """After the transaction that saved the file (or failed to): its staged rows go, a batch at a time."""
    if checked.batch:
        _unstage(engine, StagedListRow.batch == checked.batch)


def _unstage(engine: Engine, which) -> None:
    while True:
        with transaction(engine) as session:
            ids = session.exec(select(StagedListRow.id).where(which).limit(STAGE_ROWS)).all()
            if not ids:
                return
            session.execute(delete(StagedListRow).where(StagedListRow.id.in_(ids)))


def save(session: Session, report: Report, user_id: int, checked: Checked) -> Outcome:
    """In the event's transaction, short: the staged rows (`stage`) not typed in the chat meanwhile
    replace the rows the list's earlier file saved (see the module), in one statement; the rules as
    `foresee`n. A file not staged (checked and saved at once, as a test may) is written here."""
    model = MODELS[checked.sheet.kind]
    listed = _chat_rows(session, model, report.id)
    late = _refuse_listed(checked, listed)  # typed in the chat since the file was foreseen: not doubled
    outcome = _save(session, report, user_id, checked, late, model)
    outcome.flags = [Flag(rows, flag.column, flag.violation) for flag in checked.flags
                     if (rows := tuple(r for r in flag.rows if r not in late))]
    return outcome


def _refuse_listed(checked: Checked, listed: list[tuple[int, Any]]) -> set[int]:
    """The file's rows already on the list, typed in the chat first: that is the row each doubles
    (refused "cell_listed"). The numbers of the rows so refused that were good until now."""
    if checked.sheet.kind == NOMINATIONS:
        typed = {(n.subject, n.name_key, n.form_code): number for number, n in listed}
    else:
        typed = {(fold(m.name or ""), fold(m.village or "")): number for number, m in listed}
    late = set()
    for row in checked.rows:
        if row.key is not None and row.key in typed:
            if not row.problems:
                late.add(row.number)
            row.problems = []
            row.refuse("name", Problem("cell_listed", n=typed[row.key]))
    return late


def _chat_rows(session: Session, model, report_id: int) -> list[tuple[int, Any]]:
    """The rows typed in the chat, with their numbers on the list (as the clerk sees them: by id)."""
    ids = session.exec(select(model.id).where(model.report_id == report_id).order_by(model.id)).all()
    typed = session.exec(select(model).where(model.report_id == report_id, model.import_id.is_(None))).all()
    number = {row_id: n for n, row_id in enumerate(ids, 1)}
    return sorted(((number[row.id], row) for row in typed), key=lambda pair: pair[0])


def _refuse_double(row: _Row, key: tuple, seen: dict[tuple, int], column: str) -> None:
    """Once on the list: the same nominee (name without diacritics) on an earlier row of this file is
    not saved twice (`seen`: a key to the file's row that has it)."""
    first = seen.get(key)
    if first is None:
        seen[key] = row.number
    else:
        row.refuse(column, Problem("cell_double", row=first))


def _save(session: Session, report: Report, user_id: int, checked: Checked, late: set[int], model) -> Outcome:
    sheet, rows, good = checked.sheet, checked.rows, checked.good
    refused = [p for row in rows for p in row.problems]
    record = ListImport(report_id=report.id, kind=sheet.kind, filename=sheet.filename[:200], user_id=user_id,
                        rows=len(rows), saved=len(good), columns=sheet.columns,
                        problems=[{"row": p.row, "column": p.column, "kind": p.problem.kind,
                                   "params": _json(p.problem.params)} for p in refused])
    session.add(record)
    session.flush()
    replaced = 0
    if good:  # a file none of whose rows can be saved leaves the list as it was
        earlier = (model.report_id == report.id) & (model.import_id.is_not(None))
        replaced = session.exec(select(func.count()).select_from(model).where(earlier)).one()
        session.execute(delete(model).where(earlier))
        now = utcnow()
        if checked.batch:
            _copy_staged(session, model, checked.batch, late, good, {
                "report_id": report.id, "import_id": record.id, "complete": True, "created_at": now,
                "updated_at": now, "updated_by": user_id})
        else:
            session.execute(insert(model), [
                {"report_id": report.id, "import_id": record.id, "import_row": row.number, "complete": True,
                 "created_at": now, "updated_at": now, "updated_by": user_id, **row.fields}
                for row in good])
    # Earlier files of this list whose rows are all gone are forgotten (their problems with them).
    session.execute(delete(ListImport).where(
        ListImport.report_id == report.id, ListImport.kind == sheet.kind, ListImport.id != record.id,
        ~exists(sa_select(model.id).where(model.import_id == ListImport.id))))
    note_change(session, report, user_id, f"{model.__tablename__}_import",
                {"import": record.id, "file": sheet.filename[:100], "rows": len(rows), "saved": len(good),
                 "replaced": replaced})
    return Outcome(record.id, sheet.kind, sheet.filename, len(rows), len(good), replaced, sheet.columns, refused)


def _copy_staged(session: Session, model, batch: str, late: set[int], good: list[_Row], same: dict[str, Any]) -> None:
    """The staged rows of `batch` (but `late`) onto the list, in one INSERT … SELECT, column to column
    (`same` for every row). The staged rows go after the transaction (`unstage`)."""
    table, staged = model.__table__, StagedListRow.__table__
    names = sorted({name for row in good for name in row.fields})
    values = [literal(value, table.c[name].type) for name, value in same.items()]
    source = sa_select(*values, staged.c.row, *(staged.c[name] for name in names)).where(staged.c.batch == batch)
    if late:
        source = source.where(staged.c.row.not_in(sorted(late)))
    session.execute(insert(model).from_select([*same, "import_row", *names], source))


def _json(params: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()}


# Where on a row each rule points the clerk (the column to fix).
_RULE_COLUMNS = {"prerequisite": "prereq_mode", "initiative": "initiative", "unique": "name"}


def _flags(session: Session, report: Report, import_id: int) -> list[Flag]:
    """The commendation rules the list breaks now (the chat's, storage/award_rules.py), on a file's rows."""
    rows = dict(session.exec(select(Nomination.id, Nomination.import_row).where(
        Nomination.report_id == report.id, Nomination.import_id == import_id)).all())
    return _flags_of(award_rules.check(session, report.id), rows)


def _flags_of(violations: list[award_rules.Violation], rows: dict[int, int]) -> list[Flag]:
    """The violations that fall on a file's rows (`rows`: a nominee's id -> its row in the file)."""
    flags = []
    for violation in violations:
        mine = tuple(sorted(rows[i] for i in violation.nominee_ids if i in rows))
        if not mine:
            continue
        column = _RULE_COLUMNS.get(violation.problem.kind, "form")
        if violation.problem.kind == "initiative" and violation.problem.missing == ("ref",):
            column = "initiative_ref"
        flags.append(Flag(mine, column, violation))
    return flags


def find(session: Session, import_id: Optional[int], unit_id: int) -> Optional[ListImport]:
    """A file's record, only for the unit whose report it went into."""
    record = session.get(ListImport, import_id) if import_id else None
    if record is None:
        return None
    report = session.get(Report, record.report_id)
    return record if report is not None and report.unit_id == unit_id else None


def outcome_of(session: Session, record: ListImport) -> Outcome:
    """A file's outcome as it stands now: its refused rows as they were, the rules as the list is now."""
    refused = [CellProblem(p["row"], p["column"], Problem(p["kind"], **p["params"])) for p in record.problems]
    model = MODELS[record.kind]
    saved = session.exec(select(func.count()).select_from(model).where(model.import_id == record.id)).one()
    outcome = Outcome(record.id, record.kind, record.filename, record.rows, saved, 0, dict(record.columns), refused)
    if record.kind == NOMINATIONS:
        outcome.flags = _flags(session, session.get(Report, record.report_id), record.id)
    return outcome
