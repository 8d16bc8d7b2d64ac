"""Officials approve or return a commune's report; admins unlock; everyone in charge reads the trail.

- /xa's view of a submitted report carries "Duyệt" / "Trả lại" (handlers/officials.py puts the commands
  `/pheduyet <id>`, `/tralai <id>` there: always valid buttons, so two officials can press at once; the
  database decides).
- /duyet walks through the reports awaiting review, oldest submission first (flow "review").
- Returning and unlocking ask for a reason (free text). The clerks hear of every decision,
  the officials who returned a report hear of its resubmission (`tell_returners`, called by the report
  flow; `ctx.notify`, sent after commit).
- /lichsu <unit>: the audit trail, readable.
Only units under the official's own unit (the `Scope` of storage/figures.py) can be acted on.
The chat's state is `ReviewState` (its step an Enum), routed by step (`ON_STEP`, `RESUME`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable, ClassVar, Optional

from sqlmodel import Session, select

from bot import commands, texts
from bot.documents.compare import stands_out_line
from bot.events import Choice
from handlers import reasons
from handlers.buttons import Action, decode
from handlers.common import MAX_CANDIDATES, current_round, local_time, say_long
from handlers.context import Ctx
from handlers.history import last_year
from handlers.registry import ADMIN, OFFICIALS, Command
from handlers.council_results import step_text as council_step_text
from handlers.flow_state import FlowState
from storage import reports
from storage import review as review_store
from storage.figures import Scope
from storage.models import AuditLog, Indicator, Report, Round, Unit, User
from storage.text import parse_id
from storage.values import value_type

log = logging.getLogger(__name__)
FLOW = "review"
HISTORY_UP_TO = 150  # entries shown by /lichsu (the newest); the rest is counted
VALUE_SHOWN = 60  # characters of an old/new text value in the trail


APPROVE, RETURN, SKIP = Action("approve"), Action("return"), Action("skip")


class Step(Enum):
    WALK = "walk"  # /duyet: a report of the queue on screen
    REASON = "reason"  # why the report is returned
    UNLOCK_REASON = "unlock_reason"  # why it is unlocked
    HISTORY_UNIT = "history_unit"  # which unit's trail (/lichsu, typed)
    UNLOCK_UNIT = "unlock_unit"  # which unit to unlock (/mokhoa, typed)


@dataclass(frozen=True)
class ReviewState(FlowState):
    flow: ClassVar[str] = FLOW
    step: Step = Step.WALK
    report_id: Optional[int] = None
    skipped: tuple[int, ...] = ()  # put off in this walk through the queue
    walking: bool = False  # returning from /duyet's queue (the next report follows)

    @classmethod
    def legacy(cls, data: dict[str, Any]) -> dict[str, Any]:
        return {"step": data.get("mode"), **data}  # "mode" before the typed state


def _set(ctx: Ctx, **changes: Any) -> None:
    ReviewState.of(ctx).but(**changes).save(ctx)


# --- acting on one report --------------------------------------------------------------


def _report_in_scope(ctx: Ctx, report_id: str | int) -> Optional[Report]:
    """The report, if it exists and is under the official's unit (a refusal is said and logged)."""
    report_id = parse_id(report_id)  # "/pheduyet 99999999999999999999" is no report, not an error
    report = ctx.session.get(Report, report_id) if report_id else None
    if report is None:
        ctx.say(texts.REPORT_GONE)
        return None
    if not review_store.in_scope(ctx.session, report, ctx.user.unit_id):
        log.info("refused review of report %s for user %s (unit %s)", report.id, ctx.user.id, ctx.user.unit_id)
        ctx.say(texts.NOT_YOUR_UNIT)
        return None
    return report


def _names(ctx: Ctx, report: Report) -> tuple[Unit, Round]:
    return ctx.session.get(Unit, report.unit_id), ctx.session.get(Round, report.round_id)


def _already_handled(ctx: Ctx, report: Report, winner: Optional[AuditLog]) -> None:
    unit, _ = _names(ctx, report)
    by = ""
    if winner is not None:
        who = ctx.session.get(User, winner.user_id) if winner.user_id else None
        by = texts.ALREADY_BY.format(who=who.full_name if who else texts.HISTORY_SOMEONE,
                                 action=step_text(ctx.session, winner), at=local_time(ctx, winner.at))
    ctx.say(texts.ALREADY_HANDLED.format(unit=texts.unit_name(unit), status=texts.STATUS_NAMES[report.status], by=by))


@dataclass(frozen=True)
class _Outcome:
    """What one review decision tells the clerks and the official."""

    notice: str  # to the unit's clerks
    button: Choice  # under the notice
    done: str  # to the official


_OUTCOMES = {
    "approve": _Outcome(texts.NOTICE_APPROVED, Choice(texts.BTN_STATUS, commands.STATUS), texts.APPROVED_DONE),
    "return": _Outcome(texts.NOTICE_RETURNED, Choice(texts.BTN_OPEN_REPORT, commands.REPORT), texts.RETURNED_DONE),
    "unlock": _Outcome(texts.NOTICE_UNLOCKED, Choice(texts.BTN_OPEN_REPORT, commands.REPORT), texts.UNLOCKED_DONE),
}


def _told(unit: Unit) -> str:
    """Who hears of a decision: the commune's clerks, or for the authority's own report the officials who keep it."""
    return texts.TOLD_CLERKS if unit.is_reporting else texts.TOLD_OFFICIALS


def _refuse_own(ctx: Ctx, report: Report) -> bool:
    """An official does not approve nor return the report they sent themselves (the authority's own): said."""
    if report.status != "submitted" or not review_store.own_submission(ctx.session, report, ctx.user.id):
        return False
    ctx.say(texts.OWN_REPORT_NOT_YOURS.format(unit=texts.unit_name(_names(ctx, report)[0])))
    return True


def _decide(ctx: Ctx, report: Report, action: str, reason: str = "") -> bool:
    """Apply one decision if nobody else has; tell the clerks, or tell the official who was first."""
    unit, round_ = _names(ctx, report)
    if action != "unlock" and _refuse_own(ctx, report):
        return False
    decision = review_store.decide(ctx.session, report, ctx.user.id, action, reason or None)
    if not decision.done:
        _already_handled(ctx, report, decision.winner)
        return False
    outcome = _OUTCOMES[action]
    notice = outcome.notice.format(round=round_.name, unit=texts.unit_name(unit), by=ctx.user.full_name, reason=reason)
    button = outcome.button if unit.is_reporting else Choice(texts.BTN_OPEN_REPORT, commands.REPORT)
    for person in review_store.clerks_of(ctx.session, unit.id):
        if person.id != ctx.user.id:
            ctx.notify(person.id, notice, [button])
    ctx.say(outcome.done.format(unit=texts.unit_name(unit), who=_told(unit)))
    return True


def approve(ctx: Ctx, report: Report) -> bool:
    return _decide(ctx, report, "approve")


def give_back(ctx: Ctx, report: Report, reason: str) -> bool:
    return _decide(ctx, report, "return", reason)


def unlock(ctx: Ctx, report: Report, reason: str) -> bool:
    return _decide(ctx, report, "unlock", reason)


def cmd_approve(ctx: Ctx, args: str) -> None:
    report = _report_in_scope(ctx, args)
    if report is not None:
        ctx.end_flow()
        approve(ctx, report)


def cmd_return(ctx: Ctx, args: str) -> None:
    report = _report_in_scope(ctx, args)
    if report is None:
        return
    if report.status != "submitted":  # say so now rather than after the reason is typed
        _already_handled(ctx, report, review_store.last_step(ctx.session, report.id))
        return
    if _refuse_own(ctx, report):
        return
    ReviewState(step=Step.REASON, report_id=report.id).start(ctx)
    _ask_reason(ctx)


# --- /duyet: the queue, one report at a time --------------------------------------------------


def cmd_queue(ctx: Ctx, _args: str) -> None:
    ReviewState(walking=True).start(ctx)
    _show_next(ctx)


def _show_next(ctx: Ctx) -> None:
    skipped = set(ReviewState.of(ctx).skipped)
    waiting = review_store.awaiting(ctx.session, ctx.user.unit_id, ctx.user.id)
    left = [r for r in waiting if r.id not in skipped]
    if not left:
        ctx.end_flow()
        ctx.say(texts.QUEUE_EMPTY)
        return
    report = left[0]
    _set(ctx, step=Step.WALK, report_id=report.id)
    unit, round_ = _names(ctx, report)
    scope = Scope(ctx.session, round_, ctx.now.tzinfo, ctx.user.unit_id)
    values = reports.values_of(ctx.session, report.id)
    questions = [i for s in reports.sections(ctx.session) for i in reports.indicators_of(ctx.session, s.code, unit)]
    edits = len(ctx.session.exec(select(AuditLog.id).where(AuditLog.report_id == report.id,
                                                              AuditLog.action == "edit_after_submit")).all())
    text = texts.QUEUE_CARD.format(
        n=len(waiting) - len(left) + 1, total=len(waiting), unit=texts.unit_name(unit), round=round_.name,
        at=local_time(ctx, report.submitted_at), receipt=report.receipt_no,
        timing=texts.ON_TIME if report.submitted_at < scope.cutoff else texts.LATE,
        again=texts.QUEUE_AGAIN.format(n=report.submissions) if report.submissions > 1 else "",
        answered=sum(1 for i in questions if reports.is_answered(values.get(i.code))), questions=len(questions),
        edits=texts.QUEUE_EDITS.format(n=edits) if edits else "")
    text += stands_out_line(list(last_year(ctx.session, report, unit, values).values()))
    ctx.ask(text, [Choice(texts.BTN_APPROVE, APPROVE()), Choice(texts.BTN_RETURN, RETURN()),
                   Choice(texts.BTN_SKIP_REPORT, SKIP()), Choice(texts.BTN_FULL_VIEW, f"{commands.UNIT_VIEW} {unit.code}"),
                   Choice(texts.BTN_CANCEL, commands.CANCEL)], columns=3)


def _ask_reason(ctx: Ctx, problem: str = "") -> None:
    state = ReviewState.of(ctx)
    report = ctx.session.get(Report, state.report_id or 0)
    unit = ctx.session.get(Unit, report.unit_id) if report else None
    template = texts.ASK_UNLOCK_REASON if state.step == Step.UNLOCK_REASON else texts.ASK_RETURN_REASON
    reasons.ask(ctx, reasons.question(template, unit=texts.unit_name(unit), who=_told(unit) if unit else ""),
                [Choice(texts.BTN_CANCEL, commands.CANCEL)],
                problem=problem)


def _on_reason(ctx: Ctx, report: Report, text: Optional[str], choice: Optional[str]) -> None:
    reasons.answer(text, decode(choice), lambda reason: _give_reason(ctx, report, reason),
                   lambda problem: _ask_reason(ctx, problem))


def _give_reason(ctx: Ctx, report: Report, reason: str) -> None:
    state = ReviewState.of(ctx)
    if state.step == Step.UNLOCK_REASON:
        ctx.end_flow()
        unlock(ctx, report, reason)
        return
    give_back(ctx, report, reason)
    if state.walking:
        _show_next(ctx)
    else:
        ctx.end_flow()


def _on_card(ctx: Ctx, report: Report, text: Optional[str], choice: Optional[str]) -> None:
    """A button of a queued report's card (anything else shows the queue's next report)."""
    press = decode(choice)
    action = press.action if press is not None else None
    if action == APPROVE.name:
        approve(ctx, report)
        _show_next(ctx)
    elif action == RETURN.name and report.status != "submitted":
        _already_handled(ctx, report, review_store.last_step(ctx.session, report.id))
        _show_next(ctx)
    elif action == RETURN.name:
        _set(ctx, step=Step.REASON)
        _ask_reason(ctx)
    elif action == SKIP.name:
        _set(ctx, skipped=ReviewState.of(ctx).skipped + (report.id,))
        _show_next(ctx)
    else:
        _show_next(ctx)


def _on_unit(ctx: Ctx, text: Optional[str], _choice: Optional[str]) -> None:
    """A unit's name typed for /lichsu or /mokhoa."""
    if not text:
        _ask_unit(ctx)
    elif ReviewState.of(ctx).step == Step.HISTORY_UNIT:
        cmd_history(ctx, text)
    else:
        cmd_unlock(ctx, text)


# --- the clerk resubmits: tell who returned it ----------------------------------------------------


def tell_returners(ctx: Ctx, report: Report, previous: str) -> None:
    """After a clerk submits (`previous`: the status before), the officials who had returned it hear of it."""
    if previous != "returned":
        return
    unit, round_ = _names(ctx, report)
    for user_id in review_store.returners(ctx.session, report.id):
        ctx.notify(user_id, texts.NOTICE_RESUBMITTED.format(unit=texts.unit_name(unit), round=round_.name,
                                                        receipt=report.receipt_no, at=texts.datetime_vn(ctx.now)),
                   [Choice(texts.BTN_FULL_VIEW, f"{commands.UNIT_VIEW} {unit.code}"), Choice(texts.BTN_REVIEW_NEXT, commands.REVIEW_QUEUE)])


# --- which unit (typed) ---------------------------------------------------------------------------


def _ask_unit(ctx: Ctx, problem: str = "") -> None:
    what = texts.WHAT_UNLOCK if ReviewState.of(ctx).step == Step.UNLOCK_UNIT else texts.WHAT_HISTORY
    ctx.ask(problem or texts.ASK_UNIT_FOR.format(what=what), [Choice(texts.BTN_CANCEL, commands.CANCEL)], numbered=False)


def _unit_report(ctx: Ctx, args: str, name: str, step: Step) -> Optional[tuple[Unit, Round, Optional[Report]]]:
    """The unit named in `args` (asked for when missing or unknown) and its report of the default round."""
    if not args:
        ReviewState(step=step).start(ctx)
        _ask_unit(ctx)
        return None
    units = review_store.find_units(ctx.session, args, ctx.user.unit_id)
    if not units:
        ReviewState(step=step).start(ctx)
        _ask_unit(ctx, texts.UNIT_NOT_FOUND.format(query=args))
        return None
    ctx.end_flow()
    if len(units) > 1:
        ctx.say(texts.UNIT_AMBIGUOUS.format(query=args),
                [Choice(texts.unit_name(u), f"{name} {u.code}") for u in units[:MAX_CANDIDATES]], columns=2)
        return None
    round_ = current_round(ctx)
    if round_ is None:
        return None
    return units[0], round_, reports.find_report(ctx.session, round_.id, units[0].id)


# --- /mokhoa (admins) ------------------------------------------------------------------------------


def cmd_unlock(ctx: Ctx, args: str) -> None:
    found = _unit_report(ctx, args, commands.UNLOCK, Step.UNLOCK_UNIT)
    if found is None:
        return
    unit, _round, report = found
    if report is None or report.status != "approved":
        status = texts.STATUS_NAMES[report.status] if report else texts.STATUS_NONE
        ctx.say(texts.NOT_APPROVED.format(unit=texts.unit_name(unit), status=status))
        return
    ReviewState(step=Step.UNLOCK_REASON, report_id=report.id).start(ctx)
    _ask_reason(ctx)


# --- /lichsu: the audit trail -----------------------------------------------------------------------


def cmd_history(ctx: Ctx, args: str) -> None:
    found = _unit_report(ctx, args, commands.HISTORY, Step.HISTORY_UNIT)
    if found is None:
        return
    unit, round_, report = found
    status = texts.STATUS_NAMES[report.status] if report else texts.STATUS_NONE
    head = texts.HISTORY_HEAD.format(unit=texts.unit_name(unit), round=round_.name, status=status)
    steps = review_store.trail(ctx.session, report.id) if report else []
    if not steps:
        ctx.say(f"{head}\n{texts.HISTORY_EMPTY}")
        return
    indicators = {i.code: i for i in ctx.session.exec(select(Indicator)).all()}
    lines = [texts.HISTORY_LINE.format(at=local_time(ctx, step.at), who=who.full_name if who else texts.HISTORY_SOMEONE,
                                   what=step_text(ctx.session, step, indicators)) for step, who in steps]
    blocks = [head]
    if len(lines) > HISTORY_UP_TO:
        blocks.append(texts.HISTORY_OLDER.format(n=len(lines) - HISTORY_UP_TO))
        lines = lines[-HISTORY_UP_TO:]
    blocks.append("\n".join(lines))
    say_long(ctx, blocks, [Choice(texts.BTN_FULL_VIEW, f"{commands.UNIT_VIEW} {unit.code}")])


def step_text(session: Session, step: AuditLog, indicators: Optional[dict[str, Indicator]] = None) -> str:
    """One step of a report's trail in words (/lichsu, and the unit's page on the web)."""
    detail = step.detail or {}
    council_step = council_step_text(session, step)  # the council's decisions on the unit's nominees
    if council_step is not None:
        return council_step
    if step.action in texts.HISTORY_ACTIONS:
        return texts.HISTORY_ACTIONS[step.action].format(receipt=detail.get("receipt_no") or "",
                                                     reason=detail.get("reason") or "")
    if step.action == "edit_after_submit":
        if indicators is None:
            indicators = {i.code: i for i in session.exec(select(Indicator)).all()}
        field = str(detail.get("field", ""))
        code = field.removeprefix("plan:")
        ind = indicators.get(code)
        name = ind.name if ind else field
        if field.startswith("plan:"):
            name = texts.HISTORY_PLAN.format(name=name)
        return texts.HISTORY_EDIT.format(field=name, old=_shown(ind, detail.get("old")), new=_shown(ind, detail.get("new")))
    table, _, change = step.action.rpartition("_")  # nomination_add, rolemodel_edit…
    if table in texts.HISTORY_LISTS and change in texts.HISTORY_LIST:
        return texts.HISTORY_LIST[change].format(what=texts.HISTORY_LISTS[table])
    return texts.HISTORY_OTHER.format(action=step.action)


def _shown(ind: Optional[Indicator], value) -> str:
    if value is None or value == "":
        return texts.HISTORY_NOTHING
    text = value_type(ind).show(ind, value) if ind is not None else str(value)
    return text if len(text) <= VALUE_SHOWN else text[:VALUE_SHOWN - 1] + "…"


# --- the conversation: what an answer does, by the step -------------------------------------------------


Handler = Callable[[Ctx, Report, Optional[str], Optional[str]], None]
# What an answer does, by the step the chat is on (a report's steps; the unit's name is asked before one).
ON_STEP: dict[Step, Handler] = {Step.WALK: _on_card, Step.REASON: _on_reason, Step.UNLOCK_REASON: _on_reason}
UNIT_STEPS = (Step.HISTORY_UNIT, Step.UNLOCK_UNIT)
# What each step shows again (after a restart, a stale button).
RESUME: dict[Step, Callable[[Ctx], None]] = {Step.WALK: _show_next, Step.REASON: _ask_reason,
                                             Step.UNLOCK_REASON: _ask_reason, Step.HISTORY_UNIT: _ask_unit,
                                             Step.UNLOCK_UNIT: _ask_unit}


class ReviewFlow:
    def resume(self, ctx: Ctx) -> None:
        RESUME[ReviewState.of(ctx).step](ctx)

    def on_input(self, ctx: Ctx, text: Optional[str], choice: Optional[str]) -> None:
        state = ReviewState.of(ctx)
        if state.step in UNIT_STEPS:
            _on_unit(ctx, text, choice)
            return
        report = _report_in_scope(ctx, state.report_id)
        if report is None:
            ctx.end_flow()
            return
        ON_STEP[state.step](ctx, report, text, choice)

# What this module answers (main.py gathers every module's, in menu order).
COMMANDS = (
    Command(commands.APPROVE, OFFICIALS, texts.BTN_APPROVE, cmd_approve, in_menu=False),
    Command(commands.RETURN, OFFICIALS, texts.BTN_RETURN, cmd_return, in_menu=False),
    Command(commands.REVIEW_QUEUE, OFFICIALS, texts.BTN_REVIEW_QUEUE, cmd_queue),
    Command(commands.UNLOCK, {ADMIN}, texts.BTN_UNLOCK, cmd_unlock, in_menu=False),
    Command(commands.HISTORY, OFFICIALS, texts.BTN_HISTORY, cmd_history),
)
