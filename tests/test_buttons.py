"""Every button a flow makes reads back as the press it was made for, and fits Telegram's 64 bytes of
callback_data with the dispatcher's version in front, whatever the catalogue and the ids."""

from pathlib import Path

import pytest

import main  # noqa: F401  (every handler module, so every action is declared)
from handlers import lists
from handlers.buttons import ACTIONS, CALLBACK_BYTES, Arg, Press, decode, encode
from handlers.dispatcher import STATE_PREFIX
from storage.catalog import load_catalog
from storage.text import MAX_ID

CATALOGS = sorted(Path(__file__).resolve().parent.parent.glob("storage/catalogs/*.toml"))


def longest(*words: str) -> str:
    return max(words, key=lambda w: len(w.encode()))


def largest(kind: Arg) -> str:
    """The largest argument of its kind the bot may put on a button."""
    if kind == Arg.ID:
        return str(MAX_ID)
    if kind == Arg.NUMBER:
        return "9999"
    if kind == Arg.CODE:
        codes = [item["code"] if isinstance(item, dict) else item.code for path in CATALOGS for table in ("sections", "award_forms", "rounds", "units")
                 for item in getattr(load_catalog(path), table)]
        return longest(*codes, *(part.part_code for part in main.HANDLERS.report_parts))
    keys = [f.key for flow in main.HANDLERS.flows.values() if isinstance(flow, lists.ListFlow) for f in flow.fields]
    return longest(*keys, "problems", "notes")


def test_the_flows_declare_their_buttons():
    assert {"turn", "open", "details", "field", "why", "form", "approve"} <= set(ACTIONS)


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_every_button_reads_back_and_fits_telegram(name):
    action = ACTIONS[name]
    args = tuple(largest(kind) for kind in action.args)
    value = action(*args)
    assert decode(value) == Press(name, args)
    stamped = f"{STATE_PREFIX}{2**31 - 1}:{value}"  # the chat's version, as large as it gets
    assert len(stamped.encode()) <= CALLBACK_BYTES, stamped


def test_a_value_that_cannot_be_read_back_is_refused_where_it_is_made():
    with pytest.raises(ValueError):
        encode("form", "a:b")  # would read back as two arguments
    with pytest.raises(ValueError):
        encode("open", "x" * 60)  # would not fit Telegram's callback_data
    with pytest.raises(ValueError):
        ACTIONS["open"]()  # an id is missing
    assert decode(None) is None and decode("") is None  # typed text, not a press
