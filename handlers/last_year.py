"""/namtruoc: an official types a unit's figure of last year that no round holds (issue 26).

`/namtruoc <đơn vị>` lists the unit's compared indicators with last year's figure and where it comes
from (its report of that year, a workbook, typed, its old communes) or that none is known, a page at a
time; a button (or `/namtruoc <đơn vị> <mã chỉ tiêu>`) asks for one figure, read and checked as the
clerk's answer would be, kept by unit code (storage/history.py `keep_past_figure`) and audited. A figure
the unit's own report of that year holds is not typed over: it is corrected in that report.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import ClassVar, Optional

from bot import commands, figures, texts
from bot.events import Choice
from handlers import past_files
from handlers.common import MAX_CANDIDATES, current_round
from handlers.context import Ctx
from handlers.flow_state import FlowState
from handlers.pager import Entry, page_number, say_paged
from handlers.registry import OFFICIALS, Command
from storage import history, lookup, reports
from storage.facts import Problem
from storage.models import AuditLog, Indicator, Round, Unit
from storage.numbers import Ambiguous
from storage.values import value_type

FLOW = "last_year"


class Step(Enum):
    FIGURE = "figure"  # the figure of one indicator, typed


@dataclass(frozen=True)
class LastYearState(FlowState):
    flow: ClassVar[str] = FLOW
    step: Step = Step.FIGURE
    unit: str = ""  # the unit's code
    indicator: str = ""  # the indicator's code


def _compared(ctx: Ctx, unit: Unit) -> list[Indicator]:
    """The unit's questions that compare with last year, in report order."""
    return [i for s in reports.sections(ctx.session) for i in reports.indicators_of(ctx.session, s.code, unit)
            if history.compares(i)]


def cmd_last_year(ctx: Ctx, args: str) -> None:
    ctx.end_flow()
    words, page = page_number(args.split())
    if len(words) == 2 and words[0] in (past_files.KEEP, past_files.DROP):  # the yes or no to a file's figures
        past_files.answer(ctx, words[0], words[1])
        return
    round_ = current_round(ctx)
    if round_ is None:
        return
    code = words.pop() if len(words) > 1 and "_" in words[-1] else None
    query = " ".join(words)
    if not query:
        ctx.say(texts.LY_USAGE + ("\n" + texts.LY_FILE if ctx.event.can_send_files else ""))
        return
    units = lookup.find_reporting_units(ctx.session, query, ctx.user.unit_id)
    if not units:
        ctx.say(texts.UNIT_NOT_FOUND.format(query=query))
        return
    if len(units) > 1:
        ctx.say(texts.UNIT_AMBIGUOUS.format(query=query),
                [Choice(texts.unit_name(u), f"{commands.LAST_YEAR} {u.code}") for u in units[:MAX_CANDIDATES]],
                columns=2)
        return
    ind = next((i for i in _compared(ctx, units[0]) if i.code == code), None)
    if ind is None:
        _show(ctx, round_, units[0], page)
    else:
        LastYearState(unit=units[0].code, indicator=ind.code).start(ctx)
        _ask(ctx, round_, units[0], ind)


def _show(ctx: Ctx, round_: Round, unit: Unit, page: int) -> None:
    """Each compared question of the unit: last year's figure and where it comes from, or a button to type it."""
    year = history.previous_year(ctx.session, round_)
    known = history.figure_sources(ctx.session, round_, unit, _compared(ctx, unit))
    entries = []
    for ind in _compared(ctx, unit):
        value, source = known.get(ind.code, (None, None))
        shown = figures.value(ind, value) if value is not None else texts.LY_NONE
        line = texts.LY_LINE.format(name=ind.name, value=shown, source=texts.LY_SOURCES.get(source, ""))
        choice = None if source == "round" else Choice(
            texts.BTN_LY_TYPE.format(name=ind.name[:28]), f"{commands.LAST_YEAR} {unit.code} {ind.code}")
        entries.append(Entry(line, choice))
    head = texts.LY_HEAD.format(year=year, unit=texts.unit_name(unit), round=round_.name)
    say_paged(ctx, head, entries, page, turn=f"{commands.LAST_YEAR} {unit.code}")


def _ask(ctx: Ctx, round_: Round, unit: Unit, ind: Indicator, problem: str = "") -> None:
    year = history.previous_year(ctx.session, round_)
    if history.figure_sources(ctx.session, round_, unit, [ind]).get(ind.code, (None, None))[1] == "round":
        ctx.end_flow()
        ctx.say(texts.LY_IN_REPORT.format(year=year, unit=texts.unit_name(unit)))
        return
    question = texts.LY_ASK.format(year=year, name=ind.name, unit=texts.unit_name(unit),
                                   measure=f" ({ind.unit})" if ind.unit else "")
    ctx.ask("\n".join(filter(None, [problem, question])), [Choice(texts.BTN_CANCEL, commands.CANCEL)], numbered=False)


class LastYearFlow:
    """Waits for the typed figure after a «Nhập số năm …» button."""

    def resume(self, ctx: Ctx) -> None:
        found = self._found(ctx)
        if found is not None:
            _ask(ctx, *found)

    def _found(self, ctx: Ctx) -> Optional[tuple[Round, Unit, Indicator]]:
        state = LastYearState.of(ctx)
        round_ = current_round(ctx)
        units = lookup.find_reporting_units(ctx.session, state.unit, ctx.user.unit_id)
        unit = next((u for u in units if u.code == state.unit), None)
        ind = next((i for i in _compared(ctx, unit) if i.code == state.indicator), None) if unit else None
        if round_ is None or ind is None:
            ctx.end_flow()
            return None
        return round_, unit, ind

    def on_input(self, ctx: Ctx, text: Optional[str], choice: Optional[str]) -> None:
        found = self._found(ctx)
        if found is None:
            return
        round_, unit, ind = found
        kind = value_type(ind)
        value = kind.parse(ind, text, None)
        if isinstance(value, Ambiguous):
            _ask(ctx, round_, unit, ind, texts.LY_AMBIGUOUS.format(text=text.strip()))
            return
        problem = value if isinstance(value, Problem) else kind.check(ind, value)
        if problem is not None:
            _ask(ctx, round_, unit, ind, texts.say(problem))
            return
        number = kind.stored(value)["number"]
        year = history.previous_year(ctx.session, round_)
        old = history.keep_past_figure(ctx.session, year, unit.code, ind.code, number, "typed", ctx.user.id)
        ctx.session.add(AuditLog(user_id=ctx.user.id, action="last_year_figure",
                                 detail={"year": year, "unit": unit.code, "field": ind.code, "old": old, "new": number}))
        ctx.end_flow()
        ctx.say(texts.LY_SAVED.format(year=year, name=ind.name, unit=texts.unit_name(unit),
                                      value=figures.value(ind, number)))
        _show(ctx, round_, unit, 1)


COMMANDS = (Command(commands.LAST_YEAR, OFFICIALS, texts.BTN_LAST_YEAR, cmd_last_year, in_menu=False),)
