"""The pages of the whole scope: the summary, progress, the indicators and one indicator across units.

Every figure comes from the chat's own queries (storage/summary.py: `progress`, `unit_statuses`, the
scope's `figures`, `ranking`, `section_table`, `award_totals`) and is worded by the chat's and the files'
own functions (bot/documents/wording.py, chat.py; bot/figures.py): a page adds no arithmetic of its own,
so it says what /tonghop, /tiendo and /chitieu say and what the Word draft and the workbook hold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from bot import figures, texts
from bot.documents import wording
from bot.documents.chat import PART_WRITERS
from bot.documents import compare
from bot.documents.compare import compare_words
from bot.web_pages.html import Safe, esc, join, lines, link, table, tag
from handlers.history import last_year_column
from storage import reports
from storage import progress as progress_store
from storage.figures import applicable_units, ranking
from storage.models import Indicator, Round, Unit
from storage.people import members
from storage.figures import Scope
from storage.summary import SectionFigures, compile_summary, section_table
from storage.values import value_type


@dataclass
class View:
    """One page being made: the link's unit and its scope in a round, and where the page sits."""

    scope: Scope
    unit: Unit  # the link's unit: its scope is the units under it
    now: dt.datetime  # local
    root: str  # relative path back to the link's first page
    query: str = ""  # "?ky=<round>" when a round other than the current one is asked for

    @property
    def session(self):
        return self.scope.session

    @property
    def round(self) -> Round:
        return self.scope.round

    def local(self, moment: Optional[dt.datetime]) -> str:
        return texts.datetime_vn(moment.astimezone(self.now.tzinfo)) if moment is not None else ""

    def href(self, path: str) -> str:
        return f"{self.root}{path}{self.query}"


def unit_link(view: View, unit: Unit) -> Safe:
    return link(view.href(f"xa/{unit.code}"), texts.unit_name(unit))


def indicator_link(view: View, indicator: Indicator, text: Optional[str] = None) -> Safe:
    return link(view.href(f"chitieu/{indicator.code}"), text or indicator.name)


# --- the summary: /tonghop's figures ----------------------------------------------------------------


def summary_page(view: View) -> Safe:
    """The compiled summary's parts, each as /tonghop words it (the figures' sentences link to their indicator)."""
    summary = compile_summary(view.session, view.round, view.now, view.unit.id)
    progress = summary.progress
    out = [tag("p", wording.progress_line(progress))]
    if progress.missing:
        out.append(tag("p", texts.WEB_MISSING.format(names=", ".join(texts.unit_name(u) for u in progress.missing))))
    out.append(tag("p", link(view.href("tiendo"), texts.WEB_MORE), "note"))
    for part in summary.parts:
        if part.kind in ("campaigns", "section"):
            sections = part.data if part.kind == "campaigns" else [part.data]
            for sf in sections:
                out.append(_section_figures(view, sf, part.title))
        else:
            for block in PART_WRITERS[part.kind].chat(part):
                out.append(tag("p", lines(block)))
    out.append(tag("p", texts.WEB_SUMMARY_NOTE, "note"))
    return join(out)


def _section_figures(view: View, sf: SectionFigures, title: Optional[str]) -> Safe:
    items = [tag("li", indicator_link(view, f.indicator, wording.figure_sentence(f))) for f in sf.figures]
    return join([tag("h2", title or sf.section.name), tag("ul", join(items))])


# --- progress: /tiendo, every unit ------------------------------------------------------------------


def progress_page(view: View, wanted: str = "") -> Safe:
    """Every unit: status, when sent, on time, receipt, clerks, their last activity; filtered by status."""
    scope = view.scope
    progress = progress_store.progress(scope)
    statuses = progress_store.unit_statuses(scope)
    out = [tag("p", wording.progress_line(progress))]
    filters = [link(view.href("tiendo"), texts.WEB_FILTER_ALL.format(n=figures.count(progress.total)),
                    "on" if not wanted else None)]
    for status, name in [("none", texts.STATUS_NONE), *texts.STATUS_NAMES.items()]:
        if progress.counts.get(status):
            sep = "&" if view.query else "?"
            filters.append(link(f"{view.href('tiendo')}{sep}trang_thai={status}",
                                texts.WEB_FILTER_ONE.format(status=name, n=figures.count(progress.counts[status])),
                                "on" if status == wanted else None))
    out.append(Safe(f'<p class="filters">{esc(texts.WEB_FILTER)} {join(filters, " ")}</p>'))
    clerks: dict[int, list] = {}
    for user in members(view.session, "clerk"):
        clerks.setdefault(user.unit_id, []).append(user)
    rows = []
    for n, st in enumerate((s for s in statuses if not wanted or s.status == wanted), 1):
        people = clerks.get(st.unit.id, [])
        last = max((u.last_active_at for u in people if u.last_active_at is not None), default=None)
        timing = "" if st.on_time is None else texts.ON_TIME if st.on_time else texts.LATE
        status = texts.STATUS_NAMES.get(st.status, texts.STATUS_NONE)
        rows.append((n, unit_link(view, st.unit), status, view.local(st.submitted_at), timing, st.receipt_no or "",
                     ", ".join(u.full_name for u in people) or texts.WEB_NO_CLERK,
                     view.local(last) if last else (texts.WEB_NEVER if people else "")))
    out.append(table(texts.WEB_PROGRESS_HEAD, rows, numeric=(0,), cls="progress"))
    return join(out)


# --- indicators: /chitieu ------------------------------------------------------------------------------


def indicators_page(view: View) -> Safe:
    """Every indicator that is summed or counted (not the notes, not the award counts), by section, each a link."""
    out = []
    for section in reports.sections(view.session):
        inds = [i for i in view.scope.indicators if i.section_code == section.code and not i.award
                and value_type(i).summary != "quotes"]
        if inds:
            out += [tag("h2", section.name), tag("ul", join(tag("li", indicator_link(view, i)) for i in inds))]
    return join(out)


def indicator_page(view: View, ind: Indicator) -> Safe:
    """One indicator across units: the sentence /tonghop says, the buckets or choices, and every unit's
    value, plan and % of plan by rank; the total or the average at the foot."""
    scope = view.scope
    fig = scope.figure(ind.code)
    noun = wording.unit_noun(ind)
    out = [tag("p", texts.WEB_INDICATOR_REPORTED.format(reported=figures.count(fig.reported),
                                                        total=figures.count(applicable_units(scope, ind)), noun=noun)),
           tag("p", wording.figure_sentence(fig))]
    if fig.comparison is not None:  # /chitieu's line: the total (or average) beside last year's
        out.append(tag("p", texts.INDICATOR_LAST_YEAR.format(year=fig.comparison.year, words=compare_words(fig.comparison),
                                                             value=figures.value(ind, fig.comparison.previous))))
    if fig.groups:
        out.append(table(texts.WEB_GROUPS_HEAD, [(g.label, figures.count(g.count), wording.names_text(g.names, g.count, noun))
                                                  for g in fig.groups], numeric=(1,)))
    if value_type(ind).numeric and fig.reported:
        plans = _plans(scope, ind)
        column = last_year_column(scope, ind)  # /chitieu's: each unit beside its own figure of last year
        rows, compared = [], []
        for n, (unit, value) in enumerate(ranking(scope, ind.code), 1):
            plan, comparison = plans.get(unit.id), column(unit, value)
            compared.append(comparison)
            rows.append((n, unit_link(view, unit), figures.value(ind, value),
                         figures.value(ind, plan) if plan is not None else "",
                         figures.percent(value, plan) if plan else ""))
        if ind.aggregate == "average" and fig.rate is not None:  # the one figure the chat and the files say
            label = wording.rate_label(fig)
            foot = (label[:1].upper() + label[1:], "", figures.average(ind, fig.rate.value),
                    figures.average(ind, fig.plan_average) if fig.plan_average is not None else "", "")
        elif ind.aggregate in ("average", "buckets"):  # as the sentence says: "bình quân 13,6 tiêu chí/xã"
            foot = (texts.WEB_AVERAGE, "", figures.average(ind, fig.average),
                    figures.average(ind, fig.plan_average) if fig.plan_average is not None else "", "")
        else:
            foot = (texts.WEB_TOTAL, "", figures.value(ind, fig.total or 0),
                    figures.value(ind, fig.plan_total) if fig.plan_total else "",
                    figures.percent(fig.planned_value, fig.plan_total) if fig.percent_of_plan is not None else "")
        head = texts.WEB_INDICATOR_HEAD
        if any(compared):
            head += texts.WEB_UNIT_LAST_YEAR
            rows = [row + last_year_cells(c) for row, c in zip(rows, compared)]
            foot += ("", "")
        rows.append(tuple(tag("strong", c) if c else "" for c in foot))
        out.append(table(head, rows, numeric=(0, 2, 3, 4, 5, 6), cls="ranking"))
    return join(out)


def _plans(scope: Scope, ind: Indicator) -> dict[int, float]:
    """Each unit's plan of this indicator, from the workbook's own per-unit table (`section_table`)."""
    if not ind.plan:
        return {}
    section = reports.section_by_code(scope.session, ind.section_code)
    found = section_table(scope, section, {ind.code}) if section is not None else None
    if found is None:
        return {}
    at = next(n for n, c in enumerate(found.columns) if c.indicator.code == ind.code and c.kind == "plan")
    return {unit.id: cells[at] for unit, _status, cells in found.rows if cells[at] is not None}


def last_year_cells(comparison) -> tuple:
    """(last year's figure, the change) as the workbook writes them; marked when it stands out."""
    if comparison is None:
        return ("", "")
    change = compare.change_cell(comparison) or ("=" if comparison.change is not None else "")
    if comparison.stands_out:
        change = f"{texts.STANDS_OUT_MARK} {change}"
    return (figures.number(comparison.indicator, comparison.previous), change)
