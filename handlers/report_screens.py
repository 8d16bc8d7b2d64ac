"""What a clerk sees of their report: the overview, the review, the status, and the refusals.

Each function here says something (`ctx.say` / `ctx.ask`); the rules behind the refusals are
storage/submission.py's facts, put in words with bot/texts/reporting.py.
"""

from __future__ import annotations

from typing import Optional

from bot import commands, figures, texts
from bot.events import Choice
from handlers.common import local_time
from handlers.context import Ctx
from handlers.pager import block_entries, say_paged
from bot.documents.compare import stands_out_line
from handlers.buttons import CONTINUE, TURN
from handlers.history import last_year
from handlers.report_state import OVERVIEW, OVERVIEW_, PART, REVIEW, SECTION, SUBMIT, open_indices, section_fields, set_mode
from storage import reports
from storage import review as review_store
from storage import submission
from storage.catalog import SHORT_NAME_MAX
from storage.models import Indicator, Report, ReportValue, Round, Section, Unit, User
from storage.values import value_type

NAMES_UP_TO = 5  # indicators named in "what is missing" (/trangthai); the rest are counted
REFUSAL_ITEMS = 420  # characters of a refusal's list: with its first line and buttons, one screen

# Why a report cannot be changed now (storage.submission.edit_lock), in words.
LOCK_TEXTS = {submission.APPROVED: texts.LOCKED, submission.ROUND_CLOSED: texts.ROUND_CLOSED,
              submission.PAST_DEADLINE: texts.NO_EDIT_AFTER_DEADLINE}

_number, _percent = figures.number, figures.percent


def status_text(report: Optional[Report]) -> str:
    if report is None:
        return texts.STATUS_NAMES["draft"]
    status = texts.STATUS_NAMES[report.status]
    return f"{status} ({texts.EDITED_AFTER_SUBMIT})" if report.edited_after_submit else status


def shown(ind: Indicator, value: ReportValue) -> str:
    """An answer as the chat shows it ("1.250 người", "Tốt")."""
    kind = value_type(ind)
    return kind.show(ind, kind.raw(value))


def indicator_names(indicators: list[Indicator], bullet: bool = False, limit: int = NAMES_UP_TO) -> str:
    names = [i.name for i in indicators[:limit]]
    if len(indicators) > limit:
        names.append(texts.MORE_INDICATORS.format(n=len(indicators) - limit))
    return "\n".join(f"• {n}" for n in names) if bullet else "; ".join(names)


def decision_line(ctx: Ctx, report: Report) -> str:
    """Why a report is returned or approved, by whom and when ("" otherwise)."""
    if report.status not in ("returned", "approved"):
        return ""
    step = review_store.last_step(ctx.session, report.id, (review_store.DECISIONS_BY_STATUS[report.status],))
    if step is None:
        return ""
    user = ctx.session.get(User, step.user_id) if step.user_id else None
    template = texts.STATUS_RETURNED if report.status == "returned" else texts.STATUS_APPROVED
    return template.format(by=user.full_name if user else "", at=local_time(ctx, step.at),
                           reason=step.detail.get("reason", ""))


def report_parts(ctx: Ctx, report: Report) -> tuple:
    """The lists kept inside a unit's report (nominees, role models); the authority's own report has none."""
    unit = reports.unit_by_id(ctx.session, report.unit_id)
    return ctx.handlers.report_parts if unit is not None and unit.is_reporting else ()


def part_problems(ctx: Ctx, report: Report) -> list[str]:
    """What the lists kept inside the report (nominees, role models) still need before submitting."""
    return [problem for part in report_parts(ctx, report) for problem in part.problems(ctx, report)]


# --- /trangthai -----------------------------------------------------------------------------------


def show_status(ctx: Ctx, round_: Round, unit: Unit, report: Optional[Report]) -> None:
    lines = [texts.STATUS_TEXT.format(round=round_.name, unit=texts.unit_name(unit), status=status_text(report),
                                  deadline=texts.date_vn(round_.deadline), left=texts.days_left(round_.deadline, ctx.today))]
    if report is None:
        lines.append(texts.STATUS_NO_REPORT)
    else:
        if report.receipt_no:
            lines.append(texts.STATUS_RECEIPT.format(receipt=report.receipt_no, at=local_time(ctx, report.submitted_at)))
        decision = decision_line(ctx, report)
        if decision:
            lines.append(decision)
        missing = submission.missing(ctx.session, unit, reports.values_of(ctx.session, report.id))
        lines.append(texts.STATUS_MISSING.format(count=len(missing), items=indicator_names(missing)) if missing
                     else texts.STATUS_COMPLETE)
    ctx.say("\n".join(lines), [Choice(texts.BTN_MENU, commands.REPORT)])


# --- the overview and the review ------------------------------------------------------------------


def short_name(section: Section) -> str:
    """A section as the overview and the questions' heading name it ("Giảm nghèo")."""
    name = section.short or section.name  # a catalogue without short names: its names, cut to the same length
    return name if len(name) <= SHORT_NAME_MAX else name[: SHORT_NAME_MAX - 1].rstrip() + "…"


def report_line(ctx: Ctx, report: Report) -> str:
    """One line over the question /baocao opens on: which report, by when."""
    round_ = ctx.session.get(Round, report.round_id)
    return texts.REPORT_LINE.format(round=round_.name, deadline=texts.date_vn(round_.deadline),
                                    left=texts.days_left(round_.deadline, ctx.today))


def show_overview(ctx: Ctx, report: Report, note: str = "") -> None:
    """The report on one screen: a line per section (done, or how many questions left) and per list,
    numbered as the menu is, and buttons only for what can be done now."""
    round_, unit = ctx.session.get(Round, report.round_id), ctx.session.get(Unit, report.unit_id)
    lines = [note] if note else []
    lines.append(texts.OVERVIEW_HEAD.format(round=round_.name, unit=texts.unit_name(unit), status=status_text(report),
                                            deadline=texts.date_vn(round_.deadline),
                                            left=texts.days_left(round_.deadline, ctx.today)))
    if report.status in ("returned", "approved"):  # what to fix, right where the clerk fixes it
        lines.append(decision_line(ctx, report))
    set_mode(ctx, OVERVIEW)
    lock = submission.edit_lock(ctx.session, report, round_, ctx.today)
    if lock is not None:  # nothing to open or send: the answers can still be read
        lines.append(LOCK_TEXTS[lock])
        ctx.ask("\n".join(lines), [Choice(texts.BTN_REVIEW, REVIEW()), Choice(texts.BTN_STATUS, commands.STATUS)])
        return
    values = reports.values_of(ctx.session, report.id)
    buttons, left, n = [], 0, 0
    for section in reports.sections(ctx.session):
        fields = section_fields(ctx, report, section.code)
        if not fields:
            continue
        n += 1
        open_ = len(open_indices(fields, values))
        left += open_
        label = texts.OVERVIEW_SECTION_DONE if not open_ else texts.OVERVIEW_SECTION_LEFT
        buttons.append(Choice(label.format(n=n, name=short_name(section), left=open_), SECTION(section.code)))
    for part in report_parts(ctx, report):  # the lists kept inside the report
        n += 1
        buttons.append(Choice(texts.OVERVIEW_PART.format(n=n, name=part.short, summary=part.summary(ctx, report)),
                              PART(part.part_code)))
    if left:
        lines.append(texts.OVERVIEW_LEFT.format(count=left))
        buttons.append(Choice(texts.BTN_CONTINUE, CONTINUE()))
    buttons.append(Choice(texts.BTN_REVIEW, REVIEW()))
    line, button = _sending(ctx, report, unit, left)
    lines += [line] if line else []
    buttons += [button] if button else []
    lines.append(texts.OVERVIEW_HOW)
    ctx.ask("\n".join(lines), buttons, columns=2)


def _sending(ctx: Ctx, report: Report, unit: Unit, left: int) -> tuple[str, Optional[Choice]]:
    """What the overview says about sending the report (`left`: questions still to do), and its button:
    send it, see why it cannot be sent yet, or none (nothing new to send, or required answers to give:
    "Nhập tiếp" leads to them)."""
    if submission.unchanged_since_submitted(report):
        return texts.OVERVIEW_SENT.format(receipt=report.receipt_no), None
    why_not = Choice(texts.BTN_WHY_NOT, SUBMIT())
    blocked = submission.blocked(ctx.session, report, unit)
    if blocked is not None and blocked.kind == submission.MISSING:
        return ("", None) if left else (texts.OVERVIEW_MISSING.format(count=len(blocked.missing)), why_not)
    if blocked is not None:
        return texts.OVERVIEW_CHECKS.format(count=len(blocked.failed)), why_not
    problems = part_problems(ctx, report)
    if problems:
        return texts.OVERVIEW_LIST_PROBLEMS.format(count=len(problems)), why_not
    return ("" if left else texts.OVERVIEW_READY), Choice(texts.BTN_SUBMIT, SUBMIT())


def show_review(ctx: Ctx, report: Report, page: int = 1) -> None:
    """Every answer, a page (one screen) at a time: ◀️ ▶️ turn the pages (behind `show_check`'s button)."""
    unit = ctx.session.get(Unit, report.unit_id)
    values = reports.values_of(ctx.session, report.id)
    blocks = []
    for section in reports.sections(ctx.session):
        inds = reports.indicators_of(ctx.session, section.code, unit)
        if inds:
            blocks.append("\n".join([f"▪️ {short_name(section)}"]
                                    + [f"• {ind.name}: {_review_value(ind, values)}" for ind in inds]))
    blocks += [part.review(ctx, report) for part in report_parts(ctx, report)]
    problems = part_problems(ctx, report)
    if problems:
        blocks.append("\n".join([texts.REVIEW_PROBLEMS] + [f"• {p}" for p in problems]))
    status = status_text(report)

    def head(page_: int, pages: int) -> str:
        return texts.REVIEW_HEAD.format(unit=texts.unit_name(unit), status=status, page=page_, pages=pages)

    set_mode(ctx, OVERVIEW)
    say_paged(ctx, head, block_entries(blocks), page, fixed=[Choice(texts.BTN_SECTIONS, OVERVIEW_())], columns=2)


def _review_value(ind: Indicator, values: dict[str, ReportValue]) -> str:
    value = values.get(ind.code)
    if not reports.is_answered(value):
        return texts.REVIEW_SKIPPED if value is not None and value.skipped else texts.REVIEW_EMPTY
    shown_ = shown(ind, value)
    plan = values.get(f"plan:{ind.code}")
    if ind.plan and reports.is_answered(plan) and plan.number:
        shown_ += texts.REVIEW_PLAN.format(plan=_number(ind, plan.number), percent=_percent(value.number, plan.number))
    return shown_


# --- refusals and the receipt ---------------------------------------------------------------------


def refuse_edit(ctx: Ctx, report: Report, round_: Round) -> bool:
    """Say why the report cannot be changed now, if it cannot (the flow ends)."""
    lock = submission.edit_lock(ctx.session, report, round_, ctx.today)
    if lock is None:
        return False
    ctx.end_flow()
    ctx.say(LOCK_TEXTS[lock], [Choice(texts.BTN_STATUS, commands.STATUS)])
    return True


def say_blocked(ctx: Ctx, report: Report, blocked: submission.Blocked) -> None:
    """Why the report cannot be submitted yet (answers missing, checks failed), one screen, and a
    button to where it is fixed."""
    if blocked.kind == submission.MISSING:
        text = texts.SUBMIT_MISSING.format(count=len(blocked.missing),
                                           items=bullets([i.name for i in blocked.missing], REFUSAL_ITEMS))
        buttons = [Choice(texts.BTN_CONTINUE, CONTINUE())]
    else:
        text = texts.SUBMIT_CHECKS.format(items=bullets([c.message for c in blocked.failed], REFUSAL_ITEMS))
        codes = {code for check in blocked.failed for code in check.left + check.right}
        unit = ctx.session.get(Unit, report.unit_id)
        buttons = [Choice(texts.BTN_FIX.format(section=short_name(section)), SECTION(section.code))
                   for section in reports.sections(ctx.session)
                   if codes & {i.code for i in reports.indicators_of(ctx.session, section.code, unit)}]
    set_mode(ctx, OVERVIEW)
    ctx.ask(text, buttons + [Choice(texts.BTN_SECTIONS, OVERVIEW_())])


def say_part_problems(ctx: Ctx, report: Report) -> None:
    """What the lists kept inside the report still need, one screen, and a button to each such list."""
    problems, buttons = [], []
    for part in report_parts(ctx, report):
        own = part.problems(ctx, report)
        problems += own
        if own:
            buttons.append(Choice(texts.BTN_FIX.format(section=part.short), PART(part.part_code)))
    set_mode(ctx, OVERVIEW)
    ctx.ask(texts.SUBMIT_LISTS.format(items=bullets(problems, REFUSAL_ITEMS)),
            buttons + [Choice(texts.BTN_SECTIONS, OVERVIEW_())])


def bullets(items: list[str], budget: int) -> str:
    """As many items as fit in `budget` characters (the first always), one a line; the rest counted."""
    lines: list[str] = []
    used = 0
    for n, item in enumerate(items):
        line = f"• {item}"
        if lines and used + len(line) > budget:
            lines.append(texts.MORE_ITEMS.format(count=len(items) - n))
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)


def say_already_submitted(ctx: Ctx, report: Report) -> None:
    ctx.say(texts.SUBMIT_ALREADY.format(at=local_time(ctx, report.submitted_at), receipt=report.receipt_no))


def say_submitted(ctx: Ctx, report: Report, round_: Round) -> None:
    """The receipt (and a word on lateness)."""
    text = texts.SUBMITTED.format(receipt=report.receipt_no, at=texts.datetime_vn(ctx.now))
    if ctx.today > round_.deadline:
        text += "\n" + texts.SUBMITTED_LATE.format(deadline=texts.date_vn(round_.deadline))
    unit = ctx.session.get(Unit, report.unit_id)
    if not unit.is_reporting:  # the authority's own: another official reviews it; /trangthai is the clerks'
        ctx.say(text + "\n" + texts.SUBMITTED_OWN.format(unit=texts.unit_name(unit)))
        return
    ctx.say(text, [Choice(texts.BTN_STATUS, commands.STATUS)])


def show_check(ctx: Ctx, report: Report) -> None:
    """The review before sending, on one screen: what stands out against last year, what is missing,
    the catalogue's checks and the lists' problems; every answer behind one button (`show_review`)."""
    unit = ctx.session.get(Unit, report.unit_id)
    values = reports.values_of(ctx.session, report.id)
    lines = [texts.CHECK_HEAD.format(unit=texts.unit_name(unit), status=status_text(report))]
    standing = stands_out_line(list(last_year(ctx.session, report, unit, values).values())).strip()
    absent = submission.missing(ctx.session, unit, values)
    failed = submission.failed_checks(ctx.session, values) if not absent else []
    problems = part_problems(ctx, report)
    if standing:
        lines.append(standing)
    if absent:
        lines.append(texts.CHECK_MISSING.format(count=len(absent), names=indicator_names(absent, limit=3)))
    items = [c.message for c in failed] + problems
    if items:
        lines.append(texts.REVIEW_PROBLEMS + "\n" + bullets(items, REFUSAL_ITEMS // 2))
    if len(lines) == 1:
        lines.append(texts.CHECK_ALL_GOOD)
    set_mode(ctx, OVERVIEW)
    ctx.ask("\n".join(lines), [Choice(texts.BTN_ALL_ANSWERS, TURN(1)), Choice(texts.BTN_SECTIONS, OVERVIEW_())],
            columns=2)
