"""Value types as objects: one class per indicator type, registered here, in one place.

The catalogue's `type = "…"` names an entry of VALUE_TYPES; `value_type(indicator)`
gives the object to ask (storage/values/base.py lists what it knows). Adding a
type is one class and one line below (docs/recipes/value-type.md).
"""

from __future__ import annotations

from typing import Any

from storage.values.base import NO_ANSWER, ValueType
from storage.values.choice import ChoiceType
from storage.values.numeric import DecimalType, IntegerType, NumberType, PercentType
from storage.values.text import TextType

__all__ = ["NO_ANSWER", "VALUE_TYPES", "ChoiceType", "DecimalType", "IntegerType", "NumberType", "PercentType", "TextType", "ValueType",
           "names", "value_type"]

# The catalogue's type names, in the order its error message lists them.
VALUE_TYPES: dict[str, ValueType] = {t.name: t for t in (
    IntegerType(), DecimalType(), PercentType(), TextType(), ChoiceType(),
)}


def value_type(indicator_or_name: Any) -> ValueType:
    """The value type of an indicator (anything with `.type`), or of a type name."""
    name = indicator_or_name if isinstance(indicator_or_name, str) else indicator_or_name.type
    return VALUE_TYPES[name]


def names(**wanted: Any) -> list[str]:
    """Type names whose attributes have these values: names(summary="quotes") -> ["text"]."""
    return [name for name, t in VALUE_TYPES.items() if all(getattr(t, k) == v for k, v in wanted.items())]
