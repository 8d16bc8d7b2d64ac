"""District officials (and admins): progress, one unit, one indicator, award totals, who has not
submitted, the compiled summary (the units' nominees and role models: handlers/district_nominees.py).

Figures come from storage/figures.py, progress.py and summary.py (SQL); texts, documents and the chart from
bot/documents/. Clerks are refused by the dispatcher (role check, logged).
Units and indicators are found without diacritics, case or the "xã" prefix;
when a name fits several, the candidates come back as buttons that re-run
the command with the exact code. A long answer comes in pages of one screen (`say_paged`), its
details behind buttons that re-run the command with a view and a page ("/xa quai-nua dexuat 2").
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable, ClassVar, Optional

from sqlmodel import select

from bot import commands, figures, texts
from bot.documents import wording
from bot.documents.chart import chart_file
from bot.documents.chat import CHAT_NAMES
from bot.documents.compare import beside_last_year as with_last_year, compare_words
from bot.documents.summary import summary_replies
from bot.events import Choice
from handlers.common import MAX_CANDIDATES, current_round, local_time, official_scope, say_long
from handlers.context import Ctx
from handlers.district_nominees import (NOMINEES, ROLE_MODELS, cmd_nominees, nominee_entries, nominees_line,
                                        role_model_entries)
from handlers.flow_state import FlowState
from handlers.history import last_year, last_year_column
from handlers.pager import Entry, page_number, say_paged
from handlers.registry import ADMIN, OFFICIALS, Command
from storage import district_lists
from storage import lookup
from storage import progress as progress_store
from storage import reports
from storage import review as review_store
from storage import submission
from storage.figures import Scope, applicable_units, award_totals, ranking
from storage.models import AwardForm, Indicator, Report, Round, Unit, User
from storage.people import fold, members
from storage.summary import compile_summary
from storage.values import value_type

log = logging.getLogger(__name__)
FLOW = "officials"
RANKING_ALL_UP_TO = 30
LIST_UNITS_UP_TO = 30


# --- shared ----------------------------------------------------------------------


def _pick_round(ctx: Ctx, args: str, name: str) -> Optional[Round]:
    """The round asked for (default: the open one); else buttons to pick one."""
    rounds = lookup.find_round(ctx.session, args)
    if len(rounds) == 1:
        return rounds[0]
    every = lookup.rounds_for_officials(ctx.session)
    if not every:
        ctx.say(texts.NO_ROUND)
        return None
    text = texts.ROUND_NOT_FOUND.format(query=args) if not rounds else texts.PICK_ROUND_FOR
    ctx.say(text, [Choice(r.name, f"{name} {r.code}") for r in (rounds or every)[:MAX_CANDIDATES]])
    return None


# --- /tiendo ------------------------------------------------------------------------


def cmd_progress(ctx: Ctx, args: str) -> None:
    round_ = _pick_round(ctx, args, commands.PROGRESS)
    if round_ is None:
        return
    progress = progress_store.progress(official_scope(ctx, round_))
    if not progress.total:
        ctx.say(texts.NO_UNITS_IN_SCOPE)
        return
    lines = [texts.PROGRESS_TEXT.format(round=round_.name, deadline=texts.date_vn(round_.deadline),
                                    left=texts.days_left(round_.deadline, ctx.today)), wording.progress_line(progress)]
    if progress.missing:
        names = [lookup.short_name(u.kind, u.name) for u in progress.missing]
        lines.append(texts.PROGRESS_MISSING.format(names=wording.names_text(names, len(names), texts.UNIT_NOUN, LIST_UNITS_UP_TO)))
        lines.append(texts.PROGRESS_DETAIL.format(draft=progress.counts.get("draft", 0),
                                              none=progress.counts.get("none", 0),
                                              returned=progress.counts.get("returned", 0)))
    else:
        lines.append(texts.PROGRESS_ALL_IN)
    ctx.say("\n".join(lines))
    ctx.send_file(chart_file(progress, round_.code, round_.name))


# --- /xa ------------------------------------------------------------------------------

# /xa shows a unit's draft too (marked as such), lists included; the district's lists count submitted ones.
EVERY_STATUS = ("draft", "submitted", "returned", "approved")


def cmd_unit(ctx: Ctx, args: str) -> None:
    words, page = page_number(args.split())
    view = fold(words.pop()) if len(words) > 1 and fold(words[-1]) in (NOMINEES, ROLE_MODELS) else None
    query = " ".join(words)
    if not query:
        NameState(step=Step.UNIT).start(ctx)
        _ask_name(ctx)
        return
    units = review_store.find_units(ctx.session, query, ctx.user.unit_id)  # the authority's own report too
    if not units:
        outside = lookup.find_reporting_units(ctx.session, query) if ctx.user.unit_id is not None else []
        if outside:  # they are told "not found", as for a unit that does not exist
            log.warning("refused /xa of unit(s) %s outside the area of user %s", ",".join(u.code for u in outside),
                        ctx.user.id)
        NameState(step=Step.UNIT).start(ctx)
        _ask_name(ctx, texts.UNIT_NOT_FOUND.format(query=query))
        return
    if len(units) > 1:
        ctx.end_flow()
        ctx.say(texts.UNIT_AMBIGUOUS.format(query=query),
                [Choice(texts.unit_name(u), f"{commands.UNIT_VIEW} {u.code}") for u in units[:MAX_CANDIDATES]], columns=2)
        return
    ctx.end_flow()
    round_ = current_round(ctx)
    if round_ is not None:
        _show_unit(ctx, round_, units[0], view, page)


def _unit_scope(ctx: Ctx, round_: Round) -> Scope:
    return Scope(ctx.session, round_, ctx.now.tzinfo, ctx.user.unit_id, statuses=EVERY_STATUS)


def _show_unit(ctx: Ctx, round_: Round, unit: Unit, view: Optional[str] = None, page: int = 1) -> None:
    """The report in pages of one screen: status, the lists in counts, the answers, the award counts, the
    audit in short; the lists themselves behind buttons, beside approving, returning and the history."""
    report = reports.find_report(ctx.session, round_.id, unit.id)
    status = texts.STATUS_NAMES[report.status] if report else texts.STATUS_NONE
    head = texts.UNIT_VIEW_HEAD.format(unit=texts.unit_name(unit), round=round_.name, status=status)
    actions = _review_buttons(ctx, unit, report)
    if report is None:
        say_paged(ctx, head, [Entry(texts.UNIT_VIEW_NO_REPORT)], page, f"{commands.UNIT_VIEW} {unit.code}", actions)
        return
    scope = _unit_scope(ctx, round_)
    back = [Choice(texts.BTN_XA_BACK.format(unit=texts.unit_name(unit)), f"{commands.UNIT_VIEW} {unit.code}")]
    draft = f" {texts.XA_DRAFT}" if report.status not in lookup.COUNTED else ""
    if view == NOMINEES:
        say_paged(ctx, texts.XA_NOMINEES_TITLE.format(unit=texts.unit_name(unit)) + draft,
                  nominee_entries(district_lists.nominees(scope, unit.id), scope.session) or [Entry(texts.XA_NOMINEES_NONE)], page,
                  f"{commands.UNIT_VIEW} {unit.code} {NOMINEES}", back)
        return
    if view == ROLE_MODELS:
        say_paged(ctx, texts.XA_ROLE_MODELS_TITLE.format(unit=texts.unit_name(unit)) + draft,
                  role_model_entries(district_lists.role_models(scope, unit.id)) or [Entry(texts.XA_ROLE_MODELS_NONE)],
                  page, f"{commands.UNIT_VIEW} {unit.code} {ROLE_MODELS}", back)
        return
    entries = []
    if report.submitted_at is not None and report.status in lookup.COUNTED:
        on_time = report.submitted_at < official_scope(ctx, round_).cutoff
        entries.append(Entry(texts.UNIT_VIEW_SUBMITTED.format(at=local_time(ctx, report.submitted_at),
                                                             timing=texts.ON_TIME if on_time else texts.LATE,
                                                             receipt=report.receipt_no)))
    if report.status not in lookup.COUNTED:
        entries.append(Entry(texts.UNIT_VIEW_DRAFT_NOTE))
    rows, models = district_lists.nominees(scope, unit.id), district_lists.role_models(scope, unit.id)
    entries += [Entry(nominees_line(rows)), Entry(texts.XA_ROLE_MODELS.format(count=figures.count(len(models)))
                                                   if models else texts.XA_ROLE_MODELS_NONE)]
    entries += _figure_entries(ctx, report, unit) + [Entry(_audit_line(ctx, report))]
    lists = []
    if rows:
        lists.append(Choice(texts.BTN_XA_NOMINEES.format(n=len(rows)), f"{commands.UNIT_VIEW} {unit.code} {NOMINEES}"))
    if models:
        lists.append(Choice(texts.BTN_XA_ROLE_MODELS.format(n=len(models)), f"{commands.UNIT_VIEW} {unit.code} {ROLE_MODELS}"))
    say_paged(ctx, head, entries, page, f"{commands.UNIT_VIEW} {unit.code}", lists + actions, columns=2)


def _figure_entries(ctx: Ctx, report: Report, unit: Unit) -> list[Entry]:
    """Each answer on a line, a section's name above its first; the award counts on the last."""
    values = reports.values_of(ctx.session, report.id)
    awards: dict[str, dict[str, float]] = {}
    entries = []
    before = last_year(ctx.session, report, unit, values)
    for section in reports.sections(ctx.session):
        lines = []
        for ind in reports.indicators_of(ctx.session, section.code, unit):
            value = values.get(ind.code)
            if ind.award:
                if reports.is_answered(value):
                    awards.setdefault(ind.award, {})[ind.subject or "individual"] = value.number or 0
                continue
            lines.append(with_last_year(f"• {ind.name}: {_unit_value(ind, values)}", before.get(ind.code)))
        if lines:
            entries += [Entry(f"▪️ {section.name}\n{lines[0]}")] + [Entry(line) for line in lines[1:]]
    return entries + [Entry(_award_line(ctx, awards))]


def _review_buttons(ctx: Ctx, unit: Unit, report: Optional[Report]) -> list[Choice]:
    """Under /xa's view: approve / return a submitted report, unlock an approved one (admins), the trail
    (the commands are handlers/review.py's)."""
    if report is None:
        return []
    choices = []
    if report.status == "submitted" and not review_store.own_submission(ctx.session, report, ctx.user.id):
        choices += [Choice(texts.BTN_APPROVE, f"{commands.APPROVE} {report.id}"), Choice(texts.BTN_RETURN, f"{commands.RETURN} {report.id}")]
    elif report.status == "approved" and ctx.user.role == ADMIN:
        choices.append(Choice(texts.BTN_UNLOCK, f"{commands.UNLOCK} {unit.code}"))
    return choices + [Choice(texts.BTN_HISTORY, f"{commands.HISTORY} {unit.code}")]


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
    items = [texts.AWARD_FORM.format(name=f.name, counts=wording.award_counts(f, awards[f.code].get("collective", 0),
                                                                     awards[f.code].get("individual", 0)))
             for f in forms]
    return texts.UNIT_VIEW_AWARDS.format(items="; ".join(items))


def _audit_line(ctx: Ctx, report: Report) -> str:
    entries = progress_store.audit_summary(ctx.session, report.id)
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
        NameState(step=Step.INDICATOR).start(ctx)
        _ask_name(ctx)
        return
    found = lookup.find_indicators(ctx.session, args)
    if not found:
        NameState(step=Step.INDICATOR).start(ctx)
        _ask_name(ctx, texts.INDICATOR_NOT_FOUND.format(query=args))
        return
    ctx.end_flow()
    if len(found) > 1:
        ctx.say(texts.INDICATOR_AMBIGUOUS.format(query=args),
                [Choice(i.name[:60], f"{commands.INDICATOR} {i.code}") for i in found[:MAX_CANDIDATES]])
        return
    round_ = current_round(ctx)
    if round_ is not None:
        _show_indicator(ctx, round_, found[0])


def _show_indicator(ctx: Ctx, round_: Round, ind: Indicator) -> None:
    scope = official_scope(ctx, round_)
    fig = scope.figure(ind.code)
    noun = wording.unit_noun(ind)
    head = texts.INDICATOR_HEAD.format(name=ind.name, unit=f" ({ind.unit})" if ind.unit else "", round=round_.name,
                                   reported=figures.count(fig.reported), total=figures.count(applicable_units(scope, ind)),
                                   noun=noun)
    if not fig.reported:
        ctx.say(f"{head}\n{texts.INDICATOR_NO_FIGURES}")
        return
    lines = [head]
    if fig.groups:
        lines.append(wording.groups_text(fig, CHAT_NAMES))
    elif ind.aggregate == "average":
        lines.append(texts.INDICATOR_RATE.format(rate=wording.rate_text(fig), noun=noun,  # as the files and pages say
                                                 low=figures.value(ind, fig.minimum), high=figures.value(ind, fig.maximum)))
        if fig.plan_average is not None:
            lines.append(texts.INDICATOR_PLAN_AVERAGE.format(plan=figures.with_unit(ind, figures.average(ind, fig.plan_average))))
    else:
        lines.append(texts.INDICATOR_TOTAL.format(value=figures.value(ind, fig.total or 0)))
        if fig.percent_of_plan is not None:
            lines.append(texts.INDICATOR_PLAN.format(plan=figures.value(ind, fig.plan_total),
                                                 percent=figures.percent(fig.planned_value, fig.plan_total)))
    if fig.comparison is not None:
        lines.append(texts.INDICATOR_LAST_YEAR.format(year=fig.comparison.year, words=compare_words(fig.comparison),
                                                      value=figures.value(ind, fig.comparison.previous)))
    blocks = ["\n".join(lines)]
    if value_type(ind).numeric:
        blocks.append(_ranking(scope, ind, fig.reported))
    say_long(ctx, blocks)


def _ranking(scope: Scope, ind: Indicator, reported: int) -> str:
    column = last_year_column(scope, ind)

    def line(n: int, unit: Unit, value: float) -> str:
        text = texts.RANKING_LINE.format(n=n, unit=lookup.short_name(unit.kind, unit.name), value=figures.value(ind, value))
        return with_last_year(text, column(unit, value))

    if reported <= RANKING_ALL_UP_TO:
        rows = ranking(scope, ind.code)
        return "\n".join([texts.RANKING_TITLE] + [line(n, u, v) for n, (u, v) in enumerate(rows, 1)])
    top = ranking(scope, ind.code, limit=10)
    bottom = ranking(scope, ind.code, limit=5, ascending=True)
    return "\n".join([texts.RANKING_TOP] + [line(n, u, v) for n, (u, v) in enumerate(top, 1)]
                     + [texts.RANKING_BOTTOM] + [line(reported - n, u, v) for n, (u, v) in enumerate(bottom)])


# --- /tongkhenthuong -------------------------------------------------------------------


def cmd_award_totals(ctx: Ctx, args: str) -> None:
    round_ = _pick_round(ctx, args, commands.AWARD_TOTALS)
    if round_ is None:
        return
    totals = award_totals(official_scope(ctx, round_), by_unit=True)
    blocks = [texts.AWARDS_TITLE.format(round=round_.name)]
    if not totals.by_unit:
        blocks.append(texts.AWARDS_NONE)
    else:
        blocks.append("\n".join(wording.award_level_lines(totals) + [wording.award_total_line(totals)]))
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
                per_unit[unit_id][1].append(f"{form.short or form.name} {wording.award_counts(form, by_subject.get('collective', 0), by_subject.get('individual', 0))}")
        lines = [texts.AWARDS_BY_UNIT]
        shown = list(per_unit.values())[:LIST_UNITS_UP_TO]
        lines += [texts.AWARDS_UNIT_LINE.format(unit=lookup.short_name(u.kind, u.name), items="; ".join(items) or "0") for u, items in shown]
        if len(per_unit) > len(shown):
            lines.append(texts.MORE_IN_FILE.format(n=len(per_unit) - len(shown)))
        blocks.append("\n".join(lines))
    say_long(ctx, blocks)


# --- /chuanop: who has not submitted, what they miss, who their clerks are (the digest's details) -----


def cmd_late(ctx: Ctx, args: str) -> None:
    words, page = page_number(args.split())
    round_ = _pick_round(ctx, " ".join(words), commands.LATE)
    if round_ is None:
        return
    scope = official_scope(ctx, round_)
    in_scope = set(ctx.session.exec(scope.unit_ids).all())
    late = [(u, r) for u, r in reports.units_not_submitted(ctx.session, round_) if u.id in in_scope]
    if not late:
        ctx.say(texts.PROGRESS_ALL_IN)
        return
    head = texts.LATE_TITLE.format(round=round_.name, deadline=texts.date_vn(round_.deadline),
                                   left=texts.days_left(round_.deadline, ctx.today), late=len(late), total=len(in_scope))
    entries = []
    for n, (unit, report) in enumerate(late, 1):
        people = "; ".join(_person(u, ctx.now.tzinfo) for u in members(ctx.session, "clerk", unit.id)) or texts.DIGEST_NO_CLERK
        entries.append(Entry(texts.DIGEST_LINE.format(
            n=n, unit=texts.unit_name(unit), missing=_missing_short(submission.what_is_missing(ctx.session, unit, report)),
            people=people)))
    say_paged(ctx, head, entries, page, f"{commands.LATE} {round_.code}")


def _missing_short(missing: submission.Missing) -> str:
    parts = [texts.MISSING_SHORT.format(count=figures.count(missing.answers))] if missing.answers else []
    if missing.lists:
        parts.append(texts.MISSING_SHORT_LISTS)
    return ", ".join(parts) or texts.MISSING_SHORT_NONE


def _person(user: User, tz: dt.tzinfo) -> str:
    if user.unreachable_at is not None:
        return texts.DIGEST_UNREACHABLE.format(name=user.full_name)
    if user.last_active_at is None:
        return texts.DIGEST_PERSON_NEVER.format(name=user.full_name)
    return texts.DIGEST_PERSON.format(name=user.full_name, last=texts.datetime_vn(user.last_active_at.astimezone(tz)))


# --- /tonghop ----------------------------------------------------------------------------


APPROVED_WORD = "duyet"  # "/tonghop duyet [round]": figures of approved reports only


def cmd_summary(ctx: Ctx, args: str) -> None:
    words = args.split()
    approved_only = bool(words) and fold(words[0]) == APPROVED_WORD
    name = f"{commands.SUMMARY} {APPROVED_WORD}" if approved_only else commands.SUMMARY
    round_ = _pick_round(ctx, " ".join(words[1:]) if approved_only else args, name)
    if round_ is None:
        return
    summary = compile_summary(ctx.session, round_, ctx.now, ctx.user.unit_id, approved_only=approved_only)
    ctx.replies.extend(summary_replies(summary))
    if not approved_only and summary.progress.approved:
        ctx.say(texts.SUMMARY_APPROVED_OFFER.format(n=summary.progress.approved),
                [Choice(texts.BTN_SUMMARY_APPROVED, f"{commands.SUMMARY} {APPROVED_WORD} {round_.code}")])


# --- typed names ---------------------------------------------------------------------------


class Step(Enum):
    UNIT = "unit"  # /xa without a unit: its name, typed
    INDICATOR = "indicator"  # /chitieu without an indicator


@dataclass(frozen=True)
class NameState(FlowState):
    flow: ClassVar[str] = FLOW
    step: Step = Step.INDICATOR

    @classmethod
    def legacy(cls, data: dict[str, Any]) -> dict[str, Any]:
        return {"step": data.get("mode"), **data}  # "mode" before the typed state


def _ask_name(ctx: Ctx, question: Optional[str] = None) -> None:
    """Ask for a unit's or an indicator's name, typed; a button leaves."""
    question = question or (texts.ASK_UNIT if NameState.of(ctx).step == Step.UNIT else texts.ASK_INDICATOR)
    ctx.ask(question, [Choice(texts.BTN_CANCEL, commands.CANCEL)], numbered=False)


# What a typed name does, by the step.
ON_NAME: dict[Step, Callable[[Ctx, str], None]] = {Step.UNIT: cmd_unit, Step.INDICATOR: cmd_indicator}


class OfficialsFlow:
    """Waits for a typed unit or indicator name after /xa or /chitieu without one."""

    def resume(self, ctx: Ctx) -> None:
        _ask_name(ctx)

    def on_input(self, ctx: Ctx, text: Optional[str], choice: Optional[str]) -> None:
        if not text:
            self.resume(ctx)
        else:
            ON_NAME[NameState.of(ctx).step](ctx, text)

# What this module answers (main.py gathers every module's, in menu order).
COMMANDS = (
    Command(commands.PROGRESS, OFFICIALS, texts.BTN_PROGRESS, cmd_progress),
    Command(commands.UNIT_VIEW, OFFICIALS, texts.BTN_UNIT_VIEW, cmd_unit),
    Command(commands.INDICATOR, OFFICIALS, texts.BTN_INDICATOR, cmd_indicator),
    Command(commands.AWARD_TOTALS, OFFICIALS, texts.BTN_AWARD_TOTALS, cmd_award_totals),
    # The nominees' lists live in handlers/district_nominees.py; their command sits here, in the officials' menu order.
    Command(commands.DISTRICT_NOMINEES, OFFICIALS, texts.BTN_DISTRICT_NOMINEES, cmd_nominees),
    Command(commands.LATE, OFFICIALS, texts.BTN_DIGEST_DETAILS, cmd_late, in_menu=False),
    Command(commands.SUMMARY, OFFICIALS, texts.BTN_SUMMARY, cmd_summary),
)
