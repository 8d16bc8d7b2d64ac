"""A list file as the reader gives it, and what the reader must know of the template: no database.

Kept apart from storage/list_import.py (which checks and saves, with the database) so that the reading
process (bot/read_list_file.py) imports only this and the plain-text helpers: it starts in a fraction
of a second, and a file that crosses a bound is refused at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

MAX_ROWS = 5_000  # a commune's list is tens of rows; a file with more is refused
HEADER_ROWS = 10  # the header row is looked for among a sheet's first rows (a title may stand above)
BLANK_RUN = 10_000  # this many empty rows in a row end the list (a sheet formatted down to row 1,048,576)
KEYWORD = "thidua"  # the template's properties say "thidua:<list>:<round code>"

Value = Union[str, int, float, None]


@dataclass(frozen=True)
class Layout:
    """What one list's template says, as the bot writes it: the reader recognises the template by
    its headers, skips its example row and reads its drop-down labels back to codes."""

    kind: str
    headers: dict[str, str]  # every column key of COLUMNS[kind] -> its header
    example: str  # what the "no" cell of the example row says
    example_name: str = ""  # and its name: a row typed over the example (its STT left) is read
    choices: dict[str, dict[str, str]] = field(default_factory=dict)  # column key -> {label: code}
    max_rows: int = MAX_ROWS  # data rows at most (a history of titles, storage/record_import.py, holds more)
    # A wide sheet (last years' figures, storage/past_import.py): its header row has one of `headers` (the
    # unit's columns) and at least one of `known` (folded: the indicators' codes, names, the workbook's
    # headers); every sheet so headed is read, each column by its header's text.
    wide: bool = False
    known: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Table:
    """One sheet of a wide layout as read: its name, its header row's texts by column letter, its rows
    (the sheet's row number, the values by column letter)."""

    name: str
    headers: dict[str, str]
    rows: list[tuple[int, dict[str, "Value"]]]


@dataclass(frozen=True)
class Sheet:
    """A list file as read: which list, where its columns are, its rows (by the sheet's row number)."""

    kind: str
    filename: str
    columns: dict[str, str]  # column key -> the letter it has in the file
    rows: list[tuple[int, dict[str, Value]]]
    round_code: str = ""  # the round the template was made for ("": not said)
    tables: tuple[Table, ...] = ()  # a wide layout's sheets (its rows are there, `rows` is empty)
