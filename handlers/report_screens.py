"""What a clerk sees of their report: the overview, the review, the status, and the refusals.

Each function here says something (`ctx.say` / `ctx.ask`); the rules behind the refusals are
storage/submission.py's facts, put in words with bot/texts.py.
"""

from __future__ import annotations

from typing import Optional

from bot import figures
from bot import texts
from bot.events import Choice
from handlers.common import chunk_blocks, local_time
from handlers.context import Ctx
from handlers.report_state import OVERVIEW, set_mode
from storage import reports
from storage import review as review_store
from storage import submission
from storage.models import Indicator, Report, ReportValue, Round, Unit, User
from storage.values import value_type

SECTION_LABEL_MAX = 28
REVIEW_CHUNK = 600
NAMES_UP_TO = 10  # indicators named in "what is missing"; the rest are counted

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
        names.append(f"… và {len(indicators) - limit} chỉ tiêu khác")
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


def part_problems(ctx: Ctx, report: Report) -> list[str]:
    """What the lists kept inside the report (nominees, role models) still need before submitting."""
    return [problem for part in ctx.handlers.report_parts for problem in part.problems(ctx, report)]


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
    ctx.say("\n".join(lines), [Choice(texts.BTN_MENU, "/baocao")])


# --- the overview and the review ------------------------------------------------------------------


def show_overview(ctx: Ctx, report: Report) -> None:
    round_, unit = ctx.session.get(Round, report.round_id), ctx.session.get(Unit, report.unit_id)
    values = reports.values_of(ctx.session, report.id)
    lines = [texts.REPORT_HEADER.format(round=round_.name, unit=texts.unit_name(unit), status=status_text(report),
                                    deadline=texts.date_vn(round_.deadline),
                                    left=texts.days_left(round_.deadline, ctx.today))]
    if report.status == "returned":  # what to fix, right where the clerk fixes it
        lines.append(decision_line(ctx, report))
    lines += ["", texts.SECTIONS_TITLE]
    buttons = [Choice(texts.BTN_CONTINUE, "continue")]
    n = 0
    for n, section in enumerate(reports.sections(ctx.session), 1):
        progress = reports.section_progress(ctx.session, section, unit, values)
        if progress.total == 0:
            continue
        mark = " ✅" if progress.complete and progress.answered else ""
        lines.append(texts.SECTION_LINE.format(n=n, name=section.name, done=progress.answered,
                                           total=progress.total, mark=mark))
        buttons.append(Choice(f"{n}. {_short(section.name)} ({progress.answered}/{progress.total})",
                              f"section:{section.code}"))
    for n, part in enumerate(ctx.handlers.report_parts, n + 1):  # lists kept inside the report
        summary = part.summary(ctx, report)
        lines.append(texts.PART_LINE.format(n=n, title=part.title, summary=summary))
        buttons.append(Choice(f"{n}. {_short(part.title)} ({summary})", f"part:{part.part_code}"))
    buttons += [Choice(texts.BTN_REVIEW, "review"), Choice(texts.BTN_SUBMIT, "submit"), Choice(texts.BTN_PAUSE, "pause")]
    set_mode(ctx, OVERVIEW)
    ctx.ask("\n".join(lines), buttons)


def _short(name: str) -> str:
    return name if len(name) <= SECTION_LABEL_MAX else name[: SECTION_LABEL_MAX - 1].rstrip() + "…"


def show_review(ctx: Ctx, report: Report) -> None:
    unit = ctx.session.get(Unit, report.unit_id)
    values = reports.values_of(ctx.session, report.id)
    blocks = [texts.REVIEW_TITLE.format(unit=texts.unit_name(unit)) + "\n" + status_text(report)]
    for section in reports.sections(ctx.session):
        inds = reports.indicators_of(ctx.session, section.code, unit)
        if not inds:
            continue
        lines = [f"▪️ {section.name}"]
        for ind in inds:
            lines.append(f"• {ind.name}: {_review_value(ind, values)}")
        blocks.append("\n".join(lines))
    blocks += [part.review(ctx, report) for part in ctx.handlers.report_parts]
    problems = part_problems(ctx, report)
    if problems:
        blocks.append("\n".join([texts.REVIEW_PROBLEMS] + [f"• {p}" for p in problems]))
    chunks = chunk_blocks(blocks, REVIEW_CHUNK)
    for chunk in chunks[:-1]:
        ctx.say(chunk)
    set_mode(ctx, OVERVIEW)
    ctx.ask(chunks[-1], [Choice(texts.BTN_SUBMIT, "submit"), Choice(texts.BTN_CONTINUE, "continue"),
                         Choice(texts.BTN_PAUSE, "pause")])


def _review_value(ind: Indicator, values: dict[str, ReportValue]) -> str:
    value = values.get(ind.code)
    if not reports.is_answered(value):
        return texts.REVIEW_SKIPPED if value is not None and value.skipped else texts.REVIEW_EMPTY
    shown_ = shown(ind, value)
    plan = values.get(f"plan:{ind.code}")
    if ind.plan and reports.is_answered(plan) and plan.number:
        shown_ += f" (KH {_number(ind, plan.number)}, đạt {_percent(value.number, plan.number)}%)"
    return shown_


# --- refusals and the receipt ---------------------------------------------------------------------


def refuse_edit(ctx: Ctx, report: Report, round_: Round) -> bool:
    """Say why the report cannot be changed now, if it cannot (the flow ends)."""
    lock = submission.edit_lock(ctx.session, report, round_, ctx.today)
    if lock is None:
        return False
    ctx.end_flow()
    ctx.say(LOCK_TEXTS[lock], [Choice(texts.BTN_STATUS, "/trangthai")])
    return True


def say_blocked(ctx: Ctx, blocked: submission.Blocked) -> None:
    """Why the report cannot be submitted yet (answers missing, checks failed)."""
    if blocked.kind == submission.MISSING:
        ctx.say(texts.SUBMIT_MISSING.format(count=len(blocked.missing),
                                        items=indicator_names(list(blocked.missing), bullet=True)))
    else:
        ctx.say(texts.SUBMIT_CHECKS.format(items="\n".join(f"• {c.message}" for c in blocked.failed)))


def say_part_problems(ctx: Ctx, problems: list[str]) -> None:
    ctx.say(texts.SUBMIT_LISTS.format(items="\n".join(f"• {p}" for p in problems)))


def say_already_submitted(ctx: Ctx, report: Report) -> None:
    ctx.say(texts.SUBMIT_ALREADY.format(at=local_time(ctx, report.submitted_at), receipt=report.receipt_no))


def say_submitted(ctx: Ctx, report: Report, round_: Round) -> None:
    """The receipt (and a word on lateness)."""
    text = texts.SUBMITTED.format(receipt=report.receipt_no, at=texts.datetime_vn(ctx.now))
    if ctx.today > round_.deadline:
        text += "\n" + texts.SUBMITTED_LATE.format(deadline=texts.date_vn(round_.deadline))
    ctx.say(text, [Choice(texts.BTN_STATUS, "/trangthai")])
