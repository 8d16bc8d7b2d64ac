"""Clerks report a round's results: one question at a time, each answer saved at once.

The flow's state (which report, section and question) lives in the chat's
row, so a lost signal or a restart continues where the clerk stopped. Button
values: "section:<code>", "continue", "review", "submit", "pause" work from
any question; "skip", "back", "yes", "no" and "opt:<n>" belong to the
current question.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Callable, Optional

from bot import figures
from bot import texts as T
from bot.events import Choice
from bot.numbers import Ambiguous, Invalid, NumberKind, format_number, parse_number, spell_number
from handlers.context import Ctx
from handlers.registry import CLERK, REPORT_PARTS, command, flow
from storage import reports as R
from storage import review as review_store
from storage.models import Indicator, Report, ReportValue, Round, Section, Unit, User
from storage.text import parse_index

FLOW = "report"
SECTION_LABEL_MAX = 28
REVIEW_CHUNK = 600

# Called after a clerk submits, with the status the report had before (e.g. "returned"):
# the review tells the officials who returned it (handlers/review.py).
AFTER_SUBMIT: list[Callable[[Ctx, Report, str], None]] = []


# --- commands ----------------------------------------------------------------


@command("/baocao", {CLERK}, T.BTN_REPORT)
def cmd_report(ctx: Ctx, args: str) -> None:
    rounds = R.open_rounds(ctx.session)
    chosen = [r for r in rounds if r.code == args] or (rounds if len(rounds) == 1 else [])
    if not rounds:
        ctx.say(T.NO_OPEN_ROUND)
    elif not chosen:
        ctx.start_flow(FLOW, mode="pick_round")
        ctx.ask(T.PICK_ROUND, [Choice(r.name, f"round:{r.code}") for r in rounds])
    else:
        _open_report(ctx, chosen[0])


def report_for_command(ctx: Ctx, name: str, args: str) -> Optional[Report]:
    """The clerk's report for the round named in `args`, or the only open one; else ask which round."""
    rounds = R.open_rounds(ctx.session)
    chosen = [r for r in rounds if r.code == args] or (rounds if len(rounds) == 1 else [])
    if not rounds:
        ctx.say(T.NO_OPEN_ROUND)
    elif not chosen:
        ctx.ask(T.PICK_ROUND, [Choice(r.name, f"{name} {r.code}") for r in rounds])
    else:
        return R.get_or_create_report(ctx.session, chosen[0].id, ctx.user.unit_id)
    return None


@command("/trangthai", {CLERK}, T.BTN_STATUS)
def cmd_status(ctx: Ctx, _args: str) -> None:
    rounds = R.open_rounds(ctx.session)
    if not rounds:
        ctx.say(T.NO_OPEN_ROUND)
        return
    unit = ctx.unit
    for round_ in rounds:
        report = R.find_report(ctx.session, round_.id, unit.id)
        lines = [T.STATUS_TEXT.format(round=round_.name, unit=T.unit_name(unit),
                                      status=_status_text(report),
                                      deadline=T.date_vn(round_.deadline),
                                      left=T.days_left(round_.deadline, ctx.today))]
        if report is None:
            lines.append(T.STATUS_NO_REPORT)
        else:
            if report.receipt_no:
                lines.append(T.STATUS_RECEIPT.format(receipt=report.receipt_no, at=_local(ctx, report.submitted_at)))
            decision = decision_line(ctx, report)
            if decision:
                lines.append(decision)
            missing = R.missing_required(ctx.session, unit, R.values_of(ctx.session, report.id))
            lines.append(T.STATUS_MISSING.format(count=len(missing), items=_names(missing)) if missing
                         else T.STATUS_COMPLETE)
        ctx.say("\n".join(lines), [Choice(T.BTN_MENU, "/baocao")])


# --- the flow ----------------------------------------------------------------


@flow(FLOW)
class ReportFlow:
    def resume(self, ctx: Ctx) -> None:
        report = _report(ctx)
        if report is None:
            ctx.end_flow()
            return
        if ctx.data.get("mode") == "pick_round":
            cmd_report(ctx, "")
        elif ctx.data.get("mode") in ("field", "confirm"):
            _ask_field(ctx, report)
        else:
            _show_overview(ctx, report)

    def on_input(self, ctx: Ctx, text: Optional[str], choice: Optional[str]) -> None:
        mode = ctx.data.get("mode")
        if mode == "pick_round":
            round_ = R.round_by_code(ctx.session, (choice or "").removeprefix("round:"))
            if round_ is None or round_.status != "open":
                cmd_report(ctx, "")
            else:
                _open_report(ctx, round_)
            return
        report = _report(ctx)
        if report is None:  # the report is gone or not this clerk's: start over
            ctx.end_flow()
            cmd_report(ctx, "")
            return
        if choice in ("continue", "review", "submit", "pause") or (choice or "").startswith(("section:", "part:")):
            _navigate(ctx, report, choice)
        elif mode == "confirm":
            _on_confirm(ctx, report, choice)
        elif mode == "field":
            _on_answer(ctx, report, text, choice)
        else:
            _show_overview(ctx, report)


def _report(ctx: Ctx) -> Optional[Report]:
    """The report in the chat's state, only if it is this clerk's own unit's."""
    report = ctx.session.get(Report, ctx.data.get("report_id") or 0)
    if report is None or ctx.user is None or report.unit_id != ctx.user.unit_id:
        return None
    return report


def _open_report(ctx: Ctx, round_: Round) -> None:
    report = R.get_or_create_report(ctx.session, round_.id, ctx.user.unit_id)
    was = ctx.data if ctx.chat.flow == FLOW and ctx.data.get("report_id") == report.id else {}
    ctx.start_flow(FLOW, report_id=report.id, mode="overview")
    _show_overview(ctx, report)
    if was.get("mode") in ("field", "confirm"):  # back to the question left open
        ctx.update_data(**{k: was[k] for k in ("mode", "section", "index", "pending") if k in was})
        _ask_field(ctx, report)


def _navigate(ctx: Ctx, report: Report, choice: str) -> None:
    if choice == "pause":
        ctx.end_flow()
        ctx.say(T.PAUSED, [Choice(T.BTN_MENU, "/baocao")])
    elif choice == "review":
        _show_review(ctx, report)
    elif choice == "submit":
        _submit(ctx, report)
    elif choice == "continue":
        _continue(ctx, report)
    elif choice.startswith("part:"):
        part = next((p for p in REPORT_PARTS if p.part_code == choice.removeprefix("part:")), None)
        if part is None:
            _show_overview(ctx, report)
        else:
            part.open_list(ctx, report)
    else:
        section = R.section_by_code(ctx.session, choice.removeprefix("section:"))
        if section is None:
            _show_overview(ctx, report)
        else:
            _enter_section(ctx, report, section)


# --- overview, review, submit -----------------------------------------------------


def _status_text(report: Optional[Report]) -> str:
    if report is None:
        return T.STATUS_NAMES["draft"]
    status = T.STATUS_NAMES[report.status]
    return f"{status} ({T.EDITED_AFTER_SUBMIT})" if report.edited_after_submit else status


def _show_overview(ctx: Ctx, report: Report) -> None:
    round_, unit = ctx.session.get(Round, report.round_id), ctx.session.get(Unit, report.unit_id)
    values = R.values_of(ctx.session, report.id)
    lines = [T.REPORT_HEADER.format(round=round_.name, unit=T.unit_name(unit), status=_status_text(report),
                                    deadline=T.date_vn(round_.deadline),
                                    left=T.days_left(round_.deadline, ctx.today))]
    if report.status == "returned":  # what to fix, right where the clerk fixes it
        lines.append(decision_line(ctx, report))
    lines += ["", T.SECTIONS_TITLE]
    buttons = [Choice(T.BTN_CONTINUE, "continue")]
    n = 0
    for n, section in enumerate(R.sections(ctx.session), 1):
        progress = R.section_progress(ctx.session, section, unit, values)
        if progress.total == 0:
            continue
        mark = " ✅" if progress.complete and progress.answered else ""
        lines.append(T.SECTION_LINE.format(n=n, name=section.name, done=progress.answered,
                                           total=progress.total, mark=mark))
        buttons.append(Choice(f"{n}. {_short(section.name)} ({progress.answered}/{progress.total})",
                              f"section:{section.code}"))
    for n, part in enumerate(REPORT_PARTS, n + 1):  # lists kept inside the report
        summary = part.summary(ctx, report)
        lines.append(T.PART_LINE.format(n=n, title=part.title, summary=summary))
        buttons.append(Choice(f"{n}. {_short(part.title)} ({summary})", f"part:{part.part_code}"))
    buttons += [Choice(T.BTN_REVIEW, "review"), Choice(T.BTN_SUBMIT, "submit"), Choice(T.BTN_PAUSE, "pause")]
    ctx.update_data(mode="overview")
    ctx.ask("\n".join(lines), buttons)


def decision_line(ctx: Ctx, report: Report) -> str:
    """Why a report is returned or approved, by whom and when ("" otherwise)."""
    if report.status not in ("returned", "approved"):
        return ""
    step = review_store.last_step(ctx.session, report.id, (review_store.DECISIONS_BY_STATUS[report.status],))
    if step is None:
        return ""
    user = ctx.session.get(User, step.user_id) if step.user_id else None
    template = T.STATUS_RETURNED if report.status == "returned" else T.STATUS_APPROVED
    return template.format(by=user.full_name if user else "", at=_local(ctx, step.at),
                           reason=step.detail.get("reason", ""))


def _short(name: str) -> str:
    return name if len(name) <= SECTION_LABEL_MAX else name[: SECTION_LABEL_MAX - 1].rstrip() + "…"


def _show_review(ctx: Ctx, report: Report) -> None:
    unit = ctx.session.get(Unit, report.unit_id)
    values = R.values_of(ctx.session, report.id)
    blocks = [T.REVIEW_TITLE.format(unit=T.unit_name(unit)) + "\n" + _status_text(report)]
    for section in R.sections(ctx.session):
        inds = R.indicators_of(ctx.session, section.code, unit)
        if not inds:
            continue
        lines = [f"▪️ {section.name}"]
        for ind in inds:
            lines.append(f"• {ind.name}: {_review_value(ind, values)}")
        blocks.append("\n".join(lines))
    blocks += [part.review(ctx, report) for part in REPORT_PARTS]
    problems = _list_problems(ctx, report)
    if problems:
        blocks.append("\n".join([T.REVIEW_PROBLEMS] + [f"• {p}" for p in problems]))
    chunks = _chunk(blocks, REVIEW_CHUNK)
    for chunk in chunks[:-1]:
        ctx.say(chunk)
    ctx.update_data(mode="overview")
    ctx.ask(chunks[-1], [Choice(T.BTN_SUBMIT, "submit"), Choice(T.BTN_CONTINUE, "continue"),
                         Choice(T.BTN_PAUSE, "pause")])


def _review_value(ind: Indicator, values: dict[str, ReportValue]) -> str:
    value = values.get(ind.code)
    if not R.is_answered(value):
        return T.REVIEW_SKIPPED if value is not None and value.skipped else T.REVIEW_EMPTY
    shown = _shown(ind, value)
    plan = values.get(f"plan:{ind.code}")
    if ind.plan and R.is_answered(plan) and plan.number:
        shown += f" (KH {_number(ind, plan.number)}, đạt {_percent(value.number, plan.number)}%)"
    return shown


def _chunk(blocks: list[str], limit: int) -> list[str]:
    """Pack blocks into messages of at most `limit` characters, splitting long blocks by line."""
    lines: list[str] = []
    for block in blocks:
        lines.extend(block.split("\n") + [""])
    chunks, current = [], ""
    for line in lines:
        while len(line) > limit:  # a single very long line (a long text answer)
            if current:
                chunks.append(current.rstrip())
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        if len(current) + len(line) + 1 > limit:
            chunks.append(current.rstrip())
            current = ""
        current += line + "\n"
    if current.strip():
        chunks.append(current.rstrip())
    return chunks or [""]


def _submit(ctx: Ctx, report: Report) -> None:
    round_, unit = ctx.session.get(Round, report.round_id), ctx.session.get(Unit, report.unit_id)
    if refuse_edit(ctx, report, round_):
        return
    values = R.values_of(ctx.session, report.id)
    missing = R.missing_required(ctx.session, unit, values)
    if missing:
        ctx.say(T.SUBMIT_MISSING.format(count=len(missing), items=_names(missing, bullet=True)))
        _show_overview(ctx, report)
        return
    failed = R.failed_checks(ctx.session, values)
    if failed:
        ctx.say(T.SUBMIT_CHECKS.format(items="\n".join(f"• {c.message}" for c in failed)))
        _show_overview(ctx, report)
        return
    problems = _list_problems(ctx, report)
    if problems:
        ctx.say(T.SUBMIT_LISTS.format(items="\n".join(f"• {p}" for p in problems)))
        _show_overview(ctx, report)
        return
    if report.status == "submitted" and not report.edited_after_submit:
        ctx.end_flow()
        ctx.say(T.SUBMIT_ALREADY.format(at=_local(ctx, report.submitted_at), receipt=report.receipt_no))
        return
    previous = R.submit(ctx.session, report, ctx.user.id, ctx.now)
    for hook in AFTER_SUBMIT:
        hook(ctx, report, previous)
    text = T.SUBMITTED.format(receipt=report.receipt_no, at=T.datetime_vn(ctx.now))
    if ctx.today > round_.deadline:
        text += "\n" + T.SUBMITTED_LATE.format(deadline=T.date_vn(round_.deadline))
    ctx.end_flow()
    ctx.say(text, [Choice(T.BTN_STATUS, "/trangthai")])


def _list_problems(ctx: Ctx, report: Report) -> list[str]:
    """What the lists kept inside the report (nominees, role models) still need before submitting."""
    return [problem for part in REPORT_PARTS for problem in part.problems(ctx, report)]


def _local(ctx: Ctx, moment: Optional[dt.datetime]) -> str:
    if moment is None:
        return ""
    return T.datetime_vn(moment.astimezone(ctx.now.tzinfo))


def _names(indicators: list[Indicator], bullet: bool = False, limit: int = 10) -> str:
    names = [i.name for i in indicators[:limit]]
    if len(indicators) > limit:
        names.append(f"… và {len(indicators) - limit} chỉ tiêu khác")
    return "\n".join(f"• {n}" for n in names) if bullet else "; ".join(names)


def refuse_edit(ctx: Ctx, report: Report, round_: Round) -> bool:
    """Say why the report cannot be changed now, if it cannot."""
    # Re-read the status under a row lock: an official approving at this very
    # moment waits for this answer, or this answer sees the approval.
    ctx.session.refresh(report, with_for_update=True)
    reason = None
    if report.status == "approved":
        reason = T.LOCKED
    elif round_.status != "open":
        reason = T.ROUND_CLOSED
    elif report.status in ("submitted",) and ctx.today > round_.deadline and not round_.edit_after_deadline:
        reason = T.NO_EDIT_AFTER_DEADLINE
    if reason:
        ctx.end_flow()
        ctx.say(reason, [Choice(T.BTN_STATUS, "/trangthai")])
        return True
    return False


# --- sections and questions -------------------------------------------------------


def _fields(ctx: Ctx, report: Report, section_code: str) -> list[R.FieldSpec]:
    section = R.section_by_code(ctx.session, section_code)
    if section is None:
        return []
    return R.section_fields(ctx.session, section, R.unit_by_id(ctx.session, report.unit_id))


def _first_open_index(fields: list[R.FieldSpec], values: dict[str, ReportValue]) -> Optional[int]:
    """The first question never answered nor skipped, else the first required one still empty."""
    for i, f in enumerate(fields):
        if f.key not in values:
            return i
    for i, f in enumerate(fields):
        if f.indicator.required and not R.is_answered(values.get(f.key)):
            return i
    return None


def _enter_section(ctx: Ctx, report: Report, section: Section, index: Optional[int] = None) -> None:
    if refuse_edit(ctx, report, ctx.session.get(Round, report.round_id)):
        return
    fields = _fields(ctx, report, section.code)
    if not fields:
        _show_overview(ctx, report)
        return
    if index is None:
        index = _first_open_index(fields, R.values_of(ctx.session, report.id)) or 0
    ctx.update_data(mode="field", section=section.code, index=index, pending=None)
    _ask_field(ctx, report)


def _continue(ctx: Ctx, report: Report) -> None:
    values = R.values_of(ctx.session, report.id)
    for section in R.sections(ctx.session):
        index = _first_open_index(_fields(ctx, report, section.code), values)
        if index is not None:
            _enter_section(ctx, report, section, index)
            return
    ctx.say(T.ALL_ANSWERED)
    _show_overview(ctx, report)


def _current_field(ctx: Ctx, report: Report) -> Optional[tuple[R.FieldSpec, int, int]]:
    fields = _fields(ctx, report, ctx.data.get("section", ""))
    index = ctx.data.get("index", 0)
    if not 0 <= index < len(fields):
        return None
    return fields[index], index, len(fields)


_kind, _number, _with_unit = figures.kind_of, figures.number, figures.with_unit


def _shown(ind: Indicator, value: ReportValue) -> str:
    if value.text is not None:
        return value.text
    return _with_unit(ind, _number(ind, value.number))


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
        index = parse_index(choice.removeprefix("opt:")) if choice else None
        if index is None or index >= len(ind.choices):
            _reject(ctx, report, T.ERR_CHOICE)
            return
        _store(ctx, report, field, text=ind.choices[index])
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
