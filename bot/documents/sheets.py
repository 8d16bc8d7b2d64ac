"""One way to write a workbook's cells, sheets and page set-up, shared by every workbook the bot writes.

Whatever a clerk typed or uploaded reaches an official's workbook through `put`:

* a text is always a text cell, never a formula: «=HYPERLINK(…)», «+1», «-2», «@SUM(A1)» are shown as
  typed and run nothing; the ones a spreadsheet would take for a formula when the cell is edited get
  Excel's quote prefix (as if typed with a leading «'»), so editing the cell keeps it a text;
* characters no file may hold are dropped (`plain.printable`), so openpyxl never raises
  IllegalCharacterError on what a person sent; a text longer than a cell holds is cut with «…».

The rest makes a file an office opens without fixing: sheet names cut at a word boundary and unique
(`add_sheet`), A4 with the header rows repeated on every page, fitted to the page's width, landscape
when wide (`print_setup`), the header row and the name column frozen (`freeze`), the issuing body as
author and Vietnamese as language (`properties`).

openpyxl is imported inside the functions: importing this module costs nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from bot.documents.plain import printable
from storage.values.base import Cell

# What a spreadsheet may take for the start of a formula (OWASP's list, full-width forms too).
FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
CELL_MAX = 32_767  # characters a cell holds (Excel)
SHEET_NAME_MAX = 31
SHEET_NAME_FORBIDDEN = frozenset("[]:*?/\\")
LANGUAGE = "vi-VN"
PROPERTY_MAX = 255  # characters of a file property
LINE_POINTS = 15  # a line of 11 pt text
CHARS_PER_WIDTH = 1.1  # Vietnamese text: a little more than one letter per unit of column width
MAX_LINES = 27  # a row is never taller than 409 points (Excel's limit)
WIDE_COLUMNS = 9  # a sheet with more columns than this prints landscape
WIDE_CHARACTERS = 120  # or with columns wider than this in all

def _text(value: str) -> str:
    value = printable(value)
    return value if len(value) <= CELL_MAX else value[:CELL_MAX - 1] + "…"


def put(ws, row: int, col: int, item: Any):
    """Write one cell: a text as a text (never a formula, never an error code), a `Cell` with its number
    format, a number or a moment as it is. Returns the cell, for its font and alignment."""
    cell = ws.cell(row, col)
    if isinstance(item, Cell):
        put(ws, row, col, item.value)
        if item.number_format and item.value is not None:
            cell.number_format = item.number_format
        return cell
    if isinstance(item, str):
        text = _text(item)
        cell.value = text
        cell.data_type = "s"  # openpyxl makes "=…" a formula and "#N/A" an error: a person's text is neither
        if text[:1] in FORMULA_START:
            cell.quotePrefix = True
        return cell
    cell.value = item
    return cell


def sheet_name(book, name: str) -> str:
    """A sheet name Excel accepts and the book does not have yet: no []:*?/\\, at most 31 characters cut
    at a word boundary ("Thi đua thực hiện thắng lợi các", not "… các mục t"), a number added when two
    would be alike ("Tiến độ 2")."""
    name = " ".join("".join(" " if ch in SHEET_NAME_FORBIDDEN else ch for ch in printable(name)).split())
    name = name.strip("'") or "Sheet"
    taken = {n.casefold() for n in book.sheetnames}  # Excel compares sheet names without case
    base, n = _shorten(name, SHEET_NAME_MAX), 2
    candidate = base
    while candidate.casefold() in taken:
        suffix = f" {n}"
        candidate = _shorten(name, SHEET_NAME_MAX - len(suffix)) + suffix
        n += 1
    return candidate


def _shorten(name: str, limit: int) -> str:
    if len(name) <= limit:
        return name
    cut = name[:limit + 1].rsplit(" ", 1)[0] if " " in name[:limit + 1] else name[:limit]
    return cut.rstrip(" ,;:-–") or name[:limit]


def add_sheet(book, name: str, index: Optional[int] = None):
    """A new sheet named by `sheet_name`."""
    return book.create_sheet(sheet_name(book, name), index)


def print_setup(ws, header_rows: tuple[int, int], *, landscape: Optional[bool] = None) -> None:
    """A4, fitted to the page's width (as many pages down as it takes), the header rows printed on every
    page; landscape when the sheet is wide (more than WIDE_COLUMNS columns or WIDE_CHARACTERS of width)
    unless `landscape` says."""
    from openpyxl.utils import get_column_letter

    if landscape is None:
        widths = [ws.column_dimensions[get_column_letter(c)].width or 9 for c in range(1, ws.max_column + 1)]
        landscape = ws.max_column > WIDE_COLUMNS or sum(widths) > WIDE_CHARACTERS
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows take
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    first, last = header_rows
    ws.print_title_rows = f"{first}:{last}"


def properties(book, *, title: str, author: str) -> None:
    """The file's properties as an office expects them: its title, the issuing body as author (not
    "openpyxl"), Vietnamese, created and modified now."""
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)  # openpyxl writes UTC
    props = book.properties
    props.title = printable(title)[:PROPERTY_MAX]
    props.creator = props.lastModifiedBy = printable(author)[:PROPERTY_MAX]
    props.language = LANGUAGE
    props.created = props.modified = now


def freeze(ws, header_row: int, name_column: int = 0) -> None:
    """Freeze the rows down to the header and the columns up to the name (0: no column)."""
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = f"{get_column_letter(name_column + 1)}{header_row + 1}"


def fit_rows(ws, rows: range, columns: dict[int, float]) -> None:
    """Set each row's height to the lines its wrapped cells take (`columns`: column -> width in
    characters): a spreadsheet does not measure rows it did not write itself, so a wrapped text would
    print over the next row."""
    from openpyxl.styles import Alignment

    top = Alignment(vertical="top")
    for r in rows:
        lines = 1
        for col, chars in columns.items():
            value = ws.cell(r, col).value
            if isinstance(value, str) and value:
                per_line = max(1, int(chars * CHARS_PER_WIDTH))
                lines = max(lines, sum(-(-len(line) // per_line) or 1 for line in value.split("\n")))
        if lines > 1:
            ws.row_dimensions[r].height = LINE_POINTS * min(lines, MAX_LINES)
            for cell in ws[r]:  # a tall row reads from its top line
                if not cell.alignment.wrap_text:
                    cell.alignment = top


def width(item: Any) -> int:
    """About how many characters a cell shows (a number with its separators, the longest line of a text)."""
    value = item.value if isinstance(item, Cell) else item
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, (int, float)):
        return len(f"{value:,}")
    return max(len(line) for line in str(value).split("\n"))
