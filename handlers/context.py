"""What a handler works with while it handles one incoming event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

from sqlmodel import Session

from bot.events import Choice, Incoming, Notice, OutFile, Reply
from bot.settings import Settings
from storage.models import ChatState, Unit, User

if TYPE_CHECKING:
    from handlers.registry import Handlers


@dataclass
class Ctx:
    session: Session
    settings: Settings
    event: Incoming
    chat: ChatState
    user: Optional[User]
    now: dt.datetime  # aware, in the deadline time zone
    handlers: Handlers  # every command, flow and report part (the table in main.py)
    replies: list[Reply] = field(default_factory=list)
    # What this event changed that others must hear of after the commit,
    # e.g. "rounds" (the scheduler rebuilds its jobs).
    changed: set[str] = field(default_factory=set)
    # Messages to other people, sent after the commit (never for a rolled-back change).
    notices: list[Notice] = field(default_factory=list)
    # The document the person sent, as read before the transaction (Handlers.documents.read).
    upload: Any = None

    # --- answering ---------------------------------------------------------
    def say(self, text: str, choices: Optional[list[Choice]] = None, columns: int = 1) -> None:
        self.replies.append(Reply(text=text, choices=list(choices or []), columns=columns))

    def ask(self, text: str, choices: list[Choice], *, numbered: bool = True, columns: int = 1) -> None:
        """A question whose buttons belong to the current step.

        numbered=False when the question expects typed input (a number, a
        name): then a typed "2" is an answer, not the second button.
        """
        self.replies.append(Reply(text=text, choices=list(choices), columns=columns, numbered=numbered))

    def send_file(self, file: OutFile, text: str = "") -> None:
        self.replies.append(Reply(text=text, file=file))

    def notify(self, user_id: int, text: str, choices: Optional[list[Choice]] = None) -> None:
        """Tell another person (by user id), on the channel they used last, once this event is committed."""
        assert all(c.value.startswith("/") for c in choices or []), "a notice's buttons must be commands"
        self.notices.append(Notice(user_id, [Reply(text=text, choices=list(choices or []))]))

    # --- conversation state ------------------------------------------------
    def start_flow(self, flow: str, **data: Any) -> None:
        self.chat.flow = flow
        self.chat.data = dict(data)

    def update_data(self, **changes: Any) -> None:
        # A new dict, so SQLAlchemy sees the JSON column changed.
        self.chat.data = {**self.chat.data, **changes}

    def end_flow(self) -> None:
        self.chat.flow = None
        self.chat.data = {}

    @property
    def data(self) -> dict[str, Any]:
        return self.chat.data

    @property
    def unit(self) -> Optional[Unit]:
        return self.session.get(Unit, self.user.unit_id) if self.user else None

    @property
    def today(self) -> dt.date:
        return self.now.date()
