"""What every value type knows: the base class of storage/values.

An indicator's `type` (in the catalogue) names a value type; the type is
asked everything that depends on it, so the catalogue, the conversation,
the summary and the documents hold no `type == …` of their own:

* the catalogue — `check_entry` (its options), `numeric` (a plan, a sum),
  `default_aggregate`, `required_by_default`;
* asking — `ask` (a Hint: the hint's key in bot/texts/facts.py and what fills it),
  `example`, `options` (the buttons offered);
* reading an answer — `parse` (what the clerk typed or pressed: a value, an
  `Ambiguous` number to confirm, a `Problem`, or `NO_ANSWER` for an answer that
  says there is nothing), `check` (the indicator's limits), `stored` (the
  ReportValue columns it is kept in), `column`;
* showing — `show` (in chat), `with_unit`, `says_nothing` (an empty answer, not
  quoted in the summary);
* the spreadsheet — `cell` and `total` give a `Cell`: the value and the number
  format that shows it as the chat does (`number_format`: 1.940, 13,6, 33,37%);
* across units — `summary` (how the compiled summary gathers the units'
  answers: "figures" summed in SQL, "groups" counted per option, "quotes"
  listed per unit) and `total` (the totals row's cell).

Values are what `parse` returns (a Decimal for numbers, a str for texts and
choices, whatever a new type needs); stored values ("raw") are what
ReportValue holds in `column`: a float or a str.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar, Optional

from storage.facts import Hint, Problem

SHOWN_BRIEFLY = 80  # characters of a text answer repeated in "Đã lưu: …"


MAX_CELL_DIGITS = 6  # decimals a spreadsheet cell keeps (float noise beyond)


@dataclass(frozen=True)
class Cell:
    """A spreadsheet cell: its value and the number format that shows it as the chat does (None: as it comes)."""

    value: Any = None
    number_format: Optional[str] = None


def number_format(value: float, digits: int = MAX_CELL_DIGITS, percent: bool = False) -> str:
    """The format showing `value` as Vietnamese chat text does: grouped, with its significant decimals
    (at most `digits`) and no trailing zeros: 1940 -> "#,##0" (1.940), 13.6 -> "#,##0.0" (13,6). With
    `percent`, the value is a fraction shown in percent: 0.3337 -> "#,##0.00%" (33,37%).

    A reader's spreadsheet puts its own separators in (1.940 and 13,6 in a Vietnamese locale)."""
    shown = Decimal(str(round(value * 100 if percent else value, digits))).normalize()
    decimals = max(0, -shown.as_tuple().exponent)
    return "#,##0" + ("." + "0" * decimals if decimals else "") + ("%" if percent else "")


class NoAnswer:
    """What `parse` reads an answer as when it says there is nothing ("không có" to an optional note):
    kept as no answer, like a skip that also clears what was there."""

    def __repr__(self) -> str:
        return "NO_ANSWER"


NO_ANSWER = NoAnswer()


class ValueType:
    name: ClassVar[str]  # the catalogue's type name (`type = "integer"`)
    numeric: ClassVar[bool] = False  # a number: may have a plan target, min/max, a ranking
    column: ClassVar[str] = "text"  # where ReportValue keeps it: "number" or "text"
    summary: ClassVar[str] = "quotes"  # "figures" | "groups" | "quotes" (storage/figures.py)
    default_aggregate: ClassVar[str] = "none"  # an indicator's `aggregate` when the catalogue names none
    required_by_default: ClassVar[bool] = False

    # --- the catalogue ------------------------------------------------------------
    def check_entry(self, entry) -> Optional[str]:
        """A problem with an [[indicators]] entry of this type (storage/catalog_models.py), or None."""
        return None

    # --- asking ----------------------------------------------------------------------
    def ask(self, indicator) -> Hint:
        """How to answer: the hint's key (bot/texts/facts.py FACT_TEXTS["hint"]) and its parameters."""
        return Hint(self.name, example=self.example(indicator))

    def example(self, indicator) -> str:
        """A right answer, shown after a wrong one ("Ví dụ đúng: …")."""
        return ""

    def options(self, indicator) -> list[str]:
        """Buttons offered with the question (numbered); empty: the clerk types."""
        return []

    # --- reading an answer ---------------------------------------------------------
    def parse(self, indicator, text: Optional[str], choice: Optional[str]) -> Any:
        """A value, an `Ambiguous` number for the clerk to confirm, or a `Problem`."""
        if choice is not None or not text:
            return Problem("empty") if not text and choice is None else Problem("not_a_choice")
        return self.read(indicator, text)

    def read(self, indicator, text: str) -> Any:
        """What was typed (not empty): a value or a Problem."""
        return text

    def check(self, indicator, value: Any, plan: bool = False) -> Optional[Problem]:
        """A read value against the indicator (range, length…); `plan`: it is the plan target."""
        return None

    def stored(self, value: Any) -> dict[str, Any]:
        """The ReportValue columns for a value: {"number": …} or {"text": …}."""
        return {self.column: value}

    def raw(self, report_value) -> Any:
        """The stored value of a ReportValue (the other column's for an answer kept before the type changed)."""
        value = getattr(report_value, self.column)
        if value is None:
            value = report_value.text if self.column == "number" else report_value.number
        return value

    # --- showing ----------------------------------------------------------------------
    def show(self, indicator, raw: Any) -> str:
        """A stored value in chat, with its unit of measure."""
        return "" if raw is None else str(raw)

    def says_nothing(self, raw: Any) -> bool:
        """A stored answer with nothing in it: never quoted in the summary, an empty cell in the workbook."""
        return raw is None or (isinstance(raw, str) and not raw.strip())

    def show_briefly(self, indicator, raw: Any) -> str:
        shown = self.show(indicator, raw)
        return shown if len(shown) <= SHOWN_BRIEFLY else shown[:SHOWN_BRIEFLY - 3] + "…"

    def with_unit(self, indicator, shown: str) -> str:
        unit = indicator.unit
        return f"{shown} {unit}" if unit and unit != "%" else shown

    # --- the spreadsheet ----------------------------------------------------------------
    def cell(self, indicator, raw: Any) -> Cell:
        """A unit's answer as a cell: what the chat shows, without the unit of measure (a column's header has it)."""
        return Cell(None) if self.says_nothing(raw) else Cell(self.show(indicator, raw))

    def total(self, indicator, figure, plan: bool = False) -> Optional[Cell]:
        """The totals row's cell: the units' answers compiled (storage.figures.Figure); None: no total."""
        return None
