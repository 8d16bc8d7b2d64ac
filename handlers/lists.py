"""Lists kept inside a report (nominees, role models): add, view, edit, remove, one question at a time.

A subclass names its table and its questions and reads each answer; this
module runs the conversation. Chat state: report_id, mode (list | card | ask
| edit | remove), item_id, key (the question being asked) and editing. Each
answer is saved at once, so a lost signal or a restart continues at the same
question. Rows are always looked up through `entries.owned`: a row of another
unit (a forged button) is refused and logged.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Optional

from bot import texts
from bot.events import Choice
from handlers import menu
from handlers.context import Ctx
from handlers.report_screens import refuse_edit
from storage import entries
from storage.models import Report, Round
from storage.text import parse_id, parse_index

log = logging.getLogger(__name__)
BUTTON_NAME_MAX = 26
PAGE_SIZE = 20  # rows per list screen: Telegram allows about 100 buttons, a cheap phone far fewer


class Reject(Exception):
    """An answer that cannot be taken; the message says why and the question is asked again."""


@dataclass(frozen=True)
class Field:
    key: str
    required: bool = True
    skippable: bool = False  # offers "Bổ sung sau"; what is still missing is flagged, never refused
    skip_label: str = texts.BTN_LATER


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
        """Blocks shown under the list (comparisons, problems)."""
        return []

    def item_problems(self, ctx: Ctx, report: Report, item: Any) -> list[str]:
        return []

    def flagged(self, ctx: Ctx, report: Report) -> set[int]:
        """Ids of the rows some check complains about (one pass, for the list)."""
        return set()

    def rule_problems(self, ctx: Ctx, report: Report) -> list[str]:
        return []

    def review_notes(self, ctx: Ctx, report: Report) -> list[str]:
        return []

    # --- the report part ----------------------------------------------------
    def summary(self, ctx: Ctx, report: Report) -> str:
        count = len(entries.rows(ctx.session, self.model, report.id))
        problems = len(self.problems(ctx, report))
        return (texts.PART_SUMMARY_PROBLEMS.format(count=count, problems=problems) if problems
                else texts.PART_SUMMARY.format(count=count))

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
        ctx.start_flow(self.flow_name, report_id=report.id, mode="list")
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
        if choice == "list":
            self._show_list(ctx, report)
            return
        if choice and choice.startswith("page:"):
            page = choice.removeprefix("page:")
            ctx.update_data(page=parse_index(page) or 0)
            self._show_list(ctx, report)
            return
        if choice and choice.startswith("open:"):
            self._open(ctx, report, choice.removeprefix("open:"))
            return
        if choice == "add":
            if not self._refused(ctx, report):
                item = entries.create(ctx.session, self.model, report, ctx.user.id)
                ctx.update_data(mode="ask", item_id=item.id, key=self.fields[0].key, editing=False)
                self._ask(ctx, report, item)
            return
        item = self._item(ctx)
        mode = ctx.data.get("mode")
        if item is None or mode == "list":
            if mode != "list":
                ctx.say(texts.ENTRY_NOT_FOUND)
            elif choice is None:
                ctx.say(texts.ERR_CHOICE)
            self._show_list(ctx, report)
        elif choice == "card":
            self._card(ctx, report, item)
        elif mode == "ask":
            self._answer(ctx, report, item, text, choice)
        elif mode == "card":
            self._on_card(ctx, report, item, choice)
        elif mode == "edit":
            field = self._field((choice or "").removeprefix("field:"))
            if field is None or not self.applies(ctx, item, field):
                ctx.say(texts.ERR_CHOICE)
                self._edit_menu(ctx, report, item)
            else:
                ctx.update_data(mode="ask", key=field.key, editing=True)
                self._ask(ctx, report, item)
        elif mode == "remove":
            self._on_remove(ctx, report, item, choice)
        else:
            self._show_list(ctx, report)

    # --- state -----------------------------------------------------------------
    def _report(self, ctx: Ctx) -> Optional[Report]:
        """The report in the chat's state, only if it is this clerk's own unit's."""
        report = ctx.session.get(Report, ctx.data.get("report_id") or 0)
        if report is None or ctx.user is None or report.unit_id != ctx.user.unit_id:
            return None
        return report

    def _item(self, ctx: Ctx) -> Optional[Any]:
        row, report = entries.owned(ctx.session, self.model, ctx.data.get("item_id"), ctx.user.unit_id)
        return row if report is not None and report.id == ctx.data.get("report_id") else None

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

    def _show(self, ctx: Ctx, report: Report) -> None:
        mode = ctx.data.get("mode")
        item = self._item(ctx) if mode != "list" else None
        if item is None:
            self._show_list(ctx, report)
        elif mode == "ask":
            self._ask(ctx, report, item)
        elif mode == "edit":
            self._edit_menu(ctx, report, item)
        elif mode == "remove":
            self._remove_question(ctx, item)
        else:
            self._card(ctx, report, item)

    # --- screens -----------------------------------------------------------------
    def _show_list(self, ctx: Ctx, report: Report, note: str = "") -> None:
        rows = entries.rows(ctx.session, self.model, report.id)
        lines = [note] if note else []
        lines.append(self.head(ctx, report))
        buttons = []
        flagged = self.flagged(ctx, report)
        pages = max(1, -(-len(rows) // PAGE_SIZE))
        page = min(ctx.data.get("page") or 0, pages - 1)
        first = page * PAGE_SIZE
        for n, item in enumerate(rows[first:first + PAGE_SIZE], first + 1):
            flag = ""
            if not item.complete:
                flag = f" {texts.LIST_INCOMPLETE}"
            elif item.id in flagged:
                flag = f" {texts.LIST_FLAGGED}"
            lines.append(self.line(ctx, item, n) + flag)
            name = self.name_of(item)
            name = name if len(name) <= BUTTON_NAME_MAX else name[:BUTTON_NAME_MAX - 1] + "…"
            buttons.append(Choice(f"{n}. {name}{flag}", f"open:{item.id}"))
        if not rows:
            lines.append(texts.LIST_EMPTY)
        for block in self.notes(ctx, report, rows):
            lines += ["", block]
        lines += ["", texts.LIST_HOW]
        if pages > 1:
            lines.append(texts.LIST_PAGE.format(page=page + 1, pages=pages))
            if page > 0:
                buttons.append(Choice(texts.BTN_PREV_PAGE, f"page:{page - 1}"))
            if page < pages - 1:
                buttons.append(Choice(texts.BTN_NEXT_PAGE, f"page:{page + 1}"))
        buttons += [Choice(texts.BTN_ADD, "add"), Choice(texts.BTN_TO_REPORT, "/baocao")]
        ctx.update_data(mode="list", item_id=None, key=None, page=page)
        ctx.ask("\n".join(lines), buttons, numbered=True, columns=1)

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
            ctx.update_data(mode="card", item_id=row.id, key=None)
            self._card(ctx, report, row)

    def _card(self, ctx: Ctx, report: Report, item: Any, note: str = "") -> None:
        lines = [note] if note else []
        lines.append(self.card_title(self._number(ctx, report, item)))
        for field in self.fields:
            if self.applies(ctx, item, field):
                lines.append(f"{self.label(ctx, item, field)}: {self.shown(ctx, item, field) or texts.CARD_EMPTY}")
        missing = self._missing(ctx, item)
        if missing:
            lines.append(texts.CARD_MISSING.format(items=", ".join(self.label(ctx, item, f) for f in missing)))
        elif item.complete:
            lines += [f"⚠️ {p}" for p in self.item_problems(ctx, report, item)]
        buttons = []
        if not item.complete:
            buttons.append(Choice(texts.BTN_CONTINUE, "continue") if missing else Choice(texts.BTN_CONFIRM, "confirm"))
        buttons += [Choice(texts.BTN_EDIT, "edit"), Choice(texts.BTN_REMOVE, "remove"), Choice(texts.BTN_LIST, "list")]
        ctx.update_data(mode="card", key=None)
        ctx.ask("\n".join(lines), buttons, columns=2)

    @abstractmethod
    def card_title(self, n: int) -> str: ...

    def _on_card(self, ctx: Ctx, report: Report, item: Any, choice: Optional[str]) -> None:
        missing = self._missing(ctx, item)
        if choice in ("confirm", "continue") and missing:
            ctx.update_data(mode="ask", key=missing[0].key, editing=True)
            self._ask(ctx, report, item)
        elif choice == "confirm" and not item.complete:
            if self._refused(ctx, report):
                return
            entries.update(ctx.session, report, item, ctx.user.id, {"complete": True})
            note = texts.CONFIRMED.format(name=self.name_of(item))
            problems = self.item_problems(ctx, report, item)
            if problems:
                note += "\n" + texts.CONFIRMED_WARN.format(items="\n".join(f"• {p}" for p in problems))
            self._show_list(ctx, report, note)
        elif choice == "edit":
            self._edit_menu(ctx, report, item)
        elif choice == "remove":
            ctx.update_data(mode="remove")
            self._remove_question(ctx, item)
        else:
            ctx.say(texts.ERR_CHOICE)
            self._card(ctx, report, item)

    def _edit_menu(self, ctx: Ctx, report: Report, item: Any) -> None:
        buttons = [Choice(self.label(ctx, item, f), f"field:{f.key}") for f in self.fields
                   if self.applies(ctx, item, f)]
        ctx.update_data(mode="edit")
        ctx.ask(texts.EDIT_WHICH, buttons + [Choice(texts.BTN_BACK, "card")], columns=1)

    def _remove_question(self, ctx: Ctx, item: Any) -> None:
        ctx.ask(texts.REMOVE_SURE.format(name=self.name_of(item)),
                [Choice(texts.BTN_REMOVE_YES, "yes"), Choice(texts.BTN_REMOVE_NO, "no")], columns=2)

    def _on_remove(self, ctx: Ctx, report: Report, item: Any, choice: Optional[str]) -> None:
        if choice == "yes":
            if self._refused(ctx, report):
                return
            name = self.name_of(item)
            entries.remove(ctx.session, report, item, ctx.user.id)
            self._show_list(ctx, report, texts.REMOVED.format(name=name))
        elif choice == "no":
            self._card(ctx, report, item)
        else:
            ctx.say(texts.ERR_CHOICE)
            self._remove_question(ctx, item)

    # --- questions -------------------------------------------------------------------
    def _ask(self, ctx: Ctx, report: Report, item: Any, note: str = "") -> None:
        field = self._field(ctx.data.get("key"))
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
            buttons.append(Choice(field.skip_label, "skip"))
        buttons.append(Choice(texts.BTN_LIST, "list"))
        ctx.ask("\n".join(lines), buttons, numbered=q.numbered, columns=1)

    def _answer(self, ctx: Ctx, report: Report, item: Any, text: Optional[str], choice: Optional[str]) -> None:
        field = self._field(ctx.data.get("key"))
        if field is None or not self.applies(ctx, item, field):
            self._card(ctx, report, item)
            return
        if self._refused(ctx, report):
            return
        if choice == "skip" and field.skippable:
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
        if ctx.data.get("editing") or item.complete:
            # Only what the change opened up (a new form that needs an initiative), then what is missing.
            empty = [f for f in later if getattr(item, f.key) is None] + self._missing(ctx, item)
            following = empty[0] if empty else None
        else:
            following = later[0] if later else None
        if following is None:
            self._card(ctx, report, item, note)
        else:
            ctx.update_data(mode="ask", key=following.key)
            self._ask(ctx, report, item, note)


def text_answer(text: Optional[str], choice: Optional[str], limit: int, minimum: int = 1) -> str:
    """A free-text answer, whitespace tidied, within its length limit."""
    if choice is not None:
        raise Reject(texts.ERR_CHOICE)
    value = " ".join((text or "").split())
    if not value:
        raise Reject(texts.ERR_EMPTY)
    if len(value) > limit:
        raise Reject(texts.ERR_TOO_LONG.format(length=len(value), limit=limit))
    if len(value) < minimum:
        raise Reject(texts.ERR_NAME_SHORT)
    return value
