"""/start and /help: what a registered person can do, as buttons."""

from __future__ import annotations

from bot import commands, texts
from bot.events import Choice
from handlers.context import Ctx
from handlers.registry import EVERYONE, Command


def show_menu(ctx: Ctx, first: str = "") -> None:
    """The commands of the person's role as buttons; `first`: a command's name to put first (the next
    step: a new clerk's report is one tap away, and on Zalo it is number 1)."""
    assert ctx.user is not None
    allowed = ctx.handlers.menu(ctx.user.role)
    allowed = [c for c in allowed if c.name == first] + [c for c in allowed if c.name != first]
    ctx.say(texts.MENU.format(commands=", ".join(c.name for c in allowed)),
            [Choice(c.label, c.name) for c in allowed], columns=2)


def start(ctx: Ctx, _args: str) -> None:
    ctx.end_flow()
    ctx.say(texts.HELLO.format(name=ctx.user.full_name, role=texts.role_name(ctx.user.role, ctx.unit), unit=texts.unit_name(ctx.unit)))
    show_menu(ctx)


def help_(ctx: Ctx, _args: str) -> None:
    show_menu(ctx)


def cancel(ctx: Ctx, _args: str) -> None:
    ctx.end_flow()
    ctx.say(texts.CANCELLED)
    show_menu(ctx)

# What this module answers (main.py gathers every module's, in menu order).
COMMANDS = (
    Command(commands.START, EVERYONE, texts.BTN_HELP, start, in_menu=False),
    Command(commands.HELP, EVERYONE, texts.BTN_HELP, help_),
    Command(commands.CANCEL, EVERYONE, texts.BTN_CANCEL, cancel, in_menu=False),
)
