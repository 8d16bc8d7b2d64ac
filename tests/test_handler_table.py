"""The table of commands, flows and report parts (main.HANDLERS) and the report flow's typed state."""

from __future__ import annotations

import ast
from pathlib import Path

from bot import commands
from bot.events import Choice, Reply
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
from tests.harness import DEAD_BUTTONS, ROOT, MemoryChats, dead_buttons


def test_the_menu_follows_the_table_order_and_each_role_sees_its_own():
    assert [c.name for c in HANDLERS.menu(CLERK)] == ["/help", "/baocao", "/trangthai", "/khenthuong", "/dienhinh",
                                                      "/ketqua", "/lienket"]
    assert "/baocao" in [c.name for c in HANDLERS.menu(OFFICIAL)]  # the authority's own report
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


def test_every_command_name_is_answered_and_every_command_answered_has_its_name():
    """bot/commands.py names each command once; main's table answers exactly those."""
    assert sorted(c.name for c in HANDLERS.commands) == sorted(commands.ALL)


def _typed_commands(path: Path) -> list[str]:
    """String literals in a module's code (docstrings aside) that start with a command: "/xa", f"/xa {code}"."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
            node = node.values[0]
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings \
                and commands.name_of(node.value) in commands.ALL:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    return found


def test_no_module_types_a_command_out():
    """A command renamed in bot/commands.py leaves no button behind: code takes every name from there."""
    modules = [p for folder in ("handlers", "scheduler", "bot") for p in (ROOT / folder).rglob("*.py")
               if p.name != "commands.py" and "texts" not in p.parts and p.name != "texts.py"]
    assert len(modules) > 30
    assert [hit for path in modules for hit in _typed_commands(path)] == []


def test_a_button_to_a_command_no_handler_has_fails_the_story():
    chats = MemoryChats()
    chats.deliver("1", Reply("Chọn:", [Choice("Xã Quài Nưa", f"{commands.UNIT_VIEW} quai-nua"),
                                       Choice("Xem xã", "/xemxa quai-nua"), Choice("1", "v3:section:I")]))
    try:
        assert DEAD_BUTTONS == ["/xemxa quai-nua"]  # the story's autouse check fails on it
    finally:
        DEAD_BUTTONS.clear()
    # Every command the table has is a live button, typed or with its arguments.
    assert dead_buttons(Reply("", [Choice(c.name, f"{c.name} 2") for c in HANDLERS.commands])) == []
