"""The table of commands, flows and report parts (main.HANDLERS) and the report flow's typed state."""

from __future__ import annotations

from handlers.deliberation import CouncilState
from handlers.deliberation import Step as CouncilStep
from handlers.list_state import ListState
from handlers.list_state import Step as ListStep
from handlers.officials import NameState
from handlers.officials import Step as NameStep
from handlers.registry import CLERK, OFFICIAL
from handlers.report_state import CONFIRM, OVERVIEW, Pending, ReportState
from handlers.review import ReviewState
from handlers.review import Step as ReviewStep
from handlers.rounds import RoundsState
from handlers.rounds import Step as RoundsStep
from main import HANDLERS


def test_the_menu_follows_the_table_order_and_each_role_sees_its_own():
    assert [c.name for c in HANDLERS.menu(CLERK)] == ["/help", "/baocao", "/trangthai", "/khenthuong", "/dienhinh",
                                                      "/ketqua", "/lienket"]
    assert "/baocao" not in [c.name for c in HANDLERS.menu(OFFICIAL)]
    assert [p.part_code for p in HANDLERS.report_parts] == ["nominations", "role_models"]
    assert all(HANDLERS.flow(name) is not None for name in ("report", "nominations", "role_models", "officials",
                                                             "review", "rounds", "deliberation"))


def test_the_report_state_reads_what_it_writes_and_what_older_versions_stored():
    state = ReportState(mode=CONFIRM, report_id=7, section="I", index=3, pending=Pending("1.500", "1500", "1.5"))
    assert ReportState.from_data(state.to_data()) == state
    assert state.to_data()["pending"] == {"text": "1.500", "likely": "1500", "other": "1.5"}
    # A chat saved before the state was typed: only the keys of that moment.
    assert ReportState.from_data({"report_id": 7, "mode": "overview"}) == ReportState(mode=OVERVIEW, report_id=7)
    assert ReportState.from_data({}) == ReportState()


def test_every_flows_state_reads_what_it_writes_and_what_a_chat_stored_before_it_was_typed():
    """A chat in the middle of a flow when the bot is updated continues where it was."""
    council = CouncilState(round_id=3, step=CouncilStep.DECIDED_LIST, form="ldtt", skipped=(5, 8), page=2)
    review = ReviewState(step=ReviewStep.REASON, report_id=9, skipped=(4,), walking=True)
    rows = ListState(report_id=7, step=ListStep.FULL, item_id=12, rows_page=3, detail_page=2)
    rounds = RoundsState(step=RoundsStep.DEADLINE, code="tongket-2020")
    for state in (council, review, rows, rounds, NameState(step=NameStep.UNIT)):
        assert type(state).from_data(state.to_data()) == state
    # As stored before: a "mode", a page as text, pages of the lists counted from 0, lists for tuples.
    assert CouncilState.from_data({"round_id": 3, "mode": "decided_list", "form": "ldtt", "skipped": [5, 8],
                                   "page": "2", "nomination_id": None}) == council
    assert ReviewState.from_data({"mode": "reason", "report_id": 9, "skipped": [4], "walking": True}) == review
    assert ListState.from_data({"report_id": 7, "mode": "full", "item_id": 12, "list_page": 2, "page": 1,
                                "key": None}) == rows
    assert NameState.from_data({"mode": "unit"}) == NameState(step=NameStep.UNIT)
    assert RoundsState.from_data({"mode": "deadline", "code": "tongket-2020"}) == rounds
    # What cannot be read is the flow's start, never an error: a step no longer there, a forged page.
    assert CouncilState.from_data({"mode": "gone", "page": "²"}) == CouncilState()
