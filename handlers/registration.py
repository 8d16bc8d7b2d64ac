"""Strangers: how to register, and redeeming an invitation code."""

from __future__ import annotations

import datetime as dt
import logging
import math
import re

from bot import commands, texts
from bot.events import Choice
from handlers import menu
from handlers.context import Ctx
from handlers.registry import CLERK, EVERYONE, Command
from storage import reports
from storage.models import Unit
from storage.people import (
    LINK_CODE_MINUTES,
    CodeLimits,
    code_wait,
    create_link_code,
    fold,
    looks_like_code,
    record_code_failure,
    redeem_invitation,
    redeem_link_code,
)

log = logging.getLogger(__name__)
LINK_WORD = re.compile(r"^lien ?ket\b\s*[:\-]?\s*(.*)$")
REPORT_COMMAND = commands.REPORT  # what a new clerk comes for


def link_code(ctx: Ctx, _args: str) -> None:
    """A one-time code to bind this person's other channel (Zalo or Telegram) to the same account."""
    code = create_link_code(ctx.session, ctx.user)
    log.info("link code issued to user %s on %s", ctx.user.id, ctx.event.channel)
    ctx.say(texts.LINK_CODE.format(code=code, minutes=LINK_CODE_MINUTES), [Choice(texts.BTN_HELP, commands.HELP)])


def handle_stranger(ctx: Ctx, text: str) -> None:
    """Anyone not registered sees only how to register; a code registers them."""
    linking = LINK_WORD.match(fold(text))
    if linking:
        _link(ctx, linking.group(1))
        return
    if not text or text.startswith("/") or not _could_be_code(text):
        if text.startswith("/"):  # a known command's name only: never what a stranger typed
            word = text.split()[0].split("@")[0].lower()
            log.info("refused %s from an unregistered %s chat", word if ctx.handlers.command(word) else "a command",
                     ctx.event.channel)
        if text and not text.startswith("/") and len(text) <= 40 and any(ch.isdigit() for ch in text):
            ctx.say(texts.CODE_MALFORMED)
        else:
            ctx.say(texts.WELCOME_STRANGER)
        return

    if _throttled(ctx):
        return
    result = redeem_invitation(ctx.session, text, ctx.event.channel, ctx.event.sender_id, ctx.event.chat_id,
                               ctx.event.sender_name or texts.NO_NAME)
    if result.user is None:
        _record_failure(ctx)
        log.info("invitation code refused (%s) on %s", result.problem, ctx.event.channel)
        ctx.say({"unknown": texts.CODE_UNKNOWN, "used": texts.CODE_USED, "expired": texts.CODE_EXPIRED}[result.problem])
        return

    ctx.user = result.user
    unit = ctx.session.get(Unit, result.user.unit_id)
    log.info("user %s registered as %s", result.user.id, result.user.role)
    welcome = texts.REGISTERED.format(name=result.user.full_name, role=texts.role_name(result.user.role, unit),
                                      unit=texts.unit_name(unit))
    report = ctx.handlers.command(REPORT_COMMAND) if result.user.role == CLERK else None
    rounds = reports.open_rounds(ctx.session) if report is not None else []
    if rounds:  # a clerk with a report to make: one tap to its first question
        welcome += "\n" + texts.REGISTERED_REPORT.format(round=rounds[0].name, button=report.label,
                                                         deadline=texts.date_vn(rounds[0].deadline))
    ctx.say(welcome)
    menu.show_menu(ctx, first=REPORT_COMMAND if rounds else "")


def code_limits(settings) -> CodeLimits:
    return CodeLimits(free=settings.code_failures_per_chat,
                      first_wait=dt.timedelta(seconds=settings.code_failure_wait_seconds),
                      max_wait=dt.timedelta(minutes=settings.code_failure_max_wait_minutes),
                      memory=dt.timedelta(minutes=settings.code_failure_window_minutes))


def _throttled(ctx: Ctx) -> bool:
    """This chat, or this account from any chat, typed wrong codes (invitation or link) and must wait.

    The code is not even looked at while it waits. Others' wrong codes never count here.
    """
    event = ctx.event
    wait = code_wait(ctx.session, event.channel, event.chat_id, event.sender_id, ctx.now, code_limits(ctx.settings))
    if wait <= dt.timedelta(0):
        return False
    log.warning("code attempts throttled for a %s chat (%.0f s to wait)", event.channel, wait.total_seconds())
    ctx.say(texts.CODE_THROTTLED.format(minutes=max(1, math.ceil(wait.total_seconds() / 60))))
    return True


def _record_failure(ctx: Ctx) -> None:
    event = ctx.event
    record_code_failure(ctx.session, event.channel, event.chat_id, event.sender_id, at=ctx.now)


def _link(ctx: Ctx, code: str) -> None:
    """"LIENKET <code>" from a new chat: this identity joins the account that asked for the code."""
    if not code.strip():
        ctx.say(texts.LINK_HOW)
        return
    if _throttled(ctx):
        return
    event = ctx.event
    result = redeem_link_code(ctx.session, code, event.channel, event.sender_id, event.chat_id)
    if result.user is None:
        _record_failure(ctx)
        log.info("link code refused (%s) on %s", result.problem, event.channel)
        ctx.say({"unknown": texts.LINK_UNKNOWN, "used": texts.LINK_USED, "expired": texts.LINK_EXPIRED}[result.problem])
        return
    ctx.user = result.user
    log.info("user %s linked a %s identity", result.user.id, event.channel)
    unit = ctx.session.get(Unit, result.user.unit_id)
    ctx.say(texts.LINKED.format(name=result.user.full_name, role=texts.role_name(result.user.role, unit),
                            unit=texts.unit_name(unit)))
    menu.show_menu(ctx)


def _could_be_code(text: str) -> bool:
    return looks_like_code(text)

# What this module answers (main.py gathers every module's, in menu order).
COMMANDS = (Command(commands.LINK, EVERYONE, texts.BTN_LINK, link_code),)
