"""District officials (and admins): progress, one unit, one indicator, award totals, the compiled summary.

Figures come from storage.summary (SQL); texts, documents and the chart from
bot.documents. Clerks are refused by the dispatcher (role check, logged).
Units and indicators are found without diacritics, case or the "xã" prefix;
when a name fits several, the candidates come back as buttons that re-run
the command with the exact code.
"""

from __future__ import annotations

import logging
from typing import Optional

from sqlmodel import func, select

from bot import documents
from bot import figures
from bot import texts
from bot.events import Choice, OutFile
from handlers.common import current_round, local_time, say_long
from handlers.context import Ctx
from handlers.registry import ADMIN
from storage import reports
from storage import summary as summary_store
from storage.models import AwardForm, Indicator, Report, Round, Unit
from storage.people import fold
from storage.values import value_type

log = logging.getLogger(__name__)
FLOW = "officials"
RANKING_ALL_UP_TO = 30
LIST_UNITS_UP_TO = 30
MAX_CANDIDATES = 12


# --- shared ----------------------------------------------------------------------


def _scope(ctx: Ctx, round_: Round) -> summary_store.Scope:
    return summary_store.Scope(ctx.session, round_, ctx.now.tzinfo, ctx.user.unit_id)


def _pick_round(ctx: Ctx, args: str, name: str) -> Optional[Round]:
    """The round asked for (default: the open one); else buttons to pick one."""
    rounds = summary_store.find_round(ctx.session, args)
    if len(rounds) == 1:
        return rounds[0]
    every = summary_store.rounds_for_officials(ctx.session)
    if not every:
        ctx.say(texts.NO_ROUND)
        return None
    text = texts.ROUND_NOT_FOUND.format(query=args) if not rounds else texts.PICK_ROUND_FOR
    ctx.say(text, [Choice(r.name, f"{name} {r.code}") for r in (rounds or every)[:MAX_CANDIDATES]])
    return None


# --- /tiendo ------------------------------------------------------------------------


def cmd_progress(ctx: Ctx, args: str) -> None:
    round_ = _pick_round(ctx, args, "/tiendo")
    if round_ is None:
        return
    progress = summary_store.progress(_scope(ctx, round_))
    if not progress.total:
        ctx.say(texts.NO_UNITS_IN_SCOPE)
        return
    lines = [texts.PROGRESS_TEXT.format(round=round_.name, deadline=texts.date_vn(round_.deadline),
                                    left=texts.days_left(round_.deadline, ctx.today)), documents.progress_line(progress)]
    if progress.missing:
        names = [summary_store.short_name(u.kind, u.name) for u in progress.missing]
        lines.append(texts.PROGRESS_MISSING.format(names=documents.names_text(names, len(names), texts.UNIT_NOUN, LIST_UNITS_UP_TO)))
        lines.append(texts.PROGRESS_DETAIL.format(draft=progress.counts.get("draft", 0),
                                              none=progress.counts.get("none", 0),
                                              returned=progress.counts.get("returned", 0)))
    else:
        lines.append(texts.PROGRESS_ALL_IN)
    ctx.say("\n".join(lines))
    chart = documents.progress_chart(progress, round_.name)
    ctx.send_file(OutFile(f"tien-do-{round_.code}.png", chart, texts.CHART_CAPTION.format(round=round_.name),
                          is_image=True))


# --- /xa ------------------------------------------------------------------------------


def cmd_unit(ctx: Ctx, args: str) -> None:
    if not args:
        ctx.start_flow(FLOW, mode="unit")
        _ask_name(ctx)
        return
    units = summary_store.find_reporting_units(ctx.session, args, ctx.user.unit_id)
    if not units:
        outside = summary_store.find_reporting_units(ctx.session, args) if ctx.user.unit_id is not None else []
        if outside:  # they are told "not found", as for a unit that does not exist
            log.warning("refused /xa of unit(s) %s outside the area of user %s", ",".join(u.code for u in outside),
                        ctx.user.id)
        ctx.start_flow(FLOW, mode="unit")
        _ask_name(ctx, texts.UNIT_NOT_FOUND.format(query=args))
        return
    if len(units) > 1:
        ctx.end_flow()
        ctx.say(texts.UNIT_AMBIGUOUS.format(query=args),
                [Choice(texts.unit_name(u), f"/xa {u.code}") for u in units[:MAX_CANDIDATES]], columns=2)
        return
    ctx.end_flow()
    round_ = current_round(ctx)
    if round_ is not None:
        _show_unit(ctx, round_, units[0])


def _show_unit(ctx: Ctx, round_: Round, unit: Unit) -> None:
    report = reports.find_report(ctx.session, round_.id, unit.id)
    status = texts.STATUS_NAMES[report.status] if report else texts.STATUS_NONE
    head = [texts.UNIT_VIEW_HEAD.format(unit=texts.unit_name(unit), round=round_.name, status=status)]
    actions = _review_buttons(ctx, unit, report)
    if report is None:
        head.append(texts.UNIT_VIEW_NO_REPORT)
        say_long(ctx, ["\n".join(head)], actions or None)
        return
    if report.submitted_at is not None and report.status in summary_store.COUNTED:
        on_time = report.submitted_at < _scope(ctx, round_).cutoff
        head.append(texts.UNIT_VIEW_SUBMITTED.format(at=local_time(ctx, report.submitted_at),
                                                 timing=texts.ON_TIME if on_time else texts.LATE,
                                                 receipt=report.receipt_no))
    if report.status not in summary_store.COUNTED:
        head.append(texts.UNIT_VIEW_DRAFT_NOTE)
    blocks = ["\n".join(head)]
    values = reports.values_of(ctx.session, report.id)
    awards: dict[str, dict[str, float]] = {}
    for section in reports.sections(ctx.session):
        lines = []
        for ind in reports.indicators_of(ctx.session, section.code, unit):
            value = values.get(ind.code)
            if ind.award:
                if reports.is_answered(value):
                    awards.setdefault(ind.award, {})[ind.subject or "individual"] = value.number or 0
                continue
            lines.append(f"• {ind.name}: {_unit_value(ind, values)}")
        if lines:
            blocks.append("\n".join([f"▪️ {section.name}"] + lines))
    blocks.append(_award_line(ctx, awards))
    blocks.append(_audit_line(ctx, report))
    say_long(ctx, blocks, actions or None)


def _review_buttons(ctx: Ctx, unit: Unit, report: Optional[Report]) -> list[Choice]:
    """Under /xa's view: approve / return a submitted report, unlock an approved one (admins), the trail
    (the commands are handlers/review.py's)."""
    if report is None:
        return []
    choices = []
    if report.status == "submitted":
        choices += [Choice(texts.BTN_APPROVE, f"/pheduyet {report.id}"), Choice(texts.BTN_RETURN, f"/tralai {report.id}")]
    elif report.status == "approved" and ctx.user.role == ADMIN:
        choices.append(Choice(texts.BTN_UNLOCK, f"/mokhoa {unit.code}"))
    return choices + [Choice(texts.BTN_HISTORY, f"/lichsu {unit.code}")]


def _unit_value(ind: Indicator, values) -> str:
    value = values.get(ind.code)
    if not reports.is_answered(value):
        return texts.REVIEW_SKIPPED if value is not None and value.skipped else texts.REVIEW_EMPTY
    if value.text is not None:
        return value.text
    shown = figures.value(ind, value.number)
    plan = values.get(f"plan:{ind.code}")
    if ind.plan and reports.is_answered(plan) and plan.number:
        shown += texts.UNIT_VIEW_PLAN.format(plan=figures.value(ind, plan.number), percent=figures.percent(value.number, plan.number))
    return shown


def _award_line(ctx: Ctx, awards: dict[str, dict[str, float]]) -> str:
    if not awards:
        return texts.UNIT_VIEW_NO_AWARDS
    forms = ctx.session.exec(select(AwardForm).where(AwardForm.code.in_(list(awards)))
                             .order_by(AwardForm.position)).all()
    items = [texts.AWARD_FORM.format(name=f.name, counts=documents.award_counts(f, awards[f.code].get("collective", 0),
                                                                     awards[f.code].get("individual", 0)))
             for f in forms]
    return texts.UNIT_VIEW_AWARDS.format(items="; ".join(items))


def _audit_line(ctx: Ctx, report: Report) -> str:
    entries = summary_store.audit_summary(ctx.session, report.id)
    if not entries:
        return texts.AUDIT_NONE
    items = []
    for e in entries:
        template = texts.AUDIT_ACTIONS.get(e.action, texts.AUDIT_OTHER)
        items.append(template.format(action=e.action, n=e.count, at=local_time(ctx, e.last_at)))
    return texts.AUDIT_LINE.format(items="; ".join(items))


# --- /chitieu -------------------------------------------------------------------------


def cmd_indicator(ctx: Ctx, args: str) -> None:
    if not args:
        ctx.start_flow(FLOW, mode="indicator")
        _ask_name(ctx)
        return
    found = summary_store.find_indicators(ctx.session, args)
    if not found:
        ctx.start_flow(FLOW, mode="indicator")
        _ask_name(ctx, texts.INDICATOR_NOT_FOUND.format(query=args))
        return
    ctx.end_flow()
    if len(found) > 1:
        ctx.say(texts.INDICATOR_AMBIGUOUS.format(query=args),
                [Choice(i.name[:60], f"/chitieu {i.code}") for i in found[:MAX_CANDIDATES]])
        return
    round_ = current_round(ctx)
    if round_ is not None:
        _show_indicator(ctx, round_, found[0])


def _applicable_units(scope: summary_store.Scope, ind: Indicator) -> int:
    query = select(func.count()).select_from(Unit).where(Unit.id.in_(scope.unit_ids))
    if ind.unit_kinds:
        query = query.where(Unit.kind.in_(ind.unit_kinds))
    return scope.session.exec(query).one()


def _show_indicator(ctx: Ctx, round_: Round, ind: Indicator) -> None:
    scope = _scope(ctx, round_)
    fig = scope.figures[ind.code]
    noun = documents.unit_noun(ind)
    head = texts.INDICATOR_HEAD.format(name=ind.name, unit=f" ({ind.unit})" if ind.unit else "", round=round_.name,
                                   reported=figures.count(fig.reported), total=figures.count(_applicable_units(scope, ind)),
                                   noun=noun)
    if not fig.reported:
        ctx.say(f"{head}\n{texts.INDICATOR_NO_FIGURES}")
        return
    lines = [head]
    if fig.groups:
        lines.append(documents.groups_text(fig, documents.CHAT_NAMES))
    elif ind.aggregate == "average":
        lines.append(texts.INDICATOR_AVERAGE.format(value=figures.with_unit(ind, figures.average(ind, fig.average)), noun=noun,
                                                low=figures.value(ind, fig.minimum), high=figures.value(ind, fig.maximum)))
        if fig.plan_average is not None:
            lines.append(texts.INDICATOR_PLAN_AVERAGE.format(plan=figures.with_unit(ind, figures.average(ind, fig.plan_average))))
    else:
        lines.append(texts.INDICATOR_TOTAL.format(value=figures.value(ind, fig.total or 0)))
        if fig.percent_of_plan is not None:
            lines.append(texts.INDICATOR_PLAN.format(plan=figures.value(ind, fig.plan_total),
                                                 percent=figures.percent(fig.planned_value, fig.plan_total)))
    blocks = ["\n".join(lines)]
    if value_type(ind).numeric:
        blocks.append(_ranking(scope, ind, fig.reported))
    say_long(ctx, blocks)


def _ranking(scope: summary_store.Scope, ind: Indicator, reported: int) -> str:
    def line(n: int, unit: Unit, value: float) -> str:
        return texts.RANKING_LINE.format(n=n, unit=summary_store.short_name(unit.kind, unit.name), value=figures.value(ind, value))

    if reported <= RANKING_ALL_UP_TO:
        rows = summary_store.ranking(scope, ind.code)
        return "\n".join([texts.RANKING_TITLE] + [line(n, u, v) for n, (u, v) in enumerate(rows, 1)])
    top = summary_store.ranking(scope, ind.code, limit=10)
    bottom = summary_store.ranking(scope, ind.code, limit=5, ascending=True)
    return "\n".join([texts.RANKING_TOP] + [line(n, u, v) for n, (u, v) in enumerate(top, 1)]
                     + [texts.RANKING_BOTTOM] + [line(reported - n, u, v) for n, (u, v) in enumerate(bottom)])


# --- /tongkhenthuong -------------------------------------------------------------------


def cmd_award_totals(ctx: Ctx, args: str) -> None:
    round_ = _pick_round(ctx, args, "/tongkhenthuong")
    if round_ is None:
        return
    totals = summary_store.award_totals(_scope(ctx, round_), by_unit=True)
    blocks = [texts.AWARDS_TITLE.format(round=round_.name)]
    if not totals.by_unit:
        blocks.append(texts.AWARDS_NONE)
    else:
        blocks.append("\n".join(documents.award_level_lines(totals) + [documents.award_total_line(totals)]))
        per_unit: dict[int, tuple[Unit, list[str]]] = {}
        counts: dict[tuple[int, str], dict[str, float]] = {}
        forms: dict[tuple[int, str], AwardForm] = {}
        for unit, form, subject, n in totals.by_unit:
            per_unit.setdefault(unit.id, (unit, []))
            counts.setdefault((unit.id, form.code), {})[subject] = n
            forms[(unit.id, form.code)] = form
        for (unit_id, code), by_subject in counts.items():
            form = forms[(unit_id, code)]
            if any(by_subject.values()):
                per_unit[unit_id][1].append(f"{form.short or form.name} {documents.award_counts(form, by_subject.get('collective', 0), by_subject.get('individual', 0))}")
        lines = [texts.AWARDS_BY_UNIT]
        shown = list(per_unit.values())[:LIST_UNITS_UP_TO]
        lines += [texts.AWARDS_UNIT_LINE.format(unit=summary_store.short_name(u.kind, u.name), items="; ".join(items) or "0") for u, items in shown]
        if len(per_unit) > len(shown):
            lines.append(texts.MORE_IN_FILE.format(n=len(per_unit) - len(shown)))
        blocks.append("\n".join(lines))
    say_long(ctx, blocks)


# --- /tonghop ----------------------------------------------------------------------------


APPROVED_WORD = "duyet"  # "/tonghop duyet [round]": figures of approved reports only


def cmd_summary(ctx: Ctx, args: str) -> None:
    words = args.split()
    approved_only = bool(words) and fold(words[0]) == APPROVED_WORD
    name = f"/tonghop {APPROVED_WORD}" if approved_only else "/tonghop"
    round_ = _pick_round(ctx, " ".join(words[1:]) if approved_only else args, name)
    if round_ is None:
        return
    summary = summary_store.compile_summary(ctx.session, round_, ctx.now, ctx.user.unit_id, approved_only=approved_only)
    ctx.replies.extend(documents.summary_replies(summary))
    if not approved_only and summary.progress.approved:
        ctx.say(texts.SUMMARY_APPROVED_OFFER.format(n=summary.progress.approved),
                [Choice(texts.BTN_SUMMARY_APPROVED, f"/tonghop {APPROVED_WORD} {round_.code}")])


# --- typed names ---------------------------------------------------------------------------


def _ask_name(ctx: Ctx, question: Optional[str] = None) -> None:
    """Ask for a unit's or an indicator's name, typed; a button leaves."""
    question = question or (texts.ASK_UNIT if ctx.data.get("mode") == "unit" else texts.ASK_INDICATOR)
    ctx.ask(question, [Choice(texts.BTN_CANCEL, "/huy")], numbered=False)


class OfficialsFlow:
    """Waits for a typed unit or indicator name after /xa or /chitieu without one."""

    def resume(self, ctx: Ctx) -> None:
        _ask_name(ctx)

    def on_input(self, ctx: Ctx, text: Optional[str], choice: Optional[str]) -> None:
        if not text:
            self.resume(ctx)
        elif ctx.data.get("mode") == "unit":
            cmd_unit(ctx, text)
        else:
            cmd_indicator(ctx, text)
