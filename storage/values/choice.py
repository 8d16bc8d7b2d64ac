"""One of the catalogue's choices, pressed as a button. Counted per choice in the summary."""

from __future__ import annotations

from typing import Any, Optional

from storage.facts import Hint, Problem
from storage.text import parse_index
from storage.values.base import ValueType


class ChoiceType(ValueType):
    name = "choice"
    summary = "groups"
    required_by_default = True

    def check_entry(self, entry) -> Optional[str]:
        return None if entry.choices else "kiểu 'choice' cần danh sách choices"

    def ask(self, indicator) -> Hint:
        return Hint(self.name)

    def options(self, indicator) -> list[str]:
        return list(indicator.choices)

    def parse(self, indicator, text: Optional[str], choice: Optional[str]) -> Any:
        """Only the buttons count: "opt:<n>", the n-th choice."""
        options = self.options(indicator)
        index = parse_index(choice.removeprefix("opt:")) if choice else None
        if index is None or index >= len(options):
            return Problem("not_a_choice")
        return options[index]
