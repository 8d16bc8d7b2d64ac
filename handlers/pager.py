"""One pager for every long answer: pages of one phone screen, ◀️ ▶️, the same numbering everywhere.

A screen supplies its rows (`Entry`: a line or a few, and the button that belongs to it) and a label
(the head, which may show "{page}/{pages}" itself; otherwise "Trang 2/5." closes a page of several).
A page fits `SCREEN_LIMIT` as the plainest channel shows it (Zalo and the terminal: the text and its
choices as numbered lines), at most `most` rows when the rows are buttons to pick from. Pages are
numbered from 1 in the text, in the commands ("/xa quai-nua 2") and in the flows' buttons ("turn:2");
«◀️ Trang trước» comes before «▶️ Trang sau», after the rows' buttons and before the screen's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Sequence, Union

from bot import texts
from bot.events import Choice, Reply
from bot.rendering import SCREEN_LIMIT, render, split_text
from handlers.buttons import TURN
from handlers.context import Ctx

Head = Union[str, Callable[[int, int], str]]  # a label, or a label of (page, pages)
Turn = Union[str, Callable[[int], str]]  # a command ("/xa quai-nua": "/xa quai-nua 2"), or the value of page n


@dataclass(frozen=True)
class Entry:
    """One item of a paged answer (a line or a few), with the button that belongs to it, if any."""

    text: str
    choice: Optional[Choice] = None


@dataclass(frozen=True)
class Page:
    """One page of an answer, as it is said: its number (from 1), how many there are, text and buttons."""

    number: int
    count: int
    text: str
    choices: list[Choice]


def _label(head: Head, page: int, pages: int) -> str:
    return head(page, pages) if callable(head) else head


def _text(head: str, entries: Sequence[Entry], footer: str) -> str:
    return "\n".join([head] + [e.text for e in entries if e.text] + ([footer] if footer else []))


def _fits(head: str, entries: Sequence[Entry], choices: Sequence[Choice], footer: str) -> bool:
    """Whether the page fits one screen as the plainest channel shows it (its choices as numbered lines)."""
    reply = Reply(_text(head, entries, footer), [e.choice for e in entries if e.choice] + list(choices))
    return len(render(reply)) <= SCREEN_LIMIT


def paginate(head: Head, entries: Sequence[Entry], fixed: Sequence[Choice] = (),
             most: Optional[int] = None) -> list[list[Entry]]:
    """The entries packed into pages that fit one screen each under the head, with the page buttons and
    `fixed` buttons (at most `most` entries a page); an entry too long for a page of its own is cut at
    line ends, then at spaces."""
    widest = _label(head, 999, 999)
    footer = "" if callable(head) else texts.LIST_PAGE.format(page=999, pages=999)
    reserved = [*fixed, Choice(texts.BTN_PREV_PAGE, ""), Choice(texts.BTN_NEXT_PAGE, "")]
    pieces: list[Entry] = []
    for entry in entries:
        if _fits(widest, [entry], reserved, footer):
            pieces.append(entry)
            continue
        own = [entry.choice] if entry.choice else []
        room = SCREEN_LIMIT - len(render(Reply(f"{widest}\n\n{footer}", own + reserved)))
        parts = split_text(entry.text, max(room, 40))
        pieces += [Entry(p) for p in parts[:-1]] + [Entry(parts[-1], entry.choice)]
    pages: list[list[Entry]] = [[]]
    for entry in pieces:
        full = most is not None and len(pages[-1]) >= most
        if pages[-1] and (full or not _fits(widest, pages[-1] + [entry], reserved, footer)):
            pages.append([])
        pages[-1].append(entry)
    return pages


def page_of(head: Head, entries: Sequence[Entry], page: int, turn: Turn, fixed: Sequence[Choice] = (),
            most: Optional[int] = None) -> Page:
    """Page `page` (from 1, clamped) of the entries: the head, its entries (and "Trang 2/5." under them
    when the head does not say it), the entries' buttons, ◀️ ▶️ to the pages around it, then `fixed`."""
    pages = paginate(head, entries, fixed, most)
    page = min(max(page, 1), len(pages))
    footer = "" if callable(head) or len(pages) == 1 else texts.LIST_PAGE.format(page=page, pages=len(pages))
    choices = [e.choice for e in pages[page - 1] if e.choice]
    if page > 1:
        choices.append(Choice(texts.BTN_PREV_PAGE, page_value(turn, page - 1)))
    if page < len(pages):
        choices.append(Choice(texts.BTN_NEXT_PAGE, page_value(turn, page + 1)))
    text = _text(_label(head, page, len(pages)), pages[page - 1], footer)
    return Page(page, len(pages), text, choices + list(fixed))


def page_value(turn: Turn, page: int) -> str:
    """The value of a button to page `page`: the command with the page number, or the flow's own
    (by default `TURN`: "turn:<page>", the page of the screen the flow is on)."""
    if callable(turn):
        return turn(page)
    return f"{turn} {page}"


def say_paged(ctx: Ctx, head: Head, entries: Sequence[Entry], page: int, turn: Turn = TURN,
              fixed: Sequence[Choice] = (), columns: int = 1, most: Optional[int] = None) -> Page:
    """Say one page of a long answer (see `page_of`). Returns the page said (its number clamped)."""
    shown = page_of(head, entries, page, turn, fixed, most)
    ctx.ask(shown.text, shown.choices, columns=columns)
    return shown


def block_entries(blocks: Sequence[str]) -> list[Entry]:
    """Blocks of lines ("▪️ Heading" and its lines) as entries of a line each, a heading kept with the
    line under it so a page never ends on a heading."""
    entries = []
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        if len(lines) > 1:
            lines = [f"{lines[0]}\n{lines[1]}"] + lines[2:]
        entries += [Entry(line) for line in lines]
    return entries


def page_number(words: list[str]) -> tuple[list[str], int]:
    """A command's words without a trailing page number, and that number (1 when none)."""
    if words and words[-1].isascii() and words[-1].isdigit() and len(words[-1]) <= 4:
        return words[:-1], int(words[-1])
    return words, 1
