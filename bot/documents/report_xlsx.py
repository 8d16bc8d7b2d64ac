"""The compiled summary as an Excel workbook.

Sheets, in order: the district's figures as the chat gives them (progress, every
campaign's and section's figures with buckets, counts and unit names, averages,
totals and % of plan, the award totals), the progress by unit, the units' answers
part by part, then the nominees and the role models.

Every number cell shows what the chat shows — the NTM criteria average 13.61
reads 13,6, not 14 — because the indicator's value type gives the cell and its
number format (storage/values: `cell`, `total`, `average_cell`); counts are
grouped integers, percentages are fractions shown in percent. Each table has its
header row and its name column frozen (the name right after STT), an auto-filter
over the unit rows (the totals row stays below it), columns wide enough to read,
and prints on A4 fitted to the width with its header on every page. Every cell
goes through `sheets.put`: what a clerk typed is a text cell, never a formula.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any, Callable, Optional

from bot import texts
from bot.documents import sheets
from bot.documents.wording import award_groups, names_text, rate_label, unit_noun
from storage import district_lists, history
from storage.list_sheet import KEYWORD
from storage.outline import letterhead
from storage.figures import AwardTotals, Figure
from storage.lookup import short_name
from storage.progress import Progress, unit_statuses
from storage.summary import Part, SectionFigures, Summary, section_table
from storage.values import value_type
from storage.values.base import Cell, number_format

DATETIME_FORMAT = "hh:mm dd/mm/yyyy"  # as the chat writes a moment: 15:00 09/12/2020
HEADER_ROW = 4  # rows 1–3: the title, the round and its time, what each column adds up to
FIRST_ROW = HEADER_ROW + 1
NAME_COLUMN = 2  # every table: STT, then what the row is about (unit, indicator, nominee, form)
WIDTH_MIN, WIDTH_MAX = 6, 36  # characters; a longer text wraps, so a sheet fitted to A4 stays readable
NAMES_WIDTH = 48


FIGURES_KEYWORD = "so-lieu"  # the properties say "thidua:so-lieu:<round code>": a file sent back says its year


def filename(code: str) -> str:
    return f"so-lieu-{code}.xlsx"


def value_header(ind) -> str:
    """A section sheet's header of an indicator's answers: its name and unit of measure ("Tổng đàn gia súc
    (con)"); a file of an earlier year is read back by it (storage/past_import.py)."""
    measure = value_type(ind).with_unit(ind, "").strip()
    return f"{ind.name} ({measure})" if measure and f"({measure})" not in ind.name else ind.name


def count_cell(n: float) -> Cell:
    """A count of units, people, awards: a grouped integer (1.940)."""
    return Cell(int(round(n)), number_format(round(n), 0))


def percent_cell(value: float, plan: float) -> Optional[Cell]:
    """"đạt 104,5% KH" as a cell: the fraction, rounded as the chat rounds it (one decimal of a percent)."""
    if not plan or value is None:
        return None
    fraction = float(Decimal(str(round(value / plan * 100, 1))) / 100)
    return Cell(fraction, number_format(fraction, 1, percent=True))


class LastYear:
    """A section sheet's columns of last year: each compared indicator's figure of last year and the change
    (storage/history.py's one query for the sheet), and which figures stand out."""

    def __init__(self, scope, table):
        units = [unit for unit, _status, _values in table.rows]
        indicators = [c.indicator for c in table.columns if c.kind == "value" and history.compares(c.indicator)]
        self.previous = history.previous_values(scope.session, scope.round, units, indicators)
        self.year, self.this_year = history.previous_year(scope.session, scope.round), history.year_of(scope.round)
        self.compared = {code for values in self.previous.values() for code in values}

    def of(self, unit, ind, raw) -> Optional[history.Comparison]:
        if not isinstance(raw, (int, float)):
            return None
        return history.compare(ind, raw, self.previous.get(unit.id, {}).get(ind.code), self.year, self.this_year)

    def cells(self, unit, ind, comparison: Optional[history.Comparison]) -> list[Any]:
        kind = value_type(ind)
        before = self.previous.get(unit.id, {}).get(ind.code)
        change = comparison.change if comparison is not None else None
        return [kind.cell(ind, before) if before is not None else None,
                kind.cell(ind, change) if change is not None else None]

    def total_cells(self, fig: Optional[Figure]) -> list[Any]:
        comparison = fig.comparison if fig is not None else None
        if comparison is None:
            return [None, None]
        kind = value_type(comparison.indicator)
        cell = kind.cell if comparison.indicator.aggregate == "sum" else kind.average_cell
        return [cell(comparison.indicator, comparison.previous),
                cell(comparison.indicator, comparison.change) if comparison.change is not None else None]


# --- the workbook ---------------------------------------------------------------------------


class Book:
    """An openpyxl workbook whose every sheet states the round, the time and the missing units."""

    def __init__(self, summary: Summary):
        from openpyxl import Workbook

        self.summary = summary
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        sheets.properties(self.workbook, title=texts.XLSX_FIGURES_TITLE.format(round=summary.round.name),
                          author=letterhead(summary.scope.session).get("issuer", ""))
        self.workbook.properties.keywords = f"{KEYWORD}:{FIGURES_KEYWORD}:{summary.round.code}"
        p = summary.progress
        self.meta = texts.XLSX_META.format(round=summary.round.name, code=summary.round.code,
                                           at=texts.datetime_vn(summary.generated_at), n=len(p.missing),
                                           approved=p.approved,
                                           names=", ".join(short_name(u.kind, u.name) for u in p.missing) or "0")
        if summary.scope.approved_only:
            self.meta += " · " + texts.SUMMARY_APPROVED_ONLY.format(n=p.approved)
        self._done: set[str] = set()  # sections that have their sheet

    def sheet(self, name: str, title: str):
        """A new sheet (a name Excel accepts, cut at a word, unique), its title and the round in rows 1–2."""
        ws = sheets.add_sheet(self.workbook, name)
        sheets.put(ws, 1, 1, title).font = _font(bold=True)
        sheets.put(ws, 2, 1, self.meta)
        return ws

    def table(self, ws, header: list[str], rows: list[list[Any]], totals: Optional[list[Any]] = None, *,
              above: Optional[list[Any]] = None, wide: tuple[int, ...] = ()) -> None:
        """Header in row 4 (above it, in row 3, what each column adds up to), the rows, a bold totals row.

        Frozen below the header and right of the name (column 2, after STT); the auto-filter takes the
        rows, not the totals; `wide` columns (1-based: names, texts) get a wrapping width; printed on A4
        with the header (and the row above it) on every page.
        """
        from openpyxl.styles import Alignment
        from openpyxl.utils import get_column_letter

        if above:
            for col, item in enumerate(above, 1):
                if item:
                    sheets.put(ws, HEADER_ROW - 1, col, item).font = _font(italic=True)
        for col, name in enumerate(header, 1):
            cell = sheets.put(ws, HEADER_ROW, col, name)
            cell.font = _font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for r, row in enumerate(rows, FIRST_ROW):
            for col, item in enumerate(row, 1):
                sheets.put(ws, r, col, item)
        last = HEADER_ROW + len(rows)
        if totals is not None:
            for col, item in enumerate(totals, 1):
                sheets.put(ws, last + 1, col, item).font = _font(bold=True)
        end = get_column_letter(len(header))
        sheets.freeze(ws, HEADER_ROW, NAME_COLUMN)
        ws.auto_filter.ref = f"A{HEADER_ROW}:{end}{max(last, FIRST_ROW)}"
        wrap = Alignment(wrap_text=True, vertical="top")
        body = rows + ([totals] if totals is not None else [])
        wrapped = {}
        for col in range(1, len(header) + 1):
            longest = max([sheets.width(row[col - 1]) for row in body if col <= len(row)]
                          + [min(len(header[col - 1]), 24)])
            width = NAMES_WIDTH if col in wide else max(WIDTH_MIN, min(WIDTH_MAX, longest + 2))
            ws.column_dimensions[get_column_letter(col)].width = width
            if col in wide or longest + 2 > width:  # a long text wraps: the page keeps a readable scale
                wrapped[col] = width
                for r in range(FIRST_ROW, FIRST_ROW + len(body)):
                    ws.cell(r, col).alignment = wrap
        sheets.fit_rows(ws, range(FIRST_ROW, FIRST_ROW + len(body)), wrapped)
        sheets.print_setup(ws, (HEADER_ROW - 1 if above else HEADER_ROW, HEADER_ROW))

    # --- the sheets -------------------------------------------------------------------------

    def figures_sheet(self) -> None:
        """The district's figures, one row per figure the chat gives, in the chat's order."""
        ws = self.sheet(texts.XLSX_FIGURES_SHEET, texts.XLSX_FIGURES_TITLE.format(round=self.summary.round.name))
        rows = progress_rows(self.summary.progress)
        for part in self.summary.parts:
            writer = FIGURE_ROWS.get(part.kind)
            if writer is not None:
                rows += writer(part)
        numbered = [[n, row[1], row[0]] + row[2:] for n, row in enumerate(rows, 1)]  # the indicator is the name
        self.table(ws, [texts.XLSX_NO, texts.XLSX_INDICATOR, texts.XLSX_PART, texts.XLSX_WHAT, texts.XLSX_FIGURE,
                        texts.XLSX_MEASURE, texts.XLSX_PLAN_COLUMN, texts.XLSX_PERCENT_OF_PLAN, texts.XLSX_UNITS],
                   numbered, wide=(9,))

    def progress_sheet(self) -> None:
        ws = self.sheet(texts.XLSX_PROGRESS_SHEET, texts.XLSX_PROGRESS_SHEET)
        tz = self.summary.generated_at.tzinfo
        rows = []
        for n, st in enumerate(unit_statuses(self.summary.scope), 1):
            at = st.submitted_at.astimezone(tz).replace(tzinfo=None) if st.submitted_at and st.counted else None
            timing = None if st.on_time is None else (texts.YES if st.on_time else texts.NO)
            rows.append([n, texts.unit_name(st.unit), _status_name(st.status),
                         Cell(at, DATETIME_FORMAT) if at else None, timing, st.receipt_no])
        self.table(ws, [texts.XLSX_NO, texts.XLSX_UNIT, texts.XLSX_STATUS, texts.XLSX_SUBMITTED_AT, texts.XLSX_TIMING,
                        texts.XLSX_RECEIPT], rows)

    def section_sheet(self, section) -> None:
        """Units as rows, the section's answers as columns (and % of plan after a planned one), a totals row."""
        from storage.reports import section_by_code

        scope = self.summary.scope
        if isinstance(section, str):
            section = section_by_code(scope.session, section)
        if section is None or section.code in self._done:
            return
        self._done.add(section.code)
        table = section_table(scope, section)
        if table is None:
            return
        ws = self.sheet(section.name, section.name)
        header, above, totals = [texts.XLSX_NO, texts.XLSX_UNIT], [None, texts.XLSX_AGGREGATED], ["", texts.XLSX_TOTAL_ROW]
        wide = []
        before = LastYear(scope, table)
        for c in table.columns:
            ind, kind = c.indicator, value_type(c.indicator)
            if c.kind == "plan":
                measure = kind.with_unit(ind, "").strip()
                label = texts.XLSX_PLAN.format(name=ind.name)
                header.append(f"{label} ({measure})" if measure and f"({measure})" not in label else label)
            else:
                header.append(value_header(ind))
            above.append(texts.XLSX_AGGREGATES.get(ind.aggregate, "") if kind.summary != "quotes" else "")
            fig = scope.figures.get(ind.code)
            totals.append(kind.total(ind, fig, plan=c.kind == "plan") if fig is not None else None)
            if kind.summary == "quotes":
                wide.append(len(header))
            if c.kind == "value" and ind.plan:
                header.append(texts.XLSX_PERCENT_OF_PLAN)
                above.append("")
                # As the chat: "đạt …% KH" of a sum; an average is compared with the plan's average instead.
                totals.append(percent_cell(fig.planned_value, fig.plan_total)
                              if fig is not None and ind.aggregate == "sum" else None)
            if c.kind == "value" and ind.code in before.compared:
                header += [texts.XLSX_LAST_YEAR.format(year=before.year), texts.XLSX_CHANGE]
                above += ["", ""]
                totals += before.total_cells(fig)
        if before.compared:
            header.append(texts.XLSX_STANDS_OUT.format(year=before.year))
            above.append("")
            totals.append(None)
            wide.append(len(header))
        header.append(texts.XLSX_UNIT_CODE)  # the unit's code, last: a file sent back finds its unit by it
        above.append("")
        totals.append(None)
        rows = []
        for n, (unit, _status, values) in enumerate(table.rows, 1):
            row: list[Any] = [n, texts.unit_name(unit)]
            plans: dict[str, Any] = {}
            marked = []
            for raw, c in zip(values, table.columns):
                ind = c.indicator
                row.append(value_type(ind).cell(ind, raw))
                if c.kind == "plan":
                    plans[ind.code] = raw
                elif ind.plan:
                    plan = plans.get(ind.code)
                    row.append(percent_cell(raw, plan) if isinstance(raw, (int, float)) and plan else None)
                if c.kind == "value" and ind.code in before.compared:
                    comparison = before.of(unit, ind, raw)
                    row += before.cells(unit, ind, comparison)
                    if comparison is not None and comparison.stands_out:
                        marked.append(ind.name)
            if before.compared:
                row.append("; ".join(marked) or None)
            row.append(unit.code)
            rows.append(row)
        self.table(ws, header, rows, totals, above=above, wide=tuple(wide))

    def awards_sheet(self, part: Part) -> None:
        totals: AwardTotals = part.data
        ws = self.sheet(texts.XLSX_AWARDS_SHEET, texts.AWARDS_PART)
        rows = []
        for n, t in enumerate(totals.forms, 1):
            rows.append([n, t.form.name, texts.LEVEL_NAMES.get(t.form.decided_by, t.form.decided_by),
                         count_cell(t.collective) if "collective" in t.form.subjects else None,
                         count_cell(t.individual) if "individual" in t.form.subjects else None])
        self.table(ws, [texts.XLSX_NO, texts.XLSX_FORM, texts.XLSX_LEVEL, texts.XLSX_COLLECTIVE, texts.XLSX_INDIVIDUAL],
                   rows, ["", texts.XLSX_TOTAL_ROW, "", count_cell(totals.collective), count_cell(totals.individual)])
        # The per-unit breakdown: the sections that hold award counts, units as rows.
        for code in dict.fromkeys(i.section_code for i in self.summary.scope.indicators if i.award):
            self.section_sheet(code)

    def quotes_sheet(self, part: Part) -> None:
        sf: SectionFigures = part.data
        ws = self.sheet(part.title, part.title)
        rows = [[n, texts.unit_name(q.unit), q.indicator.name, q.text] for n, q in enumerate(sf.quotes, 1)]
        self.table(ws, [texts.XLSX_NO, texts.XLSX_UNIT, texts.XLSX_INDICATOR, texts.XLSX_TEXT], rows, wide=(4,))

    def nominees_sheet(self) -> None:
        """One row per confirmed nominee of a counted report: the proposals sent up first (storage/district_lists)."""
        ws = self.sheet(texts.XLSX_NOMINEES_SHEET, texts.XLSX_NOMINEES_SHEET)
        rows = []
        for n, x in enumerate(district_lists.nominees(self.summary.scope), 1):
            nom = x.nomination
            initiative = (texts.XLSX_INITIATIVE.format(name=nom.initiative, ref=nom.initiative_ref)
                          if nom.initiative and nom.initiative_ref else nom.initiative)
            rows.append([n, nom.name, texts.unit_name(x.unit), texts.SUBJECT_NAMES.get(nom.subject or "", ""),
                         nom.position, x.form.name if x.form else nom.form_code, _nominee_level(x),
                         nom.achievements, initiative, "\n".join(texts.say(p) for p in x.problems) or None])
        self.table(ws, [texts.XLSX_NO, texts.XLSX_NOMINEE, texts.XLSX_UNIT, texts.XLSX_SUBJECT, texts.XLSX_POSITION,
                        texts.XLSX_FORM, texts.XLSX_LEVEL, texts.XLSX_ACHIEVEMENTS, texts.XLSX_INITIATIVE_COLUMN,
                        texts.XLSX_PROBLEMS], rows, wide=(8, 10))

    def role_models_sheet(self) -> None:
        ws = self.sheet(texts.XLSX_ROLE_MODELS_SHEET, texts.XLSX_ROLE_MODELS_SHEET)
        rows = []
        for n, m in enumerate(district_lists.role_models(self.summary.scope), 1):
            rm = m.role_model
            income = None
            if rm.income_million is not None:
                income = Cell(rm.income_million, number_format(rm.income_million))
            rows.append([n, rm.name, texts.unit_name(m.unit), rm.village, rm.commune, rm.deed, income])
        self.table(ws, [texts.XLSX_NO, texts.XLSX_ROLE_MODEL, texts.XLSX_UNIT, texts.XLSX_VILLAGE, texts.XLSX_COMMUNE,
                        texts.XLSX_DEED, texts.XLSX_INCOME], rows, wide=(6,))


def _nominee_level(x: district_lists.Nominee) -> str:
    """Decided here ("cấp huyện quyết định") or a proposal sent up ("đề nghị lên cấp tỉnh")."""
    if x.form is None:
        return ""
    level = texts.LEVEL_NAMES.get(x.form.decided_by, x.form.decided_by)
    return texts.NOM_UP.format(level=level) if x.goes_up else texts.XLSX_DECIDED.format(level=level)


def _status_name(status: str) -> str:
    return texts.STATUS_NONE if status == "none" else texts.STATUS_NAMES.get(status, status)


def _font(bold: bool = False, italic: bool = False):
    from openpyxl.styles import Font
    return Font(bold=bold, italic=italic)


# --- the first sheet: the district's figures, as the chat gives them ----------------------------
# A row: [part, indicator, what (total, average, a bucket…), figure, unit of measure, plan, % of plan, units].


def progress_rows(p: Progress) -> list[list[Any]]:
    part, noun = texts.XLSX_PROGRESS_SHEET, texts.UNIT_NOUN
    missing = [short_name(u.kind, u.name) for u in p.missing]
    return [[part, label, "", count_cell(n), noun, None, None, names]
            for label, n, names in ((texts.XLSX_UNITS_TOTAL, p.total, None), (texts.XLSX_SUBMITTED, p.submitted, None),
                                    (texts.XLSX_ON_TIME, p.on_time, None), (texts.XLSX_LATE, p.late, None),
                                    (texts.XLSX_APPROVED, p.approved, None),
                                    (texts.XLSX_MISSING, len(missing), ", ".join(missing) or None))]


def figure_rows(part_name: str, fig: Figure) -> list[list[Any]]:
    """One indicator across units, the chat's figure_sentence as rows."""
    ind, kind = fig.indicator, value_type(fig.indicator)
    measure = kind.with_unit(ind, "").strip()
    if not fig.reported:
        return [[part_name, ind.name, texts.XLSX_NO_FIGURES, None, None, None, None, None]]
    if fig.groups:
        noun = unit_noun(ind)
        rows = [[part_name, ind.name, g.label, count_cell(g.count), noun, None, None,
                 names_text(g.names, g.count, noun) or None] for g in fig.groups]
        if ind.aggregate == "buckets" and fig.average is not None:
            rows.append([part_name, ind.name, texts.XLSX_AGGREGATES["buckets"], kind.average_cell(ind, fig.average),
                         f"{ind.unit}/{noun}", None, None, None])
        return rows
    plan = kind.total(ind, fig, plan=True) if ind.plan else None
    if ind.aggregate == "average" and fig.rate is not None:  # the one figure the chat and the pages say
        return [[part_name, ind.name, rate_label(fig), kind.average_cell(ind, fig.rate.value), measure,
                 plan, None, None]]
    return [[part_name, ind.name, texts.XLSX_AGGREGATES["sum"], kind.cell(ind, fig.total or 0), measure, plan,
             percent_cell(fig.planned_value, fig.plan_total) if fig.percent_of_plan is not None else None, None]]


def _campaign_rows(part: Part) -> list[list[Any]]:
    return [row for sf in part.data for fig in sf.figures for row in figure_rows(sf.section.name, fig)]


def _section_rows(part: Part) -> list[list[Any]]:
    return [row for fig in part.data.figures for row in figure_rows(part.title, fig)]


def _award_rows(part: Part) -> list[list[Any]]:
    """The award paragraph as the chat gives it: each level from the top, each title's collectives and
    individuals (forms a report names alike together), then the sum."""
    totals: AwardTotals = part.data
    rows = []
    for level, forms in award_groups([(t.form, t.collective, t.individual) for t in totals.forms]):
        for name, collective, individual in forms:
            for subject, n in (("collective", collective), ("individual", individual)):
                if n:
                    rows.append([texts.AWARDS_PART, name, texts.AWARD_LEVELS.get(level, level), count_cell(n),
                                 texts.SUBJECT_NAMES[subject], None, None, None])
    for subject, n in (("collective", totals.collective), ("individual", totals.individual)):
        rows.append([texts.AWARDS_PART, texts.XLSX_AWARDS_SUM, "", count_cell(n), texts.SUBJECT_NAMES[subject], None, None, None])
    return rows


def _quote_rows(part: Part) -> list[list[Any]]:
    """Free text: how many units wrote something (the chat's count), and which."""
    sf: SectionFigures = part.data
    units = list(dict.fromkeys(short_name(q.unit.kind, q.unit.name) for q in sf.quotes))
    return [[part.title, part.title, texts.XLSX_QUOTED, count_cell(len(units)), texts.UNIT_NOUN, None, None,
             ", ".join(units) or None]]


# By Part.kind, as bot.documents.chat.PART_WRITERS: the rows of the first sheet, and the sheets of the part.
FIGURE_ROWS: dict[str, Callable[[Part], list[list[Any]]]] = {
    "campaigns": _campaign_rows,
    "awards": _award_rows,
    "section": _section_rows,
    "quotes": _quote_rows,
}
def _campaign_sheets(book: Book, part: Part) -> None:
    for sf in part.data:
        book.section_sheet(sf.section)


def _section_sheet(book: Book, part: Part) -> None:
    book.section_sheet(part.data.section)


PART_SHEETS: dict[str, Callable[[Book, Part], None]] = {
    "campaigns": _campaign_sheets,
    "awards": Book.awards_sheet,
    "section": _section_sheet,
    "quotes": Book.quotes_sheet,
}


def write_xlsx(summary: Summary) -> bytes:
    book = Book(summary)
    book.figures_sheet()
    book.progress_sheet()
    for part in summary.parts:
        sheets = PART_SHEETS.get(part.kind)
        if sheets is not None:
            sheets(book, part)
    book.nominees_sheet()
    book.role_models_sheet()
    out = io.BytesIO()
    book.workbook.save(out)
    return out.getvalue()
