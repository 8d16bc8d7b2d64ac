"""Helpers every handler module may use: long answers in several messages, local times, the default round."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from bot import texts
from bot.events import Choice
from handlers.context import Ctx
from storage import lookup
from storage.figures import Scope
from storage.models import Round

MESSAGE_LIMIT = 3500  # characters per message of a long answer
MAX_CANDIDATES = 12  # names that fit a query, offered as buttons


def fit(text: str, limit: int) -> str:
    """The text, shortened to `limit` characters with "…" when longer."""
    return text if len(text) <= limit else text[:max(limit - 1, 0)].rstrip() + "…"


def one_screen(head: list[str], items: list[str], more: str, limit: int) -> str:
    """The head, then as many items as `limit` characters hold, then `more` ({count}: the items left out)."""
    lines = list(head)
    for n, item in enumerate(items):
        left = more.format(count=len(items) - n)
        if len("\n".join(lines + [item, left])) > limit:
            lines.append(left)
            break
        lines.append(item)
    return "\n".join(lines)


def official_scope(ctx: Ctx, round_: Round, top_unit_id: Optional[int] = None) -> Scope:
    """What an official sees of a round: the units under their own unit (or under `top_unit_id`)."""
    return Scope(ctx.session, round_, ctx.now.tzinfo, top_unit_id or ctx.user.unit_id)


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
    rounds = lookup.find_round(ctx.session, "")
    if not rounds:
        ctx.say(texts.NO_ROUND)
        return None
    return rounds[0]
