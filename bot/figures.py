"""Indicator values as Vietnamese readers write them: 37.554,5 tấn; đạt 100,1% KH; bình quân 13,6."""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from storage.numbers import NumberKind, format_number

NUMERIC_TYPES = ("integer", "decimal", "percent")


def kind_of(indicator) -> NumberKind:
    return {"integer": NumberKind.INTEGER, "percent": NumberKind.PERCENT}.get(indicator.type, NumberKind.DECIMAL)


def number(indicator, value: float) -> str:
    """A value (or a sum of values) of this indicator; float noise rounded away."""
    kind = kind_of(indicator)
    if kind is NumberKind.INTEGER:
        return format_number(int(round(value)), kind)
    return format_number(Decimal(str(round(value, 6))), kind)


def with_unit(indicator, shown: str) -> str:
    return f"{shown} {indicator.unit}" if indicator.unit and indicator.unit != "%" and indicator.type != "percent" \
        else shown


def value(indicator, amount: float) -> str:
    return with_unit(indicator, number(indicator, amount))


def average(indicator, amount: float) -> str:
    """Averages keep one decimal (two for rates): 13,6 tiêu chí; 33,37%."""
    digits = 2 if indicator.type == "percent" else 1
    shown = format_number(Decimal(str(round(amount, digits))), NumberKind.DECIMAL)
    return shown + "%" if indicator.type == "percent" else shown


def percent(amount: float, plan: float) -> str:
    """Percent of plan with one decimal: 100,1."""
    return format_number(Decimal(str(round(amount / plan * 100, 1))), NumberKind.DECIMAL)


def count(n: float) -> str:
    return format_number(int(round(n)), NumberKind.INTEGER)


def plain(amount: Optional[float], indicator=None):
    """A cell value for a spreadsheet: an int when whole, else a float."""
    if amount is None:
        return None
    if indicator is not None and indicator.type == "integer" or float(amount).is_integer():
        return int(round(amount))
    return round(float(amount), 6)
