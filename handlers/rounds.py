"""/kybaocao: administrators list the reporting rounds, open one, move its deadline, close it.

`python main.py round ...` (bot/cli.py) does the same by the same functions: `round_lines`,
`move_deadline`, `set_status`, `error_text` (the rules are storage.rounds'). A change in the chat
tells the scheduler (ctx.changed), which moves the reminders with the deadline.
The chat's state is `RoundsState` (its step an Enum); a press is routed by its action, then by the step.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable, ClassVar, Optional

from bot import commands, texts
from bot.events import Choice
from storage.numbers import parse_date
from handlers.buttons import BACK, LIST, NO, ROUND, YES, Action, decode
from handlers.context import Ctx
from handlers.registry import ADMIN, Command
from handlers.flow_state import FlowState
from scheduler import plan
from storage import rounds as round_store
from storage.models import Round
from storage.reports import round_by_code

log = logging.getLogger(__name__)
FLOW = "rounds"
OPEN, CLOSE, DEADLINE = Action("open_round"), Action("close"), Action("deadline")
OLD_OPEN = "open"  # the round's «Mở» before the action had its own name ("open" is a list's row elsewhere)


class Step(Enum):
    LIST = "list"  # the rounds, one to pick
    ROUND = "round"  # one round: move its deadline, open or close it
    DEADLINE = "deadline"  # the new deadline, typed
    CONFIRM_CLOSE = "confirm_close"  # close it? yes / no


@dataclass(frozen=True)
class RoundsState(FlowState):
    flow: ClassVar[str] = FLOW
    step: Step = Step.LIST
    code: str = ""  # the round's code

    @classmethod
    def legacy(cls, data: dict[str, Any]) -> dict[str, Any]:
        return {"step": data.get("mode"), **data}  # "mode" before the typed state


def schedule_text(round_: Round, settings, now: dt.datetime) -> str:
    """The reminder days still to come, e.g. "13/12, 17/12, 19/12, 20/12"."""
    days = [m.at.strftime("%d/%m") for m in plan.reminder_moments(round_, settings) if m.at > now]
    return ", ".join(days) if round_.status == "open" and days else texts.SCHEDULE_NONE


def round_lines(session) -> list[str]:
    """One line per round: its name, code, status, deadline and how many units have reported."""
    lines = []
    for n, round_ in enumerate(round_store.all_rounds(session), 1):
        info = round_store.round_info(session, round_)
        lines.append(texts.ROUND_LINE.format(n=n, name=round_.name, code=round_.code,
                                             status=texts.ROUND_STATUS[round_.status],
                                             deadline=texts.date_vn(round_.deadline), done=info.submitted,
                                             total=info.total))
    return lines


def move_deadline(session, round_: Round, day: dt.date, settings, now: dt.datetime, user_id: Optional[int]) -> str:
    """Move the round's deadline (storage.rounds' rules: RoundError if not allowed); what to tell."""
    old = round_store.set_deadline(session, round_, day, now.date(), user_id)
    log.info("%s moved the deadline of %s: %s -> %s", _who(user_id), round_.code, old, day)
    return texts.DEADLINE_CHANGED.format(name=round_.name, old=texts.date_vn(old), new=texts.date_vn(day),
                                         schedule=schedule_text(round_, settings, now))


def set_status(session, round_: Round, status: str, settings, now: dt.datetime, user_id: Optional[int]) -> str:
    """Open or close the round (RoundError if not allowed); what to tell."""
    round_store.set_status(session, round_, status, user_id)
    log.info("%s set round %s to %s", _who(user_id), round_.code, status)
    if status == "open":
        return texts.ROUND_OPENED.format(name=round_.name, schedule=schedule_text(round_, settings, now))
    return texts.ROUND_CLOSED_OK.format(name=round_.name)


def error_text(code: str, round_: Round, today: dt.date) -> str:
    return texts.ROUND_ERRORS[code].format(opens=texts.date_vn(round_.opens), today=texts.date_vn(today))


def _who(user_id: Optional[int]) -> str:
    return f"admin {user_id}" if user_id is not None else "the command line"


def cmd_rounds(ctx: Ctx, args: str) -> None:
    round_ = round_by_code(ctx.session, args) if args else None
    if round_ is not None:
        RoundsState().start(ctx)
        _show_round(ctx, round_)
    else:
        _show_list(ctx)


def _show_list(ctx: Ctx) -> None:
    rounds = round_store.all_rounds(ctx.session)
    if not rounds:
        ctx.end_flow()
        ctx.say(texts.ROUNDS_NONE)
        return
    lines = [texts.ROUNDS_TITLE, *round_lines(ctx.session), texts.ROUND_PICK]
    RoundsState().start(ctx)
    ctx.ask("\n".join(lines), [Choice(f"{n}. {r.code}", ROUND(r.code)) for n, r in enumerate(rounds, 1)])


def _show_round(ctx: Ctx, round_: Round) -> None:
    info = round_store.round_info(ctx.session, round_)
    text = texts.ROUND_DETAIL.format(name=round_.name, code=round_.code, status=texts.ROUND_STATUS[round_.status],
                                 opens=texts.date_vn(round_.opens), deadline=texts.date_vn(round_.deadline),
                                 done=info.submitted, total=info.total,
                                 schedule=schedule_text(round_, ctx.settings, ctx.now))
    buttons = [Choice(texts.BTN_ROUND_DEADLINE, DEADLINE())]
    buttons.append(Choice(texts.BTN_ROUND_CLOSE, CLOSE()) if round_.status == "open"
                   else Choice(texts.BTN_ROUND_OPEN, OPEN()))
    buttons.append(Choice(texts.BTN_BACK, LIST()))
    RoundsState(step=Step.ROUND, code=round_.code).save(ctx)
    ctx.ask(text, buttons)


def _ask_deadline(ctx: Ctx, round_: Round, problem: str = "") -> None:
    example = texts.date_vn(max(round_.deadline, ctx.today) + dt.timedelta(days=7))
    question = texts.ASK_DEADLINE.format(example=example, deadline=texts.date_vn(round_.deadline))
    RoundsState(step=Step.DEADLINE, code=round_.code).save(ctx)
    ctx.ask(f"{problem}\n{question}" if problem else question, [Choice(texts.BTN_BACK, BACK())], numbered=False)


class RoundsFlow:
    def resume(self, ctx: Ctx) -> None:
        state = RoundsState.of(ctx)
        round_ = round_by_code(ctx.session, state.code)
        if round_ is None or state.step == Step.LIST:
            _show_list(ctx)
        elif state.step == Step.DEADLINE:
            _ask_deadline(ctx, round_)
        elif state.step == Step.CONFIRM_CLOSE:
            self._confirm_close(ctx, round_)
        else:
            _show_round(ctx, round_)

    def on_input(self, ctx: Ctx, text: Optional[str], choice: Optional[str]) -> None:
        state, press = RoundsState.of(ctx), decode(choice)
        action = press.action if press is not None else None
        if action == LIST.name:
            _show_list(ctx)
            return
        if action == ROUND.name:
            round_ = round_by_code(ctx.session, press.text())
            _show_round(ctx, round_) if round_ else _show_list(ctx)
            return
        round_ = round_by_code(ctx.session, state.code)
        if round_ is None:
            _show_list(ctx)
        elif state.step == Step.DEADLINE:
            self._on_deadline(ctx, round_, text, choice)
        elif state.step == Step.CONFIRM_CLOSE:
            if choice == YES():
                self._change_status(ctx, round_, "closed")
            else:
                _show_round(ctx, round_)
        elif action in ON_ROUND:
            ON_ROUND[action](ctx, round_)
        else:
            ctx.say(texts.ERR_CHOICE)
            self.resume(ctx)

    @staticmethod
    def _confirm_close(ctx: Ctx, round_: Round) -> None:
        RoundsState(step=Step.CONFIRM_CLOSE, code=round_.code).save(ctx)
        ctx.ask(texts.CONFIRM_CLOSE.format(name=round_.name), [Choice(texts.BTN_YES, YES()), Choice(texts.BTN_NO, NO())])

    @staticmethod
    def _on_deadline(ctx: Ctx, round_: Round, text: Optional[str], choice: Optional[str]) -> None:
        if choice == BACK():
            _show_round(ctx, round_)
            return
        day = parse_date(text, ctx.today)
        if day is None:
            example = texts.date_vn(max(round_.deadline, ctx.today) + dt.timedelta(days=7))
            _ask_deadline(ctx, round_, texts.ERR_DATE.format(text=(text or "").strip(), example=example))
            return
        try:
            told = move_deadline(ctx.session, round_, day, ctx.settings, ctx.now, ctx.user.id)
        except round_store.RoundError as exc:
            _ask_deadline(ctx, round_, error_text(exc.code, round_, ctx.today))
            return
        ctx.changed.add("rounds")
        ctx.say(told)
        _show_round(ctx, round_)

    @staticmethod
    def _change_status(ctx: Ctx, round_: Round, status: str) -> None:
        try:
            told = set_status(ctx.session, round_, status, ctx.settings, ctx.now, ctx.user.id)
        except round_store.RoundError as exc:
            ctx.say(error_text(exc.code, round_, ctx.today))
            _show_round(ctx, round_)
            return
        ctx.changed.add("rounds")
        ctx.say(told)
        _show_round(ctx, round_)


# A button of one round's screen: its action → what it does.
ON_ROUND: dict[str, Callable[[Ctx, Round], None]] = {
    DEADLINE.name: _ask_deadline,
    CLOSE.name: RoundsFlow._confirm_close,
    OPEN.name: lambda ctx, round_: RoundsFlow._change_status(ctx, round_, "open"),
    OLD_OPEN: lambda ctx, round_: RoundsFlow._change_status(ctx, round_, "open"),
}

# What this module answers (main.py gathers every module's, in menu order).
COMMANDS = (Command(commands.ROUNDS, {ADMIN}, texts.BTN_ROUNDS, cmd_rounds),)
