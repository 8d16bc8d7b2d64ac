"""The texts of scheduled messages, built from what is stored (texts in bot/texts/reminders.py).

Each fits one screen (bot/rendering.SCREEN_LIMIT): what is missing is named section by section as far
as there is room, the rest counted; the digest names the late units and leaves the details by unit to a
button (/chuanop <round>, handlers/officials.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from bot import commands, figures, texts
from bot.events import Choice, Reply
from bot.rendering import SCREEN_LIMIT, render
from storage.models import Report, Round, Unit, User
from storage.submission import Missing
from storage.lookup import short_name

OPEN_REPORT = Choice(texts.BTN_OPEN_REPORT, commands.REPORT)  # /baocao resumes where the clerk left off
SECTION_NAME_MAX = 48  # a section named on one line of a reminder


def section_name(name: str) -> str:
    """A section's name short enough for a line: up to " (" or " - ", then cut at a word."""
    for cut in (" (", " - "):
        name = name.split(cut)[0]
    if len(name) <= SECTION_NAME_MAX:
        return name
    return name[:SECTION_NAME_MAX].rsplit(" ", 1)[0].rstrip(",;") + "…"


def list_lines(missing: Missing) -> list[str]:
    lines = []
    for gap in missing.lists:
        what = [t.format(n=figures.count(n)) for t, n in ((texts.MISSING_UNFINISHED, gap.unfinished),
                                                           (texts.MISSING_BROKEN, gap.broken)) if n]
        lines.append(texts.MISSING_LIST.format(name=texts.LIST_NAMES[gap.kind].capitalize(), what=", ".join(what)))
    return lines


def missing_text(missing: Missing, room: int) -> str:
    """What is missing by name in at most `room` characters: the sections with how many required
    answers are left (as many as fit, the others counted on one line), the lists not ready."""
    lists = [texts.MISSING_LISTS_HEAD] + list_lines(missing) if missing.lists else []
    if not missing:
        return texts.MISSING_NOTHING
    if not missing.answers:
        return "\n".join(lists)
    head = texts.MISSING_HEAD.format(count=figures.count(missing.answers))
    shown: list[str] = []
    gaps = list(missing.sections)
    for n, gap in enumerate(gaps):
        line = texts.MISSING_SECTION.format(section=section_name(gap.section.name), count=figures.count(gap.left))
        rest = gaps[n + 1:]
        more = [texts.MISSING_MORE_SECTIONS.format(n=len(rest), count=figures.count(sum(g.left for g in rest)))] if rest else []
        if len("\n".join([head, *shown, line, *more, *lists])) > room:
            rest = gaps[n:]
            shown.append(texts.MISSING_MORE_SECTIONS.format(n=len(rest), count=figures.count(sum(g.left for g in rest))))
            break
        shown.append(line)
    return "\n".join([head, *shown, *lists])


def _room(template: str, **fields) -> int:
    """What is left of one screen for the missing part of a message, beside its button."""
    return SCREEN_LIMIT - len(render(Reply(template.format(missing="", **fields), [OPEN_REPORT])))


def reminder(round_: Round, unit: Unit, report: Optional[Report], missing: Missing, today: dt.date) -> Reply:
    fields = dict(round=round_.name, unit=texts.unit_name(unit), deadline=texts.date_vn(round_.deadline),
                  left=texts.days_left(round_.deadline, today))
    extra = "\n" + texts.REMINDER_NOT_STARTED if report is None else ""
    text = texts.REMINDER.format(missing=missing_text(missing, _room(texts.REMINDER, **fields) - len(extra)), **fields)
    return Reply(text + extra, [OPEN_REPORT])


def overdue(round_: Round, unit: Unit, missing: Missing, today: dt.date) -> Reply:
    fields = dict(round=round_.name, unit=texts.unit_name(unit), days=(today - round_.deadline).days,
                  deadline=texts.date_vn(round_.deadline))
    return Reply(texts.OVERDUE.format(missing=missing_text(missing, _room(texts.OVERDUE, **fields)), **fields),
                 [OPEN_REPORT])


@dataclass
class LateUnit:
    unit: Unit
    missing: Missing
    clerks: list[User]


def digest(round_: Round, late: list[LateUnit], total: int, today: dt.date) -> Reply:
    """One screen for the officials: how many are late and which, who cannot be reached; the details by
    unit (what is missing, the clerks and when they were last seen) behind a button."""
    head = texts.DIGEST_HEAD.format(round=round_.name, late=len(late), total=total,
                                    days=(today - round_.deadline).days, deadline=texts.date_vn(round_.deadline))
    notes = []
    no_clerk = sum(not row.clerks for row in late)
    blocked = sum(u.unreachable_at is not None for row in late for u in row.clerks)
    if no_clerk:
        notes.append(texts.DIGEST_NO_CLERKS.format(n=no_clerk))
    if blocked:
        notes.append(texts.DIGEST_BLOCKED.format(n=blocked))
    notes.append(texts.DIGEST_SEE_DETAILS)
    details = Choice(texts.BTN_DIGEST_DETAILS, f"{commands.LATE} {round_.code}")
    names = [short_name(row.unit.kind, row.unit.name) for row in late]
    for shown in range(len(names), -1, -1):  # as many names as fit
        listed = ", ".join(names[:shown])
        if shown < len(names):
            listed += ("; " if shown else "") + texts.MORE_NAMES.format(n=len(names) - shown, noun=texts.UNIT_NOUN)
        text = "\n".join([head, texts.DIGEST_NAMES.format(names=listed), *notes])
        if len(render(Reply(text, [details]))) <= SCREEN_LIMIT:
            break
    return Reply(text, [details])
