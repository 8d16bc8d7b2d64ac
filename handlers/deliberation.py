"""/binhxet: the district council deliberates the round's nominations.

An official picks a form (progress per form: "LĐTT: 34/40 đã xét") and goes through its nominees one
screen at a time: «Đạt» (a form this level awards), «Chuyển đề nghị cấp trên» (a form above it),
«Không đạt» (asks a reason), «Để sau» (this conversation only). What is decided and what the rules say
about it is storage/deliberation.py; two officials deciding the same nominee get one outcome, and the
other is told who decided. When a unit's nominees for a form are all decided, its clerks are told the
outcome (handlers/council_results.py). "📋 Đã xét" lists the decided ones; an admin may undo a
decision there, with a reason. Only the units under the official's own unit are deliberated.

The chat's state is `CouncilState` (its step an Enum); a press is routed by its action (`PRESSES`,
then `ON_STEP` for the buttons of one step), typed text by the step.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable, ClassVar, Optional

from bot import commands, texts
from bot.documents.wording import form_short
from bot.events import Choice
from bot.rendering import SCREEN_LIMIT
from handlers import reasons, records
from handlers.buttons import BACK, TURN, Action, Arg, Press, decode
from handlers.common import current_round, fit, local_time, official_scope
from handlers.context import Ctx
from handlers.council_results import send_documents, tell_clerks
from handlers.flow_state import FlowState
from handlers.pager import Entry, say_paged
from handlers.registry import ADMIN, OFFICIALS, Command
from storage import deliberation as council
from storage import lookup
from storage import nominations
from storage import review as review_store
from storage.models import Round, User

FLOW = "deliberation"
ACHIEVEMENTS_AT_LEAST = 80  # characters of the achievements a card keeps however much else it says
PROBLEMS_SHOWN = 2
PAGE = 8  # decided nominees per page at most: a short menu to pick from
MAX_ROUNDS = 12

FORMS, DOCS, FORM = Action("forms"), Action("docs"), Action("form", Arg.CODE)
AGAIN, NEXT, DECIDED, OPEN = Action("again"), Action("next"), Action("decided"), Action("open", Arg.ID)
PASS, UP, REFUSE, LATER, UNDO = Action("pass"), Action("up"), Action("refuse"), Action("later"), Action("undo")
OLD_PAGE = "page"  # "page:<n>" (from 1): the decided list's page, on a button sent before the pager


class Step(Enum):
    FORMS = "forms"  # the forms and their progress
    CARD = "card"  # one nominee to decide
    FORM_DONE = "form_done"  # a form with nothing left to decide (but what was put off)
    REASON = "reason"  # why the nominee on the card is refused
    DECIDED_LIST = "decided_list"  # the decided nominees of the form, a page at a time
    DECIDED = "decided"  # one decided nominee (an admin may undo it)
    UNDO_REASON = "undo_reason"  # why the decision is undone
    ENDORSE_REASON = "endorse_reason"  # why the nominee on the card is passed (sent up) with a streak year missing


@dataclass(frozen=True)
class CouncilState(FlowState):
    flow: ClassVar[str] = FLOW
    round_id: Optional[int] = None
    step: Step = Step.FORMS
    form: Optional[str] = None  # the form's code
    nomination_id: Optional[int] = None  # the nominee on screen
    skipped: tuple[int, ...] = ()  # put off in this conversation
    page: int = 1  # of the decided list
    version: int = 0  # of the decision shown, for an undo

    @classmethod
    def legacy(cls, data: dict[str, Any]) -> dict[str, Any]:
        return {"step": data.get("mode"), **data}  # "mode" before the typed state


def _state(ctx: Ctx) -> CouncilState:
    return CouncilState.of(ctx)


def _set(ctx: Ctx, **changes: Any) -> None:
    _state(ctx).but(**changes).save(ctx)


def _round(ctx: Ctx) -> Optional[Round]:
    return ctx.session.get(Round, _state(ctx).round_id or 0)


def _items(ctx: Ctx) -> list[council.Item]:
    return council.items(official_scope(ctx, _round(ctx)))


def _form_rows(ctx: Ctx) -> list[council.Item]:
    """The nominees of the form the chat is on."""
    code = _state(ctx).form
    return [i for i in _items(ctx) if i.form_code == code]


def _form_short(item: council.Item) -> str:
    return form_short(item.nominee.form, item.form_code)


def _who(ctx: Ctx, user_id: Optional[int]) -> str:
    user = ctx.session.get(User, user_id) if user_id else None
    return user.full_name if user else texts.HISTORY_SOMEONE


# --- /binhxet: the forms and their progress --------------------------------------------------------


def cmd_deliberate(ctx: Ctx, args: str) -> None:
    round_ = _pick_round(ctx, args)
    if round_ is None:
        return
    CouncilState(round_id=round_.id).start(ctx)
    _show_forms(ctx)


def _pick_round(ctx: Ctx, args: str) -> Optional[Round]:
    if not args.strip():
        return current_round(ctx)
    rounds = lookup.find_round(ctx.session, args)
    if len(rounds) == 1:
        return rounds[0]
    every = lookup.rounds_for_officials(ctx.session)
    ctx.say(texts.COUNCIL_ROUND_NOT_FOUND.format(query=args),
            [Choice(r.name, f"{commands.DELIBERATE} {r.code}") for r in (rounds or every)[:MAX_ROUNDS]])
    return None


def _show_forms(ctx: Ctx, lead: str = "") -> None:
    round_ = _round(ctx)
    rows = _items(ctx)
    if not rows:
        ctx.end_flow()
        ctx.say("\n\n".join(filter(None, [lead, texts.COUNCIL_NONE.format(round=round_.name)])))
        return
    _set(ctx, step=Step.FORMS, form=None, nomination_id=None)
    level = texts.LEVEL_NAMES.get(nominations.meta(ctx.session).authority_level, "")
    lines, buttons, heading = [texts.COUNCIL_HEAD.format(round=round_.name)], [], None
    for p in council.progress(rows):
        group = texts.COUNCIL_UP if p.goes_up else texts.COUNCIL_OWN.format(level=level)
        if group != heading:
            lines.append(group)
            heading = group
        counts = " · ".join(f"{texts.OUTCOME_MARKS[o]} {p.counts[o]}" for o in council.OUTCOMES if p.counts[o])
        lines.append(texts.COUNCIL_FORM_LINE.format(form=form_short(p.form, p.code), decided=p.decided, total=p.total,
                                                    counts=texts.COUNCIL_COUNTS.format(items=counts) if counts else ""))
        label = texts.COUNCIL_FORM_DONE if p.finished else texts.COUNCIL_FORM_LEFT
        buttons.append(Choice(label.format(form=form_short(p.form, p.code), left=p.total - p.decided), FORM(p.code)))
    lines.append(texts.COUNCIL_PICK)
    text = "\n".join(lines)
    if lead:
        text = f"{lead}\n\n{text}"
    buttons += [Choice(texts.BTN_COUNCIL_DOCS, DOCS()), Choice(texts.BTN_CANCEL, commands.CANCEL)]
    ctx.ask(fit(text, SCREEN_LIMIT), buttons, columns=2)


# --- one form, one nominee at a time -----------------------------------------------------------------


def _show_next(ctx: Ctx, lead: str = "") -> None:
    """The next nominee of the chosen form nobody has decided and this official has not put off."""
    rows = _form_rows(ctx)
    if not rows:
        _show_forms(ctx, lead)
        return
    skipped = set(_state(ctx).skipped)
    pending = [i for i in rows if not i.decided]
    waiting = [i for i in pending if i.id not in skipped]
    if waiting:
        _show_card(ctx, waiting[0], rows, lead)
        return
    _set(ctx, step=Step.FORM_DONE, nomination_id=None)
    form = _form_short(rows[0])
    decided = len(rows) - len(pending)
    text = (texts.FORM_DEFERRED.format(form=form, decided=decided, total=len(rows), n=len(pending)) if pending
            else texts.FORM_FINISHED.format(form=form, total=len(rows)))
    buttons = [Choice(texts.BTN_DEFERRED_AGAIN, AGAIN())] if pending else []
    buttons += [Choice(texts.BTN_DECIDED, DECIDED()), Choice(texts.BTN_FORMS, FORMS())]
    ctx.ask("\n\n".join(filter(None, [lead, text])), buttons, columns=2)


def _card_text(ctx: Ctx, item: council.Item, rows: list[council.Item], lead: str = "") -> str:
    """One screen about one nominee: who, unit, form, achievements, initiative, rule problems (and its decision).

    To fit one screen whatever the rest says, the rule problems are shortened first (the achievements keep
    at least ACHIEVEMENTS_AT_LEAST characters), then the achievements."""
    x, n = item.nominee, item.nominee.nomination
    decided = sum(1 for i in rows if i.decided)
    top = [texts.CARD_HEAD.format(form=_form_short(item), decided=decided, total=len(rows), n=x.number,
                                  unit=texts.unit_name(x.unit))]
    if x.goes_up and x.form is not None:
        top.append(texts.CARD_UP.format(level=texts.LEVEL_NAMES.get(x.form.decided_by, x.form.decided_by)))
    top.append(texts.CARD_WHO.format(name=n.name, subject=texts.SUBJECT_NAMES.get(n.subject or "", "")))
    if n.position:
        top.append(fit(texts.CARD_POSITION.format(position=n.position), 160))
    extra = []
    if n.prereq_mode == "held" and n.prereq_ref:
        prereq = nominations.forms(ctx.session).get(x.form.prerequisite if x.form else "")
        extra.append(fit(texts.CARD_PREREQ_HELD.format(prereq=form_short(prereq), ref=n.prereq_ref), 120))
    if n.initiative:
        extra.append(fit(texts.CARD_INITIATIVE.format(name=n.initiative, ref=f" ({n.initiative_ref})"
                                                       if n.initiative_ref else ""), 160))
    if item.decided:
        d = item.decision
        extra.append(texts.CARD_DECIDED.format(outcome=texts.OUTCOME_NAMES[d.outcome], who=_who(ctx, d.decided_by),
                                               at=local_time(ctx, d.decided_at)))
        if d.reason:
            extra.append(fit(texts.CARD_REASON.format(reason=d.reason), 200))
        if d.marks:
            extra.append(texts.CARD_MARKS.format(rules=", ".join(texts.RULE_NAMES.get(k, k) for k in d.marks)))
    problems = [texts.say(p) for p in x.problems[:PROBLEMS_SHOWN]]
    problems += [records.streak_line(ctx.session, c, n.name or "") for c in x.streaks]
    problem_text = ("\n".join([texts.COUNCIL_CARD_PROBLEMS] + [f"• {p}" for p in problems]) if problems
                    else texts.CARD_NO_PROBLEMS)
    head = "\n\n".join(filter(None, [lead, "\n".join(top)]))
    room = SCREEN_LIMIT - len(head) - len("\n".join(extra)) - 3  # what the achievements and the problems share
    problem_text = fit(problem_text, max(room - ACHIEVEMENTS_AT_LEAST, len(texts.COUNCIL_CARD_PROBLEMS) + 40))
    achievements = fit(texts.CARD_ACHIEVEMENTS.format(text=n.achievements or ""), room - len(problem_text))
    return fit("\n".join(filter(None, [head, achievements, *extra, problem_text])), SCREEN_LIMIT)


def _show_card(ctx: Ctx, item: council.Item, rows: list[council.Item], lead: str = "") -> None:
    _set(ctx, step=Step.CARD, nomination_id=item.id)
    endorse = (Choice(texts.BTN_SEND_UP, UP()) if council.SENT_UP in council.outcomes_for(item.nominee)
               else Choice(texts.BTN_PASS, PASS()))
    ctx.ask(_card_text(ctx, item, rows, lead),
            [endorse, Choice(texts.BTN_REFUSE, REFUSE()), Choice(texts.BTN_DEFER, LATER()),
             Choice(texts.BTN_DECIDED, DECIDED()), Choice(texts.BTN_FORMS, FORMS())], columns=3)


def _item(ctx: Ctx, rows: Optional[list[council.Item]] = None) -> Optional[council.Item]:
    """The nominee on screen (None when it left the lists): found in `rows`, or read with its unit's list only."""
    wanted = _state(ctx).nomination_id
    if rows is None:
        return council.item(official_scope(ctx, _round(ctx)), wanted) if wanted else None
    return next((i for i in rows if i.id == wanted), None)


def _decide(ctx: Ctx, outcome: str, reason: Optional[str] = None) -> None:
    item = _item(ctx)
    if item is None:
        _show_next(ctx, texts.NOMINEE_GONE)
        return
    x = item.nominee
    result = council.decide(ctx.session, item, outcome, ctx.user.id, reason, ctx.now)
    if result.refused_by:  # the card is just above: what is wrong, and what may be decided instead
        rules = "\n".join(f"• {texts.decision_violation_text(v)}" for v in result.refused_by)
        _set(ctx, step=Step.CARD)
        text = texts.DECISION_BROKE_RULE.format(outcome=texts.OUTCOME_NAMES[outcome], name=x.nomination.name,
                                                form=_form_short(item), unit=texts.unit_name(x.unit), rules=rules)
        ctx.ask(fit(text, SCREEN_LIMIT), [Choice(texts.BTN_REFUSE, REFUSE()), Choice(texts.BTN_DEFER, LATER()),
                                          Choice(texts.BTN_FORMS, FORMS())], columns=3)
        return
    if not result.done:
        _show_next(ctx, _decided_by_other(ctx, item, result.decision))
        return
    lines = [texts.DECISION_SAVED.format(name=x.nomination.name, form=_form_short(item),
                                         outcome=texts.OUTCOME_NAMES[outcome])]
    if result.marks:
        lines.append(texts.DECISION_MARKED.format(rules=", ".join(texts.RULE_NAMES.get(v.kind, v.kind)
                                                                  for v in result.marks)))
    if result.finished:
        tell_clerks(ctx, _round(ctx), x.unit, item.form_code)
        lines.append(texts.CLERKS_TOLD.format(form=_form_short(item), unit=texts.unit_name(x.unit)))
    _show_next(ctx, "\n".join(lines))


def _decided_by_other(ctx: Ctx, item: council.Item, decision) -> str:
    return texts.DECIDED_BY_OTHER.format(name=item.nominee.nomination.name, form=_form_short(item),
                                         who=_who(ctx, decision.decided_by), at=local_time(ctx, decision.decided_at),
                                         outcome=texts.OUTCOME_NAMES[decision.outcome])


def _ask_reason(ctx: Ctx, problem: str = "") -> None:
    """Why refuse the nominee on the card (ready reasons as buttons), or why undo its decision."""
    item = _item(ctx)
    if item is None:
        _show_next(ctx, texts.NOMINEE_GONE)
        return
    name, form = item.nominee.nomination.name, _form_short(item)
    back = [Choice(texts.BTN_BACK, BACK())]
    if _state(ctx).step == Step.ENDORSE_REASON:
        lines = "\n".join(records.streak_line(ctx.session, c, name) for c in item.nominee.short_of_streak)
        reasons.ask(ctx, reasons.question(texts.ASK_ENDORSE_REASON, streaks=lines, name=name, form=form,
                                          outcome=texts.OUTCOME_NAMES[_endorsement(item)]), back, problem=problem)
    elif _state(ctx).step == Step.UNDO_REASON:
        reasons.ask(ctx, reasons.question(texts.ASK_UNDO_REASON, outcome=texts.OUTCOME_NAMES[item.outcome],
                                          name=name, form=form), back, problem=problem)
    else:
        reasons.ask(ctx, reasons.question(texts.ASK_REFUSE_REASON, name=name, form=form), back,
                    ready=texts.REFUSE_REASONS, problem=problem)


def _on_reason(ctx: Ctx, state: CouncilState, text: Optional[str], press: Optional[Press]) -> None:
    undoing = state.step == Step.UNDO_REASON
    if press is not None and press.action == BACK.name:
        _show_decided(ctx) if undoing else _resume_card(ctx)
    elif state.step == Step.ENDORSE_REASON:  # the nominee gone meanwhile: _decide says so
        outcome = _endorsement(item) if (item := _item(ctx)) else council.PASSED
        reasons.answer(text, None, lambda reason: _decide(ctx, outcome, reason), lambda problem: _ask_reason(ctx, problem))
    elif undoing:
        reasons.answer(text, None, lambda reason: _undo(ctx, reason), lambda problem: _ask_reason(ctx, problem))
    else:
        reasons.answer(text, press, lambda reason: _decide(ctx, council.REFUSED, reason),
                       lambda problem: _ask_reason(ctx, problem), ready=texts.REFUSE_REASONS)


def _resume_card(ctx: Ctx) -> None:
    rows = _form_rows(ctx)
    item = _item(ctx, rows)
    if item is None or item.decided:
        _show_next(ctx)
    else:
        _show_card(ctx, item, rows)


# --- decided nominees: the list, one decision, an admin's undo -----------------------------------------


def _show_decided(ctx: Ctx, lead: str = "") -> None:
    rows = _form_rows(ctx)
    done = [i for i in rows if i.decided]
    form = _form_short(rows[0]) if rows else _state(ctx).form
    if not done:
        _set(ctx, step=Step.FORM_DONE)
        ctx.ask("\n\n".join(filter(None, [lead, texts.DECIDED_LIST_EMPTY.format(form=form)])),
                [Choice(texts.BTN_FORMS, FORMS())])
        return
    entries = [Entry(fit(texts.DECIDED_LIST_LINE.format(
        n=n, name=item.nominee.nomination.name, outcome=texts.OUTCOME_NAMES[item.outcome],
        unit=lookup.short_name(item.nominee.unit.kind, item.nominee.unit.name)), 90),
        Choice(fit(f"{n}. {item.nominee.nomination.name}", 40), OPEN(item.id))) for n, item in enumerate(done, 1)]
    buttons = [Choice(texts.BTN_COUNCIL_NEXT, NEXT())] if len(done) < len(rows) else []
    buttons.append(Choice(texts.BTN_FORMS, FORMS()))

    def head(page: int, pages: int) -> str:
        top = texts.DECIDED_LIST_HEAD.format(form=form, decided=len(done), total=len(rows), page=page, pages=pages)
        return "\n\n".join(filter(None, [lead, top]))

    shown = say_paged(ctx, head, entries, _state(ctx).page, fixed=buttons, columns=2, most=PAGE)
    _set(ctx, step=Step.DECIDED_LIST, page=shown.number)


def _open_decided(ctx: Ctx, nomination_id: Optional[int]) -> None:
    rows = _form_rows(ctx)
    item = next((i for i in rows if i.id == nomination_id), None)
    if item is None:
        _show_decided(ctx, texts.NOMINEE_GONE)
        return
    if not item.decided:  # undone meanwhile: it is up for decision again
        _show_card(ctx, item, rows)
        return
    _set(ctx, step=Step.DECIDED, nomination_id=item.id, version=item.decision.version)
    buttons = [Choice(texts.BTN_UNDO_DECISION, UNDO())] if ctx.user.role == ADMIN else []
    buttons += [Choice(texts.BTN_BACK, DECIDED()), Choice(texts.BTN_FORMS, FORMS())]
    ctx.ask(_card_text(ctx, item, rows), buttons, columns=2)


def _undo(ctx: Ctx, reason: str) -> None:
    item = _item(ctx)
    if item is None:
        _show_decided(ctx, texts.NOMINEE_GONE)
        return
    name, form = item.nominee.nomination.name, _form_short(item)
    result = council.undo(ctx.session, item, _state(ctx).version, ctx.user.id, reason, ctx.now)
    if not result.done:
        _show_decided(ctx, texts.UNDO_STALE.format(name=name, outcome=texts.OUTCOME_NAMES[result.decision.outcome]))
        return
    outcome = texts.OUTCOME_NAMES[result.was]
    unit = item.nominee.unit
    notice = texts.NOTICE_DECISION_UNDONE.format(who=ctx.user.full_name, outcome=outcome, name=name, form=form,
                                                 unit=texts.unit_name(unit), reason=reason)
    for clerk in review_store.clerks_of(ctx.session, unit.id):  # they may have been told the outcome already
        ctx.notify(clerk.id, notice, [Choice(texts.BTN_OUTCOME, commands.OUTCOME)])
    _set(ctx, nomination_id=item.id)
    _show_decided(ctx, texts.DECISION_UNDONE.format(outcome=outcome, name=name, form=form))


# --- the conversation: what a press does, what each step shows --------------------------------------------


def _docs(ctx: Ctx) -> None:
    send_documents(ctx, _round(ctx))
    _show_forms(ctx)


def _pick_form(ctx: Ctx, press: Press) -> None:
    _set(ctx, form=press.text(), page=1)
    _show_next(ctx)


def _again(ctx: Ctx) -> None:
    _set(ctx, skipped=())
    _show_next(ctx)


def _turn(ctx: Ctx, press: Press) -> None:
    _set(ctx, page=press.index() or 1)
    _show_decided(ctx)


def _later(ctx: Ctx) -> None:
    state = _state(ctx)
    _set(ctx, skipped=state.skipped + ((state.nomination_id,) if state.nomination_id else ()))
    _show_next(ctx)


def _refuse(ctx: Ctx) -> None:
    item = _item(ctx)
    if item is None:
        _show_next(ctx, texts.NOMINEE_GONE)
    elif item.decided:  # say so now rather than after the reason is typed
        _show_next(ctx, _decided_by_other(ctx, item, item.decision))
    else:
        _set(ctx, step=Step.REASON)
        _ask_reason(ctx)


def _endorsement(item: council.Item) -> str:
    return council.outcomes_for(item.nominee)[0]  # passed here, or sent up


def _endorse(ctx: Ctx) -> None:
    """«Đạt» or «Chuyển đề nghị cấp trên»: with a reason when the record misses a year of a streak condition."""
    item = _item(ctx)
    if item is not None and not item.decided and item.nominee.short_of_streak:
        _set(ctx, step=Step.ENDORSE_REASON)
        _ask_reason(ctx)
    else:
        _decide(ctx, _endorsement(item) if item is not None else council.PASSED)


def _ask_undo(ctx: Ctx) -> None:
    if ctx.user.role != ADMIN:
        DeliberationFlow().resume(ctx)
        return
    _set(ctx, step=Step.UNDO_REASON)
    _ask_reason(ctx)


# A press from any step of the flow: its action → what it does.
PRESSES: dict[str, Callable[[Ctx, Press], None]] = {
    FORMS.name: lambda ctx, press: _show_forms(ctx),
    DOCS.name: lambda ctx, press: _docs(ctx),
    FORM.name: _pick_form,
    AGAIN.name: lambda ctx, press: _again(ctx),
    NEXT.name: lambda ctx, press: _show_next(ctx),
    DECIDED.name: lambda ctx, press: _show_decided(ctx),
    TURN.name: _turn,
    OLD_PAGE: _turn,
    OPEN.name: lambda ctx, press: _open_decided(ctx, press.id()),
}
# A press that belongs to one step: (step, action) → what it does.
ON_STEP: dict[tuple[Step, str], Callable[[Ctx], None]] = {
    (Step.CARD, PASS.name): _endorse,
    (Step.CARD, UP.name): _endorse,
    (Step.CARD, REFUSE.name): _refuse,
    (Step.CARD, LATER.name): _later,
    (Step.DECIDED, UNDO.name): _ask_undo,
}
# What each step shows again (after a restart, a stale button, typed text where a button is wanted).
RESUME: dict[Step, Callable[[Ctx], None]] = {
    Step.FORMS: _show_forms,
    Step.CARD: _resume_card,
    Step.FORM_DONE: _show_next,
    Step.REASON: _ask_reason,
    Step.UNDO_REASON: _ask_reason,
    Step.ENDORSE_REASON: _ask_reason,
    Step.DECIDED_LIST: _show_decided,
    Step.DECIDED: lambda ctx: _open_decided(ctx, _state(ctx).nomination_id),
}
REASON_STEPS = (Step.REASON, Step.UNDO_REASON, Step.ENDORSE_REASON)


class DeliberationFlow:
    def resume(self, ctx: Ctx) -> None:
        if _round(ctx) is None:
            ctx.end_flow()
            ctx.say(texts.NO_ROUND)
        else:
            RESUME[_state(ctx).step](ctx)

    def on_input(self, ctx: Ctx, text: Optional[str], choice: Optional[str]) -> None:
        state, press = _state(ctx), decode(choice)
        if _round(ctx) is None:
            self.resume(ctx)
        elif state.step in REASON_STEPS:
            _on_reason(ctx, state, text, press)
        elif press is not None and press.action in PRESSES:
            PRESSES[press.action](ctx, press)
        elif press is not None and (state.step, press.action) in ON_STEP:
            ON_STEP[(state.step, press.action)](ctx)
        else:
            self.resume(ctx)

# What this module answers (main.py gathers every module's, in menu order).
COMMANDS = (Command(commands.DELIBERATE, OFFICIALS, texts.BTN_DELIBERATE, cmd_deliberate),)
