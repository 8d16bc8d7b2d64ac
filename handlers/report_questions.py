"""One question of the report at a time: ask it, read the answer (typed number, text or a choice), save it.

The questions' order and the state they read (section, index, mode, pending) are the report flow's
(handlers/report_state.py: the same keys as `ReportState`); what is said around them is
handlers/report_screens.py's.

The flow enters them through the names at the end of this module. What depends on the indicator's
type (the hint, the buttons, reading and checking the answer, how a value is shown) is the value
type's (storage/values/).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from bot import figures
from bot import texts
from bot.events import Choice
from storage.numbers import Ambiguous, reads_as_number, spell_number
from handlers.buttons import BACK, NO, SKIP, YES
from bot.documents.compare import compare_words, last_year as last_year_line
from handlers.common import fit
from handlers.history import answer_beside_last_year
from handlers.context import Ctx
from handlers.registry import FITS, FITS_LOOSELY, NO_FIT, PICKS, Reading
from handlers.report_screens import refuse_edit, short_name, show_overview, shown
from handlers.report_state import (CONFIRM, FIELD, OPT, OVERVIEW_, PAUSE, STANDS_OUT, UNDO, Pending, ReportState,
                                   current_field, next_open, section_fields, set_mode)
from storage import reports
from storage.facts import Problem
from storage.models import Indicator, Report, ReportValue, Section
from storage.people import fold
from storage.values import NO_ANSWER, value_type


def ask_question(ctx: Ctx, report: Report, came_from: Optional[Section] = None) -> None:
    """Ask the question the state points at (or the yes/no of an ambiguous number). `came_from`: the
    section just finished, named in the heading ("✅ Nông thôn mới 6/6 · Tiếp: Giảm nghèo, câu 1/3")."""
    current = current_field(ctx, report)
    if current is None:
        show_overview(ctx, report)
        return
    field, index, total = current
    pending = ReportState.of(ctx).pending
    if ReportState.of(ctx).mode == CONFIRM and pending is not None and pending.other == STANDS_OUT:
        _ask_stands_out(ctx, report, field, Decimal(pending.likely))
        return
    if ReportState.of(ctx).mode == CONFIRM and pending is not None:
        ctx.ask(texts.CONFIRM_AMBIGUOUS.format(text=pending.text, words=spell_number(Decimal(pending.likely))),
                [Choice(texts.BTN_YES, YES()), Choice(texts.BTN_NO, NO())], columns=2)
        return
    ind = field.indicator
    round_ = reports.round_of(ctx.session, report.round_id)
    values = reports.values_of(ctx.session, report.id)
    unit_part = f" ({ind.unit})" if ind.unit else ""
    if came_from is None:
        lines = [texts.QUESTION_HEAD.format(section=short_name(field.section), n=index + 1, total=total)]
    else:
        done = section_fields(ctx, report, came_from.code)
        answered = sum(reports.is_answered(values.get(f.key)) for f in done)
        lines = [texts.SECTION_NEXT.format(mark="✅" if answered == len(done) else "⏭", done=short_name(came_from),
                                           answered=answered, total=len(done), section=short_name(field.section),
                                           n=index + 1, count=total)]
    if field.kind == "plan":
        lines.append(texts.QUESTION_PLAN.format(name=ind.name, unit=unit_part))
    else:
        lines.append(f"{ind.name}{unit_part}")
        plan = values.get(f"plan:{ind.code}")
        if ind.plan and reports.is_answered(plan):
            lines.append(texts.LINE_PLAN.format(value=shown(ind, plan)))
        previous = reports.previous_value(ctx.session, round_, report.unit_id, field.key)
        if previous is not None:
            lines.append(texts.LINE_PREVIOUS.format(value=shown(ind, previous)))
    current_value = values.get(field.key)
    if reports.is_answered(current_value):
        lines.append(texts.LINE_CURRENT.format(value=shown(ind, current_value)))
    if ind.hint and field.kind == "value":
        lines.append(f"💡 {ind.hint}")
    lines.append(_how_to_answer(ind))

    options = value_type(ind).options(ind)
    buttons = [Choice(c, OPT(i)) for i, c in enumerate(options)]  # read back by the value type (storage/values)
    buttons += [Choice(texts.BTN_KEEP if reports.is_answered(current_value) else texts.BTN_SKIP, SKIP()),
                Choice(texts.BTN_BACK, BACK()), Choice(texts.BTN_SECTIONS, OVERVIEW_()),
                Choice(texts.BTN_PAUSE, PAUSE())]
    if _undoable(ctx):  # the answer just saved, one tap to take it back
        buttons.append(Choice(texts.BTN_UNDO, UNDO()))
    ctx.ask("\n".join(lines), buttons, numbered=bool(options), columns=2 if options else 3)


def _how_to_answer(ind: Indicator) -> str:
    return texts.say(value_type(ind).ask(ind))


def _advance(ctx: Ctx, report: Report, step: int = 1) -> None:
    """To the next question (`step` -1: the one before); after a section's last, straight on to the
    next section with questions never seen, or, when none is left, the overview to send the report."""
    current = current_field(ctx, report)
    index = ReportState.of(ctx).index + step
    if index < 0:
        show_overview(ctx, report)
        return
    came_from = None
    if current is None or index >= current[2]:
        came_from = reports.section_by_code(ctx.session, ReportState.of(ctx).section)
        found = next_open(ctx, report, after=came_from.code if came_from else None)
        if found is None:
            _change(ctx, undo=None)
            show_overview(ctx, report, texts.ALL_ANSWERED if next_open(ctx, report) is None else texts.ALL_SEEN)
            return
        _change(ctx, section=found[0].code)
        index = found[1]
    state = ReportState.of(ctx)
    if state.undo and state.undo.get("next") is None:  # an answer was just saved: its undo goes on the question asked next
        _change(ctx, undo={**state.undo, "next_section": state.section, "next": index})
    set_mode(ctx, FIELD, index=index, pending=None)
    ask_question(ctx, report, came_from)


def take_answer(ctx: Ctx, report: Report, text: Optional[str], choice: Optional[str]) -> None:
    """A typed answer or a button of the question."""
    current = current_field(ctx, report)
    if current is None:
        show_overview(ctx, report)
        return
    if refuse_edit(ctx, report, reports.round_of(ctx.session, report.round_id)):
        return
    field = current[0]
    ind = field.indicator
    if choice == UNDO() and _undoable(ctx):
        _undo(ctx, report)
        return
    if choice == BACK():
        _advance(ctx, report, -1)
        return
    if choice == SKIP():
        had_value = reports.is_answered(reports.values_of(ctx.session, report.id).get(field.key))
        reports.set_value(ctx.session, report, field.key, ctx.user.id, skipped=True)
        ctx.say(texts.KEPT if had_value else texts.SKIPPED)
        _advance(ctx, report)
        return

    answer = value_type(ind).parse(ind, text, choice)
    if isinstance(answer, Problem):
        _reject(ctx, report, texts.say(answer))
    elif answer is NO_ANSWER:
        _store_no_answer(ctx, report, field)
    elif isinstance(answer, Ambiguous):
        set_mode(ctx, CONFIRM, pending=Pending(text.strip(), str(answer.likely), str(answer.other)))
        ask_question(ctx, report)
    else:
        _store_answer(ctx, report, field, answer)


def reading(ctx: Ctx, report: Report, text: str) -> Optional[Reading]:
    """How a typed text would be taken at the question the state points at (None: no question):
    refused, a fit, a loose fit (a number typed where free text is asked: it may be a note, but a
    question asking a number fits it better), or a pick (a button's label typed: more than a note
    that happens to read the same). handlers/placement.py weighs two such readings."""
    current = current_field(ctx, report)
    if current is None:
        return None
    field = current[0]
    ind, kind = field.indicator, value_type(field.indicator)
    name = _middle(ind.name)
    label = texts.DOUBT_PLAN.format(name=_middle(ind.name, 24)) if field.kind == "plan" else name
    key = f"{report.id}:{field.key}"
    options = kind.options(ind)
    if options:  # a typed label or number picks a button
        wanted = fold(text).strip(" .")
        if wanted in {fold(o) for o in options}:
            return Reading(PICKS, key, label)
        return Reading(FITS if wanted in {str(n) for n in range(1, len(options) + 1)} else NO_FIT, key, label)
    answer = kind.parse(ind, text, None)
    if isinstance(answer, Problem) or (not isinstance(answer, Ambiguous) and answer is not NO_ANSWER
                                       and kind.check(ind, answer, plan=field.kind == "plan") is not None):
        return Reading(NO_FIT, key, label)
    loose = not kind.numeric and reads_as_number(text)
    return Reading(FITS_LOOSELY if loose else FITS, key, label)


def take_confirmation(ctx: Ctx, report: Report, choice: Optional[str]) -> None:
    """Yes/no: which reading of an ambiguous number; or whether a figure far from last year's is meant."""
    pending = ReportState.of(ctx).pending
    current = current_field(ctx, report)
    if current is None or choice not in (YES(), NO()) or pending is None:
        ask_question(ctx, report)
        return
    set_mode(ctx, FIELD, pending=None)
    if pending.other == STANDS_OUT:
        if choice == YES():
            _store_answer(ctx, report, current[0], Decimal(pending.likely), confirmed=True)
        else:
            ask_question(ctx, report)
        return
    _store_answer(ctx, report, current[0], Decimal(pending.likely if choice == YES() else pending.other))


def _store_answer(ctx: Ctx, report: Report, field: reports.FieldSpec, value, confirmed: bool = False) -> None:
    """A value read from the clerk's answer: checked against the indicator (or its plan), then stored; a
    figure far from the unit's last year (the catalogue's `stands_out`) is confirmed once first."""
    kind = value_type(field.indicator)
    problem = kind.check(field.indicator, value, plan=field.kind == "plan")
    if problem is not None:
        _reject(ctx, report, texts.say(problem))
        return
    stored = kind.stored(value)
    if not confirmed and field.kind == "value":
        comparison = answer_beside_last_year(ctx.session, report, field.indicator, stored.get("number"))
        if comparison is not None and comparison.stands_out:
            set_mode(ctx, CONFIRM, pending=Pending(str(value), str(value), STANDS_OUT))
            ask_question(ctx, report)
            return
    _store(ctx, report, field, **stored)


def _ask_stands_out(ctx: Ctx, report: Report, field: reports.FieldSpec, value: Decimal) -> None:
    """"Số này khác nhiều so với năm 2019 …": the figure kept only when the clerk says it is right."""
    ind = field.indicator
    comparison = answer_beside_last_year(ctx.session, report, ind, float(value))
    if comparison is None:  # last year's figure has gone meanwhile: nothing to confirm
        set_mode(ctx, FIELD, pending=None)
        _store_answer(ctx, report, field, value, confirmed=True)
        return
    ctx.ask(texts.CONFIRM_STANDS_OUT.format(name=_short(ind.name), value=figures.value(ind, float(value)),
                                            year=comparison.year, previous=figures.value(ind, comparison.previous),
                                            change=compare_words(comparison)),
            [Choice(texts.BTN_STANDS_OUT_KEEP, YES()), Choice(texts.BTN_STANDS_OUT_RETYPE, NO())], columns=2)


def _store_no_answer(ctx: Ctx, report: Report, field: reports.FieldSpec) -> None:
    """"Không có" to an optional note: no note is kept (and none is quoted in the summary)."""
    before = _before(ctx, report, field)
    reports.set_no_answer(ctx.session, report, field.key, ctx.user.id)
    ctx.say(texts.NOTE_NOTHING.format(name=_short(field.indicator.name)))
    _remember_undo(ctx, field, before)
    _advance(ctx, report)


def _before(ctx: Ctx, report: Report, field: reports.FieldSpec,
            values: Optional[dict[str, ReportValue]] = None) -> Optional[dict]:
    old = (values if values is not None else reports.values_of(ctx.session, report.id)).get(field.key)
    return {"number": old.number, "text": old.text, "skipped": old.skipped} if old is not None else None


def _remember_undo(ctx: Ctx, field: reports.FieldSpec, before: Optional[dict]) -> None:
    """Offered on the next question only: one tap puts this answer back as it was."""
    state = ReportState.of(ctx)
    _change(ctx, undo={"field": field.key, "section": state.section, "index": state.index, "next": None,
                       "before": before})


def _store(ctx: Ctx, report: Report, field: reports.FieldSpec, *, number: Optional[float] = None,
           text: Optional[str] = None) -> None:
    values = reports.values_of(ctx.session, report.id)  # as they were: what undo puts back, and the plan
    before = _before(ctx, report, field, values)
    reports.set_value(ctx.session, report, field.key, ctx.user.id, number=number, text=text)
    ind = field.indicator
    saved = value_type(ind).show_briefly(ind, text if text is not None else number)
    name = _short(ind.name)
    if field.kind == "plan":
        ctx.say(texts.SAVED_PLAN.format(name=name, value=saved))
    else:
        plan = values.get(f"plan:{ind.code}")  # this answer is the value, not the plan: unchanged by it
        before_year = last_year_line(answer_beside_last_year(ctx.session, report, ind, number))
        if ind.plan and reports.is_answered(plan) and plan.number:
            ctx.say(texts.SAVED_WITH_PLAN.format(name=name, value=saved, percent=figures.percent(number, plan.number))
                    + before_year)
        else:
            ctx.say(texts.SAVED.format(name=name, value=saved) + before_year)
    _remember_undo(ctx, field, before)
    _advance(ctx, report)


def _undoable(ctx: Ctx) -> bool:
    state = ReportState.of(ctx)
    return bool(state.undo) and (state.undo.get("next_section"), state.undo.get("next")) == (state.section, state.index)


def _undo(ctx: Ctx, report: Report) -> None:
    """Take back the answer just saved and ask its question again."""
    undo = ReportState.of(ctx).undo
    reports.restore_value(ctx.session, report, undo["field"], ctx.user.id, undo.get("before"))
    set_mode(ctx, FIELD, undo=None, section=undo["section"], index=undo["index"], pending=None)
    current = current_field(ctx, report)
    if current is not None:
        ind = current[0].indicator
        before = reports.values_of(ctx.session, report.id).get(undo["field"])
        restored = shown(ind, before) if reports.is_answered(before) else texts.UNDONE_EMPTY
        ctx.say(texts.UNDONE.format(name=_short(ind.name), value=restored))
    ask_question(ctx, report)


def _short(name: str) -> str:
    return fit(name, 60)


def _change(ctx: Ctx, **changes) -> None:
    """Change the report flow's state but its mode."""
    ReportState.of(ctx).but(**changes).save(ctx)


def _middle(name: str, limit: int = 34) -> str:
    """A question's name for a button: its first words and its last ("Số hộ gia đình… Gia đình văn hóa")."""
    if len(name) <= limit:
        return name
    words = name.split()
    head = words[:1]
    while len(head) < len(words) and len(" ".join(words[:len(head) + 1])) <= limit // 2:
        head = words[:len(head) + 1]
    tail: list[str] = []
    rest = words[len(head):]
    while rest and len(" ".join([rest[-1], *tail])) <= limit - len(" ".join(head)) - 2:
        tail.insert(0, rest.pop())
    return " ".join(head) + "… " + " ".join(tail) if tail else " ".join(head) + "…"


def _reject(ctx: Ctx, report: Report, message: str) -> None:
    """Say what is wrong and ask the same question again; nothing saved is touched."""
    ctx.say(message)
    ask_question(ctx, report)
