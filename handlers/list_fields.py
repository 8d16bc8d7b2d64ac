"""A list's questions and the rules of their answers: each field from the row's schema
(storage/list_schema.py), held to the same rule a list file's cell is held to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from bot import texts
from storage import entries, list_schema


class Reject(Exception):
    """An answer that cannot be taken; the message says why and the question is asked again."""


@dataclass(frozen=True)
class Field:
    key: str
    required: bool = True
    skippable: bool = False  # offers "Bổ sung sau"; what is still missing is flagged, never refused
    skip_label: str = texts.BTN_LATER
    again: bool = True  # left empty, asked again when an answer before it is changed (False: only from the edit menu)


def fields_of(kind: str, skip_labels: Optional[dict[str, str]] = None) -> tuple[Field, ...]:
    """A list's questions, from its row's schema (storage/list_schema.py): every stored column in order,
    an optional one offering «later» (or its own skip label)."""
    return tuple(Field(col.attribute, required=col.required, skippable=not col.required,
                       skip_label=(skip_labels or {}).get(col.attribute, texts.BTN_LATER))
                 for col in list_schema.ROWS[kind] if col.attribute)


def schema_answer(kind: str, key: str, text: Optional[str], choice: Optional[str], catalog: Any) -> str:
    """A text answer for a list's field, held to its column's rule (the one a file's cell is held to)."""
    col = list_schema.column(kind, key)
    return text_answer(text, choice, list_schema.limit(col, catalog), col.minimum)


def text_answer(text: Optional[str], choice: Optional[str], limit: int, minimum: int = 1) -> str:
    """A free-text answer, whitespace tidied, within its length limit."""
    if choice is not None:
        raise Reject(texts.ERR_CHOICE)
    value = entries.tidy(text)
    problem = entries.text_problem(value, limit, minimum)  # the same rules read a list file's cells
    if problem is not None:
        raise Reject(texts.say(problem))
    return value
