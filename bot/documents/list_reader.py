"""A list file sent back (.xlsx), read with every cost bounded; no database.

Runs in a process of its own (bot/read_list_file.py, started by bot/sandbox.py: a hard limit of seconds
and of memory, the lowest priority), so nothing here may hold a lock or touch the database; it imports
plain modules only. The file is a zip of XML parts; the parts we need (the workbook, its sheets, the
shared strings, the styles, the properties) are streamed through expat, never built as trees, and the
reading stops as soon as a bound is passed:

- the file: UPLOAD_MAX_MB zipped, UNZIPPED_FACTOR times that unzipped (what the zip says and what
  comes out); each part at most PART_MAX_BYTES of its kind unzipped (measured on the fullest real
  template, see docs/benchmarks.md: a bigger part is no template);
- a sheet: at most ROWS_WALKED rows below its header (counted by row number, so rows standing
  10,000 apart cost as much as 10,000 rows), CELLS_PER_ROW cells in one row, MAX_ROWS data rows
  (storage/list_import.py); BLANK_RUN empty rows in a row end it;
- a part: at most ELEMENTS_PER_PART XML elements (unknown ones included), a sheet at most
  ELEMENTS_OUTSIDE_ROWS outside its rows (unknown elements piled before the data stop there);
- a cell: at most CELL_MAX_CHARS characters (what Excel itself can hold);
- no DOCTYPE at all (no entity can be declared, none expanded, nothing fetched).

What it gives back is a `Sheet` (storage/list_import.py checks and saves it) or a `Problem` "file_…".
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
from decimal import Decimal
from typing import Any, Iterable, Optional, Union

# Plain modules only (no database, no openpyxl): the reading process starts in a tenth of a second.
from storage.facts import Problem
from storage.list_sheet import BLANK_RUN, HEADER_ROWS, KEYWORD, MAX_ROWS, Layout, Sheet, Table, Value
from storage.text import clean, fold, tidy
from bot.documents.xlsx_stream import (BUILTIN_DATES, CELL_MAX_CHARS, ELEMENTS_PER_PART, REL_OFFICE,  # noqa: F401
                                       Refused, too_complex)
from bot.documents.xlsx_stream import BUILTIN_PERCENTS, is_percent_format
from bot.documents.xlsx_stream import Text as _Text, column as _column, is_date_format as _is_date_format
from bot.documents.xlsx_stream import letter as _letter, parser as _parser

UNZIPPED_FACTOR = 20  # an .xlsx unzips to at most this many times the size allowed for the file
# Unzipped bytes of one part, by kind. The fullest real template (5,000 rows, every cell at its limit, in
# Vietnamese; bench/uploads.py --measure) has a 19.3 MB sheet of 0.15 M elements (its text in the sheet,
# as openpyxl writes it; Excel moves the text to the shared strings, about as big).
PART_MAX_BYTES = {"sheet": 24 * 2**20, "strings": 24 * 2**20, "other": 2 * 2**20}
ROWS_WALKED = 2 * (MAX_ROWS + BLANK_RUN)  # below the header; a longer sheet is "quá phức tạp"
CELLS_PER_ROW = 1_024  # the template has a dozen columns
# XML elements of a sheet outside its rows (columns, merged cells, drop-downs, formats: the template has
# a few dozen, a sheet Excel saved a few hundred): unknown elements piled before the data stop here.
ELEMENTS_OUTSIDE_ROWS = 20_000
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .doc)
CHUNK = 64 * 1024


def too_big(max_bytes: int) -> Problem:
    return Problem("file_too_big", limit_mb=Decimal(str(round(max_bytes / 1024 / 1024, 2))))


def read(data: bytes, filename: str, layouts: Iterable[Layout], max_bytes: int) -> Union[Sheet, Problem]:
    """The file's rows, or why it cannot be read (a Problem "file_…"); never raises."""
    if len(data) > max_bytes:
        return too_big(max_bytes)
    if not data:
        return Problem("file_empty")
    if data.startswith(OLE_MAGIC):
        return Problem("file_old_excel")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
        return Problem("file_not_workbook")
    try:
        with archive:
            return _Book(archive, filename, max_bytes).read(list(layouts))
    except Refused as refused:
        return refused.problem
    except MemoryError:
        return Problem("file_too_complex")
    except Exception:  # noqa: BLE001 - a broken or hostile file is refused, whatever breaks in it
        return Problem("file_unreadable")


class _Book:
    def __init__(self, archive: zipfile.ZipFile, filename: str, max_bytes: int):
        self.archive, self.filename, self.max_bytes = archive, filename, max_bytes
        self.parts = {info.filename.lower(): info for info in archive.infolist()}
        self.unzipped = 0  # bytes that came out so far

    def read(self, layouts: list[Layout]) -> Union[Sheet, Problem]:
        if sum(info.file_size for info in self.parts.values()) > UNZIPPED_FACTOR * self.max_bytes:
            raise Refused(too_big(self.max_bytes))
        if "[content_types].xml" not in self.parts:
            return Problem("file_not_workbook")
        try:
            types = self.bytes_of("[content_types].xml")
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
            return Problem("file_not_workbook")
        if (self.filename.lower().endswith(MACRO_SUFFIXES) or any(n.endswith("vbaproject.bin") for n in self.parts)
                or b"macroEnabled" in types):
            return Problem("file_macros")
        if b"spreadsheetml" not in types:
            return Problem("file_not_workbook")  # a .docx, an .ods, a zip of photos…
        workbook = self.workbook()
        strings = self.shared_strings()
        dates, percents = self.date_styles()
        tables: list[Table] = []
        for path, name in zip(workbook["sheets"], workbook["names"]):
            reader = _SheetReader(layouts, strings, (dates, percents), workbook["date1904"])
            self.stream(path, "sheet", reader.parser())
            if reader.layout is not None and not reader.layout.wide:
                return reader.result(self.filename, self.round_code())
            if reader.layout is not None:  # a wide layout: every sheet so headed, and that layout only
                layouts = [reader.layout]
                if reader.rows:
                    tables.append(Table(name, {_letter(c): t for c, t in reader.texts.items()}, reader.rows))
        if tables:
            return Sheet(layouts[0].kind, self.filename, {}, [], self.round_code(), tuple(tables))
        return Problem("file_empty" if len(layouts) == 1 and layouts[0].wide else "file_other_template")

    # --- parts ---------------------------------------------------------------------------------
    def stream(self, name: str, kind: str, parser) -> None:
        """Feed one part to `parser`, counting what comes out of the zip (never trusting what it says)."""
        info = self.parts.get(name.lower())
        if info is None:
            return
        limit, seen = PART_MAX_BYTES[kind], 0
        try:
            with self.archive.open(info) as part:
                while chunk := part.read(CHUNK):
                    seen += len(chunk)
                    self.unzipped += len(chunk)
                    if seen > limit or self.unzipped > UNZIPPED_FACTOR * self.max_bytes:
                        raise too_complex() if self.unzipped <= UNZIPPED_FACTOR * self.max_bytes \
                            else Refused(too_big(self.max_bytes))
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except _Done:
            pass

    def bytes_of(self, name: str) -> bytes:
        out = bytearray()
        with self.archive.open(self.parts[name]) as part:
            while chunk := part.read(CHUNK):
                out += chunk
                if len(out) > PART_MAX_BYTES["other"]:
                    raise too_complex()
        return bytes(out)

    def workbook(self) -> dict[str, Any]:
        """The sheets' parts in the workbook's order, and its date system."""
        found: dict[str, Any] = {"order": [], "names": [], "date1904": False, "targets": {}}

        def in_book(name: str, attrs: dict[str, str]) -> None:
            if name == "sheet":
                found["order"].append(attrs.get(f"{REL_OFFICE} id") or attrs.get("id", ""))
                found["names"].append(attrs.get("name", ""))
            elif name == "workbookPr":
                found["date1904"] = attrs.get("date1904", "0") in ("1", "true")

        def in_rels(name: str, attrs: dict[str, str]) -> None:
            if name == "Relationship":
                found["targets"][attrs.get("Id", "")] = attrs.get("Target", "")

        self.stream("xl/workbook.xml", "other", _parser(in_book))
        self.stream("xl/_rels/workbook.xml.rels", "other", _parser(in_rels))
        sheets, names = [], []
        for rel, name in zip(found["order"], found["names"]):
            target = found["targets"].get(rel, "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            if path:
                sheets.append(path)
                names.append(tidy(clean(name))[:31])
        return {"sheets": sheets, "names": names, "date1904": found["date1904"]}

    def shared_strings(self) -> list[str]:
        strings: list[str] = []
        text = _Text()
        state = {"phonetic": 0}

        def start(name: str, attrs: dict[str, str]) -> None:
            if name == "si":
                text.reset()
            elif name == "rPh":
                state["phonetic"] += 1
            elif name == "t" and not state["phonetic"]:
                text.on = True

        def end(name: str) -> None:
            if name == "t":
                text.on = False
            elif name == "rPh":
                state["phonetic"] -= 1
            elif name == "si":
                strings.append(text.value())

        parser = _parser(start, end, text.add)
        self.stream("xl/sharedStrings.xml", "strings", parser)
        return strings

    def date_styles(self) -> tuple[list[bool], list[bool]]:
        """For each cell style (its index), whether a number in it is a date; and whether a percentage."""
        custom: dict[int, str] = {}
        styles: list[bool] = []
        percents: list[bool] = []
        where = {"xfs": False}

        def start(name: str, attrs: dict[str, str]) -> None:
            if name == "numFmt":
                custom[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
            elif name == "cellXfs":
                where["xfs"] = True
            elif name == "xf" and where["xfs"]:
                number = int(attrs.get("numFmtId", "0"))
                styles.append(number in BUILTIN_DATES if number not in custom else _is_date_format(custom[number]))
                percents.append(number in BUILTIN_PERCENTS if number not in custom else is_percent_format(custom[number]))

        def end(name: str) -> None:
            if name == "cellXfs":
                where["xfs"] = False

        self.stream("xl/styles.xml", "other", _parser(start, end))
        return styles, percents

    def round_code(self) -> str:
        """The round the template was made for: its properties say "thidua:<list>:<round code>"."""
        text = _Text()

        def start(name: str, attrs: dict[str, str]) -> None:
            text.on = name == "keywords"

        self.stream("docProps/core.xml", "other", _parser(start, lambda name: setattr(text, "on", False), text.add))
        words = text.value().split(":")
        return words[2] if len(words) == 3 and words[0] == KEYWORD else ""


class _Done(Exception):
    """A sheet read as far as needed (its list ended, or no header in its first rows)."""


class _SheetReader:
    """One worksheet, streamed: the header among its first rows, then its data rows."""

    def __init__(self, layouts: list[Layout], strings: list[str], styles: tuple[list[bool], list[bool]],
                 date1904: bool):
        self.wanted = [(layout, {fold(h): key for key, h in layout.headers.items()}) for layout in layouts]
        self.strings, (self.dates, self.percents), self.date1904 = strings, styles, date1904
        self.texts: dict[int, str] = {}  # a wide layout's header row: column -> its text
        self.layout: Optional[Layout] = None
        self.positions: dict[int, str] = {}  # column number -> key
        self.header_row = 0
        self.rows: list[tuple[int, dict[str, Value]]] = []
        self.row_number = 0  # of the row being read
        self.last_filled = 0  # the last row with data (or the header)
        self.cells: dict[int, Any] = {}  # column -> raw value, of the row being read
        self.in_row_count = 0
        self.column = 0
        self.cell: dict[str, Any] = {}
        self.text = _Text()
        self.in_inline = False
        self.in_data, self.outside = False, 0  # inside <sheetData>; elements met outside it
        # A layout of more rows (a history of titles) walks and parses proportionally more.
        most = max((layout.max_rows for layout in layouts), default=MAX_ROWS)
        self.walked = ROWS_WALKED * most // MAX_ROWS
        self.elements = ELEMENTS_PER_PART * most // MAX_ROWS

    def parser(self):
        return _parser(self.start, self.end, self.text.add, self.elements)

    # --- expat handlers ----------------------------------------------------------------------
    def start(self, name: str, attrs: dict[str, str]) -> None:
        if not self.in_data:
            if name == "sheetData":
                self.in_data = True
            self.outside += 1
            if self.outside > ELEMENTS_OUTSIDE_ROWS:
                raise too_complex()
            return
        if name == "row":
            ref = attrs.get("r")
            self.row_number = int(ref) if ref and ref.isdigit() else self.row_number + 1
            self.cells, self.in_row_count, self.column = {}, 0, 0
            if self.header_row and self.row_number - self.header_row > self.walked:
                raise too_complex()
        elif name == "c":
            self.in_row_count += 1
            if self.in_row_count > CELLS_PER_ROW:
                raise too_complex()
            ref = attrs.get("r")
            self.column = _column(ref) if ref else self.column + 1
            self.cell = {"type": attrs.get("t", "n"), "style": attrs.get("s"), "formula": False, "value": None}
        elif name == "f":
            self.cell["formula"] = True
        elif name == "v" or (name == "t" and self.in_inline):
            self.text.reset()
            self.text.on = self._keeps(self.column)
        elif name == "is":
            self.in_inline = True
            self.text.reset()

    def end(self, name: str) -> None:
        if name == "sheetData":
            self.in_data = False
        elif name == "v" or (name == "t" and self.in_inline):
            if self.text.on:
                self.cell["value"] = (self.cell["value"] or "") + self.text.value() if self.in_inline \
                    else self.text.value()
            self.text.on = False
        elif name == "is":
            self.in_inline = False
        elif name == "c":
            if self._keeps(self.column):
                self.cells[self.column] = self.cell
        elif name == "row":
            self.end_row()

    def _keeps(self, column: int) -> bool:
        """Whether a cell's value is needed: any in the header rows, only our columns below."""
        return not self.header_row or column in self.positions

    # --- rows ----------------------------------------------------------------------------------
    def end_row(self) -> None:
        if not self.header_row:
            self.find_header()
            return
        if self.row_number - self.last_filled > BLANK_RUN:
            raise _Done  # BLANK_RUN empty rows in a row end the list (a sheet formatted to its last row)
        values: dict[str, Value] = {}
        for col, key in self.positions.items():
            cell = self.cells.get(col)
            if cell is not None and cell["formula"]:  # what it shows is not in the file for sure
                raise Refused(Problem("file_formula", cell=f"{_letter(col)}{self.row_number}"))
            values[key] = _plain(self.value(cell)) if cell is not None else None
        if all(value is None for key, value in values.items() if key != "no"):
            return  # an empty row, or one with only its number
        self.last_filled = self.row_number
        assert self.layout is not None
        if isinstance(values.get("no"), str) and (fold(values["no"]), fold(_text(values.get("name")))) == (
                fold(self.layout.example), fold(self.layout.example_name)):
            return  # the template's example row
        self.rows.append((self.row_number, values))
        if len(self.rows) > self.layout.max_rows:
            raise Refused(Problem("file_too_many_rows", limit=self.layout.max_rows))

    def find_header(self) -> None:
        seen: dict[str, int] = {}
        for col in sorted(self.cells):
            value = self.value(self.cells[col])
            if isinstance(value, str) and fold(value) not in seen:
                seen[fold(value)] = col
        for layout, headers in self.wanted:
            if layout.wide and any(h in seen for h in headers) and any(h in layout.known for h in seen):
                self.layout, self.header_row, self.last_filled = layout, self.row_number, self.row_number
                self.texts = {col: tidy(clean(v)) for col in sorted(self.cells)
                              if isinstance(v := self.value(self.cells[col]), str) and tidy(clean(v))}
                self.positions = {col: _letter(col) for col in self.texts}  # each column by its letter
                return
            if not layout.wide and all(h in seen for h in headers):
                self.layout, self.header_row = layout, self.row_number
                self.last_filled = self.row_number
                self.positions = {seen[h]: key for h, key in headers.items()}
                return
        if self.row_number >= HEADER_ROWS:
            raise _Done  # not a template's sheet

    def value(self, cell: Optional[dict[str, Any]]) -> Any:
        """A cell's value as a spreadsheet shows it: text, a number, a date, True/False."""
        if cell is None or cell["value"] is None:
            return None
        raw, kind = cell["value"], cell["type"]
        if kind == "s":
            index = int(raw)
            return self.strings[index] if 0 <= index < len(self.strings) else None
        if kind in ("inlineStr", "str", "e"):
            return raw
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "d":
            return dt.datetime.fromisoformat(raw.strip())
        number = float(raw)
        style = int(cell["style"]) if cell["style"] and cell["style"].isdigit() else 0
        if self.layout is not None and self.layout.wide and style < len(self.percents) and self.percents[style]:
            number = float(Decimal(raw.strip()) * 100)  # 0,3337 shown 33,37%: the figure is 33,37
            return int(number) if number.is_integer() else number
        if style < len(self.dates) and self.dates[style]:
            from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel
            return from_excel(number, CALENDAR_MAC_1904 if self.date1904 else CALENDAR_WINDOWS_1900)
        return int(number) if number.is_integer() and "." not in raw and "E" not in raw.upper() else number

    def result(self, filename: str, round_code: str) -> Union[Sheet, Problem]:
        if not self.rows:
            return Problem("file_empty")
        letters = {key: _letter(col) for col, key in self.positions.items()}
        return Sheet(self.layout.kind, filename, letters, self.rows, round_code)


def _text(value: Value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value)


def _plain(value: Any) -> Value:
    """A cell's value as the checks take it: text made plain (one Unicode form, no invisible or control
    characters, whitespace tidied; empty is None), a number as it is, a date as Vietnamese write it."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    text = tidy(clean(str(value)))
    return text or None
