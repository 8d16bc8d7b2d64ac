"""/khenthuong: the unit's nomination list for the round (đề nghị khen thưởng).

The questions and how answers are read live here; the list conversation is
handlers/lists.py; which forms may be asked for and the rule checks are
storage/nominations.py and storage/award_rules.py, with their parameters from
the catalogue.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any, Optional

from bot import commands, texts
from bot.events import Choice
from storage.facts import Problem
from storage.numbers import NumberKind, format_number
from handlers import list_files
from handlers import records as records_view
from handlers.context import Ctx
from handlers.registry import CLERK, Command
from handlers.lists import Field, ListFlow, Question, Reject, fields_of, schema_answer
from handlers.report_flow import report_for_command
from storage import award_rules, history, list_schema, records, streaks
from storage import nominations
from storage.models import AwardForm, Nomination, Report, Round, Unit

FLOW = "nominations"
STREAK = "streak_ok"  # the chat's own question after the form: a streak condition's missing years, kept or not
KEEP, CHANGE = "streak:keep", "streak:change"
WHO = ("name", "birth_year", "cccd", "subject", "form_code")  # a change of these asks the streak question again


def _fields() -> tuple[Field, ...]:
    """The row's schema's questions (the template's columns, in order), the streak question after the form."""
    fields = tuple(replace(f, again=False) if f.key == "cccd" else f
                   for f in fields_of(list_schema.NOMINATIONS, {"cccd": texts.BTN_NO_CCCD}))
    at = [f.key for f in fields].index("form_code") + 1
    return fields[:at] + (Field(STREAK),) + fields[at:]


class NominationFlow(ListFlow):
    flow_name = FLOW
    part_code = "nominations"
    title = texts.NOM_LIST_TITLE
    short = texts.PART_NOMINATIONS  # its line in the report's overview
    model = Nomination
    fields = _fields()

    # --- fields ----------------------------------------------------------------
    def _form(self, ctx: Ctx, item: Nomination) -> Optional[AwardForm]:
        return nominations.forms(ctx.session).get(item.form_code or "")

    def applies(self, ctx: Ctx, item: Nomination, field: Field) -> bool:
        if field.key == STREAK:  # asked only when the record shows a year missing
            return bool(self._missing_years(ctx, item))
        col = list_schema.column(list_schema.NOMINATIONS, field.key)
        return not col.when or list_schema.applies(col, self._form(ctx, item), item.prereq_mode, item.subject)

    def _checked(self, ctx: Ctx, item: Nomination) -> tuple[records.Found, list[streaks.StreakCheck]]:
        """Who the nominee is in the records and the form's streak conditions against it, once per event for
        the row as it is (a screen asks several times)."""
        cache = ctx.session.info.setdefault("nominee_checks", {})
        key = (item.id, item.subject, item.name, item.birth_year, item.cccd, item.form_code)
        if key not in cache:
            report = ctx.session.get(Report, item.report_id)
            unit, round_ = ctx.session.get(Unit, report.unit_id), ctx.session.get(Round, report.round_id)
            found = records.find(ctx.session, item.subject or "individual", item.name or "", unit.code,
                                 item.birth_year, item.cccd)
            cache[key] = (found, streaks.check_nomination(ctx.session, item, unit.code, round_, found))
        return cache[key]

    def _missing_years(self, ctx: Ctx, item: Nomination) -> str:
        """The years a streak condition of the form finds missing on the record ("2018, 2019"), or ""."""
        if not item.name or not item.form_code:
            return ""
        return ", ".join(str(y) for c in self._checked(ctx, item)[1] if c.status == streaks.MISSING for y in c.missing)

    def _short(self, ctx: Ctx, code: Optional[str]) -> str:
        form = nominations.forms(ctx.session).get(code or "")
        return (form.short or form.name) if form else (code or "")

    def label(self, ctx: Ctx, item: Nomination, field: Field) -> str:
        if item.subject == "collective" and field.key in texts.NOM_FIELDS_COLLECTIVE:
            return texts.NOM_FIELDS_COLLECTIVE[field.key]
        prereq = self._form(ctx, item).prerequisite if self._form(ctx, item) else None
        return texts.NOM_FIELDS[field.key].format(form=self._short(ctx, prereq))

    def shown(self, ctx: Ctx, item: Nomination, field: Field) -> Optional[str]:
        if field.key == "subject":
            return texts.SUBJECT_NAMES.get(item.subject or "", None)
        if field.key == "form_code":
            form = self._form(ctx, item)
            return self._form_name(ctx, form) if form else item.form_code
        if field.key == "prereq_mode":
            return {"list": texts.PREREQ_LIST, "held": texts.PREREQ_HELD}.get(item.prereq_mode or "")
        if field.key == "cccd":
            return list_schema.mask_cccd(item.cccd)  # never whole, even to the clerk who typed it
        if field.key == STREAK:
            return texts.STREAK_KEPT.format(years=item.streak_ok) if item.streak_ok else None
        return super().shown(ctx, item, field)

    def _form_name(self, ctx: Ctx, form: AwardForm) -> str:
        catalog = nominations.meta(ctx.session)
        up = f" ({texts.NOM_UP.format(level=texts.LEVEL_NAMES[form.decided_by])})" if nominations.goes_up(form, catalog) else ""
        return f"{form.name}{up}"

    def question(self, ctx: Ctx, item: Nomination, field: Field) -> Question:
        individual = item.subject != "collective"
        name = item.name or ""
        key = field.key
        if key == "subject":
            return Question(texts.ASK_SUBJECT, [Choice(texts.BTN_INDIVIDUAL, "subject:individual"),
                                            Choice(texts.BTN_COLLECTIVE, "subject:collective")], numbered=True)
        if key == "name":
            return Question(texts.ASK_NAME_INDIVIDUAL if individual else texts.ASK_NAME_COLLECTIVE, [])
        if key == "birth_year":
            return Question(texts.ASK_BIRTH_YEAR.format(name=name), [])
        if key == "cccd":
            return Question(texts.ASK_CCCD.format(name=name), [])
        if key == STREAK:
            form = self._short(ctx, item.form_code)
            lines = [records_view.streak_line(ctx.session, c, name) for c in self._checked(ctx, item)[1]
                     if c.status == streaks.MISSING]
            return Question(texts.ASK_STREAK.format(lines="\n".join(lines), form=form, name=name),
                            [Choice(texts.BTN_STREAK_KEEP.format(form=form), KEEP),
                             Choice(texts.BTN_STREAK_CHANGE, CHANGE)], numbered=True)
        if key == "position":
            return Question(texts.ASK_POSITION_INDIVIDUAL if individual else texts.ASK_POSITION_COLLECTIVE, [])
        if key == "form_code":
            catalog = nominations.meta(ctx.session)
            allowed = nominations.allowed_forms(ctx.session, item.subject or "individual")
            lines, buttons = [], []
            for form in allowed:
                up = nominations.goes_up(form, catalog)
                suffix = f" — {texts.NOM_UP.format(level=texts.LEVEL_NAMES[form.decided_by])}" if up else ""
                lines.append(texts.ASK_FORM_LINE.format(short=form.short or form.name, name=form.name, up=suffix))
                buttons.append(Choice(f"{form.short or form.name}{' ↑' if up else ''}", f"form:{form.code}"))
            text = texts.ASK_FORM.format(subject=texts.SUBJECT_NAMES[item.subject or "individual"], name=name,
                                     forms="\n".join(lines))
            if item.form_code:
                text += "\n" + texts.CURRENT_VALUE.format(value=self.shown(ctx, item, field))
            return Question(text, buttons, numbered=True)
        if key == "achievements":
            return Question(texts.ASK_ACHIEVEMENTS.format(name=name, limit=nominations.meta(ctx.session).achievement_max_length), [])
        form = self._form(ctx, item)
        prereq = self._short(ctx, form.prerequisite) if form else ""
        if key == "prereq_mode":
            text = texts.ASK_PREREQ.format(form=self._short(ctx, form.code), prereq=prereq, name=name)
            if item.prereq_mode:
                text += "\n" + texts.CURRENT_VALUE.format(value=self.shown(ctx, item, field))
            return Question(text, [Choice(texts.BTN_PREREQ_LIST.format(form=prereq), "prereq:list"),
                                   Choice(texts.BTN_PREREQ_HELD.format(form=prereq), "prereq:held")], numbered=True)
        if key == "prereq_ref":
            return Question(texts.ASK_PREREQ_REF.format(prereq=prereq, name=name), [])
        if key == "initiative":
            return Question(texts.ASK_INITIATIVE.format(form=self._short(ctx, form.code), name=name), [])
        return Question(texts.ASK_INITIATIVE_REF, [])

    def take(self, ctx: Ctx, item: Nomination, field: Field, text: Optional[str], choice: Optional[str]) -> dict:
        changes = self._take(ctx, item, field, text, choice)
        if item.streak_ok and field.key in WHO and any(changes[k] != getattr(item, k) for k in changes):
            changes["streak_ok"] = None  # another person or form: its missing years are asked again
        return changes

    def _take(self, ctx: Ctx, item: Nomination, field: Field, text: Optional[str], choice: Optional[str]) -> dict:
        key = field.key
        if key in ("birth_year", "cccd"):
            if choice is not None:
                raise Reject(texts.ERR_CHOICE)
            if key == "cccd":
                value, problem = list_schema.cccd(text)
                problem = problem or (None if value else Problem("cccd_digits", digits=list_schema.CCCD_DIGITS))
            else:
                report = ctx.session.get(Report, item.report_id)
                value, problem = list_schema.birth_year(text, history.year_of(ctx.session.get(Round, report.round_id)))
            if problem is not None:
                raise Reject(texts.say(problem))
            return {key: value}
        if key == STREAK:
            if choice not in (KEEP, CHANGE):
                raise Reject(texts.ERR_CHOICE)
            return {"streak_ok": self._missing_years(ctx, item)} if choice == KEEP else {"form_code": None}
        if key == "subject":
            subject = (choice or "").removeprefix("subject:")
            if subject not in nominations.SUBJECTS:
                raise Reject(texts.ERR_CHOICE)
            changes: dict[str, Any] = {"subject": subject}
            form = self._form(ctx, item)
            if form is not None and subject not in form.subjects:
                changes["form_code"] = None  # asked again, from the forms for this kind of nominee
            if subject == "collective":
                changes.update(birth_year=None, cccd=None)  # a collective has neither
            return changes
        if key == "form_code":
            code = (choice or "").removeprefix("form:")
            # Only the buttons offered: a form out of reach cannot be typed or forged in.
            if code not in {f.code for f in nominations.allowed_forms(ctx.session, item.subject or "individual")}:
                raise Reject(texts.ERR_CHOICE)
            return {"form_code": code}
        if key == "prereq_mode":
            mode = (choice or "").removeprefix("prereq:")
            if mode not in ("list", "held"):
                raise Reject(texts.ERR_CHOICE)
            return {"prereq_mode": mode}
        # The text fields (name, position, achievements, the references), by their column's rule.
        return {key: schema_answer(list_schema.NOMINATIONS, key, text, choice, nominations.meta(ctx.session))}

    # --- list, card, review --------------------------------------------------------
    def head(self, ctx: Ctx, report: Report) -> str:
        return texts.NOM_TITLE.format(unit=texts.unit_name(ctx.session.get(Unit, report.unit_id)),
                                  round=ctx.session.get(Round, report.round_id).name)

    def card_title(self, n: int) -> str:
        return texts.NOM_CARD_TITLE.format(n=n)

    def card_notes(self, ctx: Ctx, report: Report, item: Nomination) -> list[str]:
        """The nominee's record of titles, and the streak conditions of the form asked for, checked against it."""
        if not item.name:
            return []
        found, checks = self._checked(ctx, item)  # one look-up for both
        seen = records_view.record_line(ctx.session, found)
        return ([seen] if seen else []) + records_view.streak_lines(ctx.session, checks, item.name)

    def line(self, ctx: Ctx, item: Nomination, n: int) -> str:
        return texts.NOM_LINE.format(n=n, name=self.name_of(item), subject=texts.SUBJECT_NAMES.get(item.subject or "", "?"),
                                 form=self._short(ctx, item.form_code) or texts.CARD_EMPTY)

    def _violations(self, ctx: Ctx, report: Report) -> list[award_rules.Violation]:
        return award_rules.check(ctx.session, report.id)

    def item_problems(self, ctx: Ctx, report: Report, item: Nomination) -> list[str]:
        return [texts.violation_text(v) for v in self._violations(ctx, report) if item.id in v.nominee_ids]

    def flagged(self, ctx: Ctx, report: Report) -> set[int]:
        return {i for v in self._violations(ctx, report) for i in v.nominee_ids}

    def rule_problems(self, ctx: Ctx, report: Report) -> list[str]:
        return [texts.violation_text(v) for v in self._violations(ctx, report)]

    def _side_by_side(self, ctx: Ctx, report: Report) -> list[str]:
        rows = nominations.side_by_side(ctx.session, report)
        if not rows:
            return []
        lines = [texts.NOM_SIDE_TITLE]
        for row in rows:
            reported = texts.REVIEW_EMPTY if row.reported is None else format_number(Decimal(str(row.reported)),
                                                                                NumberKind.INTEGER)
            lines.append(texts.NOM_SIDE_LINE.format(name=row.name, reported=reported, listed=row.listed))
        return ["\n".join(lines)]

    def notes(self, ctx: Ctx, report: Report, items: list[Any]) -> list[str]:
        return self._side_by_side(ctx, report)  # the rule problems have their own page (handlers/lists.py)

    def review_notes(self, ctx: Ctx, report: Report) -> list[str]:
        return self._side_by_side(ctx, report)

    def more_choices(self, ctx: Ctx, report: Report) -> list[Choice]:
        return list_files.choices(ctx, list_files.NOMINATIONS, report)


def cmd_nominations(ctx: Ctx, args: str) -> None:
    report = report_for_command(ctx, commands.NOMINATIONS, args)
    if report is not None:
        ctx.handlers.flows[FLOW].open_list(ctx, report)

# What this module answers (main.py gathers every module's, in menu order).
COMMANDS = (Command(commands.NOMINATIONS, {CLERK}, texts.BTN_NOMINATIONS, cmd_nominations),)
