"""Indicator values as Vietnamese readers write them: 37.554,5 tấn; đạt 100,1% KH; bình quân 13,6.

How a value of an indicator looks is its value type's business (storage/values);
these are the shorthands the screens and documents use.
"""

from __future__ import annotations

from decimal import Decimal

from storage.numbers import NumberKind, format_number
from storage.values import value_type


def number(indicator, value: float) -> str:
    """A value (or a sum of values) of a numeric indicator, without its unit; float noise rounded away."""
    return value_type(indicator).number(indicator, value)


def with_unit(indicator, shown: str) -> str:
    return value_type(indicator).with_unit(indicator, shown)


def value(indicator, amount: float) -> str:
    return value_type(indicator).show(indicator, amount)


def average(indicator, amount: float) -> str:
    """Averages keep one decimal (two for rates): 13,6 tiêu chí; 33,37%."""
    return value_type(indicator).average(indicator, amount)


def percent(amount: float, plan: float) -> str:
    """Percent of plan with one decimal: 100,1."""
    return format_number(Decimal(str(round(amount / plan * 100, 1))), NumberKind.DECIMAL)


def count(n: float) -> str:
    return format_number(int(round(n)), NumberKind.INTEGER)
