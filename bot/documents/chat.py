"""The compiled summary as chat text: the key figures in a few messages.

Each summary part has a chat writer in `PART_WRITERS`, by its kind; the Word draft follows the
catalogue's outline instead (`report_docx.py`), the workbook has its rows and sheets by part kind
(`report_xlsx.py`). All three word figures and awards with `wording.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from bot import figures
from bot import texts
from bot.documents.wording import award_level_lines, award_total_line, figure_sentence, illustrative_mark, \
    names_text, nominee_level_lines, progress_line
from storage.district_lists import form_counts
from storage.lookup import short_name
from storage.summary import Part, SectionFigures, Summary

CHAT_LIMIT = 3900  # characters per chat message (Telegram allows 4096)
CHAT_NAMES = 10  # unit names shown per bucket in chat


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
                                         flagged=texts.FLAGGED_COUNT.format(n=figures.count(flagged)) if flagged else "",
                                         mark=illustrative_mark(rows))  # a demo's proposals: as the Word draft
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
