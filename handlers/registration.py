"""Strangers: how to register, and redeeming an invitation code."""

from __future__ import annotations

import datetime as dt
import logging

from bot import texts as T
from handlers import menu
from handlers.context import Ctx
from storage.models import Unit, utcnow
from storage.people import (
    code_failures_since,
    looks_like_code,
    record_code_failure,
    redeem_invitation,
)

log = logging.getLogger(__name__)


def handle_stranger(ctx: Ctx, text: str) -> None:
    """Anyone not registered sees only how to register; a code registers them."""
    if not text or text.startswith("/") or not _could_be_code(text):
        if text and not text.startswith("/") and len(text) <= 40 and any(ch.isdigit() for ch in text):
            ctx.say(T.CODE_MALFORMED)
        else:
            ctx.say(T.WELCOME_STRANGER)
        return

    s, window = ctx.settings, dt.timedelta(minutes=ctx.settings.code_failure_window_minutes)
    since = utcnow() - window
    if (code_failures_since(ctx.session, since, ctx.event.channel, ctx.event.chat_id) >= s.code_failures_per_chat
            or code_failures_since(ctx.session, since) >= s.code_failures_global):
        log.warning("invitation code attempts throttled for a %s chat", ctx.event.channel)
        ctx.say(T.CODE_THROTTLED.format(minutes=s.code_failure_window_minutes))
        return

    result = redeem_invitation(ctx.session, text, ctx.event.channel, ctx.event.sender_id, ctx.event.chat_id,
                               ctx.event.sender_name)
    if result.user is None:
        record_code_failure(ctx.session, ctx.event.channel, ctx.event.chat_id)
        log.info("invitation code refused (%s) on %s", result.problem, ctx.event.channel)
        ctx.say({"unknown": T.CODE_UNKNOWN, "used": T.CODE_USED, "expired": T.CODE_EXPIRED}[result.problem])
        return

    ctx.user = result.user
    unit = ctx.session.get(Unit, result.user.unit_id)
    log.info("user %s registered as %s", result.user.id, result.user.role)
    ctx.say(T.REGISTERED.format(name=result.user.full_name, role=T.role_name(result.user.role, unit),
                                unit=T.unit_name(unit)))
    menu.show_menu(ctx)


def _could_be_code(text: str) -> bool:
    return looks_like_code(text)
