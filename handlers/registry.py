"""Where commands and multi-step flows register themselves.

A command is what a person can start (typed "/baocao" or a menu button);
a flow is a conversation in progress, resumed from the database on each
message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Protocol

from handlers.context import Ctx

CLERK, OFFICIAL, ADMIN = "clerk", "official", "admin"
EVERYONE = frozenset({CLERK, OFFICIAL, ADMIN})


@dataclass(frozen=True)
class Command:
    name: str  # "/baocao"
    roles: frozenset[str]
    label: str  # button label in the menu
    run: Callable[[Ctx, str], None]  # (ctx, the text after the command)
    in_menu: bool = True


class Flow(Protocol):
    def on_input(self, ctx: Ctx, text: Optional[str], choice: Optional[str]) -> None: ...

    def resume(self, ctx: Ctx) -> None:
        """Ask the current question again (after a stale button, a restart...)."""


COMMANDS: dict[str, Command] = {}
FLOWS: dict[str, Flow] = {}


def command(name: str, roles: frozenset[str] | set[str], label: str, in_menu: bool = True):
    def register(fn: Callable[[Ctx, str], None]):
        COMMANDS[name] = Command(name, frozenset(roles), label, fn, in_menu)
        return fn
    return register


def flow(name: str):
    def register(cls):
        FLOWS[name] = cls()
        return cls
    return register


class ReportPart(Protocol):
    """A list kept inside the report (nominees, role models): a section of /baocao's overview and
    review, whose problems block submitting. `handlers/reporting.py` knows parts only through this."""

    part_code: str
    title: str

    def summary(self, ctx: Ctx, report) -> str: ...

    def open_list(self, ctx: Ctx, report) -> None: ...

    def review(self, ctx: Ctx, report) -> str: ...

    def problems(self, ctx: Ctx, report) -> list[str]: ...


REPORT_PARTS: list[ReportPart] = []


def report_part(cls):
    """Register a flow class as a part of the report too (apply above @flow)."""
    REPORT_PARTS.append(FLOWS[cls.flow_name])
    return cls
