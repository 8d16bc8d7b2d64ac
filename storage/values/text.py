"""Free text: a note, a difficulty, a proposal. Quoted per unit in the summary.

A note that says nothing ("không", "Không có.", "-") is no note: to an optional
question it is kept as no answer (like a skip), and the summary never quotes it,
whoever typed it. A required question keeps what was typed — "Không có." is then
the unit's answer (it has no difficulty to report), and it satisfies the
requirement — but it is still not quoted. Only the whole answer counts: "Không có
khó khăn" says something and is quoted.
"""

from __future__ import annotations

from typing import Any, Optional

from storage.facts import Hint, Problem
from storage.numbers import NumberKind, format_number
from storage.people import fold
from storage.values.base import NO_ANSWER, ValueType

DEFAULT_MAX_LENGTH = 1000
# Whole answers that say there is nothing, without diacritics or case (fold), end punctuation and "ạ".
NOTHING_WORDS = frozenset({
    "khong", "khong co", "khong co gi", "chua", "chua co", "chua co gi", "khong co y kien", "khong y kien",
    "ko", "k", "kg", "ko co", "k co", "kco", "0", "x", "none", "n/a", "na", "nil",
})
_PUNCTUATION = ".,;:!?…-–—_*/\\ \"'“”()"
# The most letters and digits a note saying nothing holds ("không có ý kiến ạ"): each letter or digit typed stays
# one (or more) after `fold`, and none is punctuation, so a note with more says something (no folding needed:
# a summary of 3,321 communes checks thousands of notes).
_MOST_LETTERS = max(sum(map(str.isalnum, w)) for w in NOTHING_WORDS) + 1


def says_nothing(text: Optional[str]) -> bool:
    """'Không có.', 'không', 'KHONG CO', '-', '…': nothing to note. 'Không có khó khăn' says something."""
    if text and sum(map(str.isalnum, text)) > _MOST_LETTERS:
        return False
    words = fold(text or "").strip(_PUNCTUATION)
    if words.endswith(" a"):  # "không ạ"
        words = words[:-2].strip(_PUNCTUATION)
    return not words or words in NOTHING_WORDS


class TextType(ValueType):
    name = "text"

    def limit(self, indicator) -> int:
        return indicator.max_length or DEFAULT_MAX_LENGTH

    def ask(self, indicator) -> Hint:
        return Hint(self.name, limit=format_number(self.limit(indicator), NumberKind.INTEGER))

    def read(self, indicator, text: str) -> Any:
        return NO_ANSWER if not indicator.required and says_nothing(text) else text

    def check(self, indicator, value: str, plan: bool = False) -> Optional[Problem]:
        limit = self.limit(indicator)
        if len(value) > limit:
            return Problem("too_long", length=format_number(len(value), NumberKind.INTEGER),
                           limit=format_number(limit, NumberKind.INTEGER))
        return None

    def says_nothing(self, raw: Any) -> bool:
        return says_nothing(raw)
