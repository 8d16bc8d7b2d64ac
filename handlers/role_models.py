"""/dienhinh: the role models (điển hình tiên tiến) a unit reports for the round.

The list conversation is handlers/lists.py; this module asks the questions.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from bot import commands, texts
from bot.events import Choice
from storage.numbers import Ambiguous, Invalid, NumberKind, format_number, parse_number
from handlers import list_files
from handlers.context import Ctx
from handlers.registry import CLERK, Command
from handlers.lists import Field, ListFlow, Question, Reject, fields_of, schema_answer
from handlers.report_flow import report_for_command
from storage import list_schema
from storage import nominations
from storage.models import Report, RoleModel, Round, Unit

FLOW = "role_models"
FIELD_NAMES = {code: label for label, code in texts.RM_FIELD_LABELS.items()}


class RoleModelFlow(ListFlow):
    flow_name = FLOW
    part_code = "role_models"
    title = texts.RM_LIST_TITLE
    short = texts.PART_ROLE_MODELS  # its line in the report's overview
    model = RoleModel
    # The row's schema: the template's columns, in order.
    fields = fields_of(list_schema.ROLE_MODELS, {"income_million": texts.BTN_NO_INCOME})

    def label(self, ctx: Ctx, item: RoleModel, field: Field) -> str:
        return texts.RM_FIELDS[field.key]

    def shown(self, ctx: Ctx, item: RoleModel, field: Field) -> Optional[str]:
        if field.key == "field":
            return FIELD_NAMES.get(item.field or "")
        if field.key == "income_million":
            if item.income_million is None:
                return texts.INCOME_UNKNOWN if item.complete else None
            return texts.INCOME_VALUE.format(value=format_number(Decimal(str(item.income_million)), NumberKind.DECIMAL))
        return super().shown(ctx, item, field)

    def question(self, ctx: Ctx, item: RoleModel, field: Field) -> Question:
        if field.key == "name":
            return Question(texts.ASK_RM_NAME, [])
        if field.key == "field":  # the field the report groups it under (the seed's), never guessed from its name
            return Question(texts.ASK_RM_FIELD.format(name=item.name or ""),
                            [Choice(label, f"field:{code}") for label, code in texts.RM_FIELD_LABELS.items()],
                            numbered=True)
        if field.key == "village":
            return Question(texts.ASK_RM_VILLAGE, [])
        if field.key == "commune":
            own = texts.unit_name(ctx.unit)
            return Question(texts.ASK_RM_COMMUNE.format(unit=own), [Choice(own, "own")])
        if field.key == "deed":
            return Question(texts.ASK_RM_DEED.format(limit=nominations.meta(ctx.session).achievement_max_length), [])
        return Question(texts.ASK_RM_INCOME, [])

    def take(self, ctx: Ctx, item: RoleModel, field: Field, text: Optional[str], choice: Optional[str]) -> dict:
        key = field.key
        if key == "field":
            code = (choice or "").removeprefix("field:")
            if code not in list_schema.RM_FIELDS:
                raise Reject(texts.ERR_CHOICE)
            return {"field": code}
        if key == "commune" and choice == "own":
            return {"commune": texts.unit_name(ctx.unit)}
        if key == "income_million":
            if choice is not None:
                raise Reject(texts.ERR_CHOICE)
            parsed = parse_number(text, NumberKind.DECIMAL)
            if isinstance(parsed, Invalid):
                raise Reject({"negative": texts.ERR_NEGATIVE}.get(
                    parsed.reason, texts.ERR_NOT_NUMBER.format(text=(text or "").strip()[:40]))
                    + " " + texts.ERR_EXAMPLE.format(example="120"))
            # "1.500" reads as 1 500 (Vietnamese grouping); the card shows the value for a check.
            value = parsed.likely if isinstance(parsed, Ambiguous) else parsed.value
            return {"income_million": float(value)}
        return {key: schema_answer(list_schema.ROLE_MODELS, key, text, choice, nominations.meta(ctx.session))}

    def head(self, ctx: Ctx, report: Report) -> str:
        return texts.RM_TITLE.format(unit=texts.unit_name(ctx.session.get(Unit, report.unit_id)),
                                 round=ctx.session.get(Round, report.round_id).name)

    def card_title(self, n: int) -> str:
        return texts.RM_CARD_TITLE.format(n=n)

    def more_choices(self, ctx: Ctx, report: Report) -> list[Choice]:
        return list_files.choices(ctx, list_files.ROLE_MODELS, report)

    def line(self, ctx: Ctx, item: RoleModel, n: int) -> str:
        line = texts.RM_LINE.format(n=n, name=self.name_of(item), village=item.village or texts.CARD_EMPTY,
                                deed=item.deed or texts.CARD_EMPTY)
        if item.income_million is not None:
            line += f" ({self.shown(ctx, item, self.fields[-1])})"
        return line


def cmd_role_models(ctx: Ctx, args: str) -> None:
    report = report_for_command(ctx, commands.ROLE_MODELS, args)
    if report is not None:
        ctx.handlers.flows[FLOW].open_list(ctx, report)

# What this module answers (main.py gathers every module's, in menu order).
COMMANDS = (Command(commands.ROLE_MODELS, {CLERK}, texts.BTN_ROLE_MODELS, cmd_role_models),)
