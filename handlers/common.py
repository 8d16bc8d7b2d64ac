"""Helpers every handler module may use: long answers in several messages, local times, the default round."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional, Sequence

from bot import texts
from bot.events import Choice, Reply
from bot.rendering import SCREEN_LIMIT, render, split_text
from handlers.context import Ctx
from storage import summary
from storage.models import Round

MESSAGE_LIMIT = 3500  # characters per message of a long answer


def chunk_blocks(blocks: list[str], limit: int) -> list[str]:
    """Pack blocks into messages of at most `limit` characters, splitting long blocks by line."""
    lines: list[str] = []
    for block in blocks:
        lines.extend(block.split("\n") + [""])
    chunks, current = [], ""
    for line in lines:
        while len(line) > limit:  # a single very long line (a long text answer)
            if current:
                chunks.append(current.rstrip())
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        if len(current) + len(line) + 1 > limit:
            chunks.append(current.rstrip())
            current = ""
        current += line + "\n"
    if current.strip():
        chunks.append(current.rstrip())
    return chunks or [""]


def say_long(ctx: Ctx, blocks: list[str], choices: Optional[list[Choice]] = None) -> None:
    """Say blocks of text in as few messages as fit; the buttons go under the last one."""
    chunks = chunk_blocks(blocks, MESSAGE_LIMIT)
    for chunk in chunks[:-1]:
        ctx.say(chunk)
    ctx.say(chunks[-1], choices)


def local_time(ctx: Ctx, moment: Optional[dt.datetime]) -> str:
    """A stored moment as the user reads it ("14:05 20/12/2020", deadline time zone); "" for none."""
    if moment is None:
        return ""
    return texts.datetime_vn(moment.astimezone(ctx.now.tzinfo))


def current_round(ctx: Ctx) -> Optional[Round]:
    """The round meant when none is named (one unit, one indicator): the open round with the nearest
    deadline, else the latest; when there is no round at all, says so and returns None."""
    rounds = summary.find_round(ctx.session, "")
    if not rounds:
        ctx.say(texts.NO_ROUND)
        return None
    return rounds[0]


# --- answers in pages of one screen ------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One item of a paged answer (a line or a few), with the button that belongs to it, if any."""

    text: str
    choice: Optional[Choice] = None


def _fits(head: str, entries: Sequence[Entry], choices: Sequence[Choice], footer: str) -> bool:
    """Whether the page fits one screen as the plainest channel shows it (its choices as numbered lines)."""
    lines = [head] + [e.text for e in entries] + ([footer] if footer else [])
    reply = Reply("\n".join(lines), list(choices) + [e.choice for e in entries if e.choice])
    return len(render(reply)) <= SCREEN_LIMIT


def paginate(head: str, entries: Sequence[Entry], fixed: Sequence[Choice] = ()) -> list[list[Entry]]:
    """The entries packed into pages that fit one screen each under `head`, with the page buttons and
    `fixed` buttons; an entry too long for a page of its own is cut at line ends, then at spaces."""
    nav = [Choice(texts.BTN_PREV_PAGE, ""), Choice(texts.BTN_NEXT_PAGE, "")]
    footer = texts.LIST_PAGE.format(page=999, pages=999)
    reserved = [*fixed, *nav]
    pieces: list[Entry] = []
    for entry in entries:
        if _fits(head, [entry], reserved, footer):
            pieces.append(entry)
            continue
        own = [entry.choice] if entry.choice else []
        room = SCREEN_LIMIT - len(render(Reply(f"{head}\n\n{footer}", reserved + own)))
        parts = split_text(entry.text, max(room, 40))
        pieces += [Entry(p) for p in parts[:-1]] + [Entry(parts[-1], entry.choice)]
    pages: list[list[Entry]] = [[]]
    for entry in pieces:
        if pages[-1] and not _fits(head, pages[-1] + [entry], reserved, footer):
            pages.append([])
        pages[-1].append(entry)
    return pages


def say_paged(ctx: Ctx, head: str, entries: Sequence[Entry], page: int, command: str,
              fixed: Sequence[Choice] = (), columns: int = 1) -> None:
    """One page (1-based, clamped) of a long answer: `head`, the page's entries and "Trang 2/5", the
    entries' buttons, then ◀️ / ▶️ to the pages around it (`command` and the page number: a tap, or a
    typed number where choices are numbered), then `fixed` buttons (details, back)."""
    pages = paginate(head, entries, fixed)
    page = min(max(page, 1), len(pages))
    lines = [head] + [e.text for e in pages[page - 1]]
    choices = [e.choice for e in pages[page - 1] if e.choice]
    if len(pages) > 1:
        lines.append(texts.LIST_PAGE.format(page=page, pages=len(pages)))
        if page > 1:
            choices.append(Choice(texts.BTN_PREV_PAGE, f"{command} {page - 1}"))
        if page < len(pages):
            choices.append(Choice(texts.BTN_NEXT_PAGE, f"{command} {page + 1}"))
    ctx.say("\n".join(lines), choices + list(fixed), columns=columns)


def page_number(words: list[str]) -> tuple[list[str], int]:
    """A command's words without a trailing page number, and that number (1 when none)."""
    if words and words[-1].isascii() and words[-1].isdigit() and len(words[-1]) <= 4:
        return words[:-1], int(words[-1])
    return words, 1

