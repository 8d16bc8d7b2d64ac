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

from dataclasses import dataclass
from typing import Any, Optional

from storage import entries
from storage.facts import Problem

NOMINATIONS, ROLE_MODELS = "nominations", "role_models"
# A role model's field, as the seed groups them (its report's order): collectives, schools, teachers, police and
# military, households, others. An explicit answer (the chat's buttons, the template's drop-down), never guessed.
RM_FIELDS = ("collective", "school", "teacher", "security", "household", "other")
CATALOG_LIMIT = 0  # the limit is the catalogue's `achievement_max_length`
# When a column applies, by the form chosen on the row ("": always).
PREREQUISITE, PREREQ_HELD, INITIATIVE = "prerequisite", "prereq_held", "initiative"


@dataclass(frozen=True)
class Column:
    key: str  # the template's column (and the file reader's key)
    field: Optional[str] = ""  # the row's attribute (the chat's field); "": the key; None: not stored
    kind: str = "text"  # "text" | "choice" | "form" | "number" | "ordinal" (the row's number, STT)
    limit: int = CATALOG_LIMIT  # characters at most, for a text
    minimum: int = 1  # characters at least, for a text
    required: bool = True  # when it applies: an empty cell is refused, the chat offers no "later"
    when: str = ""  # PREREQUISITE, PREREQ_HELD, INITIATIVE: only for a form that asks for it

    @property
    def attribute(self) -> Optional[str]:
        return self.key if self.field == "" else self.field


ROWS: dict[str, tuple[Column, ...]] = {
    NOMINATIONS: (
        Column("no", None, "ordinal", required=False),
        Column("subject", kind="choice"),
        Column("name", limit=120, minimum=2),
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


def applies(col: Column, form: Any, prereq_mode: Optional[str]) -> bool:
    """Whether a row with this form (an AwardForm or None) and prerequisite answer has this column."""
    if not col.when:
        return True
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
