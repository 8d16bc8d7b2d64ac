"""A decision with a reason, one flow for all of them: returning or unlocking a report (review.py),
refusing a nominee or undoing a council decision (deliberation.py).

The question says the limit and offers the ready reasons, if any, as buttons; the answer is typed (or a
ready reason pressed). An empty or too long reason gets a clear message and the question again; a good
one is acted on. One limit: the reason is quoted whole in the notice the clerks get, on one screen.
"""

from __future__ import annotations

from typing import Callable, Optional, Sequence

from bot import texts
from bot.events import Choice
from handlers.buttons import Action, Arg, Press
from handlers.context import Ctx

REASON_LIMIT = 300  # characters
READY = Action("why", Arg.NUMBER)  # a ready reason's button: its place among them


def question(template: str, **fields: object) -> str:
    """The question, with the limit it states."""
    return template.format(limit=REASON_LIMIT, **fields)


def ask(ctx: Ctx, text: str, choices: Sequence[Choice] = (), ready: Sequence[str] = (), problem: str = "") -> None:
    """Ask for the reason (`problem` above it when the last one could not be taken): the ready reasons
    as buttons, then `choices` (back, cancel). A typed answer is the reason, not a button's number."""
    buttons = [Choice(reason, READY(n)) for n, reason in enumerate(ready)] + list(choices)
    ctx.ask(f"{problem}\n{text}" if problem else text, buttons, numbered=False)


def take(text: Optional[str], press: Optional[Press], ready: Sequence[str] = ()) -> tuple[str, str]:
    """The reason given (typed, or a ready one pressed) and ""; or "" and what is wrong with it."""
    if press is not None and press.action == READY.name:
        n = press.index()
        reason = ready[n] if n is not None and n < len(ready) else ""
    else:
        reason = (text or "").strip()
    if not reason:
        return "", texts.REASON_EMPTY
    if len(reason) > REASON_LIMIT:
        return "", texts.REASON_TOO_LONG.format(length=len(reason), limit=REASON_LIMIT)
    return reason, ""


def answer(text: Optional[str], press: Optional[Press], act: Callable[[str], None],
           ask_again: Callable[[str], None], ready: Sequence[str] = ()) -> None:
    """The answer to the reason's question: acted on (`act(reason)`), or the question again with why not."""
    reason, problem = take(text, press, ready)
    if problem:
        ask_again(problem)
    else:
        act(reason)
