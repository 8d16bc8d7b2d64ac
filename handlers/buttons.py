"""The values of a flow's buttons, made and read in one place: "action:arg:arg".

Each action a flow's button can carry is declared once, with the kind of each argument
(`OPEN = Action("open", ID)`); `OPEN(42)` is the value "open:42", and a press comes back to the
flow as a `Press` (`decode("open:42")` → Press("open", ("42",)); `press.id()` → 42), routed by its
action. The dispatcher puts "v<version>:" in front (handlers/dispatcher.py) and Telegram takes at
most 64 bytes of callback_data: tests/test_buttons.py makes every declared action with its largest
arguments and checks that it fits and reads back. A command's button ("/xa quai-nua 2") is a typed
command and is not made here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Optional

from storage.text import parse_id, parse_index

SEP = ":"
CALLBACK_BYTES = 64  # Telegram's limit on a button's callback_data
STAMP_BYTES = 12  # "v<version>:" the dispatcher adds: "v" + up to 10 digits + ":"
VALUE_BYTES = CALLBACK_BYTES - STAMP_BYTES


class Arg(Enum):
    """What an action's argument is, so the test knows its largest value."""

    ID = "a row's id"  # up to storage.text.MAX_ID
    NUMBER = "a page or a place in a list"  # from 0 or 1, up to 9999
    CODE = "a code of the catalogue"  # a section, a form, a round, a list (storage.catalog)
    WORD = "one of the flow's own words"  # a field's key, "problems" / "notes"


ACTIONS: dict[str, "Action"] = {}  # every declared action, by name


@dataclass(frozen=True)
class Action:
    name: str
    args: tuple[Arg, ...] = ()

    def __init__(self, name: str, *args: Arg) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "args", args)
        if ACTIONS.setdefault(name, self).args != args:  # one action, one meaning, whichever flow says it
            raise ValueError(f"the action {name!r} is declared twice with other arguments")

    def __call__(self, *values: object) -> str:
        """The button's value with these arguments."""
        if len(values) != len(self.args):
            raise ValueError(f"{self.name} takes {len(self.args)} argument(s), not {len(values)}")
        return encode(self.name, *values)


@dataclass(frozen=True)
class Press:
    """A pressed button of a flow (or a label or number typed for it), read back."""

    action: str
    args: tuple[str, ...] = ()

    def text(self, n: int = 0) -> str:
        return self.args[n] if n < len(self.args) else ""

    def index(self, n: int = 0) -> Optional[int]:
        """Argument `n` as a position or a page (0 or more); None when it is none (a forged value)."""
        return parse_index(self.text(n))

    def id(self, n: int = 0) -> Optional[int]:
        """Argument `n` as a row id (1 or more); None when it is none."""
        return parse_id(self.text(n))


def encode(action: str, *args: object) -> str:
    """A button's value. One that would not fit Telegram's callback_data, or an argument holding the
    separator, is a mistake in the code (ValueError), found by tests/test_buttons.py."""
    parts = [action, *(str(a) for a in args)]
    if any(SEP in part for part in parts):
        raise ValueError(f"a button's argument holds {SEP!r}: {parts!r}")
    value = SEP.join(parts)
    if len(value.encode()) > VALUE_BYTES:
        raise ValueError(f"a button's value is over {VALUE_BYTES} bytes: {value!r}")
    return value


def decode(value: Optional[str]) -> Optional[Press]:
    """The press a value stands for; None for no value (typed text)."""
    if not value:
        return None
    action, *args = value.split(SEP)
    return Press(action, tuple(args))


# Actions several flows share.
TURN = Action("turn", Arg.NUMBER)  # to page n (from 1) of the screen the flow is on
BACK, SKIP, CONTINUE = Action("back"), Action("skip"), Action("continue")
YES, NO, LIST = Action("yes"), Action("no"), Action("list")
ROUND = Action("round", Arg.CODE)  # a reporting round, by its code
