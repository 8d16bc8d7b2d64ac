"""Lists kept inside a report (nominees, role models): add, view, edit, remove, one question at a time.

A subclass names its table and its questions and reads each answer; this
module runs the conversation. Its state is `ListState` (handlers/list_state.py:
the step, the row, the question, the pages); a press is routed by its action
(`_PRESSES`), then by the step (`_on_step`). Each answer is saved at once, so a
lost signal or a restart continues at the same question. Rows are always looked
up through `entries.owned`: a row of another unit (a forged button) is refused
and logged.

Every screen is one phone screen (600 characters, as Zalo shows it too): the
list is its rows as numbered buttons, a page at a time; what needs fixing and
the notes (comparisons) are behind a button, a page at a time; a card shortens
long values and shows them whole behind «📄 Xem đủ».
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Optional

from bot import commands, texts
from bot.events import Choice
from handlers import menu
from handlers.buttons import CONTINUE, LIST, NO, SKIP, TURN, YES, Press, decode
from handlers.common import fit
from handlers.context import Ctx
from handlers.list_state import (ADD, CARD, CONFIRM, DETAILS, EDIT, FIELD, FULL, NOTES, OPEN, PROBLEMS, REMOVE, ListState,
                                 Step, old_page)
from handlers.pager import Entry, say_paged
from handlers.list_fields import Field, Reject, fields_of, schema_answer, text_answer  # noqa: F401 (the lists' callers)
from handlers.report_screens import refuse_edit
from storage import entries, list_schema
from storage.models import Report, Round
from storage.text import parse_id

log = logging.getLogger(__name__)
ENTRY_LABEL_MAX = 34  # a row's button: its number, name and what it is, shortened
PAGE_SIZE = 7  # rows per list screen at most: a short menu to pick from (tests/stories/test_nominations.py)
CARD_VALUES = 420  # characters of a card's "label: value" lines; long values shortened, «📄 Xem đủ» shows them whole


@dataclass
class Question:
    text: str
    choices: list[Choice]
    numbered: bool = False  # True when the answer is a button, so a typed number picks one


class ListFlow(ABC):
    flow_name: str
    part_code: str
    title: str
    short: str
    model: type
    fields: tuple[Field, ...]

    # --- what a subclass says ----------------------------------------------
    def applies(self, ctx: Ctx, item: Any, field: Field) -> bool:
        return True

    @abstractmethod
    def label(self, ctx: Ctx, item: Any, field: Field) -> str: ...

    @abstractmethod
    def question(self, ctx: Ctx, item: Any, field: Field) -> Question: ...

    @abstractmethod
    def take(self, ctx: Ctx, item: Any, field: Field, text: Optional[str], choice: Optional[str]) -> dict:
        """The changes an answer makes; raise Reject for an answer that cannot be taken."""
        ...

    def shown(self, ctx: Ctx, item: Any, field: Field) -> Optional[str]:
        value = getattr(item, field.key)
        return None if value is None else str(value)

    def name_of(self, item: Any) -> str:
        return item.name or texts.CARD_EMPTY

    @abstractmethod
    def line(self, ctx: Ctx, item: Any, n: int) -> str: ...

    @abstractmethod
    def head(self, ctx: Ctx, report: Report) -> str: ...

    def notes(self, ctx: Ctx, report: Report, items: list[Any]) -> list[str]:
        """Blocks behind the list's «📊 Đối chiếu» (comparisons); what needs fixing is `problems`."""
        return []

    def item_problems(self, ctx: Ctx, report: Report, item: Any) -> list[str]:
        return []

    def flagged(self, ctx: Ctx, report: Report) -> set[int]:
        """Ids of the rows some check complains about (one pass, for the list)."""
        return set()

    def rule_problems(self, ctx: Ctx, report: Report) -> list[str]:
        return []

    def more_choices(self, ctx: Ctx, report: Report) -> list[Choice]:
        """The list screen's buttons besides ➕ (e.g. the list's .xlsx files)."""
        return []

    def review_notes(self, ctx: Ctx, report: Report) -> list[str]:
        return []

    # --- the report part ----------------------------------------------------
    def summary(self, ctx: Ctx, report: Report) -> str:
        return _summary(len(entries.rows(ctx.session, self.model, report.id)), len(self.problems(ctx, report)))

    def problems(self, ctx: Ctx, report: Report) -> list[str]:
        rows = entries.rows(ctx.session, self.model, report.id)
        unfinished = [texts.INCOMPLETE_ENTRY.format(n=n, name=self.name_of(item))
                      for n, item in enumerate(rows, 1) if not item.complete]
        return unfinished + self.rule_problems(ctx, report)

    def review(self, ctx: Ctx, report: Report) -> str:
        rows = entries.rows(ctx.session, self.model, report.id)
        lines = [f"▪️ {self.title}"] + [self.line(ctx, item, n) for n, item in enumerate(rows, 1)]
        if not rows:
            lines.append(texts.LIST_EMPTY)
        return "\n".join(lines + self.review_notes(ctx, report))

    def open_list(self, ctx: Ctx, report: Report) -> None:
        ctx.start_flow(self.flow_name, **ListState(report_id=report.id).to_data())
        self._show_list(ctx, report)

    # --- the flow ------------------------------------------------------------
    def resume(self, ctx: Ctx) -> None:
        report = self._report(ctx)
        if report is None:
            ctx.end_flow()
            menu.show_menu(ctx)
            return
        self._show(ctx, report)

    def on_input(self, ctx: Ctx, text: Optional[str], choice: Optional[str]) -> None:
        report = self._report(ctx)
        if report is None:
            ctx.end_flow()
            menu.show_menu(ctx)
            return
        state, press = ListState.of(ctx), decode(choice)
        action = press.action if press is not None else None
        page = old_page(press) if press is not None else None
        if page is not None and action == DETAILS.name:  # a page counted from 0: a button sent before the pager
            self._show_details(ctx, report, press.text(), page)
        elif page is not None and action != FULL.name:
            self._turn(ctx, report, page)
        elif action in self._PRESSES:
            self._PRESSES[action](self, ctx, report, press)
        elif state.step in (Step.DETAILS, Step.FULL) and action not in (CARD.name, FULL.name):
            ctx.say(texts.ERR_CHOICE)  # typed on a page of details: its buttons are the way on
            self._show(ctx, report)
        else:
            item = self._item(ctx)
            if item is None or state.step == Step.LIST:
                if state.step != Step.LIST:
                    ctx.say(texts.ENTRY_NOT_FOUND)
                elif press is None:
                    ctx.say(texts.ERR_CHOICE)
                self._show_list(ctx, report)
            elif action == CARD.name:
                self._card(ctx, report, item)
            elif action == FULL.name:
                self._show_full(ctx, report, item, page or 1)
            else:
                self._on_step(ctx, report, item, text, choice)

    # --- what a press does, from any step; what an answer does, by the step -----------
    def _press_add(self, ctx: Ctx, report: Report, press: Press) -> None:
        if not self._refused(ctx, report):
            item = entries.create(ctx.session, self.model, report, ctx.user.id)
            self._set(ctx, step=Step.ASK, item_id=item.id, key=self.fields[0].key, editing=False)
            self._ask(ctx, report, item)

    _PRESSES = {LIST.name: lambda self, ctx, report, press: self._show_list(ctx, report),
                DETAILS.name: lambda self, ctx, report, press: self._show_details(ctx, report, press.text(), 1),
                TURN.name: lambda self, ctx, report, press: self._turn(ctx, report, press.index() or 1),
                OPEN.name: lambda self, ctx, report, press: self._open(ctx, report, press.text()),
                ADD.name: _press_add}

    def _on_edit(self, ctx: Ctx, report: Report, item: Any, text: Optional[str], choice: Optional[str]) -> None:
        press = decode(choice)
        field = self._field(press.text()) if press is not None and press.action == FIELD.name else None
        if field is None or not self.applies(ctx, item, field):
            ctx.say(texts.ERR_CHOICE)
            self._edit_menu(ctx, report, item)
        else:
            self._set(ctx, step=Step.ASK, key=field.key, editing=True)
            self._ask(ctx, report, item)

    # --- state -----------------------------------------------------------------
    @staticmethod
    def _set(ctx: Ctx, **changes: Any) -> None:
        ListState.of(ctx).but(**changes).save(ctx)

    def _report(self, ctx: Ctx) -> Optional[Report]:
        """The report in the chat's state, only if it is this clerk's own unit's."""
        report = ctx.session.get(Report, ListState.of(ctx).report_id or 0)
        if report is None or ctx.user is None or report.unit_id != ctx.user.unit_id:
            return None
        return report

    def _item(self, ctx: Ctx) -> Optional[Any]:
        state = ListState.of(ctx)
        row, report = entries.owned(ctx.session, self.model, state.item_id, ctx.user.unit_id)
        return row if report is not None and report.id == state.report_id else None

    def _field(self, key: Optional[str]) -> Optional[Field]:
        return next((f for f in self.fields if f.key == key), None)

    def _refused(self, ctx: Ctx, report: Report) -> bool:
        return refuse_edit(ctx, report, ctx.session.get(Round, report.round_id))

    def _number(self, ctx: Ctx, report: Report, item: Any) -> int:
        ids = [row.id for row in entries.rows(ctx.session, self.model, report.id)]
        return ids.index(item.id) + 1 if item.id in ids else 0

    def _missing(self, ctx: Ctx, item: Any) -> list[Field]:
        return [f for f in self.fields
                if f.required and self.applies(ctx, item, f) and getattr(item, f.key) is None]

    def _turn(self, ctx: Ctx, report: Report, page: int) -> None:
        """To page `page` of the screen the chat is on: the list, what needs fixing or the notes, a row whole."""
        state = ListState.of(ctx)
        item = self._item(ctx) if state.step == Step.FULL else None
        if state.step == Step.DETAILS:
            self._show_details(ctx, report, state.details, page)
        elif item is not None:
            self._show_full(ctx, report, item, page)
        else:
            self._set(ctx, rows_page=page)
            self._show_list(ctx, report)

    def _show(self, ctx: Ctx, report: Report) -> None:
        """The screen the chat is on, again."""
        state = ListState.of(ctx)
        if state.step == Step.DETAILS:
            self._show_details(ctx, report, state.details, state.detail_page)
            return
        item = self._item(ctx) if state.step != Step.LIST else None
        if item is None:
            self._show_list(ctx, report)
        elif state.step == Step.FULL:
            self._show_full(ctx, report, item, state.detail_page)
        elif state.step == Step.ASK:
            self._ask(ctx, report, item)
        elif state.step == Step.EDIT:
            self._edit_menu(ctx, report, item)
        elif state.step == Step.REMOVE:
            self._remove_question(ctx, item)
        else:
            self._card(ctx, report, item)

    # --- screens -----------------------------------------------------------------
    def _show_list(self, ctx: Ctx, report: Report, note: str = "") -> None:
        rows = entries.rows(ctx.session, self.model, report.id)
        problems = self.problems(ctx, report)
        lines = [note] if note else []
        lines += [self.head(ctx, report), _summary(len(rows), len(problems)) if rows else texts.LIST_EMPTY]
        flagged = self.flagged(ctx, report)
        rows_ = []
        for n, item in enumerate(rows, 1):
            flag = "" if item.complete and item.id not in flagged else \
                f" {texts.LIST_FLAGGED if item.complete else texts.LIST_INCOMPLETE}"
            rows_.append(Entry("", Choice(fit(self.line(ctx, item, n), ENTRY_LABEL_MAX) + flag, OPEN(item.id))))
        if rows:
            flags = any(not item.complete or item.id in flagged for item in rows)
            lines.append(texts.LIST_HOW + (f" {texts.LIST_FLAGS}" if flags else ""))
        buttons = []
        if problems:
            buttons.append(Choice(texts.BTN_PROBLEMS.format(count=len(problems)), DETAILS(PROBLEMS)))
        if self.notes(ctx, report, rows):
            buttons.append(Choice(texts.BTN_NOTES, DETAILS(NOTES)))
        buttons += [Choice(texts.BTN_ADD, ADD()), *self.more_choices(ctx, report), Choice(texts.BTN_TO_REPORT, commands.REPORT)]
        shown = say_paged(ctx, "\n".join(lines), rows_, ListState.of(ctx).rows_page, fixed=buttons, most=PAGE_SIZE)
        self._set(ctx, step=Step.LIST, item_id=None, key=None, rows_page=shown.number)

    def _show_details(self, ctx: Ctx, report: Report, kind: str, page: int) -> None:
        """What needs fixing ("problems") or the notes under the list ("notes"), a screen at a time."""
        if kind == PROBLEMS:
            title, blocks = texts.DETAILS_PROBLEMS, self.problems(ctx, report)
        else:
            kind, title = NOTES, texts.DETAILS_NOTES
            blocks = self.notes(ctx, report, entries.rows(ctx.session, self.model, report.id))

        def head(page_: int, pages: int) -> str:
            return title.format(title=self.title, page=page_, pages=pages)

        shown = say_paged(ctx, head, [Entry(b) for b in blocks or [texts.DETAILS_NONE]], page,
                          fixed=[Choice(texts.BTN_LIST, LIST())], columns=2)
        self._set(ctx, step=Step.DETAILS, details=kind, detail_page=shown.number, item_id=None, key=None)

    def _open(self, ctx: Ctx, report: Report, raw_id: str) -> None:
        row_id = parse_id(raw_id)  # a crafted button may carry anything: never logged, never int()-ed as is
        row, owner = entries.owned(ctx.session, self.model, row_id, ctx.user.unit_id) if row_id else (None, None)
        if row is not None and owner is None:
            log.warning("refused %s %s of another unit to user %s (unit %s)", self.model.__tablename__, row_id,
                        ctx.user.id, ctx.user.unit_id)
            ctx.say(texts.ENTRY_NOT_YOURS)
            self._show_list(ctx, report)
        elif row is None or owner.id != report.id:
            ctx.say(texts.ENTRY_NOT_FOUND)
            self._show_list(ctx, report)
        else:
            self._set(ctx, step=Step.CARD, item_id=row.id, key=None)
            self._card(ctx, report, row)

    def _values(self, ctx: Ctx, item: Any) -> list[tuple[str, str]]:
        return [(self.label(ctx, item, f), self.shown(ctx, item, f) or texts.CARD_EMPTY)
                for f in self.fields if self.applies(ctx, item, f)]

    def _card(self, ctx: Ctx, report: Report, item: Any, note: str = "") -> None:
        """One row on one screen: its values (long ones shortened), what is missing or wrong, and
        «📄 Xem đủ» for the whole of it."""
        lines = [note] if note else []
        lines.append(self.card_title(self._number(ctx, report, item)))
        shown, shortened = _fitted(self._values(ctx, item), CARD_VALUES)
        lines += shown
        lines += self.card_notes(ctx, report, item)
        missing = self._missing(ctx, item)
        problems = self.item_problems(ctx, report, item) if item.complete and not missing else []
        if missing:
            lines.append(texts.CARD_MISSING.format(items=", ".join(self.label(ctx, item, f) for f in missing)))
        elif problems:
            lines.append(texts.CARD_PROBLEMS.format(count=len(problems)))
        buttons = []
        if not item.complete:
            buttons.append(Choice(texts.BTN_CONTINUE, CONTINUE()) if missing else Choice(texts.BTN_CONFIRM, CONFIRM()))
        buttons += [Choice(texts.BTN_EDIT, EDIT()), Choice(texts.BTN_REMOVE, REMOVE())]
        if shortened or problems:
            buttons.append(Choice(texts.BTN_FULL, FULL()))
        buttons.append(Choice(texts.BTN_LIST, LIST()))
        self._set(ctx, step=Step.CARD, key=None)
        ctx.ask("\n".join(lines), buttons, columns=2)

    def _show_full(self, ctx: Ctx, report: Report, item: Any, page: int) -> None:
        """A row whole: every value in full and what is wrong with it, with the rule's source."""
        blocks = [f"{label}: {value}" for label, value in self._values(ctx, item)]
        blocks += [f"⚠️ {p}" for p in self.item_problems(ctx, report, item)] if item.complete else []
        title = self.card_title(self._number(ctx, report, item))

        def head(page_: int, pages: int) -> str:
            return texts.FULL_HEAD.format(title=title, page=page_, pages=pages)

        shown = say_paged(ctx, head, [Entry(b) for b in blocks], page,
                          fixed=[Choice(texts.BTN_BACK_TO_CARD, CARD())], columns=2)
        self._set(ctx, step=Step.FULL, detail_page=shown.number, key=None)

    @abstractmethod
    def card_title(self, n: int) -> str: ...

    def card_notes(self, ctx: Ctx, report: Report, item: Any) -> list[str]:
        """Lines the card shows under the values (the nominee's record of titles); none by default."""
        return []

    def _on_step(self, ctx: Ctx, report: Report, item: Any, text: Optional[str], choice: Optional[str]) -> None:
        """An answer to the step the chat is on (its table: step → handler)."""
        routes = {Step.ASK: self._answer, Step.CARD: self._on_card, Step.EDIT: self._on_edit,
                  Step.REMOVE: self._on_remove}
        route = routes.get(ListState.of(ctx).step)
        if route is None:
            self._show_list(ctx, report)
        else:
            route(ctx, report, item, text, choice)

    def _on_card(self, ctx: Ctx, report: Report, item: Any, text: Optional[str], choice: Optional[str]) -> None:
        missing = self._missing(ctx, item)
        if choice in (CONFIRM(), CONTINUE()) and missing:
            self._set(ctx, step=Step.ASK, key=missing[0].key, editing=True)
            self._ask(ctx, report, item)
        elif choice == CONFIRM() and not item.complete:
            if self._refused(ctx, report):
                return
            entries.update(ctx.session, report, item, ctx.user.id, {"complete": True})
            note = texts.CONFIRMED.format(name=self.name_of(item))
            problems = self.item_problems(ctx, report, item)
            if problems:  # said here, explained behind «⚠️ Cần sửa»
                note += "\n" + texts.CONFIRMED_WARN.format(count=len(problems))
            self._show_list(ctx, report, note)
        elif choice == EDIT():
            self._edit_menu(ctx, report, item)
        elif choice == REMOVE():
            self._set(ctx, step=Step.REMOVE)
            self._remove_question(ctx, item)
        else:
            ctx.say(texts.ERR_CHOICE)
            self._card(ctx, report, item)

    def _edit_menu(self, ctx: Ctx, report: Report, item: Any) -> None:
        buttons = [Choice(self.label(ctx, item, f), FIELD(f.key)) for f in self.fields
                   if self.applies(ctx, item, f)]
        self._set(ctx, step=Step.EDIT)
        ctx.ask(texts.EDIT_WHICH, buttons + [Choice(texts.BTN_BACK, CARD())], columns=1)

    def _remove_question(self, ctx: Ctx, item: Any) -> None:
        ctx.ask(texts.REMOVE_SURE.format(name=self.name_of(item)),
                [Choice(texts.BTN_REMOVE_YES, YES()), Choice(texts.BTN_REMOVE_NO, NO())], columns=2)

    def _on_remove(self, ctx: Ctx, report: Report, item: Any, text: Optional[str], choice: Optional[str]) -> None:
        if choice == YES():
            if self._refused(ctx, report):
                return
            name = self.name_of(item)
            entries.remove(ctx.session, report, item, ctx.user.id)
            self._show_list(ctx, report, texts.REMOVED.format(name=name))
        elif choice == NO():
            self._card(ctx, report, item)
        else:
            ctx.say(texts.ERR_CHOICE)
            self._remove_question(ctx, item)

    # --- questions -------------------------------------------------------------------
    def _ask(self, ctx: Ctx, report: Report, item: Any, note: str = "") -> None:
        field = self._field(ListState.of(ctx).key)
        if field is None or not self.applies(ctx, item, field):
            self._card(ctx, report, item, note)
            return
        q = self.question(ctx, item, field)
        lines = [note] if note else []
        lines.append(q.text)
        current = self.shown(ctx, item, field)
        if current and not q.numbered:
            lines.append(texts.CURRENT_VALUE.format(value=current))
        buttons = list(q.choices)
        if field.skippable:
            buttons.append(Choice(field.skip_label, SKIP()))
        buttons.append(Choice(texts.BTN_LIST, LIST()))
        ctx.ask("\n".join(lines), buttons, numbered=q.numbered, columns=1)

    def _answer(self, ctx: Ctx, report: Report, item: Any, text: Optional[str], choice: Optional[str]) -> None:
        field = self._field(ListState.of(ctx).key)
        if field is None or not self.applies(ctx, item, field):
            self._card(ctx, report, item)
            return
        if self._refused(ctx, report):
            return
        if choice == SKIP() and field.skippable:
            note = texts.ENTRY_LATER
        else:
            try:
                changes = self.take(ctx, item, field, text, choice)
            except Reject as problem:
                ctx.say(str(problem))
                self._ask(ctx, report, item)
                return
            entries.update(ctx.session, report, item, ctx.user.id, changes)
            note = texts.ENTRY_SAVED
        self._advance(ctx, report, item, field, note)

    def _advance(self, ctx: Ctx, report: Report, item: Any, field: Field, note: str) -> None:
        keys = [f.key for f in self.fields]
        later = [f for f in self.fields[keys.index(field.key) + 1:] if self.applies(ctx, item, f)]
        earlier = [f for f in self._missing(ctx, item) if keys.index(f.key) < keys.index(field.key)]
        if earlier:  # the answer emptied a value before it (a form to choose again): that first
            following = earlier[0]
        elif ListState.of(ctx).editing or item.complete:
            # Only what the change opened up (a new form that needs an initiative), then what is missing.
            empty = [f for f in later if f.again and getattr(item, f.key) is None] + self._missing(ctx, item)
            following = empty[0] if empty else None
        else:
            following = later[0] if later else None
        if following is None:
            self._card(ctx, report, item, note)
        else:
            self._set(ctx, step=Step.ASK, key=following.key)
            self._ask(ctx, report, item, note)


def _summary(count: int, problems: int) -> str:
    return (texts.PART_SUMMARY_PROBLEMS.format(count=count, problems=problems) if problems
            else texts.PART_SUMMARY.format(count=count))


def _fitted(pairs: list[tuple[str, str]], budget: int) -> tuple[list[str], bool]:
    """"label: value" lines of at most `budget` characters together: the longest values are shortened
    first, to no less than a few words. Returns the lines and whether any was shortened."""
    labels = sum(len(label) + 3 for label, _ in pairs)  # ": " and the line's end
    cap = max((len(value) for _, value in pairs), default=0)
    while cap > 16 and labels + sum(min(len(value), cap) for _, value in pairs) > budget:
        cap -= 4
    return [f"{label}: {fit(value, cap)}" for label, value in pairs], any(len(v) > cap for _, v in pairs)
