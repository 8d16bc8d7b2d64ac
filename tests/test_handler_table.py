"""The table of commands, flows and report parts (main.HANDLERS) and the report flow's typed state."""

from __future__ import annotations

from handlers.registry import CLERK, OFFICIAL
from handlers.report_state import CONFIRM, OVERVIEW, Pending, ReportState
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
