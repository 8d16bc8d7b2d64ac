"""Where a clerk is in their report: the report flow's state, typed.

It lives in the chat's row (`ChatState.flow == FLOW`, `ChatState.data` as JSON), so a lost signal
or a restart continues at the same question. `ReportState.of(ctx)` reads it, `state.save(ctx)`
writes it back (handlers/flow_state.py); the stored keys are the dataclass's fields, the mode its
Enum's value (the same words as before it was an Enum). The report flow's buttons are declared here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar, Optional

from handlers.buttons import Action, Arg
from handlers.context import Ctx
from handlers.flow_state import FlowState
from storage import reports
from storage.models import Report, ReportValue, Section

FLOW = "report"



class Mode(Enum):
    """Which answer the flow is waiting for."""

    PICK_ROUND = "pick_round"  # which round (several are open)
    OVERVIEW = "overview"  # a button of the overview or the review (a section, continue, submit...)
    FIELD = "field"  # the answer to one question (section + index)
    CONFIRM = "confirm"  # yes/no: did the clerk mean the likely reading of an ambiguous number (pending)


PICK_ROUND, OVERVIEW, FIELD, CONFIRM = Mode.PICK_ROUND, Mode.OVERVIEW, Mode.FIELD, Mode.CONFIRM
ASKING = (FIELD, CONFIRM)  # a question of a section is open

# The report flow's buttons: from any question (the overview's, the review's, the questions' own
# «📋 Các phần», «⏸ Tạm dừng»), then those of one question (handlers/report_questions.py).
SECTION, PART = Action("section", Arg.CODE), Action("part", Arg.CODE)
OVERVIEW_, REVIEW, SUBMIT, PAUSE = Action("overview"), Action("review"), Action("submit"), Action("pause")
OPT, UNDO = Action("opt", Arg.NUMBER), Action("undo")
OLD_REVIEW_PAGE = "review"  # "review:<page from 0>": a button sent before the pager


STANDS_OUT = "stands_out"  # Pending.other of a figure far from last year's, kept until the clerk confirms it


@dataclass(frozen=True)
class Pending:
    """A typed number that reads two ways ("1.500"), kept until the clerk says which one they meant; or a
    figure far from the unit's last year (`other` is STANDS_OUT), kept until the clerk says it is right."""

    text: str  # as typed
    likely: str  # the likely reading, a Decimal as text
    other: str  # the other reading


@dataclass(frozen=True)
class ReportState(FlowState):
    flow: ClassVar[str] = FLOW
    mode: Mode = OVERVIEW
    report_id: Optional[int] = None  # None only while picking the round
    section: str = ""  # the section's code, while asking
    index: int = 0  # the question's place in the section's fields, while asking
    pending: Optional[Pending] = None  # in CONFIRM
    undo: Optional[dict[str, Any]] = None  # the answer just saved, to take back (handlers/report_questions.py)

    @property
    def asking(self) -> bool:
        return self.mode in ASKING


def set_mode(ctx: Ctx, mode: str, **changes: Any) -> None:
    """Change the mode (and what goes with it) of the report flow the chat is in."""
    ReportState.of(ctx).but(mode=mode, **changes).save(ctx)


def own_report(ctx: Ctx) -> Optional[Report]:
    """The report in the chat's state, only if it is this clerk's own unit's."""
    report = ctx.session.get(Report, ReportState.of(ctx).report_id or 0)
    if report is None or ctx.user is None or report.unit_id != ctx.user.unit_id:
        return None
    return report


# --- the questions the state points at ----------------------------------------------


def section_fields(ctx: Ctx, report: Report, section_code: str) -> list[reports.FieldSpec]:
    """The questions of a section, as this report's unit is asked them."""
    section = reports.section_by_code(ctx.session, section_code)
    if section is None:
        return []
    return reports.section_fields(ctx.session, section, reports.unit_by_id(ctx.session, report.unit_id))


def open_indices(fields: list[reports.FieldSpec], values: dict[str, ReportValue]) -> list[int]:
    """The questions still to do: never answered nor skipped, then the required ones still empty."""
    never = [i for i, f in enumerate(fields) if f.key not in values]
    empty = [i for i, f in enumerate(fields)
             if f.key in values and f.indicator.required and not reports.is_answered(values[f.key])]
    return never + empty


def first_open_index(fields: list[reports.FieldSpec], values: dict[str, ReportValue]) -> Optional[int]:
    """The first question never answered nor skipped, else the first required one still empty."""
    return next(iter(open_indices(fields, values)), None)


def next_open(ctx: Ctx, report: Report, after: Optional[str] = None) -> Optional[tuple[Section, int]]:
    """Where to go on: with `after` (a section just finished), the next other section with a question
    never seen (a question the clerk skipped waits for "Nhập tiếp"); without, the first section with a
    question still to do. None when there is none."""
    values = reports.values_of(ctx.session, report.id)
    order = reports.sections(ctx.session)
    if after is None:
        candidates = order
    else:
        start = next((n + 1 for n, s in enumerate(order) if s.code == after), 0)
        candidates = [s for s in order[start:] + order[:start] if s.code != after]
    for section in candidates:
        fields = section_fields(ctx, report, section.code)
        index = first_open_index(fields, values) if after is None else \
            next((i for i, f in enumerate(fields) if f.key not in values), None)
        if index is not None:
            return section, index
    return None


def current_field(ctx: Ctx, report: Report) -> Optional[tuple[reports.FieldSpec, int, int]]:
    """The question being asked: (its field, its index, the number of questions in its section)."""
    state = ReportState.of(ctx)
    fields = section_fields(ctx, report, state.section)
    if not 0 <= state.index < len(fields):
        return None
    return fields[state.index], state.index, len(fields)
