"""/kybaocao: administrators list the reporting rounds, open one, move its deadline, close it.

The same rules as `python main.py round ...` (storage.rounds). A change tells
the scheduler (ctx.changed), which moves the reminders with the deadline.
Button values: "round:<code>", "open", "close", "deadline", "list", "yes", "no".
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Optional

from bot import texts
from bot.events import Choice
from storage.numbers import parse_date
from handlers.context import Ctx
from scheduler import plan
from storage import rounds as round_store
from storage.models import Round
from storage.reports import round_by_code

log = logging.getLogger(__name__)
FLOW = "rounds"


def schedule_text(round_: Round, settings, now: dt.datetime) -> str:
    """The reminder days still to come, e.g. "13/12, 17/12, 19/12, 20/12"."""
    days = [m.at.strftime("%d/%m") for m in plan.reminder_moments(round_, settings) if m.at > now]
    return ", ".join(days) if round_.status == "open" and days else texts.SCHEDULE_NONE


def cmd_rounds(ctx: Ctx, args: str) -> None:
    round_ = round_by_code(ctx.session, args) if args else None
    if round_ is not None:
        ctx.start_flow(FLOW)
        _show_round(ctx, round_)
    else:
        _show_list(ctx)


def _show_list(ctx: Ctx) -> None:
    rounds = round_store.all_rounds(ctx.session)
    if not rounds:
        ctx.end_flow()
        ctx.say(texts.ROUNDS_NONE)
        return
    lines = [texts.ROUNDS_TITLE]
    for n, round_ in enumerate(rounds, 1):
        info = round_store.round_info(ctx.session, round_)
        lines.append(texts.ROUND_LINE.format(n=n, name=round_.name, code=round_.code, status=texts.ROUND_STATUS[round_.status],
                                         deadline=texts.date_vn(round_.deadline), done=info.submitted, total=info.total))
    lines.append(texts.ROUND_PICK)
    ctx.start_flow(FLOW, mode="list")
    ctx.ask("\n".join(lines), [Choice(f"{n}. {r.code}", f"round:{r.code}") for n, r in enumerate(rounds, 1)])


def _show_round(ctx: Ctx, round_: Round) -> None:
    info = round_store.round_info(ctx.session, round_)
    text = texts.ROUND_DETAIL.format(name=round_.name, code=round_.code, status=texts.ROUND_STATUS[round_.status],
                                 opens=texts.date_vn(round_.opens), deadline=texts.date_vn(round_.deadline),
                                 done=info.submitted, total=info.total,
                                 schedule=schedule_text(round_, ctx.settings, ctx.now))
    buttons = [Choice(texts.BTN_ROUND_DEADLINE, "deadline")]
    buttons.append(Choice(texts.BTN_ROUND_CLOSE, "close") if round_.status == "open" else Choice(texts.BTN_ROUND_OPEN, "open"))
    buttons.append(Choice(texts.BTN_BACK, "list"))
    ctx.update_data(mode="round", code=round_.code)
    ctx.ask(text, buttons)


def _ask_deadline(ctx: Ctx, round_: Round, problem: str = "") -> None:
    example = texts.date_vn(max(round_.deadline, ctx.today) + dt.timedelta(days=7))
    question = texts.ASK_DEADLINE.format(example=example, deadline=texts.date_vn(round_.deadline))
    ctx.update_data(mode="deadline", code=round_.code)
    ctx.ask(f"{problem}\n{question}" if problem else question, [Choice(texts.BTN_BACK, "back")], numbered=False)


def _error(code: str, round_: Round, ctx: Ctx) -> str:
    return texts.ROUND_ERRORS[code].format(opens=texts.date_vn(round_.opens), today=texts.date_vn(ctx.today))


class RoundsFlow:
    def resume(self, ctx: Ctx) -> None:
        round_ = round_by_code(ctx.session, ctx.data.get("code") or "")
        mode = ctx.data.get("mode")
        if round_ is None or mode == "list":
            _show_list(ctx)
        elif mode == "deadline":
            _ask_deadline(ctx, round_)
        elif mode == "confirm_close":
            self._confirm_close(ctx, round_)
        else:
            _show_round(ctx, round_)

    def on_input(self, ctx: Ctx, text: Optional[str], choice: Optional[str]) -> None:
        mode = ctx.data.get("mode")
        if choice == "list":
            _show_list(ctx)
            return
        if (choice or "").startswith("round:"):
            round_ = round_by_code(ctx.session, choice.removeprefix("round:"))
            _show_round(ctx, round_) if round_ else _show_list(ctx)
            return
        round_ = round_by_code(ctx.session, ctx.data.get("code") or "")
        if round_ is None:
            _show_list(ctx)
        elif mode == "deadline":
            self._on_deadline(ctx, round_, text, choice)
        elif mode == "confirm_close":
            if choice == "yes":
                self._change_status(ctx, round_, "closed")
            else:
                _show_round(ctx, round_)
        elif choice == "deadline":
            _ask_deadline(ctx, round_)
        elif choice == "close":
            self._confirm_close(ctx, round_)
        elif choice == "open":
            self._change_status(ctx, round_, "open")
        else:
            ctx.say(texts.ERR_CHOICE)
            self.resume(ctx)

    @staticmethod
    def _confirm_close(ctx: Ctx, round_: Round) -> None:
        ctx.update_data(mode="confirm_close", code=round_.code)
        ctx.ask(texts.CONFIRM_CLOSE.format(name=round_.name), [Choice(texts.BTN_YES, "yes"), Choice(texts.BTN_NO, "no")])

    @staticmethod
    def _on_deadline(ctx: Ctx, round_: Round, text: Optional[str], choice: Optional[str]) -> None:
        if choice == "back":
            _show_round(ctx, round_)
            return
        day = parse_date(text, ctx.today)
        if day is None:
            example = texts.date_vn(max(round_.deadline, ctx.today) + dt.timedelta(days=7))
            _ask_deadline(ctx, round_, texts.ERR_DATE.format(text=(text or "").strip(), example=example))
            return
        try:
            old = round_store.set_deadline(ctx.session, round_, day, ctx.today, ctx.user.id)
        except round_store.RoundError as exc:
            _ask_deadline(ctx, round_, _error(exc.code, round_, ctx))
            return
        log.info("admin %s moved the deadline of %s: %s -> %s", ctx.user.id, round_.code, old, day)
        ctx.changed.add("rounds")
        ctx.say(texts.DEADLINE_CHANGED.format(name=round_.name, old=texts.date_vn(old), new=texts.date_vn(day),
                                          schedule=schedule_text(round_, ctx.settings, ctx.now)))
        _show_round(ctx, round_)

    @staticmethod
    def _change_status(ctx: Ctx, round_: Round, status: str) -> None:
        try:
            round_store.set_status(ctx.session, round_, status, ctx.user.id)
        except round_store.RoundError as exc:
            ctx.say(_error(exc.code, round_, ctx))
            _show_round(ctx, round_)
            return
        log.info("admin %s set round %s to %s", ctx.user.id, round_.code, status)
        ctx.changed.add("rounds")
        if status == "open":
            ctx.say(texts.ROUND_OPENED.format(name=round_.name, schedule=schedule_text(round_, ctx.settings, ctx.now)))
        else:
            ctx.say(texts.ROUND_CLOSED_OK.format(name=round_.name))
        _show_round(ctx, round_)
