"""/web: an official's signed link to the read-only pages of their own scope (bot/web_pages/), the same
text on every channel; a clerk is told kindly that the pages are the officials' (their report is here)."""

from __future__ import annotations

import datetime as dt

from bot import commands, texts
from bot.web_pages.signing import WebLinks
from handlers.context import Ctx
from handlers.registry import OFFICIALS, Command


def cmd_web(ctx: Ctx, _args: str) -> None:
    links = WebLinks(ctx.settings)
    if not links.enabled:
        ctx.say(texts.WEB_LINK_OFF)
        return
    link = links.make(ctx.user.unit_id)  # a credential: it lives WEB_LINK_HOURS of the wall clock the server keeps
    until = dt.datetime.fromtimestamp(link.expires, ctx.now.tzinfo)
    ctx.say(texts.WEB_LINK.format(unit=texts.unit_name(ctx.unit), until=texts.datetime_vn(until), url=link.url))


# What this module answers (main.py gathers every module's, in menu order).
COMMANDS = (Command(commands.WEB, OFFICIALS, texts.BTN_WEB, cmd_web, refusal=texts.WEB_LINK_FOR_CLERK),)
