"""Free text: a note, a difficulty, a proposal. Quoted per unit in the summary."""

from __future__ import annotations

from typing import Optional

from storage.facts import Hint, Problem
from storage.numbers import NumberKind, format_number
from storage.values.base import ValueType

DEFAULT_MAX_LENGTH = 1000


class TextType(ValueType):
    name = "text"

    def limit(self, indicator) -> int:
        return indicator.max_length or DEFAULT_MAX_LENGTH

    def ask(self, indicator) -> Hint:
        return Hint(self.name, limit=format_number(self.limit(indicator), NumberKind.INTEGER))

    def check(self, indicator, value: str, plan: bool = False) -> Optional[Problem]:
        limit = self.limit(indicator)
        if len(value) > limit:
            return Problem("too_long", length=format_number(len(value), NumberKind.INTEGER),
                           limit=format_number(limit, NumberKind.INTEGER))
        return None
