"""The compiled summary rendered: chat text, a Word draft, a progress chart (the workbook: bot/report_xlsx.py).

The figures come from `storage.summary` (SQL); here they only become
sentences, paragraphs and bars. Each summary part has a writer in
`PART_WRITERS`, by its kind (and its rows and sheets in bot/report_xlsx.py);
a feature that adds a part (nominations, role models) adds its writers there
and nothing else changes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable, Optional

from bot import figures
from bot import texts
from bot.events import OutFile, Reply
from storage.district_lists import FormCount, by_level, form_counts
from storage.summary import (
    AwardTotals,
    Figure,
    Part,
    Progress,
    SectionFigures,
    Summary,
    short_name,
)

CHAT_LIMIT = 3900  # characters per chat message (Telegram allows 4096)
CHAT_NAMES = 10  # unit names shown per bucket in chat


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


def award_level_lines(totals: AwardTotals) -> list[str]:
    """'Khen thưởng cấp huyện: Lao động tiên tiến: 1.940 cá nhân; …' one line per level."""
    lines = []
    for level, forms in totals.by_level():
        items = "; ".join(texts.AWARD_FORM.format(name=t.form.name, counts=award_counts(t.form, t.collective, t.individual))
                          for t in forms)
        lines.append(f"{texts.AWARD_LEVELS.get(level, level)}: {items}.")
    lines.append(texts.AWARDS_SUBJECTS.format(collective=figures.count(totals.collective), individual=figures.count(totals.individual)))
    return lines


def nominee_counts(c: FormCount) -> str:
    """'LĐTT 3 cá nhân (⚠️ 1)': one form's nominees, in the seed's way of counting."""
    counts = (award_counts(c.form, c.collective, c.individual) if c.form is not None else
              ", ".join(t.format(n=figures.count(n)) for t, n in ((texts.AWARD_COLLECTIVE, c.collective),
                                                                   (texts.AWARD_INDIVIDUAL, c.individual)) if n))
    flagged = texts.FLAGGED_COUNT.format(n=figures.count(c.flagged)) if c.flagged else ""
    return texts.DX_FORM_ITEM.format(form=form_short(c.form, c.code), counts=counts, flagged=flagged)


def form_short(form, code: str = "") -> str:
    return (form.short or form.name) if form is not None else code


def nominee_level_lines(counts: list[FormCount]) -> list[str]:
    """One line per deciding level, highest first: the proposals sent up, then what this level decides."""
    lines = []
    for level, goes_up, forms in by_level(counts):
        items = "; ".join(nominee_counts(c) for c in forms)
        name = texts.LEVEL_NAMES.get(level, level)
        if not level:
            lines.append(texts.DX_LEVEL_UNKNOWN.format(items=items))
        elif goes_up:
            lines.append(texts.DX_LEVEL_UP.format(level=name, items=items))
        else:
            lines.append(texts.DX_LEVEL_HERE.format(level=name[:1].upper() + name[1:], items=items))
    return lines


def progress_line(progress: Progress) -> str:
    late = texts.PROGRESS_LATE.format(late=progress.late) if progress.late else ""
    line = texts.PROGRESS_COUNT.format(submitted=progress.submitted, total=progress.total, on_time=progress.on_time,
                                   late=late)
    return line + texts.PROGRESS_APPROVED.format(approved=progress.approved) if progress.submitted else line


# --- part writers ----------------------------------------------------------------------


@dataclass(frozen=True)
class PartWriter:
    chat: Callable[[Part], list[str]]  # blocks of chat text
    docx: Callable[["_Doc", Part], None]  # paragraphs under the part's heading
    chapter: str = "results"  # "results" (II) or "proposals" (III) of the Word draft; "chat": not in it


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
    return ["\n".join([f"▪️ {part.title}"] + award_level_lines(part.data))]


def _quotes_chat(part: Part) -> list[str]:
    sf: SectionFigures = part.data
    units = {q.unit.id for q in sf.quotes}
    return [f"▪️ {part.title}: {figures.count(len(units))} {texts.UNIT_NOUN}"]


def _nominations_chat(part: Part) -> list[str]:
    rows = part.data  # district_lists.Nominee, highest level first
    if not rows:
        return [texts.SUMMARY_NOMINEES_NONE]
    flagged = sum(bool(x.problems) for x in rows)
    head = texts.SUMMARY_NOMINEES.format(count=figures.count(len(rows)), units=figures.count(len({x.unit.id for x in rows})),
                                         flagged=texts.FLAGGED_COUNT.format(n=figures.count(flagged)) if flagged else "")
    return ["\n".join([head] + [f"• {line}" for line in nominee_level_lines(form_counts(rows))])]


def _role_models_chat(part: Part) -> list[str]:
    rows = part.data  # district_lists.Model, in unit order
    if not rows:
        return [texts.SUMMARY_ROLE_MODELS_NONE]
    return [texts.SUMMARY_ROLE_MODELS.format(count=figures.count(len(rows)), units=figures.count(len({m.unit.id for m in rows})))]


def _not_in_files_yet(_out, _part: Part) -> None:
    """The nominations and role models in the Word draft and the workbook are being written elsewhere
    (bot/report_docx.py, bot/report_xlsx.py, reading storage/district_lists directly); until they land,
    these parts are chat only (chapter "chat": write_docx skips them; write_xlsx calls this)."""


def _figures_paragraphs(doc: "_Doc", sf: SectionFigures, lead: str = "") -> None:
    sentences = [figure_sentence(f) for f in sf.figures]
    text = "; ".join(sentences) + "." if sentences else texts.DOC_NO_FIGURES
    doc.para(lead + text if lead else text)
    if sf.quotes:
        doc.para(texts.DOC_NOTES, italic=True)
        for q in sf.quotes:
            doc.para(texts.DOC_QUOTE.format(unit=texts.unit_name(q.unit), text=q.text))


def _campaigns_docx(doc: "_Doc", part: Part) -> None:
    by_level: dict[str, list[SectionFigures]] = {}
    for sf in part.data:
        by_level.setdefault(sf.section.level or "district", []).append(sf)
    for n, (level, sections) in enumerate(by_level.items(), 1):
        doc.heading(f"{doc.number}.{n}. {texts.CAMPAIGN_LEVELS.get(level, '')}", level=3)
        for sf in sections:
            _figures_paragraphs(doc, sf, lead=texts.DOC_CAMPAIGN.format(name=sf.section.name))


def _section_docx(doc: "_Doc", part: Part) -> None:
    _figures_paragraphs(doc, part.data)


def _awards_docx(doc: "_Doc", part: Part) -> None:
    for line in award_level_lines(part.data):
        doc.para(line)


def _quotes_docx(doc: "_Doc", part: Part) -> None:
    sf: SectionFigures = part.data
    if not sf.quotes:
        doc.para(texts.DOC_NO_QUOTES)
    for q in sf.quotes:
        doc.para(texts.DOC_QUOTE.format(unit=texts.unit_name(q.unit), text=q.text))


# Writers by Part.kind.
PART_WRITERS: dict[str, PartWriter] = {
    "campaigns": PartWriter(_campaigns_chat, _campaigns_docx),
    "awards": PartWriter(_awards_chat, _awards_docx),
    "nominations": PartWriter(_nominations_chat, _not_in_files_yet, chapter="chat"),
    "role_models": PartWriter(_role_models_chat, _not_in_files_yet, chapter="chat"),
    "section": PartWriter(_section_chat, _section_docx),
    "quotes": PartWriter(_quotes_chat, _quotes_docx, chapter="proposals"),
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


# --- Word -----------------------------------------------------------------------------------


class _Doc:
    """A python-docx document with the seed's look: Times New Roman 13, justified."""

    def __init__(self):
        from docx import Document
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        self._center, self._justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
        self.document = Document()
        style = self.document.styles["Normal"]
        style.font.name = "Times New Roman"
        style.font.size = Pt(13)
        self.number = 0  # current numbered heading under chapter II

    def para(self, text: str, *, bold: bool = False, italic: bool = False, center: bool = False):
        p = self.document.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        p.alignment = self._center if center else self._justify
        return p

    def heading(self, text: str, level: int = 2) -> None:
        self.para(text, bold=True, italic=level >= 3)


def write_docx(summary: Summary) -> bytes:
    doc = _Doc()
    r, p = summary.round, summary.progress
    doc.para(texts.DOC_PART, bold=True, center=True)
    doc.para(texts.DOC_HEADING.format(year=r.period_end.year), bold=True, center=True)
    doc.para(texts.DOC_META.format(round=r.name, code=r.code, at=texts.datetime_vn(summary.generated_at)), italic=True)
    if summary.top_unit is not None:
        doc.para(texts.DOC_SCOPE.format(unit=texts.unit_name(summary.top_unit)), italic=True)

    doc.heading(texts.DOC_CH_PROGRESS)
    doc.para(texts.DOC_PROGRESS.format(submitted=figures.count(p.submitted), total=figures.count(p.total),
                                   on_time=figures.count(p.on_time), late=figures.count(p.late), approved=figures.count(p.approved)))
    if summary.scope.approved_only:
        doc.para(texts.SUMMARY_APPROVED_ONLY.format(n=figures.count(p.approved)), bold=True)
    doc.para(texts.DOC_MISSING.format(n=figures.count(len(p.missing)), names=", ".join(short_name(u.kind, u.name) for u in p.missing))
             if p.missing else texts.DOC_NONE_MISSING)

    results = [part for part in summary.parts if PART_WRITERS[part.kind].chapter == "results"]
    proposals = [part for part in summary.parts if PART_WRITERS[part.kind].chapter == "proposals"]
    if results:
        doc.heading(texts.DOC_CH_RESULTS)
        for n, part in enumerate(results, 1):
            doc.number = n
            doc.heading(f"{n}. {part.title}", level=3)
            PART_WRITERS[part.kind].docx(doc, part)
    if proposals:
        doc.heading(texts.DOC_CH_PROPOSALS)
        for n, part in enumerate(proposals, 1):
            doc.number = n
            doc.heading(f"{n}. {part.title}", level=3)
            PART_WRITERS[part.kind].docx(doc, part)
    out = io.BytesIO()
    doc.document.save(out)
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
    """The compiled summary as chat messages: the key figures, then the Word draft and the workbook.

    The same for /tonghop and for the scheduled delivery to officials.
    """
    from bot.report_xlsx import write_xlsx  # here: the workbook uses the words shared above

    code, name = summary.round.code, summary.round.name
    replies = [Reply(text) for text in chat_messages(summary)]
    replies.append(Reply("", file=OutFile(f"tong-hop-{code}.docx", write_docx(summary),
                                          texts.DOC_CAPTION.format(round=name))))
    replies.append(Reply("", file=OutFile(f"so-lieu-{code}.xlsx", write_xlsx(summary),
                                          texts.XLSX_CAPTION.format(round=name))))
    return replies
