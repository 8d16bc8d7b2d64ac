"""A flow's state, typed: a frozen dataclass whose `step` is an Enum, kept in the chat's row as JSON.

`State.of(ctx)` reads the chat's state: a key it does not know is left out, a value it cannot read
(a step no longer there, a page as text) is its field's default, and `legacy` reads what an earlier
version stored, so a chat in the middle of a flow continues after an update. `state.save(ctx)` writes
it back whole, `state.start(ctx)` puts the chat in the flow. A flow routes by a table: step → handler.
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from enum import Enum
from typing import Any, Callable, ClassVar, TypeVar

from handlers.context import Ctx
from storage.text import parse_index

S = TypeVar("S", bound="FlowState")


class FlowState:
    """Mixin for a frozen dataclass: the flow's name in `flow`, its fields JSON-safe values, Enums,
    tuples, ints, or dataclasses of such."""

    flow: ClassVar[str]

    @classmethod
    def of(cls: type[S], ctx: Ctx) -> S:
        return cls.from_data(ctx.data)

    @classmethod
    def from_data(cls: type[S], data: dict[str, Any]) -> S:
        return _read(cls, cls.legacy(dict(data or {})))

    @classmethod
    def legacy(cls, data: dict[str, Any]) -> dict[str, Any]:
        """What an earlier version stored, in today's keys (a subclass says how)."""
        return data

    def to_data(self) -> dict[str, Any]:
        return _plain(self)

    def start(self, ctx: Ctx) -> None:
        """The chat enters this flow, in this state."""
        ctx.start_flow(self.flow, **self.to_data())

    def save(self, ctx: Ctx) -> None:
        """Write the state back to the chat (its flow unchanged), whole."""
        ctx.chat.data = self.to_data()

    def but(self: S, **changes: Any) -> S:
        return dataclasses.replace(self, **changes)


@functools.cache
def _readers(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """A state's fields and how each is read, worked out once per class (a state is read on every message)."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, _reader(hints[f.name])) for f in dataclasses.fields(cls))


def _read(cls: type, data: dict[str, Any]) -> Any:
    values = {}
    for name, read in _readers(cls):
        raw = data.get(name)
        value = None if raw is None else read(raw)
        if value is not None:  # else the default
            values[name] = value
    return cls(**values)


def _reader(hint: Any) -> Callable[[Any], Any]:
    """How a stored value is read as the type `hint` says: None (the field's default) when it cannot be."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) is typing.Union and len(args) == 1:  # Optional[X]
        hint = args[0]
    if isinstance(hint, type) and issubclass(hint, Enum):
        members = {member.value: member for member in hint}
        return lambda raw: members.get(raw) if isinstance(raw, (str, int)) else None
    if hint is int:
        return parse_index
    if typing.get_origin(hint) is tuple:
        return lambda raw: tuple(raw) if isinstance(raw, (list, tuple)) else None
    if dataclasses.is_dataclass(hint):
        return lambda raw: _read(hint, raw) if isinstance(raw, dict) else None
    return lambda raw: raw


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value
