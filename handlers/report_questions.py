"""One question of the report at a time: ask it, read the answer (typed number, text or a choice), save it.

The questions' order and the state they read (section, index, mode, pending) are the report flow's
(handlers/report_state.py: the same keys as `ReportState`); what is said around them is
handlers/report_screens.py's.

The functions from `_ask_field` to `_reject` are handlers/reporting.py's lines 423-614, moved as one
block with their bodies unchanged (so edits made to them there apply here); the flow enters them
through the names at the end of this module.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from bot import figures
from bot import texts as T
from bot.events import Choice
from bot.numbers import Ambiguous, Invalid, NumberKind, format_number, parse_number, spell_number
from handlers.context import Ctx
from handlers.report_screens import refuse_edit
from handlers.report_screens import show_overview as _show_overview
from handlers.report_screens import shown as _shown
from handlers.report_state import current_field as _current_field
from storage import reports as R
from storage.models import Indicator, Report, Round

_kind, _number, _with_unit = figures.kind_of, figures.number, figures.with_unit
_percent = figures.percent


def _ask_field(ctx: Ctx, report: Report) -> None:
    current = _current_field(ctx, report)
    if current is None:
        _show_overview(ctx, report)
        return
    field, index, total = current
    if ctx.data.get("mode") == "confirm" and ctx.data.get("pending"):
        pending = ctx.data["pending"]
        ctx.ask(T.CONFIRM_AMBIGUOUS.format(text=pending["text"], words=spell_number(Decimal(pending["likely"]))),
                [Choice(T.BTN_YES, "yes"), Choice(T.BTN_NO, "no")], columns=2)
        return
    ind = field.indicator
    round_ = ctx.session.get(Round, report.round_id)
    values = R.values_of(ctx.session, report.id)
    unit_part = f" ({ind.unit})" if ind.unit else ""
    lines = [T.QUESTION_HEAD.format(section=field.section.name, n=index + 1, total=total)]
    if field.kind == "plan":
        lines.append(T.QUESTION_PLAN.format(name=ind.name, unit=unit_part))
    else:
        lines.append(f"{ind.name}{unit_part}")
        plan = values.get(f"plan:{ind.code}")
        if ind.plan and R.is_answered(plan):
            lines.append(T.LINE_PLAN.format(value=_shown(ind, plan)))
        previous = R.previous_value(ctx.session, round_, report.unit_id, field.key)
        if previous is not None:
            lines.append(T.LINE_PREVIOUS.format(value=_shown(ind, previous)))
    current_value = values.get(field.key)
    if R.is_answered(current_value):
        lines.append(T.LINE_CURRENT.format(value=_shown(ind, current_value)))
    if ind.hint and field.kind == "value":
        lines.append(f"💡 {ind.hint}")
    lines.append(_how_to_answer(ind))

    buttons = [Choice(c, f"opt:{i}") for i, c in enumerate(ind.choices)] if ind.type == "choice" else []
    buttons += [Choice(T.BTN_KEEP if R.is_answered(current_value) else T.BTN_SKIP, "skip"),
                Choice(T.BTN_BACK, "back"), Choice(T.BTN_PAUSE, "pause")]
    ctx.ask("\n".join(lines), buttons, numbered=ind.type == "choice", columns=3 if ind.type != "choice" else 2)


def _range_text(ind: Indicator) -> str:
    lo = _number(ind, ind.min) if ind.min is not None else None
    hi = _number(ind, ind.max) if ind.max is not None else None
    if lo is not None and hi is not None:
        return T.RANGE_BETWEEN.format(min=lo, max=hi)
    if hi is not None:
        return T.RANGE_TO.format(max=hi)
    if lo is not None and ind.min > 0:
        return T.RANGE_FROM.format(min=lo)
    return ""


def _example(ind: Indicator) -> str:
    if ind.type == "integer":
        sample = ind.max if ind.max is not None and ind.max < 1940 else 1940
        return format_number(Decimal(int(sample if ind.max is not None and ind.max < 1940 else 1940)),
                             NumberKind.INTEGER)
    if ind.type == "percent":
        return "12,5"
    return "37.554,5"


def _how_to_answer(ind: Indicator) -> str:
    if ind.type == "text":
        return T.HOW_TEXT.format(limit=format_number(ind.max_length or 1000, NumberKind.INTEGER))
    if ind.type == "choice":
        return T.HOW_CHOICE
    template = {"integer": T.HOW_INTEGER, "percent": T.HOW_PERCENT}.get(ind.type, T.HOW_DECIMAL)
    return template.format(range=_range_text(ind), example=_example(ind))


def _advance(ctx: Ctx, report: Report, step: int = 1) -> None:
    current = _current_field(ctx, report)
    index = ctx.data.get("index", 0) + step
    if current is None or index >= current[2]:
        section = R.section_by_code(ctx.session, ctx.data.get("section", ""))
        ctx.say(T.SECTION_DONE.format(section=section.name if section else ""))
        _show_overview(ctx, report)
    elif index < 0:
        _show_overview(ctx, report)
    else:
        ctx.update_data(mode="field", index=index, pending=None)
        _ask_field(ctx, report)


def _on_answer(ctx: Ctx, report: Report, text: Optional[str], choice: Optional[str]) -> None:
    current = _current_field(ctx, report)
    if current is None:
        _show_overview(ctx, report)
        return
    if refuse_edit(ctx, report, ctx.session.get(Round, report.round_id)):
        return
    field = current[0]
    ind = field.indicator
    if choice == "back":
        _advance(ctx, report, -1)
        return
    if choice == "skip":
        had_value = R.is_answered(R.values_of(ctx.session, report.id).get(field.key))
        R.set_value(ctx.session, report, field.key, ctx.user.id, skipped=True)
        ctx.say(T.KEPT if had_value else T.SKIPPED)
        _advance(ctx, report)
        return

    if ind.type == "choice":
        index = choice.removeprefix("opt:") if choice else ""
        if not index.isdigit() or int(index) >= len(ind.choices):
            _reject(ctx, report, T.ERR_CHOICE)
            return
        _store(ctx, report, field, text=ind.choices[int(index)])
        return
    if choice is not None or not text:
        _reject(ctx, report, T.ERR_EMPTY if not text and choice is None else T.ERR_CHOICE)
        return
    if ind.type == "text":
        limit = ind.max_length or 1000
        if len(text) > limit:
            _reject(ctx, report, T.ERR_TOO_LONG.format(length=format_number(len(text), NumberKind.INTEGER),
                                                       limit=format_number(limit, NumberKind.INTEGER)))
        else:
            _store(ctx, report, field, text=text)
        return

    parsed = parse_number(text, _kind(ind))
    if isinstance(parsed, Invalid):
        _reject(ctx, report, _invalid_message(parsed, text), example=True)
    elif isinstance(parsed, Ambiguous):
        ctx.update_data(mode="confirm", pending={"text": text.strip(), "likely": str(parsed.likely),
                                                 "other": str(parsed.other)})
        _ask_field(ctx, report)
    else:
        _store_number(ctx, report, field, parsed.value)


def _on_confirm(ctx: Ctx, report: Report, choice: Optional[str]) -> None:
    pending = ctx.data.get("pending") or {}
    current = _current_field(ctx, report)
    if current is None or choice not in ("yes", "no") or not pending:
        _ask_field(ctx, report)
        return
    ctx.update_data(mode="field", pending=None)
    _store_number(ctx, report, current[0], Decimal(pending["likely" if choice == "yes" else "other"]))


def _invalid_message(parsed: Invalid, text: str) -> str:
    return {
        "empty": T.ERR_EMPTY,
        "not_integer": T.ERR_NOT_INTEGER,
        "negative": T.ERR_NEGATIVE,
    }.get(parsed.reason, T.ERR_NOT_NUMBER.format(text=text.strip()[:40]))


def _store_number(ctx: Ctx, report: Report, field: R.FieldSpec, value: Decimal) -> None:
    ind = field.indicator
    if field.kind == "plan":
        if value <= 0:
            _reject(ctx, report, T.ERR_PLAN_ZERO, example=True)
            return
    else:
        if ind.min is not None and value < Decimal(str(ind.min)):
            _reject(ctx, report, T.ERR_TOO_SMALL.format(min=_number(ind, ind.min)), example=True)
            return
        if ind.max is not None and value > Decimal(str(ind.max)):
            _reject(ctx, report, T.ERR_TOO_LARGE.format(max=_number(ind, ind.max)), example=True)
            return
    _store(ctx, report, field, number=float(value))


def _store(ctx: Ctx, report: Report, field: R.FieldSpec, *, number: Optional[float] = None,
           text: Optional[str] = None) -> None:
    R.set_value(ctx.session, report, field.key, ctx.user.id, number=number, text=text)
    ind = field.indicator
    if text is not None:
        ctx.say(T.SAVED.format(value=text if len(text) <= 80 else text[:77] + "…"))
    elif field.kind == "plan":
        ctx.say(T.SAVED_PLAN.format(value=_with_unit(ind, _number(ind, number))))
    else:
        shown = _with_unit(ind, _number(ind, number))
        plan = R.values_of(ctx.session, report.id).get(f"plan:{ind.code}")
        if ind.plan and R.is_answered(plan) and plan.number:
            ctx.say(T.SAVED_WITH_PLAN.format(value=shown, percent=_percent(number, plan.number)))
        else:
            ctx.say(T.SAVED.format(value=shown))
    _advance(ctx, report)


def _reject(ctx: Ctx, report: Report, message: str, example: bool = False) -> None:
    """Say what is wrong and ask the same question again; nothing saved is touched."""
    current = _current_field(ctx, report)
    if example and current is not None:
        message += " " + T.ERR_EXAMPLE.format(example=_example(current[0].indicator))
    ctx.say(message)
    _ask_field(ctx, report)


# --- what the report flow calls ---------------------------------------------------------------------

ask_question = _ask_field  # ask the question the state points at (or the yes/no of an ambiguous number)
take_answer = _on_answer  # a typed answer or a button of the question
take_confirmation = _on_confirm  # yes/no: which reading of an ambiguous number
