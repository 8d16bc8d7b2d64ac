"""Where a clerk is in a list kept inside the report (nominees, role models): the list flow's state, typed,
and its buttons.

It lives in the chat's row (`ChatState.flow` is the list's flow name, `ChatState.data` this state as
JSON), so a lost signal or a restart continues at the same question. A state stored before it was typed
(its "mode", pages counted from 0) is read as what it meant.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Optional

from handlers.buttons import Action, Arg, Press
from handlers.flow_state import FlowState
from storage.text import parse_index


class Step(Enum):
    LIST = "list"  # the rows, a page at a time
    CARD = "card"  # one row
    ASK = "ask"  # a question about the row (`key`)
    EDIT = "edit"  # which value of the row to change
    REMOVE = "remove"  # remove the row? yes / no
    DETAILS = "details"  # what needs fixing, or the notes (`details`), a page at a time
    FULL = "full"  # the row whole, a page at a time


PROBLEMS, NOTES = "problems", "notes"  # the two kinds of details


@dataclass(frozen=True)
class ListState(FlowState):
    report_id: Optional[int] = None
    step: Step = Step.LIST
    item_id: Optional[int] = None  # the row on screen
    key: Optional[str] = None  # the field asked for, in ASK
    editing: bool = False  # asking one value again (not filling a new row in order)
    rows_page: int = 1  # the list's page
    details: str = PROBLEMS  # which details, in DETAILS
    detail_page: int = 1  # the page of the details or of the row whole

    @classmethod
    def legacy(cls, data: dict[str, Any]) -> dict[str, Any]:
        """Before the typed state: "mode", and pages from 0 ("list_page"; "page" of the details)."""
        old = {"step": data.get("mode")}
        if data.get("list_page") is not None:
            old["rows_page"] = (parse_index(data["list_page"]) or 0) + 1
        if data.get("page") is not None:
            old["detail_page"] = (parse_index(data["page"]) or 0) + 1
        return {**old, **{k: v for k, v in data.items() if v is not None}}


# The list flow's buttons (back to the list: the shared buttons.LIST).
ADD, CARD, FULL = Action("add"), Action("card"), Action("full")
OPEN, DETAILS, FIELD = Action("open", Arg.ID), Action("details", Arg.WORD), Action("field", Arg.WORD)
CONFIRM, EDIT, REMOVE = Action("confirm"), Action("edit"), Action("remove")
OLD_PAGE = "page"  # "page:<n>", the list's page from 0: a button sent before the pager


def old_page(press: Press) -> Optional[int]:
    """The page (from 1) a button sent before the pager meant, if it is one: "page:<n>", "details:<kind>:<n>",
    "full:<n>" counted from 0."""
    if press.action == OLD_PAGE or (press.action == FULL.name and len(press.args) == 1):
        return (press.index() or 0) + 1
    if press.action == DETAILS.name and len(press.args) == 2:
        return (press.index(1) or 0) + 1
    return None
