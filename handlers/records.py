"""Records of titles and awards for officials (/hoso), and the lines other screens show of them.

`/hoso <tên>`: the person's or collective's record, year by year, in pages of one screen; a name that
fits several offers them as buttons ("/hoso nguoi 12"). A near match waiting for a person (two rows that
may be one person: storage/records.py) is shown on both records with «Cùng một người» / «Hai người khác
nhau» (a tap on Telegram, a typed number on Zalo and the terminal): "/hoso cung 7", "/hoso khac 7".

`record_line` (the clerk's card of a nominee) and `streak_lines` (the card, /dexuat, the council's card)
say what the records hold and what a streak condition found (storage/streaks.py).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Optional

from sqlmodel import Session, select

from bot import commands, texts
from bot.events import Choice
from handlers import record_files
from handlers.common import MAX_CANDIDATES
from handlers.context import Ctx
from handlers.pager import Entry, page_number, say_paged
from handlers.registry import OFFICIALS, Command
from storage import nominations, records, streaks
from storage.models import Person, PersonMatch, TitleRecord, Unit
from storage.streaks import StreakCheck
from storage.lookup import short_name
from storage.text import parse_id

OPEN, SAME, OTHER, TEMPLATE = "nguoi", "cung", "khac", "mau"
RECORD_LINE_YEARS = 3  # the clerk's card shows the latest years of a nominee's record


def _form_name(session: Session, code: str) -> str:
    if code in texts.RATING_NAMES:
        return texts.RATING_NAMES[code]
    forms = session.info.setdefault("records_forms", None) or nominations.forms(session)
    session.info["records_forms"] = forms
    form = forms.get(code)
    return (form.short or form.name) if form else code


def _unit_name(session: Session, code: str) -> str:
    """A unit's short name by its code: every unit's read once per session (a page names many)."""
    names = session.info.get("records_unit_names")
    if names is None:
        names = session.info["records_unit_names"] = {
            unit_code: short_name(kind, name) for unit_code, kind, name in session.exec(select(Unit.code, Unit.kind, Unit.name))}
    return names.get(code, code)


def _born(person: Person) -> str:
    return texts.RECORDS_BORN.format(year=person.birth_year) if person.birth_year else ""


def _item(session: Session, row: TitleRecord) -> str:
    form = _form_name(session, row.form_code)
    if row.status == records.PROPOSED:
        return texts.RECORDS_ITEM_PROPOSED.format(form=form)
    return texts.RECORDS_ITEM_REF.format(form=form, ref=row.decision_ref) if row.decision_ref else form


def year_lines(session: Session, rows: list[TitleRecord]) -> list[str]:
    """A record as one line a year, the latest first."""
    by_year: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        by_year[row.year].append(_item(session, row))
    return [texts.RECORDS_YEAR.format(year=year, items="; ".join(items)) for year, items in by_year.items()]


def record_line(session: Session, found: records.Found) -> Optional[str]:
    """What the records hold of a nominee (`found`: who they are in them), on one line (the latest years), or
    None when nothing is known."""
    if found.person is None:
        return None
    rows = [r for r in records.records_of(session, found.person.id) if r.status == records.AWARDED]
    if not rows:
        return None
    years = sorted({r.year for r in rows}, reverse=True)
    shown = [f"{y} {', '.join(_form_name(session, r.form_code) for r in rows if r.year == y)}"
             for y in years[:RECORD_LINE_YEARS]]
    more = texts.NOMINEE_RECORD_MORE if len(years) > RECORD_LINE_YEARS else ""
    return texts.NOMINEE_RECORD.format(items=" · ".join(shown) + more)


def streak_line(session: Session, check: StreakCheck, name: str) -> str:
    rule = check.rule
    args = {"form": _form_name(session, rule.form), "count": rule.years,
            "needs": texts.STREAK_OR.join(_form_name(session, code) for code in rule.needs)}
    if check.status == streaks.MET:
        return texts.STREAK_MET.format(first=check.years[0], last=check.years[-1], **args)
    if check.status == streaks.MISSING:
        return texts.STREAK_MISSING.format(years=", ".join(str(y) for y in check.missing),
                                           year=check.years[-1] + 1, **args)
    if check.status == streaks.UNSURE:
        return texts.STREAK_UNSURE.format(form=args["form"], name=name)
    return texts.STREAK_NO_DATA.format(**args)


def streak_lines(session: Session, checks: list[StreakCheck], name: str) -> list[str]:
    return [streak_line(session, c, name) for c in checks]


# --- /hoso ---------------------------------------------------------------------------------------------


def cmd_records(ctx: Ctx, args: str) -> None:
    words = args.split()
    if 2 <= len(words) <= 3 and words[0].lower() in (OPEN, SAME, OTHER) and parse_id(words[1]) is not None:
        action, number = words[0].lower(), parse_id(words[1])
        if action == OPEN:
            _show(ctx, number, page_number(words[2:])[1])
        else:
            _settle(ctx, number, action == SAME)
        return
    words, page = page_number(words)
    query = " ".join(words)
    if not query:
        ctx.say(texts.RECORDS_ASK, [Choice(texts.BTN_RECORD_TEMPLATE, f"{commands.RECORDS} {TEMPLATE}")])
        return
    if query.lower() == TEMPLATE:
        record_files.send_template(ctx)
        return
    people = records.search(ctx.session, query, records.units_under(ctx.session, ctx.user.unit_id))
    if not people:
        ctx.say(texts.RECORDS_NONE.format(query=query))
    elif len(people) == 1:
        _show(ctx, people[0].id, page)
    else:
        shown = people[:MAX_CANDIDATES]
        text = texts.RECORDS_PICK.format(count=len(people) if len(people) <= records.SEARCH_MOST
                                         else f"{records.SEARCH_MOST}+", query=query)
        if len(people) > len(shown):
            text += "\n" + texts.RECORDS_MORE
        ctx.say(text, [Choice(texts.RECORDS_CANDIDATE.format(name=p.name, born=_born(p),
                                                             unit=_unit_name(ctx.session, p.unit_code)),
                              f"{commands.RECORDS} {OPEN} {p.id}") for p in shown])


def _show(ctx: Ctx, person_id: int, page: int) -> None:
    session = ctx.session
    person = session.get(Person, person_id)
    seen = records.units_under(session, ctx.user.unit_id)
    if person is None or (seen is not None and person.unit_code not in seen):  # gone, or another district's
        ctx.say(texts.RECORDS_GONE)
        return
    entries = [Entry(line) for line in year_lines(session, records.records_of(session, person.id))]
    if not entries:
        entries = [Entry(texts.RECORDS_EMPTY)]
    fixed: list[Choice] = []
    matches = records.pending_matches(session, [person.id])
    for match in matches:
        other = session.get(Person, match.other_id if match.person_id == person.id else match.person_id)
        entries.append(Entry(texts.MATCH_LINE.format(name=other.name, born=_born(other),
                                                     unit=_unit_name(session, other.unit_code),
                                                     why=texts.MATCH_WHY.get(match.why, match.why))))
    if matches:  # one question at a time: the first near match
        entries.append(Entry(texts.MATCH_ASK))
        fixed = [Choice(texts.BTN_SAME_PERSON, f"{commands.RECORDS} {SAME} {matches[0].id}"),
                 Choice(texts.BTN_OTHER_PERSON, f"{commands.RECORDS} {OTHER} {matches[0].id}")]

    head = texts.RECORDS_HEAD.format(name=person.name, born=_born(person), unit=_unit_name(session, person.unit_code))
    say_paged(ctx, head, entries, page, f"{commands.RECORDS} {OPEN} {person.id}", fixed=fixed)


def _settle(ctx: Ctx, match_id: int, same: bool) -> None:
    match, seen = ctx.session.get(PersonMatch, match_id), records.units_under(ctx.session, ctx.user.unit_id)
    if match is None or (seen is not None and any(ctx.session.get(Person, pid).unit_code not in seen
                                                  for pid in (match.person_id, match.other_id))):
        ctx.say(texts.MATCH_NOT_FOUND)
        return
    settled = records.confirm(ctx.session, match_id, same, ctx.user.id)
    if not settled.done:
        ctx.say(texts.MATCH_SETTLED)
        return
    if same:
        ctx.say(texts.MATCH_JOINED.format(name=settled.kept.name))
    else:
        ctx.say(texts.MATCH_APART)
    _show(ctx, settled.kept.id, 1)


COMMANDS = (
    Command(commands.RECORDS, OFFICIALS, texts.BTN_RECORDS, cmd_records),
)
