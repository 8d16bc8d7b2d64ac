"""An earlier year's figures sent as a workbook by an official: checked on one screen, kept on a yes (issue 26).

The file is the bot's own workbook of a round (bot/documents/report_xlsx.py, every section sheet) or one
made by hand with the same header row; it comes as the records' files do (handlers/record_files.py: the
bounded reader in a process of its own, the layouts of both), is checked in a read session and, with no
problem, its figures staged before the event's transaction (storage/past_import.py). The answer is one
screen: what will be kept (units × indicators, the year), or every problem by sheet, row and column.
Nothing is kept until the official says yes (`/namtruoc luutep <batch>`, a button or its number); then
all of it in one transaction, and /namtruoc, /xa, /chitieu compare with it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot import commands, texts
from bot.documents.report_xlsx import value_header
from bot.events import Choice
from bot.rendering import SCREEN_LIMIT
from handlers.common import one_screen
from handlers.context import Ctx
from storage import history, lookup, past_import, records
from storage.db import reading
from storage.list_sheet import Layout, Sheet
from storage.models import AuditLog, CatalogMeta, User
from storage.people import fold

KEEP, DROP = "luutep", "botep"  # `/namtruoc luutep <batch>`: the yes; `botep`: the no
FILENAME_SHOWN = 40


def _pattern(template: str) -> re.Pattern:
    """A header the workbook writes around a figure ("KH: {name}", "Năm {year}"), as a folded pattern."""
    escaped = re.escape(fold(template))
    return re.compile(escaped.replace(re.escape("{year}"), r"\d{4}").replace(re.escape("{name}"), ".+") + "$")


PASSED_OVER = tuple(_pattern(t) for t in (texts.XLSX_NO, texts.XLSX_PLAN, texts.XLSX_PERCENT_OF_PLAN,
                                          texts.XLSX_LAST_YEAR, texts.XLSX_CHANGE, texts.XLSX_STANDS_OUT))


def _passed_over(header: str) -> bool:
    return any(p.match(fold(header)) for p in PASSED_OVER)


WORDS = past_import.Words(texts.XLSX_UNIT_CODE, texts.XLSX_UNIT, texts.PF_YEAR_HEADER, _passed_over,
                          texts.XLSX_TOTAL_ROW)


def layout(session: Session) -> Layout:
    return past_import.layout(WORDS, past_import.headers_of(session, value_header))


def current_year(session: Session, rounds: Optional[list] = None) -> int:
    """The year an earlier year's file must come before: the current round's (open, nearest deadline; else
    the latest; `rounds`: lookup.find_round's answer when already asked), or the catalogue's year when there
    is no round."""
    rounds = lookup.find_round(session, "") if rounds is None else rounds
    if rounds:
        return rounds[0].period_end.year
    return session.exec(select(CatalogMeta.year)).first() or dt.date.today().year


def ready(engine: Engine, sheet: Sheet, user_id: int) -> past_import.Checked:
    """Before the event's transaction: the file checked (a read session) and, with no problem, staged."""
    with reading(engine) as session:
        user = session.get(User, user_id)
        scope = records.units_under(session, user.unit_id if user is not None else None)
        rounds = lookup.find_round(session, "")
        before = current_year(session, rounds)
        default = history.previous_year(session, rounds[0]) if rounds else before - 1
        known = past_import.headers_of(session, value_header)
        checked = past_import.check(session, sheet, WORDS, known, before, default, scope)
    if not checked.problems:
        past_import.stage(engine, checked, user_id)
    return checked


def _years(years: list[int]) -> str:
    if len(years) == 1:
        return texts.PF_YEAR.format(year=years[0])
    return texts.PF_YEARS.format(years=", ".join(map(str, years)))


def _name(filename: str) -> str:
    return filename if len(filename) <= FILENAME_SHOWN else filename[:FILENAME_SHOWN - 1] + "…"


def _head(checked: past_import.Checked) -> str:
    sheets = texts.PF_SHEETS.format(count=checked.sheets) if checked.sheets > 1 else ""
    return texts.PF_HEAD.format(filename=_name(checked.filename), rows=checked.rows, sheets=sheets)


def take(ctx: Ctx, checked: past_import.Checked) -> None:
    """The one screen: the problems, or what a yes keeps."""
    if checked.problems:
        ctx.say(refused_answer(checked))
        return
    years = _years(checked.years)
    lines = [_head(checked),
             texts.PF_READY.format(years=years, units=checked.units, indicators=checked.indicators,
                                   figures=len(checked.figures))]
    if checked.replaced:
        lines.append(texts.PF_REPLACES.format(count=checked.replaced))
    lines.append(texts.PF_QUESTION)
    ctx.say("\n".join(lines), [Choice(texts.BTN_PF_KEEP.format(years=years), f"{commands.LAST_YEAR} {KEEP} {checked.batch}"),
                               Choice(texts.BTN_PF_DROP, f"{commands.LAST_YEAR} {DROP} {checked.batch}")])


def refused_answer(checked: past_import.Checked) -> str:
    """Every problem by sheet, row and column, as many as one screen holds."""
    lines = [_head(checked),
             texts.PF_REFUSED.format(count=len(checked.problems))]
    several = len({p.sheet for p in checked.problems}) > 1
    items = []
    for p in sorted(checked.problems, key=lambda p: (p.sheet, p.row, len(p.letter), p.letter)):
        where = [texts.PF_SHEET.format(sheet=p.sheet)] if p.sheet and several else []
        where += [texts.PF_ROW.format(row=p.row)] if p.row else []
        where += [texts.PF_COLUMN.format(letter=p.letter)] if p.letter else []
        place = ", ".join(where)
        items.append(texts.PF_LINE.format(where=place[:1].upper() + place[1:] if where else texts.PF_FILE,
                                          problem=texts.past_cell_text(p.problem)))
    return one_screen(lines, items, texts.PF_MORE, SCREEN_LIMIT)


def answer(ctx: Ctx, what: str, batch: str) -> None:
    """The official's yes (kept, all of it, in this transaction) or no (dropped) to a file's figures."""
    waiting: Optional[past_import.Kept] = past_import.waiting(ctx.session, batch, ctx.user.id)
    if waiting is None:
        ctx.say(texts.PF_GONE)
        return
    if what == DROP:
        past_import.drop(ctx.session, batch, ctx.user.id)
        ctx.say(texts.PF_DROPPED.format(filename=_name(waiting.filename)))
        return
    kept = past_import.keep(ctx.session, batch, ctx.user.id)
    ctx.session.add(AuditLog(user_id=ctx.user.id, action="past_figures_import",
                             detail={"years": kept.years, "figures": kept.figures, "units": kept.units,
                                     "filename": kept.filename}))
    ctx.say(texts.PF_KEPT.format(years=_years(kept.years), units=kept.units, figures=kept.figures,
                                 filename=_name(kept.filename)))
