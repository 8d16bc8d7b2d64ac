"""Numbers: integer, decimal, percent. Read the Vietnamese way (storage/numbers.py), summed in SQL."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, Optional

from storage.facts import Hint, Problem
from storage.numbers import Ambiguous, Invalid, NumberKind, format_number, parse_number
from storage.values.base import MAX_CELL_DIGITS, Cell, ValueType, number_format

# parse_number's reasons that have their own sentence; the others read "… is not a number".
_OWN_REASONS = ("empty", "not_integer", "negative")


class NumberType(ValueType):
    kind: ClassVar[NumberKind]
    numeric = True
    column = "number"
    summary = "figures"
    default_aggregate = "sum"
    required_by_default = True
    average_digits: ClassVar[int] = 1  # averages keep one decimal: 13,6 tiêu chí
    percent: ClassVar[bool] = False  # a percentage: a spreadsheet keeps it as a fraction (0,3337 shown 33,37%)

    # --- asking
    def ask(self, indicator) -> Hint:
        lo, hi = indicator.min, indicator.max
        # "từ 0 đến 19", "không quá 19", "từ 5 trở lên"; a lone minimum of 0 goes without saying.
        low = self.number(indicator, lo) if lo is not None and (hi is not None or lo > 0) else None
        high = self.number(indicator, hi) if hi is not None else None
        return Hint(self.name, range=(low, high), example=self.example(indicator))

    # --- reading
    def read(self, indicator, text: str) -> Any:
        parsed = parse_number(text, self.kind)
        if isinstance(parsed, Invalid):
            kind = parsed.reason if parsed.reason in _OWN_REASONS else "not_a_number"
            return Problem(kind, text=text.strip()[:40], example=self.example(indicator))
        if isinstance(parsed, Ambiguous):
            return parsed
        return parsed.value

    def check(self, indicator, value: Decimal, plan: bool = False) -> Optional[Problem]:
        # The example is written only for a problem: a file's 100,000 cells are checked here too.
        if plan:
            return Problem("plan_zero", example=self.example(indicator)) if value <= 0 else None
        if indicator.min is not None and value < Decimal(str(indicator.min)):
            return Problem("too_small", min=self.number(indicator, indicator.min), example=self.example(indicator))
        if indicator.max is not None and value > Decimal(str(indicator.max)):
            return Problem("too_large", max=self.number(indicator, indicator.max), example=self.example(indicator))
        return None

    def stored(self, value: Decimal) -> dict[str, Any]:
        return {"number": float(value)}

    # --- showing
    def number(self, indicator, amount: float) -> str:
        """A value (or a sum of values), without its unit; float noise rounded away."""
        return format_number(Decimal(str(round(amount, 6))), self.kind)

    def show(self, indicator, raw: Any) -> str:
        if not isinstance(raw, (int, float, Decimal)):  # e.g. an old answer kept as text before the type changed
            return super().show(indicator, raw)
        return self.with_unit(indicator, self.number(indicator, raw))

    def show_briefly(self, indicator, raw: Any) -> str:
        return self.show(indicator, raw)

    def average(self, indicator, amount: float) -> str:
        """Averages keep one decimal (two for rates): 13,6; 33,37%."""
        return format_number(Decimal(str(round(amount, self.average_digits))), NumberKind.DECIMAL)

    # --- the spreadsheet
    def cell(self, indicator, raw: Optional[float]) -> Cell:
        """A value as the chat shows it: 2.010,5 stays 2.010,5 and 2.000 stays 2.000 (no "2.000,0")."""
        if raw is None:
            return Cell(None)
        if not isinstance(raw, (int, float, Decimal)):  # an old answer kept as text before the type changed
            return super().cell(indicator, raw)
        return self._cell(float(raw), MAX_CELL_DIGITS)

    def average_cell(self, indicator, amount: float) -> Cell:
        """An average at the precision the chat gives it (`average`): 13,6; 34,25%."""
        return self._cell(round(amount, self.average_digits), self.average_digits)

    def _cell(self, amount: float, digits: int) -> Cell:
        amount = round(amount, digits)
        value = int(amount) if amount.is_integer() else amount
        if self.percent:  # a fraction, shown in percent
            value = float(Decimal(str(amount)) / 100)
        return Cell(value, number_format(value, digits, percent=self.percent))

    def total(self, indicator, figure, plan: bool = False) -> Optional[Cell]:
        if indicator.aggregate == "none":
            return None
        if indicator.aggregate == "sum":
            amount = figure.plan_total if plan else figure.total
            return None if amount is None else self.cell(indicator, amount)
        amount = figure.plan_average if plan else figure.average
        return None if amount is None else self.average_cell(indicator, amount)


class IntegerType(NumberType):
    name = "integer"
    kind = NumberKind.INTEGER

    def example(self, indicator) -> str:
        sample = indicator.max if indicator.max is not None and indicator.max < 1940 else 1940
        return format_number(Decimal(int(sample)), NumberKind.INTEGER)

    def number(self, indicator, amount: float) -> str:
        return format_number(int(round(amount)), self.kind)

    def cell(self, indicator, raw: Optional[float]) -> Cell:
        return super().cell(indicator, round(raw) if isinstance(raw, (int, float)) else raw)


class DecimalType(NumberType):
    name = "decimal"
    kind = NumberKind.DECIMAL

    def example(self, indicator) -> str:
        return "37.554,5"


class PercentType(NumberType):
    name = "percent"
    kind = NumberKind.PERCENT
    average_digits = 2
    percent = True

    def example(self, indicator) -> str:
        return "12,5"

    def with_unit(self, indicator, shown: str) -> str:
        return shown  # "33,37%" says it

    def average(self, indicator, amount: float) -> str:
        return super().average(indicator, amount) + "%"
