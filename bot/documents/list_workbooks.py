"""The .xlsx files of a unit's lists: the template a clerk fills on a computer, the list as it stands,
and the problems of a file sent back.

The template's words are bot/texts/documents.py's; `LAYOUTS` hands them to the reader
(storage/list_import.py), which recognises a template by its headers. A template has a title row,
the header row, an example row (its STT cell says «Ví dụ»: never read), drop-down lists (data
validation) for cá nhân/tập thể, the form and the prerequisite, a prompt on the columns that need one,
and a sheet of short notes. Every cell is written by `sheets.put` (a text stays a text), and the sheet
prints on A4 with its header on every page. Its properties name the list and the round ("thidua:<list>:<round>").
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any, Sequence

from bot import texts
from bot.documents import sheets
from storage import list_schema
from storage.list_import import COLUMNS, KEYWORD, MAX_ROWS, NOMINATIONS, ROLE_MODELS, Layout, Outcome

LAYOUTS: dict[str, Layout] = {
    NOMINATIONS: Layout(NOMINATIONS, texts.LIST_HEADERS[NOMINATIONS], texts.LIST_EXAMPLE,
                        texts.LIST_EXAMPLES[NOMINATIONS]["name"],
                        {"subject": texts.LIST_SUBJECT_LABELS, "prereq_mode": texts.LIST_PREREQ_LABELS}),
    ROLE_MODELS: Layout(ROLE_MODELS, texts.LIST_HEADERS[ROLE_MODELS], texts.LIST_EXAMPLE,
                        texts.LIST_EXAMPLES[ROLE_MODELS]["name"], {"field": texts.RM_FIELD_LABELS}),
}
WIDTHS = {"no": 7, "subject": 14, "name": 28, "birth_year": 10, "cccd": 16, "position": 32, "form": 32,
          "achievements": 50, "prereq_mode": 30, "prereq_ref": 26, "initiative": 30, "initiative_ref": 26, "village": 18,
          "field": 20, "commune": 16, "deed": 44,
          "income": 16, "source": 30, "problems": 50}
TITLE_ROW, HEADER_ROW, EXAMPLE_ROW = 1, 2, 3
LISTS_SHEET = texts.LIST_CHOICES_SHEET  # hidden: the drop-down lists
HEADER_FILL = "DDEBF7"
EXAMPLE_COLOUR = "808080"


@dataclass
class ListContext:
    """What a list's workbooks say about the unit, the round and the catalogue."""

    unit: str
    round_name: str
    round_code: str
    form_names: list[str] = field(default_factory=list)  # the forms the unit may ask for
    needs_prereq: list[tuple[str, str]] = field(default_factory=list)  # (form, its prerequisite), short names
    needs_initiative: list[str] = field(default_factory=list)  # short names
    text_limit: int = 500  # achievements, deeds
    max_mb: float = 5.0


def template(kind: str, context: ListContext) -> bytes:
    """The empty template of a list, with its example row and notes."""
    book = _Book(kind, context)
    book.example()
    book.notes()
    return book.save()


def current_list(kind: str, context: ListContext, rows: Sequence[dict[str, Any]], sources: Sequence[str],
                 problems: Sequence[str]) -> bytes:
    """The list as it stands, in the template's layout (it may be filled further and sent back), with
    where each row came from and what to fix on it."""
    book = _Book(kind, context, extra=("source", "problems"))
    for offset, (values, source, problem) in enumerate(zip(rows, sources, problems)):
        book.row(EXAMPLE_ROW + 1 + offset, {**values, "no": offset + 1, "source": source, "problems": problem})
    book.notes()
    return book.save()


def problems(outcome: Outcome) -> bytes:
    """Every problem of a file sent back: the rows not saved and why, the rules its saved rows break."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = texts.LIST_PROBLEMS_SHEET
    sheets.properties(book, title=f"{texts.LIST_PROBLEMS_SHEET}: {outcome.filename}", author="")
    rows = [[p.row, outcome.columns.get(p.column, ""), texts.LIST_COLUMN_NAMES[p.column],
             texts.list_cell_text(p.problem), texts.LIST_PROBLEMS_SAVED[False], ""]
            for p in sorted(outcome.refused, key=lambda p: (p.row, COLUMNS[outcome.kind].index(p.column)))]
    for flag in outcome.flags:
        numbers = ", ".join(str(r) for r in flag.rows)
        rows.append([numbers if len(flag.rows) > 1 else flag.rows[0], outcome.columns.get(flag.column, ""),
                     texts.LIST_COLUMN_NAMES[flag.column], texts.say(flag.violation.problem),
                     texts.LIST_PROBLEMS_SAVED[True], flag.violation.source])
    for col, header in enumerate(texts.LIST_PROBLEMS_HEADERS, 1):
        sheets.put(sheet, 1, col, header).font = Font(bold=True)
    for r, row in enumerate(rows, 2):
        for col, item in enumerate(row, 1):
            sheets.put(sheet, r, col, item)
        sheet.cell(r, 4).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEF", (8, 6, 18, 80, 16, 40)):
        sheet.column_dimensions[letter].width = width
    sheets.freeze(sheet, 1)
    sheets.print_setup(sheet, (1, 1))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filename(kind: str, what: str, round_code: str) -> str:
    """e.g. "mau-de-nghi-khen-thuong-tongket-2020.xlsx"."""
    return f"{what}-{texts.LIST_FILENAMES[kind]}-{round_code}.xlsx"


class _Book:
    """One list's sheet in the template's layout (title, headers, drop-downs), plus its notes."""

    def __init__(self, kind: str, context: ListContext, extra: Sequence[str] = ()):
        from openpyxl import Workbook

        self.kind, self.context = kind, context
        self.keys = list(COLUMNS[kind])
        self.book = Workbook()
        self.sheet = self.book.active
        self.sheet.title = sheets.sheet_name(self.book, texts.LIST_SHEET_TITLES[kind])
        sheets.properties(self.book, author=context.unit, title=texts.LIST_TITLE.format(
            list=texts.LIST_NAMES[kind].capitalize(), unit=context.unit, round=context.round_name))
        self.book.properties.keywords = f"{KEYWORD}:{kind}:{context.round_code}"
        self.columns = self.keys + list(extra)
        self._head()
        self._drop_downs()

    def _letter(self, key: str) -> str:
        from openpyxl.utils import get_column_letter
        return get_column_letter(self.columns.index(key) + 1)

    def _head(self) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        sheet = self.sheet
        sheets.put(sheet, TITLE_ROW, 1, self.book.properties.title).font = Font(bold=True, size=13)
        headers = {**texts.LIST_HEADERS[self.kind], "source": texts.LIST_SOURCE_HEADER,
                   "problems": texts.LIST_PROBLEMS_HEADER}
        for col, key in enumerate(self.columns, 1):
            cell = sheets.put(sheet, HEADER_ROW, col, headers[key])
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            sheet.column_dimensions[self._letter(key)].width = WIDTHS[key]
        sheet.row_dimensions[HEADER_ROW].height = 45
        sheets.freeze(sheet, HEADER_ROW, self.columns.index("name") + 1)
        sheets.print_setup(sheet, (HEADER_ROW, HEADER_ROW))

    def _drop_downs(self) -> None:
        """Lists kept on a hidden sheet (a list written in the rule itself is limited to 255 characters)."""
        from openpyxl.worksheet.datavalidation import DataValidation

        lists = self.book.create_sheet(LISTS_SHEET)
        lists.sheet_state = "hidden"
        choices = {}
        if self.kind == NOMINATIONS:
            choices = {"subject": list(texts.LIST_SUBJECT_LABELS), "form": self.context.form_names,
                       "prereq_mode": list(texts.LIST_PREREQ_LABELS)}
        else:
            choices = {"field": list(texts.RM_FIELD_LABELS)}
        last = EXAMPLE_ROW + MAX_ROWS
        limit = self.context.text_limit
        for col, (key, labels) in enumerate(choices.items(), 1):
            if not labels:
                continue
            for row, label in enumerate(labels, 1):
                sheets.put(lists, row, col, label)
            letter = lists.cell(1, col).column_letter
            # No "=" in front: the file keeps a formula without it (Excel repairs a file that has one).
            rule = DataValidation(type="list", formula1=f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(labels)}",
                                  allow_blank=True, showErrorMessage=True, errorStyle="stop",
                                  error=texts.LIST_PROMPTS[key])
            self._prompt(rule, key, limit)
            rule.add(f"{self._letter(key)}{EXAMPLE_ROW}:{self._letter(key)}{last}")
            self.sheet.add_data_validation(rule)
        # Each text column's limit, from the row's schema (the chat and the import check the same).
        for col in list_schema.ROWS[self.kind]:
            if col.kind in ("year", "cccd"):
                self._person_column(col.key, last)
            if col.kind != "text":
                continue
            most = col.limit or limit
            rule = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(most),
                                  allow_blank=True, showErrorMessage=True, errorStyle="warning",
                                  error=texts.LIST_TOO_LONG.format(limit=most))
            self._prompt(rule, col.key, most)
            rule.add(f"{self._letter(col.key)}{EXAMPLE_ROW}:{self._letter(col.key)}{last}")
            self.sheet.add_data_validation(rule)

    def _person_column(self, key: str, last: int) -> None:
        """The year of birth and the citizen's number: a prompt (a number cell that lost its leading 0 gets it
        back when read: storage/list_schema.cccd)."""
        from openpyxl.worksheet.datavalidation import DataValidation

        rule = DataValidation(allow_blank=True)
        self._prompt(rule, key, 0)
        letter = self._letter(key)
        rule.add(f"{letter}{EXAMPLE_ROW}:{letter}{last}")
        self.sheet.add_data_validation(rule)

    @staticmethod
    def _prompt(rule, key: str, limit: int) -> None:
        if key in texts.LIST_PROMPTS:
            rule.showInputMessage = True
            rule.promptTitle = texts.LIST_PROMPT_TITLE
            rule.prompt = texts.LIST_PROMPTS[key].format(limit=limit)

    def row(self, number: int, values: dict[str, Any], italic: bool = False) -> None:
        from openpyxl.styles import Alignment, Font

        for col, key in enumerate(self.columns, 1):
            value = values.get(key)
            if value in (None, ""):
                continue
            cell = sheets.put(self.sheet, number, col, value)
            cell.alignment = Alignment(wrap_text=key in ("achievements", "deed", "problems"), vertical="top")
            if italic:
                cell.font = Font(italic=True, color=EXAMPLE_COLOUR)

    def example(self) -> None:
        values = dict(texts.LIST_EXAMPLES[self.kind], no=texts.LIST_EXAMPLE)
        if self.kind == NOMINATIONS:
            prereq = self.context.needs_prereq[0][0] if self.context.needs_prereq else None
            values["form"] = next((n for n in self.context.form_names if prereq and prereq in n),
                                  self.context.form_names[0] if self.context.form_names else "")
        else:
            values["commune"] = self.context.unit
        self.row(EXAMPLE_ROW, values, italic=True)

    def notes(self) -> None:
        from openpyxl.styles import Alignment, Font

        notes = sheets.add_sheet(self.book, texts.LIST_NOTES_TITLE, 1)
        notes.column_dimensions["A"].width = 110
        sheets.put(notes, 1, 1, texts.LIST_NOTES_TITLE).font = Font(bold=True, size=13)
        context = self.context
        lines = [line.format(rows=f"{MAX_ROWS:,}".replace(",", "."), mb=f"{context.max_mb:g}".replace(".", ","))
                 for line in texts.LIST_NOTES["common"]]
        for line in texts.LIST_NOTES[self.kind]:
            if "{prereq}" in line:
                lines += [line.format(form=form, prereq=prereq) for form, prereq in context.needs_prereq]
            elif "{form}" in line:
                lines += [line.format(form=form) for form in context.needs_initiative]
            else:
                lines.append(line.format(limit=context.text_limit))
        for row, line in enumerate(lines, 3):
            cell = sheets.put(notes, row, 1, f"• {line}")
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    def save(self) -> bytes:
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()


def value_labels(kind: str) -> dict[str, dict[str, str]]:
    """For writing a stored row back in the template's words: column key -> {code: label}."""
    layout = LAYOUTS[kind]
    return {key: {code: label for label, code in labels.items()} for key, labels in layout.choices.items()}
