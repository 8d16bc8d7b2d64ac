"""The compiled summary rendered: chat text, an Excel workbook, a progress chart; the files sent with it.

The figures come from `storage.summary` (SQL); here they only become
sentences, cells and bars. Each summary part has a writer in `PART_WRITERS`,
by its kind; a feature that adds a part (nominations, role models) adds its
writer there and nothing else changes. The Word draft follows the
catalogue's outline instead of the parts: `bot/report_docx.py`, which shares
the award wording below.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable, Optional

from bot import figures
from bot import texts
from bot.events import OutFile, Reply
from storage.catalog import LEVELS
from storage.summary import (
    AwardTotals,
    Figure,
    Part,
    Progress,
    SectionFigures,
    Summary,
    section_table,
    short_name,
    unit_statuses,
)
from storage.values import IntegerType, value_type

CHAT_LIMIT = 3900  # characters per chat message (Telegram allows 4096)
CHAT_NAMES = 10  # unit names shown per bucket in chat
XLSX_INTEGER = IntegerType.cell_format  # award counts
XLSX_DATETIME = "dd/mm/yyyy hh:mm"


# --- words shared by chat and document -------------------------------------------------


def unit_noun(indicator) -> str:
    """What the units are called when counted: 'xã' for an indicator asked of communes only."""
    kinds = indicator.unit_kinds or []
    return kinds[0] if len(kinds) == 1 else texts.UNIT_NOUN


def names_text(names: list[str], count: int, noun: str, limit: Optional[int] = None) -> str:
    shown = names[:limit] if limit else names
    text = ", ".join(shown)
    if count > len(shown):
        text += ("; " if shown else "") + texts.MORE_NAMES.format(n=figures.count(count - len(shown)), noun=noun)
    return text


def groups_text(fig: Figure, limit: Optional[int] = None) -> str:
    """'≥15 tiêu chí: 9 xã (Quài Nưa, …); 10–14: 7 xã (…); <10: 2 xã (…); bình quân 13,6 tiêu chí/xã'."""
    ind = fig.indicator
    noun = unit_noun(ind)
    parts = []
    for n, group in enumerate(fig.groups):
        label = group.label
        if n and ind.unit and label.endswith(" " + ind.unit):  # the seed names the unit once
            label = label[: -len(ind.unit) - 1]
        text = texts.FIG_GROUP.format(label=label, count=figures.count(group.count), noun=noun)
        if group.count:
            text += f" ({names_text(group.names, group.count, noun, limit)})"
        parts.append(text)
    if ind.aggregate == "buckets" and fig.average is not None:
        parts.append(texts.FIG_BUCKET_AVERAGE.format(value=figures.average(ind, fig.average), unit=ind.unit, noun=noun))
    return "; ".join(parts)


def figure_sentence(fig: Figure, limit: Optional[int] = None) -> str:
    """One indicator across units, as the seed writes it."""
    ind = fig.indicator
    if not fig.reported:
        return texts.FIG_NONE.format(name=ind.name)
    if fig.groups:
        return f"{ind.name}: {groups_text(fig, limit)}"
    if ind.aggregate == "average":
        text = texts.FIG_AVERAGE.format(name=ind.name, value=figures.with_unit(ind, figures.average(ind, fig.average)))
        if fig.plan_average is not None:
            text += f" (KH {figures.with_unit(ind, figures.average(ind, fig.plan_average))})"
        return text
    text = texts.FIG_VALUE.format(name=ind.name, value=figures.value(ind, fig.total or 0))
    if fig.percent_of_plan is not None:
        text += texts.FIG_PLAN.format(percent=figures.percent(fig.planned_value, fig.plan_total))
    return text


def award_counts(form, collective: float, individual: float) -> str:
    counts = []
    if "collective" in form.subjects:
        counts.append(texts.AWARD_COLLECTIVE.format(n=figures.count(collective)))
    if "individual" in form.subjects:
        counts.append(texts.AWARD_INDIVIDUAL.format(n=figures.count(individual)))
    return ", ".join(counts)


def level_items(counts, count: Callable[[float], str] = figures.count) -> list[tuple[str, str]]:
    """Award counts as the seed writes them, by level from the top: [(level, 'Danh hiệu LĐTT: 87 tập thể, 1.940
    cá nhân; Danh hiệu CSTĐCS: 210 cá nhân')].

    `counts` are (form, collective, individual). Forms a report names alike (`report_as`: TTLĐTT and LĐTT
    are both "Danh hiệu LĐTT") are one item, tập thể and cá nhân together; a zero count is left out.
    """
    levels: dict[str, dict[str, list[float]]] = {}
    for form, collective, individual in counts:
        item = levels.setdefault(form.decided_by, {}).setdefault(form.report_as or form.name, [0, 0])
        item[0] += collective or 0
        item[1] += individual or 0
    out = []
    for level in sorted(levels, key=lambda lv: -LEVELS.index(lv) if lv in LEVELS else 1):
        items = []
        for name, (collective, individual) in levels[level].items():
            subjects = ([texts.AWARD_COLLECTIVE.format(n=count(collective))] if collective else []) + \
                ([texts.AWARD_INDIVIDUAL.format(n=count(individual))] if individual else [])
            if subjects:
                items.append(texts.AWARD_FORM.format(name=name, counts=", ".join(subjects)))
        if items:
            out.append((level, "; ".join(items)))
    return out


def award_level_lines(totals: AwardTotals, count: Callable[[float], str] = figures.count) -> list[str]:
    """'Khen thưởng cấp huyện: Danh hiệu LĐTT: 87 tập thể, 1.940 cá nhân; Danh hiệu CSTĐCS: 210 cá nhân; …'
    one line per level, from the top (the chat and the Word draft; the draft counts '09', '01')."""
    return [f"{texts.AWARD_LEVELS.get(level, level)}: {items}."
            for level, items in level_items([(t.form, t.collective, t.individual) for t in totals.forms], count)]


def award_total_line(totals: AwardTotals) -> str:
    """'Cộng: … tập thể, … cá nhân.': the chat's total (the report has none)."""
    return texts.AWARDS_SUBJECTS.format(collective=figures.count(totals.collective),
                                        individual=figures.count(totals.individual))


def progress_line(progress: Progress) -> str:
    late = texts.PROGRESS_LATE.format(late=progress.late) if progress.late else ""
    line = texts.PROGRESS_COUNT.format(submitted=progress.submitted, total=progress.total, on_time=progress.on_time,
                                   late=late)
    return line + texts.PROGRESS_APPROVED.format(approved=progress.approved) if progress.submitted else line


# --- part writers ----------------------------------------------------------------------


@dataclass(frozen=True)
class PartWriter:
    chat: Callable[[Part], list[str]]  # blocks of chat text
    xlsx: Callable[["_Book", Part], None]  # sheets


def _campaigns_chat(part: Part) -> list[str]:
    blocks = []
    for sf in part.data:
        lines = [f"▪️ {sf.section.name}"] + [f"• {figure_sentence(f, CHAT_NAMES)}" for f in sf.figures]
        blocks.append("\n".join(lines))
    return blocks


def _section_chat(part: Part) -> list[str]:
    sf: SectionFigures = part.data
    return ["\n".join([f"▪️ {part.title}"] + [f"• {figure_sentence(f, CHAT_NAMES)}" for f in sf.figures])]


def _awards_chat(part: Part) -> list[str]:
    return ["\n".join([f"▪️ {part.title}"] + award_level_lines(part.data) + [award_total_line(part.data)])]


def _quotes_chat(part: Part) -> list[str]:
    sf: SectionFigures = part.data
    units = {q.unit.id for q in sf.quotes}
    return [f"▪️ {part.title}: {figures.count(len(units))} {texts.UNIT_NOUN}"]


def _campaigns_xlsx(book: "_Book", part: Part) -> None:
    for sf in part.data:
        book.section_sheet(sf.section)


def _section_xlsx(book: "_Book", part: Part) -> None:
    book.section_sheet(part.data.section)


def _awards_xlsx(book: "_Book", part: Part) -> None:
    totals: AwardTotals = part.data
    ws = book.sheet(texts.XLSX_AWARDS_SHEET, part.title)
    header = [texts.XLSX_NO, texts.XLSX_FORM, texts.XLSX_LEVEL, texts.XLSX_COLLECTIVE, texts.XLSX_INDIVIDUAL]
    ws.append(header)
    book.bold_row(ws)
    for n, t in enumerate(totals.forms, 1):
        ws.append([n, t.form.name, t.form.decided_by, figures.plain(t.collective), figures.plain(t.individual)])
    ws.append(["", texts.XLSX_TOTAL_ROW, "", figures.plain(totals.collective), figures.plain(totals.individual)])
    book.bold_row(ws)
    book.number_format(ws, start_col=4, fmt=XLSX_INTEGER)
    # The per-unit breakdown: the sections that hold award counts, units as rows.
    for code in dict.fromkeys(book.award_sections()):
        book.section_sheet(code)


def _quotes_xlsx(book: "_Book", part: Part) -> None:
    sf: SectionFigures = part.data
    ws = book.sheet(part.title, part.title)
    ws.append([texts.XLSX_NO, texts.XLSX_UNIT, texts.XLSX_INDICATOR, texts.XLSX_TEXT])
    book.bold_row(ws)
    for n, q in enumerate(sf.quotes, 1):
        ws.append([n, texts.unit_name(q.unit), q.indicator.name, q.text])
    ws.column_dimensions["D"].width = 100


# Writers by Part.kind. Nominations and role models (issue 4) add theirs here.
PART_WRITERS: dict[str, PartWriter] = {
    "campaigns": PartWriter(_campaigns_chat, _campaigns_xlsx),
    "awards": PartWriter(_awards_chat, _awards_xlsx),
    "section": PartWriter(_section_chat, _section_xlsx),
    "quotes": PartWriter(_quotes_chat, _quotes_xlsx),
}


# --- chat ---------------------------------------------------------------------------------


def chat_messages(summary: Summary, max_messages: int = 3) -> list[str]:
    """The key figures in at most `max_messages` messages."""
    first = [texts.SUMMARY_HEAD.format(round=summary.round.name, at=texts.datetime_vn(summary.generated_at)),
             progress_line(summary.progress)]
    if summary.scope.approved_only:
        first.append(texts.SUMMARY_APPROVED_ONLY.format(n=figures.count(summary.progress.approved)))
    if summary.progress.missing:
        first.append(texts.PROGRESS_MISSING.format(
            names=names_text([short_name(u.kind, u.name) for u in summary.progress.missing], len(summary.progress.missing),
                             texts.UNIT_NOUN, CHAT_NAMES * 3)))
    blocks = [block for part in summary.parts for block in PART_WRITERS[part.kind].chat(part)]
    messages = ["\n".join(first)]
    current = ""
    for block in blocks:
        if len(block) > CHAT_LIMIT:
            block = block[: CHAT_LIMIT - 40] + "\n" + texts.SUMMARY_TRUNCATED
        if current and len(current) + len(block) + 2 > CHAT_LIMIT:
            if len(messages) == max_messages - 1:
                current += "\n\n" + texts.SUMMARY_TRUNCATED
                break
            messages.append(current)
            current = ""
        current = f"{current}\n\n{block}" if current else block
    if current:
        messages.append(current)
    return messages[:max_messages]


# --- Excel ----------------------------------------------------------------------------------


class _Book:
    """An openpyxl workbook: every sheet states the round, the time and the missing units."""

    def __init__(self, summary: Summary):
        from openpyxl import Workbook

        self.summary = summary
        self.workbook = Workbook(write_only=False)
        self.workbook.remove(self.workbook.active)
        p = summary.progress
        self.meta = texts.XLSX_META.format(round=summary.round.name, code=summary.round.code,
                                       at=texts.datetime_vn(summary.generated_at), n=len(p.missing),
                                       approved=p.approved,
                                       names=", ".join(short_name(u.kind, u.name) for u in p.missing) or "0")
        if summary.scope.approved_only:
            self.meta += " · " + texts.SUMMARY_APPROVED_ONLY.format(n=p.approved)
        self._done: set[str] = set()

    def sheet(self, name: str, title: str):
        safe = "".join(ch for ch in name if ch not in "[]:*?/\\")[:31]
        base, n = safe, 2
        while safe in self.workbook.sheetnames:
            safe = f"{base[:28]} {n}"
            n += 1
        ws = self.workbook.create_sheet(safe)
        ws.append([title])
        ws["A1"].font = self._font(bold=True)
        ws.append([self.meta])
        ws.append([])
        return ws

    @staticmethod
    def _font(bold=False):
        from openpyxl.styles import Font
        return Font(bold=bold)

    def bold_row(self, ws) -> None:
        for cell in ws[ws.max_row]:
            cell.font = self._font(bold=True)

    @staticmethod
    def number_format(ws, start_col: int, fmt: str, first_row: int = 5) -> None:
        for row in ws.iter_rows(min_row=first_row, min_col=start_col):
            for cell in row:
                if isinstance(cell.value, (int, float)):
                    cell.number_format = fmt

    def award_sections(self) -> list[str]:
        return [i.section_code for i in self.summary.scope.indicators if i.award]

    def progress_sheet(self) -> None:
        ws = self.sheet(texts.XLSX_PROGRESS_SHEET, texts.XLSX_PROGRESS_SHEET)
        ws.append([texts.XLSX_NO, texts.XLSX_UNIT, texts.XLSX_STATUS, texts.XLSX_SUBMITTED_AT, texts.XLSX_TIMING, texts.XLSX_RECEIPT])
        self.bold_row(ws)
        tz = self.summary.generated_at.tzinfo
        for n, st in enumerate(unit_statuses(self.summary.scope), 1):
            at = st.submitted_at.astimezone(tz).replace(tzinfo=None) if st.submitted_at and st.counted else None
            timing = None if st.on_time is None else (texts.YES if st.on_time else texts.NO)
            ws.append([n, texts.unit_name(st.unit), _status_name(st.status), at, timing, st.receipt_no])
            if at is not None:
                ws.cell(ws.max_row, 4).number_format = XLSX_DATETIME
        ws.column_dimensions["B"].width = 24
        ws.column_dimensions["C"].width = 22
        ws.column_dimensions["D"].width = 18

    def section_sheet(self, section) -> None:
        """Units as rows, the section's answers as columns, and a totals row."""
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
        headers = [texts.XLSX_NO, texts.XLSX_UNIT]
        for c in table.columns:
            name = figures.with_unit(c.indicator, "").strip()
            label = texts.XLSX_PLAN.format(name=c.indicator.name) if c.kind == "plan" else c.indicator.name
            headers.append(f"{label} ({name})" if name and f"({name})" not in label else label)
        ws.append(headers)
        self.bold_row(ws)
        types = [value_type(c.indicator) for c in table.columns]
        ws.append(["", ""] + [texts.XLSX_AGGREGATES.get(c.indicator.aggregate, "") if t.summary != "quotes" else ""
                              for c, t in zip(table.columns, types)])
        for n, (unit, _status, cells) in enumerate(table.rows, 1):
            ws.append([n, texts.unit_name(unit)] + [t.cell(c.indicator, v) for v, c, t in zip(cells, table.columns, types)])
        ws.append(["", texts.XLSX_TOTAL_ROW] + [self._total(c) for c in table.columns])
        self.bold_row(ws)
        for col, t in enumerate(types, start=3):
            if t.cell_format is None:
                continue
            for (cell,) in ws.iter_rows(min_row=5, min_col=col, max_col=col):
                if isinstance(cell.value, (int, float)):
                    cell.number_format = t.cell_format
        ws.column_dimensions["B"].width = 24

    def _total(self, column):
        fig = self.summary.scope.figures.get(column.indicator.code)
        if fig is None:
            return None
        return value_type(column.indicator).total(column.indicator, fig, plan=column.kind == "plan")


def _status_name(status: str) -> str:
    return texts.STATUS_NONE if status == "none" else texts.STATUS_NAMES.get(status, status)


def write_xlsx(summary: Summary) -> bytes:
    book = _Book(summary)
    book.progress_sheet()
    for part in summary.parts:
        PART_WRITERS[part.kind].xlsx(book, part)
    out = io.BytesIO()
    book.workbook.save(out)
    return out.getvalue()


# --- chart --------------------------------------------------------------------------------------


def progress_counts(progress: Progress) -> dict[str, int]:
    return {"on_time": progress.on_time, "late": progress.late, "draft": progress.counts.get("draft", 0),
            "returned": progress.counts.get("returned", 0), "none": progress.counts.get("none", 0)}


def progress_chart(progress: Progress, round_name: str) -> bytes:
    """A PNG bar chart of units by status."""
    from matplotlib.figure import Figure as Chart  # the OO API: no global pyplot state, thread-safe

    counts = progress_counts(progress)
    labels = [texts.CHART_STATUSES[k] for k in counts]
    colours = ["#2e7d32", "#f9a825", "#1565c0", "#c62828", "#9e9e9e"]
    chart = Chart(figsize=(7, 4), dpi=100)
    ax = chart.subplots()
    bars = ax.bar(labels, list(counts.values()), color=colours)
    ax.bar_label(bars, labels=[figures.count(v) for v in counts.values()])
    ax.set_title(texts.CHART_TITLE.format(round=round_name), fontsize=11)
    ax.set_ylabel(texts.CHART_Y)
    ax.margins(y=0.15)
    ax.yaxis.get_major_locator().set_params(integer=True)
    chart.tight_layout()
    out = io.BytesIO()
    chart.savefig(out, format="png")
    return out.getvalue()


def summary_replies(summary: Summary) -> list[Reply]:
    """The compiled summary as chat messages: the key figures, then the Word draft, the proposal list
    (when units proposed anyone) and the workbook.

    The same for /tonghop and for the scheduled delivery to officials.
    """
    from bot import report_docx  # it shares this module's award wording

    code, name = summary.round.code, summary.round.name
    replies = [Reply(text) for text in chat_messages(summary)]
    replies.append(Reply("", file=OutFile(report_docx.report_filename(code), report_docx.write_docx(summary),
                                          texts.DOC_CAPTION.format(round=name))))
    proposals = report_docx.write_proposals_docx(summary)
    if proposals is not None:
        replies.append(Reply("", file=OutFile(report_docx.proposals_filename(code), proposals,
                                              texts.DOC_PROPOSALS_CAPTION.format(round=name))))
    replies.append(Reply("", file=OutFile(f"so-lieu-{code}.xlsx", write_xlsx(summary),
                                          texts.XLSX_CAPTION.format(round=name))))
    return replies
