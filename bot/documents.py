"""The compiled summary rendered as chat text, a progress chart, and the files sent with it.

The figures come from `storage.summary` (SQL); here they only become
sentences and bars. Each summary part has a chat writer in `PART_WRITERS`, by
its kind. The Word draft follows the catalogue's outline instead of the parts
(`bot/report_docx.py`, which shares the award wording below); the workbook has
its rows and sheets by part kind in `bot/report_xlsx.py`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable, Optional

from bot import figures
from bot import texts
from bot.events import OutFile, Reply
from storage.catalog import LEVELS
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


def award_groups(counts) -> list[tuple[str, list[tuple[str, float, float]]]]:
    """Award counts grouped as the seed writes them, by level from the top: [(level, [(name, collective,
    individual)])]. `counts` are (form, collective, individual); forms a report names alike (`report_as`:
    TTLĐTT and LĐTT are both "Danh hiệu LĐTT") are one item, tập thể and cá nhân together. The chat, the
    Word draft and the workbook all group this way, so a cell shows what the chat shows."""
    levels: dict[str, dict[str, list[float]]] = {}
    for form, collective, individual in counts:
        item = levels.setdefault(form.decided_by, {}).setdefault(form.report_as or form.name, [0, 0])
        item[0] += collective or 0
        item[1] += individual or 0
    order = sorted(levels, key=lambda lv: -LEVELS.index(lv) if lv in LEVELS else 1)
    return [(level, [(name, c, i) for name, (c, i) in levels[level].items()]) for level in order]


def level_items(counts, count: Callable[[float], str] = figures.count) -> list[tuple[str, str]]:
    """[(level, 'Danh hiệu LĐTT: 87 tập thể, 1.940 cá nhân; Danh hiệu CSTĐCS: 210 cá nhân')]: `award_groups`
    in words, a zero count left out."""
    out = []
    for level, forms in award_groups(counts):
        items = []
        for name, collective, individual in forms:
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
    return ["\n".join([f"▪️ {texts.AWARDS_PART}"] + award_level_lines(part.data) + [award_total_line(part.data)])]


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


# Chat writers by Part.kind (the Word draft and the workbook have their own: see the module's docstring).
PART_WRITERS: dict[str, PartWriter] = {
    "campaigns": PartWriter(_campaigns_chat),
    "awards": PartWriter(_awards_chat),
    "nominations": PartWriter(_nominations_chat),
    "role_models": PartWriter(_role_models_chat),
    "section": PartWriter(_section_chat),
    "quotes": PartWriter(_quotes_chat),
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
    from bot.report_xlsx import write_xlsx  # here: the workbook uses the words shared above
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
