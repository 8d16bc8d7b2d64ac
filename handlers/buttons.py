"""The values of a flow's buttons, made and read in one place: "action:arg:arg".

A flow's button carries an action and its arguments (`encode("open", 42)` → "open:42"); the flow reads
a press back as a `Press` (`decode("open:42")` → Press("open", ("42",)), `press.id()` → 42) and routes
it by its action. The dispatcher puts "v<version>:" in front (handlers/dispatcher.py) and Telegram takes
at most 64 bytes of callback_data, so a value is kept within `VALUE_BYTES` (tests/test_buttons.py
checks every value the flows make). A command's button ("/xa quai-nua 2") is a typed command and is
not encoded here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from storage.text import parse_id, parse_index

SEP = ":"
CALLBACK_BYTES = 64  # Telegram's limit on a button's callback_data
STAMP_BYTES = 12  # "v<version>:" the dispatcher adds: "v" + up to 10 digits + ":"
VALUE_BYTES = CALLBACK_BYTES - STAMP_BYTES

# Actions several flows share.
TURN = "turn"  # to page n (from 1) of the screen the flow is on
BACK = "back"


@dataclass(frozen=True)
class Press:
    """A pressed button of a flow (or a label or number typed for it), read back."""

    action: str
    args: tuple[str, ...] = ()

    def text(self, n: int = 0) -> str:
        return self.args[n] if n < len(self.args) else ""

    def index(self, n: int = 0) -> Optional[int]:
        """Argument `n` as a position or a page (0 or more), None when it is none (a forged value)."""
        return parse_index(self.text(n))

    def id(self, n: int = 0) -> Optional[int]:
        """Argument `n` as a row id (1 or more), None when it is none."""
        return parse_id(self.text(n))


def encode(action: str, *args: object) -> str:
    """A button's value; a value that would not fit Telegram's callback_data, or an argument that holds
    the separator, is a mistake in the code (ValueError)."""
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
