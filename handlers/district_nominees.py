"""/dexuat: the nominees (and role models) of every unit under the official, by level and form, by
unit, one form's or one unit's, in pages of one screen; and the lines /xa shows of one unit's lists."""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from sqlmodel import Session

from bot import commands, figures, texts
from bot.documents import wording
from bot.events import Choice
from handlers.common import MAX_CANDIDATES, current_round, official_scope
from handlers.context import Ctx
from handlers import records
from handlers.pager import Entry, page_number, say_paged
from storage import district_lists
from storage import lookup
from storage import nominations
from storage.figures import Scope
from storage.models import AwardForm
from storage.numbers import NumberKind, format_number
from storage.people import fold

# The lists behind buttons: "/xa <unit> <list> [page]", "/dexuat dienhinh".
NOMINEES, ROLE_MODELS = "dexuat", "dienhinh"


# --- one unit's lists, line by line ------------------------------------------------------------


def nominees_line(rows: list[district_lists.Nominee]) -> str:
    """'🏅 Đề nghị khen thưởng: 4 hồ sơ (⚠️ 1) — LĐTT 2 cá nhân; CSTĐCS 1 cá nhân (⚠️ 1); …'."""
    if not rows:
        return texts.XA_NOMINEES_NONE
    flagged = sum(bool(x.problems) for x in rows)
    return texts.XA_NOMINEES.format(count=figures.count(len(rows)),
                                    flagged=texts.FLAGGED_COUNT.format(n=flagged) if flagged else "",
                                    forms="; ".join(wording.nominee_counts(c) for c in district_lists.form_counts(rows)))


def _problem_kinds(nominee: district_lists.Nominee) -> str:
    kinds = dict.fromkeys(texts.PROBLEM_SHORT.get(p.kind, p.kind) for p in nominee.problems)
    return texts.PROBLEMS_FLAG.format(kinds=", ".join(kinds)) if kinds else ""


def nominee_entries(rows: list[district_lists.Nominee], session: Optional[Session] = None) -> list[Entry]:
    """One unit's nominees as its clerk numbered them, each flagged with its problems in short; then
    each problem in full, once (a ratio concerns every nominee of a form)."""
    entries = []
    for x in rows:
        n = x.nomination
        line = texts.NOMINEE_LINE.format(n=x.number, name=n.name, subject=texts.SUBJECT_NAMES.get(n.subject, ""),
                                         form=wording.form_short(x.form, n.form_code or ""),
                                         up=texts.NOMINEE_UP if x.goes_up else "") + _problem_kinds(x)
        if n.position:
            line += "\n" + texts.NOMINEE_POSITION.format(position=n.position)
        if session is not None:  # the streak conditions it does not meet, or that cannot be checked
            line += "".join("\n" + records.streak_line(session, c, n.name or "") for c in x.streaks)
        entries.append(Entry(line))
    problems = dict.fromkeys(texts.say(p) for x in rows for p in x.problems)
    return entries + [Entry(texts.NOMINEE_PROBLEM.format(problem=p)) for p in problems]


def role_model_entries(models: list[district_lists.Model]) -> list[Entry]:
    """Role models in the seed's wording: 'Gia đình ông … (Bản …, xã …) - mô hình …'."""
    entries = []
    for n, m in enumerate(models, 1):
        rm = m.role_model
        place = ", ".join(p for p in (rm.village, rm.commune or texts.unit_name(m.unit)) if p)
        text = texts.ROLE_MODEL_LINE.format(n=n, name=rm.name, place=place, deed=rm.deed or "")
        if rm.income_million is not None:
            income = format_number(Decimal(str(rm.income_million)), NumberKind.DECIMAL)
            text += texts.ROLE_MODEL_INCOME.format(income=texts.INCOME_VALUE.format(value=income))
        field = next((label for label, code in texts.RM_FIELD_LABELS.items() if code == rm.field), None)
        if field:  # the field the Word draft groups it under
            text += texts.ROLE_MODEL_FIELD.format(field=field)
        entries.append(Entry(text))
    return entries


# --- /dexuat: the nominees of every unit --------------------------------------------------

BY_UNIT = "donvi"  # "/dexuat donvi": the units and their counts
_ALL_NOMINEES = Choice(texts.BTN_DX_ALL, commands.DISTRICT_NOMINEES)


def cmd_nominees(ctx: Ctx, args: str) -> None:
    """/dexuat [form | unit | donvi | dienhinh] [page]: the nominees of the submitted reports of the
    official's units, by level and form; one form's, one unit's, the units' counts, the role models."""
    round_ = current_round(ctx)
    if round_ is None:
        return
    scope = official_scope(ctx, round_)
    words, page = page_number(args.split())
    query = " ".join(words)
    wanted = fold(query).replace(" ", "")
    if not query:
        _nominees_overview(ctx, scope, page)
    elif wanted == BY_UNIT:
        _nominees_by_unit(ctx, scope, page)
    elif wanted == ROLE_MODELS:
        models = district_lists.role_models(scope)
        head = texts.DX_ROLE_MODELS_TITLE.format(round=round_.name, count=figures.count(len(models)),
                                                 units=figures.count(len({m.unit.id for m in models})))
        say_paged(ctx, head, role_model_entries(models), page, f"{commands.DISTRICT_NOMINEES} {ROLE_MODELS}", [_ALL_NOMINEES])
    elif (form := _find_form(ctx, query)) is not None:
        _nominees_of_form(ctx, scope, form, page)
    else:
        units = lookup.find_reporting_units(ctx.session, query, ctx.user.unit_id)
        if len(units) == 1:
            unit = units[0]
            to_unit = Choice(texts.BTN_XA_BACK.format(unit=texts.unit_name(unit)), f"{commands.UNIT_VIEW} {unit.code}")
            say_paged(ctx, texts.DX_UNIT_TITLE.format(unit=texts.unit_name(unit), round=round_.name),
                      nominee_entries(district_lists.nominees(scope, unit.id), scope.session) or [Entry(texts.DX_NONE)], page,
                      f"{commands.DISTRICT_NOMINEES} {unit.code}", [to_unit, _ALL_NOMINEES])
        elif units:
            ctx.say(texts.UNIT_AMBIGUOUS.format(query=query),
                    [Choice(texts.unit_name(u), f"{commands.DISTRICT_NOMINEES} {u.code}") for u in units[:MAX_CANDIDATES]], columns=2)
        else:
            ctx.say(texts.DX_NOT_FOUND.format(query=query))
            _nominees_overview(ctx, scope, 1)


def _find_form(ctx: Ctx, query: str) -> Optional[AwardForm]:
    """A form by its code, short name or name (no diacritics, case); else the one whose name holds the words."""
    forms = list(nominations.forms(ctx.session).values())
    wanted = fold(query)
    exact = [f for f in forms if f.code.lower() == query.strip().lower() or wanted in (fold(f.short), fold(f.name))]
    if exact:
        return exact[0]
    close = [f for f in forms if wanted in fold(f.name)]
    return close[0] if len(close) == 1 else None


def _nominees_overview(ctx: Ctx, scope: Scope, page: int) -> None:
    rows = district_lists.nominees(scope)
    models = district_lists.role_models(scope)
    head = texts.DX_TITLE.format(round=scope.round.name)
    buttons = []
    if rows:
        counts = district_lists.form_counts(rows)
        flagged = sum(bool(x.problems) for x in rows)
        entries = [Entry(texts.DX_TOTAL.format(count=figures.count(len(rows)), units=figures.count(len({x.unit.id for x in rows})),
                                               flagged=texts.DX_FLAGGED.format(n=flagged) if flagged else ""))]
        entries += [Entry(line) for line in wording.nominee_level_lines(counts)] + [Entry(texts.DX_HOW)]
        buttons += [Choice(texts.BTN_DX_FORM.format(form=wording.form_short(c.form, c.code), n=c.total), f"{commands.DISTRICT_NOMINEES} {c.code}")
                    for c in counts if c.code]
        buttons.append(Choice(texts.BTN_DX_BY_UNIT, f"{commands.DISTRICT_NOMINEES} {BY_UNIT}"))
    else:
        entries = [Entry(texts.DX_NONE)]
    if models:
        buttons.append(Choice(texts.BTN_DX_ROLE_MODELS.format(n=len(models)), f"{commands.DISTRICT_NOMINEES} {ROLE_MODELS}"))
    say_paged(ctx, head, entries, page, commands.DISTRICT_NOMINEES, buttons, columns=2)


def _nominees_of_form(ctx: Ctx, scope: Scope, form: AwardForm, page: int) -> None:
    rows = district_lists.nominees(scope, form_code=form.code)
    if not rows:
        say_paged(ctx, texts.DX_TITLE.format(round=scope.round.name) + "\n" + form.name, [Entry(texts.DX_NONE)], 1,
                  f"{commands.DISTRICT_NOMINEES} {form.code}", [_ALL_NOMINEES])
        return
    [count] = district_lists.form_counts(rows)
    catalog = nominations.meta(ctx.session)
    head = texts.DX_FORM_TITLE.format(form=form.name, round=scope.round.name,
                                      counts=wording.award_counts(form, count.collective, count.individual),
                                      flagged=texts.FLAGGED_COUNT.format(n=count.flagged) if count.flagged else "",
                                      up=texts.DX_FORM_UP.format(level=texts.LEVEL_NAMES.get(form.decided_by, form.decided_by))
                                      if nominations.goes_up(form, catalog) else "")
    entries = [Entry(texts.NOMINEE_ACROSS.format(n=n, name=x.nomination.name,
                                                 subject=texts.SUBJECT_NAMES.get(x.nomination.subject, ""),
                                                 position=x.nomination.position or "",
                                                 unit=lookup.short_name(x.unit.kind, x.unit.name),
                                                 flag=_problem_kinds(x))
                     + "".join("\n" + records.streak_line(ctx.session, c, x.nomination.name or "") for c in x.streaks))
               for n, x in enumerate(rows, 1)]
    say_paged(ctx, head, entries, page, f"{commands.DISTRICT_NOMINEES} {form.code}", [_ALL_NOMINEES])


def _nominees_by_unit(ctx: Ctx, scope: Scope, page: int) -> None:
    by_unit: dict[int, list[district_lists.Nominee]] = {}
    for x in district_lists.nominees(scope):
        by_unit.setdefault(x.unit.id, []).append(x)
    units = sorted((rows[0].unit for rows in by_unit.values()), key=lambda u: u.position)
    entries = []
    for n, unit in enumerate(units, 1):
        rows = by_unit[unit.id]
        flagged = sum(bool(x.problems) for x in rows)
        name = lookup.short_name(unit.kind, unit.name)
        entries.append(Entry(texts.DX_UNIT_LINE.format(n=n, unit=name, count=figures.count(len(rows)),
                                                       flagged=texts.FLAGGED_COUNT.format(n=flagged) if flagged else ""),
                             Choice(texts.DX_UNIT_BUTTON.format(unit=name, n=len(rows)), f"{commands.DISTRICT_NOMINEES} {unit.code}")))
    say_paged(ctx, texts.DX_UNITS_TITLE.format(round=scope.round.name), entries or [Entry(texts.DX_NONE)], page,
              f"{commands.DISTRICT_NOMINEES} {BY_UNIT}", [_ALL_NOMINEES], columns=2)
