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
