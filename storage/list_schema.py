"""One description of each list's row: the chat's questions, the template's columns and both checks.

A list (the nominations, the role models) is a table of rows. Each `Column` says once what a cell
holds: its key (the template's column, `texts.LIST_HEADERS` words its header), the row's attribute it
fills (the chat's field), its kind, its limit in characters and its minimum, whether it must be given,
and when it applies (only for a form that asks for it). The chat (handlers/nominations.py,
handlers/role_models.py) asks its fields and checks an answer with `problem`; the template
(bot/documents/list_workbooks.py) has these columns in this order, with their limits as Excel's own checks; a
file sent back (storage/list_import.py) is checked cell by cell with the same `problem`. So a rule
changed here holds in the chat and in the file alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from storage import entries
from storage.facts import Problem
from storage.text import decimal_digits, mask_cccd, tidy  # noqa: F401 (mask_cccd: the lists' callers)

NOMINATIONS, ROLE_MODELS = "nominations", "role_models"
# A role model's field, as the seed groups them (its report's order): collectives, schools, teachers, police and
# military, households, others. An explicit answer (the chat's buttons, the template's drop-down), never guessed.
RM_FIELDS = ("collective", "school", "teacher", "security", "household", "other")
CATALOG_LIMIT = 0  # the limit is the catalogue's `achievement_max_length`
# When a column applies, by the form chosen on the row or its subject ("": always).
PREREQUISITE, PREREQ_HELD, INITIATIVE, INDIVIDUAL = "prerequisite", "prereq_held", "initiative", "individual"
# A nominee's year of birth: from 100 years before the round's year to 15 before it (the youngest age to work).
OLDEST, YOUNGEST = 100, 15
CCCD_DIGITS = 12
MASKED = re.compile(r"[•*xX.]{4,}\s*(\d{4})")  # a citizen's number as the list's download shows it (mask_cccd)


@dataclass(frozen=True)
class Column:
    key: str  # the template's column (and the file reader's key)
    field: Optional[str] = ""  # the row's attribute (the chat's field); "": the key; None: not stored
    kind: str = "text"  # "text" | "choice" | "form" | "number" | "year" | "cccd" | "ordinal" (the row's number, STT)
    limit: int = CATALOG_LIMIT  # characters at most, for a text
    minimum: int = 1  # characters at least, for a text
    required: bool = True  # when it applies: an empty cell is refused, the chat offers no "later"
    when: str = ""  # PREREQUISITE, PREREQ_HELD, INITIATIVE: only for a form that asks for it; INDIVIDUAL

    @property
    def attribute(self) -> Optional[str]:
        return self.key if self.field == "" else self.field


ROWS: dict[str, tuple[Column, ...]] = {
    NOMINATIONS: (
        Column("no", None, "ordinal", required=False),
        Column("subject", kind="choice"),
        Column("name", limit=120, minimum=2),
        Column("birth_year", kind="year", when=INDIVIDUAL),  # the records of titles match a person by it
        Column("cccd", kind="cccd", required=False, when=INDIVIDUAL),  # and by the citizen's number, if given
        Column("position", limit=200),
        Column("form", "form_code", "form"),
        Column("achievements"),
        Column("prereq_mode", kind="choice", when=PREREQUISITE),  # a file may leave it: see list_import
        Column("prereq_ref", limit=200, required=False, when=PREREQ_HELD),
        Column("initiative", limit=300, required=False, when=INITIATIVE),
        Column("initiative_ref", limit=200, required=False, when=INITIATIVE),
    ),
    ROLE_MODELS: (
        Column("no", None, "ordinal", required=False),
        Column("name", limit=120, minimum=2),
        Column("field", kind="choice"),  # RM_FIELDS
        Column("village", limit=100),
        Column("commune", limit=100),  # empty in a file: the clerk's own commune, as the chat's one tap
        Column("deed"),
        Column("income", "income_million", "number", required=False),
    ),
}
# The columns of each list's template, in order.
COLUMNS = {kind: tuple(column.key for column in columns) for kind, columns in ROWS.items()}


def column(kind: str, key: str) -> Column:
    """A list's column by its key or by the attribute it fills."""
    return next(c for c in ROWS[kind] if key in (c.key, c.attribute))


def limit(col: Column, catalog: Any) -> int:
    return col.limit or catalog.achievement_max_length


def applies(col: Column, form: Any, prereq_mode: Optional[str], subject: Optional[str] = None) -> bool:
    """Whether a row with this form (an AwardForm or None), prerequisite answer and subject has this column."""
    if not col.when:
        return True
    if col.when == INDIVIDUAL:
        return subject != "collective"
    if form is None:
        return False
    if col.when == PREREQUISITE:
        return bool(form.prerequisite)
    if col.when == PREREQ_HELD:
        return bool(form.prerequisite) and prereq_mode == "held"
    return bool(form.requires_initiative)


def problem(col: Column, value: str, catalog: Any) -> Optional[Problem]:
    """What is wrong with a tidied text for this column (empty, too long, too short), the chat's and
    the file's check alike."""
    return entries.text_problem(value, limit(col, catalog), col.minimum)


def birth_year(value: Any, year: int) -> tuple[Optional[int], Optional[Problem]]:
    """A year of birth typed or in a cell (four digits, of any script), within OLDEST..YOUNGEST years before
    the round's `year`; or what is wrong with it."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = decimal_digits(tidy(str(value if value is not None else "")))
    if not text:
        return None, Problem("empty")
    earliest, latest = year - OLDEST, year - YOUNGEST
    if not (len(text) == 4 and text.isdigit()):
        return None, Problem("birth_year_not_year", value=text[:20])
    if not earliest <= int(text) <= latest:
        return None, Problem("birth_year_range", value=int(text), earliest=earliest, latest=latest)
    return int(text), None


def cccd(value: Any) -> tuple[Optional[str], Optional[Problem]]:
    """A citizen's number (CCCD): 12 digits, spaces and dots between them allowed; a number cell that lost its
    leading zeros (Excel keeps 001… as 1…) gets them back. The problem never repeats the number."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer() and value >= 0:
        text = str(int(value)).zfill(CCCD_DIGITS)
    else:
        text = decimal_digits("".join(ch for ch in str(value or "") if ch not in " .-\u00a0"))
    if not text:
        return None, None
    if len(text) != CCCD_DIGITS or not text.isascii() or not text.isdigit():
        return None, Problem("cccd_digits", digits=CCCD_DIGITS)
    return text, None



def person_cells(values: dict[str, Any], year: int) -> tuple[dict[str, Any], list[tuple[str, Problem]], Optional[str]]:
    """A file's row of an individual: its year of birth and citizen's number as fields, the cells' problems, and
    the last 4 digits of a number written back masked (the list keeps the number it holds), else None."""
    fields: dict[str, Any] = {}
    problems: list[tuple[str, Problem]] = []
    born, problem = birth_year(values.get("birth_year"), year)
    if problem is not None:
        problems.append(("birth_year", problem))
    else:
        fields["birth_year"] = born
    masked = MASKED.fullmatch(str(values.get("cccd") or "").strip())
    if masked:
        return fields, problems, masked.group(1)
    number, problem = cccd(values.get("cccd"))
    if problem is not None:
        problems.append(("cccd", problem))
    elif number:
        fields["cccd"] = number
    return fields, problems, None
