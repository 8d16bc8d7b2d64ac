"""The low-level parts of reading an .xlsx with every cost bounded (bot/documents/list_reader.py): expat
parsers that refuse any DOCTYPE and count their elements, bounded cell text, cell references, date formats.
Plain modules only: it runs in the reading process (bot/read_list_file.py).
"""

from __future__ import annotations

import re
from typing import Any, Callable, Optional
from xml.parsers import expat

from storage.facts import Problem

ELEMENTS_PER_PART = 400_000  # XML elements of one part (the fullest template's 0.15 M, and blank rows below)
CELL_MAX_CHARS = 32_767  # Excel's own limit for one cell
REL_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class Refused(Exception):
    """Reading stops: the file is refused with this problem."""

    def __init__(self, problem: Problem):
        super().__init__(problem.kind)
        self.problem = problem


def too_complex() -> Refused:
    return Refused(Problem("file_too_complex"))


# The built-in number formats that show a date or a time (ECMA-376 18.8.30; as openpyxl reads them).
BUILTIN_DATES = frozenset((*range(14, 23), 45, 46, 47))
NOT_DATE_PARTS = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')  # quoted text, [colours] and [locales]
DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")


def is_date_format(code: str) -> bool:
    """Whether a custom number format shows a date (its first section has a day, month, year or time
    letter outside quotes and brackets): openpyxl's rule, without importing openpyxl."""
    return DATE_LETTER.search(NOT_DATE_PARTS.sub("", code.split(";")[0])) is not None


class Text:
    """Character data collected while `on`, bounded by CELL_MAX_CHARS."""

    def __init__(self):
        self.on, self.parts, self.size = False, [], 0

    def reset(self) -> None:
        self.on, self.parts, self.size = False, [], 0

    def add(self, data: str) -> None:
        if self.on:
            self.size += len(data)
            if self.size > CELL_MAX_CHARS:
                raise too_complex()
            self.parts.append(data)

    def value(self) -> str:
        return "".join(self.parts)


def parser(start: Callable, end: Optional[Callable] = None, text: Optional[Callable] = None,
            elements: int = ELEMENTS_PER_PART):
    """An expat parser that hands over local names (no prefixes), refuses any DOCTYPE, builds nothing."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True

    def refuse(*_: Any) -> None:
        raise Refused(Problem("file_unreadable"))

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    count = [0]

    def started(name: str, attrs: dict[str, str]) -> None:
        count[0] += 1
        if count[0] > elements:  # each element costs a call into Python: their number is bounded
            raise too_complex()
        start(name.rpartition(" ")[2], local(attrs))

    parser.StartElementHandler = started
    if end is not None:
        parser.EndElementHandler = lambda name: end(name.rpartition(" ")[2])
    if text is not None:
        parser.CharacterDataHandler = text
    return parser


def local(attrs: dict[str, str]) -> dict[str, str]:
    """Attributes by local name, except r:id kept under its namespace."""
    if not any(" " in key for key in attrs):
        return attrs
    return {(key if key.startswith(REL_OFFICE) else key.rpartition(" ")[2]): value for key, value in attrs.items()}


def column(ref: str) -> int:
    """The column number of a cell reference ("C12" -> 3); 0 when it has none."""
    number = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            number = number * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            number = number * 26 + ord(ch) - 96
        else:
            break
        if number > 16_384:
            raise too_complex()
    return number


def letter(col: int) -> str:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def is_percent_format(code: str) -> bool:
    """Whether a custom number format shows a percentage (a % outside quotes, in its first section)."""
    return "%" in NOT_DATE_PARTS.sub("", code.split(";")[0])


BUILTIN_PERCENTS = frozenset((9, 10))
