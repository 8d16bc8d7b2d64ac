"""Facts the inner layer states: a kind and its parameters, never a sentence.

A rule, a check or a value type says *what* it found (``Problem("ratio",
count=4, allowed=3, …)``); the words for it are chosen at the edge, by
``bot.texts.say(fact)``, from the fact's family and kind. So ``storage/``
imports nothing from ``bot/``, and a text changes in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True, init=False)
class Fact:
    """A kind and its parameters; ``fact.x`` reads the parameter ``x``."""

    family: ClassVar[str] = "fact"  # which table of texts in bot/texts/facts.py (FACT_TEXTS) holds its sentence
    kind: str
    params: dict[str, Any] = field(hash=False)

    def __init__(self, kind: str, /, **params: Any):
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "params", params)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["params"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        args = "".join(f", {k}={v!r}" for k, v in self.params.items())
        return f"{type(self).__name__}({self.kind!r}{args})"


class Problem(Fact):
    """Something wrong: an answer refused, a rule broken, a database that cannot be upgraded unattended."""

    family = "problem"


class Hint(Fact):
    """How to answer a question: the hint's key (the value type's) and what fills it (an example, a range…)."""

    family = "hint"
