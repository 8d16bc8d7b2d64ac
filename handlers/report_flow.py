"""Clerks report a round's results (/baocao, /trangthai): the report flow's state machine.

One question at a time, each answer saved at once, each section followed by the next (issue 18: about
one message a question each way). The state (which report, section and question: `ReportState`,
handlers/report_state.py) lives in the chat's row, so a lost signal or a restart continues where the
clerk stopped. The buttons (declared in handlers/report_state.py) of `NAVIGATION` work from any question;
"skip", "back", "undo", "yes", "no" and "opt:<n>" belong to the current question, by its mode
(`ON_MODE`, handlers/report_questions.py). The screens are
handlers/report_screens.py; the rules (what is missing, the checks, the edit lock) storage/submission.py.
"""

from __future__ import annotations

from typing import Callable, Optional

from bot import commands, texts
from bot.events import Choice
from handlers import review
from handlers.buttons import CONTINUE, ROUND, TURN, Press, decode
from handlers.context import Ctx
from handlers.registry import CLERK, OFFICIAL, Command, Reading
from handlers.report_questions import ask_question, reading, take_answer, take_confirmation
from handlers.report_screens import (
    part_problems,
    refuse_edit,
    report_line,
    report_parts,
    say_already_submitted,
    say_blocked,
    say_part_problems,
    say_submitted,
    show_overview,
    show_check,
    show_review,
    show_status,
)
from handlers.report_state import (
    CONFIRM,
    FIELD,
    FLOW,
    OVERVIEW,
    OVERVIEW_,
    PART,
    PAUSE,
    PICK_ROUND,
    REVIEW,
    SECTION,
    SUBMIT,
    Mode,
    ReportState,
    first_open_index,
    next_open,
    own_report,
    section_fields,
    set_mode,
)
from storage import reports
from storage import submission
from storage.models import Report, Round, Section, Unit



# --- commands ----------------------------------------------------------------


def cmd_report(ctx: Ctx, args: str) -> None:
    rounds = reports.open_rounds(ctx.session)
    chosen = [r for r in rounds if r.code == args] or (rounds if len(rounds) == 1 else [])
    if not rounds:
        ctx.say(texts.NO_OPEN_ROUND)
    elif not chosen:
        ReportState(mode=PICK_ROUND).start(ctx)
        ctx.ask(texts.PICK_ROUND, [Choice(r.name, ROUND(r.code)) for r in rounds])
    else:
        _open_report(ctx, chosen[0])


def report_for_command(ctx: Ctx, name: str, args: str) -> Optional[Report]:
    """The clerk's report for the round named in `args`, or the only open one; else ask which round."""
    rounds = reports.open_rounds(ctx.session)
    chosen = [r for r in rounds if r.code == args] or (rounds if len(rounds) == 1 else [])
    if not rounds:
        ctx.say(texts.NO_OPEN_ROUND)
    elif not chosen:
        ctx.ask(texts.PICK_ROUND, [Choice(r.name, f"{name} {r.code}") for r in rounds])
    else:
        return reports.get_or_create_report(ctx.session, chosen[0].id, ctx.user.unit_id)
    return None


def cmd_status(ctx: Ctx, _args: str) -> None:
    rounds = reports.open_rounds(ctx.session)
    if not rounds:
        ctx.say(texts.NO_OPEN_ROUND)
        return
    unit = ctx.unit
    for round_ in rounds:
        show_status(ctx, round_, unit, reports.find_report(ctx.session, round_.id, unit.id))


# --- the flow ----------------------------------------------------------------


class ReportFlow:
    def resume(self, ctx: Ctx) -> None:
        report = own_report(ctx)
        if report is None:
            ctx.end_flow()
            return
        state = ReportState.of(ctx)
        if state.mode == PICK_ROUND:
            cmd_report(ctx, "")
        elif state.asking:
            ask_question(ctx, report)
        else:
            show_overview(ctx, report)

    def reading(self, ctx: Ctx, text: str) -> Optional[Reading]:
        """How `text` would be taken here (handlers/placement.py): only a question of a section reads it."""
        report = own_report(ctx) if ReportState.of(ctx).mode == FIELD else None
        return reading(ctx, report, text) if report is not None else None

    def on_input(self, ctx: Ctx, text: Optional[str], choice: Optional[str]) -> None:
        mode, press = ReportState.of(ctx).mode, decode(choice)
        if mode == PICK_ROUND:
            round_ = reports.round_by_code(ctx.session, press.text() if press and press.action == ROUND.name else "")
            if round_ is None or round_.status != "open":
                cmd_report(ctx, "")
            else:
                _open_report(ctx, round_)
            return
        report = own_report(ctx)
        if report is None:  # the report is gone or not this clerk's: start over
            ctx.end_flow()
            cmd_report(ctx, "")
            return
        if press is not None and press.action in NAVIGATION:
            NAVIGATION[press.action](ctx, report, press)
        elif mode in ON_MODE:
            ON_MODE[mode](ctx, report, text, choice)
        else:  # typed at the overview or the review, and none of its choices
            ctx.say(texts.ERR_CHOICE)
            show_overview(ctx, report)


def _open_report(ctx: Ctx, round_: Round) -> None:
    """Straight to the question to answer (the one left open, else the first still to do), under a
    line saying which report; the overview when none is left (to send it), none may be changed, or the
    report came back with a reason (the clerk picks what to fix)."""
    report = reports.get_or_create_report(ctx.session, round_.id, ctx.user.unit_id)
    was = ReportState.of(ctx) if ctx.chat.flow == FLOW else ReportState()
    ReportState(mode=OVERVIEW, report_id=report.id).start(ctx)
    if report.status != "returned" and submission.edit_lock(ctx.session, report, round_, ctx.today) is None:
        if was.report_id == report.id and was.asking:  # back to the question left open
            was.save(ctx)
        else:
            found = next_open(ctx, report)
            if found is not None:
                set_mode(ctx, FIELD, section=found[0].code, index=found[1], pending=None)
        if ReportState.of(ctx).asking:
            ctx.say(report_line(ctx, report))
            ask_question(ctx, report)
            return
    show_overview(ctx, report)


def _pause(ctx: Ctx, report: Report, press: Press) -> None:
    ctx.end_flow()
    ctx.say(texts.PAUSED, [Choice(texts.BTN_MENU, commands.REPORT)])


def _review_page(ctx: Ctx, report: Report, press: Press) -> None:
    """The review: its first page, or page n of "turn:<n>", or of "review:<n from 0>" (before the pager)."""
    if press.action == TURN.name:
        show_review(ctx, report, press.index() or 1)
    elif press.args:
        show_review(ctx, report, (press.index() or 0) + 1)
    else:  # «Xem lại»: what needs a look, on one screen; every answer behind its button
        show_check(ctx, report)


def _open_part(ctx: Ctx, report: Report, press: Press) -> None:
    part = next((p for p in report_parts(ctx, report) if p.part_code == press.text()), None)
    if part is None:
        show_overview(ctx, report)
    else:
        part.open_list(ctx, report)


def _open_section(ctx: Ctx, report: Report, press: Press) -> None:
    section = reports.section_by_code(ctx.session, press.text())
    if section is None:
        show_overview(ctx, report)
    else:
        _enter_section(ctx, report, section)


def _submit(ctx: Ctx, report: Report) -> None:
    round_, unit = ctx.session.get(Round, report.round_id), ctx.session.get(Unit, report.unit_id)
    if refuse_edit(ctx, report, round_):
        return
    blocked = submission.blocked(ctx.session, report, unit)
    if blocked is not None:
        say_blocked(ctx, report, blocked)
        return
    if part_problems(ctx, report):
        say_part_problems(ctx, report)
        return
    if submission.unchanged_since_submitted(report):
        ctx.end_flow()
        say_already_submitted(ctx, report)
        return
    previous = reports.submit(ctx.session, report, ctx.user.id, ctx.now)
    review.tell_returners(ctx, report, previous)
    ctx.end_flow()
    say_submitted(ctx, report, round_)


# --- sections ---------------------------------------------------------------------


def _enter_section(ctx: Ctx, report: Report, section: Section, index: Optional[int] = None) -> None:
    if refuse_edit(ctx, report, ctx.session.get(Round, report.round_id)):
        return
    fields = section_fields(ctx, report, section.code)
    if not fields:
        show_overview(ctx, report)
        return
    if index is None:
        index = first_open_index(fields, reports.values_of(ctx.session, report.id)) or 0
    set_mode(ctx, FIELD, section=section.code, index=index, pending=None)
    ask_question(ctx, report)


def _continue(ctx: Ctx, report: Report) -> None:
    found = next_open(ctx, report)
    if found is not None:
        _enter_section(ctx, report, *found)
    else:
        show_overview(ctx, report, texts.ALL_ANSWERED)


# The buttons that work from any question: action → what it does.
NAVIGATION: dict[str, Callable[[Ctx, Report, Press], None]] = {
    PAUSE.name: _pause,
    OVERVIEW_.name: lambda ctx, report, press: show_overview(ctx, report),
    REVIEW.name: _review_page,
    TURN.name: _review_page,
    SUBMIT.name: lambda ctx, report, press: _submit(ctx, report),
    CONTINUE.name: lambda ctx, report, press: _continue(ctx, report),
    PART.name: _open_part,
    SECTION.name: _open_section,
}
# An answer to the question the flow is waiting for, by its mode (the overview's own are its buttons).
ON_MODE: dict[Mode, Callable[[Ctx, Report, Optional[str], Optional[str]], None]] = {
    CONFIRM: lambda ctx, report, text, choice: take_confirmation(ctx, report, choice),
    FIELD: take_answer,
}

# What this module answers (main.py gathers every module's, in menu order).
COMMANDS = (
    Command(commands.REPORT, {CLERK, OFFICIAL}, texts.BTN_REPORT, cmd_report),  # an official: the authority's own
    Command(commands.STATUS, {CLERK}, texts.BTN_STATUS, cmd_status),
)
