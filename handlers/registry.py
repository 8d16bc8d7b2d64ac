"""What the dispatcher can route to: commands, flows and the lists kept inside a report.

A command is what a person can start (typed "/baocao" or a menu button);
a flow is a conversation in progress, resumed from the database on each
message; a report part is a list kept inside the report (nominees, role
models). All of them are listed once, in the composition root (`main.py`,
`HANDLERS`), and handed to the `Dispatcher`, which puts the table on every
`Ctx` (`ctx.handlers`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Optional, Protocol

from handlers.context import Ctx

CLERK, OFFICIAL, ADMIN = "clerk", "official", "admin"
EVERYONE = frozenset({CLERK, OFFICIAL, ADMIN})
OFFICIALS = frozenset({OFFICIAL, ADMIN})


@dataclass(frozen=True)
class Command:
    name: str  # "/baocao"
    roles: frozenset[str]
    label: str  # button label in the menu
    run: Callable[[Ctx, str], None]  # (ctx, the text after the command)
    in_menu: bool = True
    refusal: Optional[str] = None  # what a person of another role is told (None: texts.NOT_FOR_YOUR_ROLE)

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", frozenset(self.roles))


@dataclass(frozen=True)
class Reading:
    """How a flow would take a typed text at its current question (handlers/placement.py)."""

    fit: int  # PICKS (one of its buttons, typed), FITS, FITS_LOOSELY (a number typed for free text), NO_FIT
    key: str  # which question: two states asking the same question have the same key
    label: str  # the question in a few words, for a button


PICKS, FITS, FITS_LOOSELY, NO_FIT = 3, 2, 1, 0


class Flow(Protocol):
    def on_input(self, ctx: Ctx, text: Optional[str], choice: Optional[str]) -> None: ...

    def resume(self, ctx: Ctx) -> None:
        """Ask the current question again (after a stale button, a restart...)."""

    # Optional: `reading(ctx, text) -> Optional[Reading]`, how the text would be taken in the chat's
    # state (None: not a question a typed answer fits). A flow without it never has the person asked
    # which question an answer was for.


class ReportPart(Protocol):
    """A list kept inside the report (nominees, role models): a section of /baocao's overview and
    review, whose problems block submitting. The report flow knows parts only through this."""

    part_code: str
    title: str
    short: str  # a few words: its line in the overview
    def summary(self, ctx: Ctx, report) -> str: ...

    def open_list(self, ctx: Ctx, report) -> None: ...

    def review(self, ctx: Ctx, report) -> str: ...

    def problems(self, ctx: Ctx, report) -> list[str]: ...


class Documents(Protocol):
    """What the core does with a document a person sends (a list filled on a computer)."""

    def wanted(self, session: Any, user: Any, today: Any) -> bool:
        """Whether a document from `user` (None: a stranger) is worth fetching and reading at all;
        in a read session, before anything is downloaded."""

    def read(self, document: Any, settings: Any, engine: Any, user_id: int) -> Any:
        """The file as read, checked and made ready: before the event's transaction (a big file must hold
        no lock while it is parsed and checked: read sessions, storage/db.reading, and short
        transactions of its own that nothing else reads). Must not raise."""

    def take(self, ctx: Ctx, read: Any) -> None:
        """In the event's transaction: act on the file as read (None: not read, its sender may not send
        one now)."""

    def done(self, read: Any, engine: Any) -> None:
        """After the event's transaction, committed or not: clear what `read` left (short transactions)."""


@dataclass(frozen=True)
class Handlers:
    """The table the dispatcher routes by (built in main.py)."""

    commands: tuple[Command, ...]  # in menu order
    flows: Mapping[str, Flow]  # by the name a chat's state carries (ChatState.flow)
    report_parts: tuple[ReportPart, ...] = ()  # in the order of the report's overview
    documents: Optional[Documents] = None  # a document sent (None: not read, like a photo)
    by_name: dict[str, Command] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "commands", tuple(self.commands))
        object.__setattr__(self, "report_parts", tuple(self.report_parts))
        object.__setattr__(self, "by_name", {c.name: c for c in self.commands})
        if len(self.by_name) != len(self.commands):
            raise ValueError("a command is listed twice")

    def command(self, name: str) -> Optional[Command]:
        return self.by_name.get(name)

    def flow(self, name: Optional[str]) -> Optional[Flow]:
        return self.flows.get(name) if name else None

    def menu(self, role: str) -> list[Command]:
        """The commands a role sees as buttons, in menu order."""
        return [c for c in self.commands if c.in_menu and role in c.roles]
