"""The terminal chat: the same conversation a phone sees, buttons as numbered lines.

With no bot token, `python main.py run` opens this on the demo district (its own
database, storage/demo.py), so anyone can try the bot as a clerk, an official or an
admin in a minute. A file (the Word report, the workbook, a chart) is written to a
folder and its path printed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Iterable, Optional, TextIO

from bot import commands, texts
from bot.channels.base import BaseChannel, ChannelSettings
from bot.events import Incoming, Reply
from bot.rendering import render
from handlers.dispatcher import Dispatcher
from storage import demo, outbox
from storage.db import transaction
from storage.models import User, utcnow
from storage.people import create_invitation, find_units, find_user

CHANNEL = "console"
# Where the dispatcher sends notices when the terminal is its channel (given to it when it is made:
# `prepare(settings, **DELIVERY)`): one terminal for everyone, so a notice to any demo person is
# printed here, with their name.
DELIVERY = {"channels": None, "fallback_channel": CHANNEL}


class ConsoleSettings(ChannelSettings):
    """Nothing to set: the terminal chat opens when no other channel is enabled (`main.py run`)."""


class ConsoleChat(BaseChannel):
    """Reads lines, sends them to the core, prints the replies.

    Synchronous (it owns the terminal): `run` reads and answers until ":thoat"; every reply is
    printed through `show`, the same single outbound point as `BaseChannel.send_reply`.
    """

    name = CHANNEL
    Settings = ConsoleSettings

    def __init__(self, dispatcher: Dispatcher, invite_days: int = 7,
                 read: Callable[[], Optional[str]] | None = None, out: TextIO = sys.stdout,
                 files_dir: Optional[Path] = None):
        super().__init__(dispatcher.settings, dispatcher)
        self.invite_days = invite_days
        self.files_dir = files_dir  # where files go (None: only their name and size are printed)
        self.read = read or _read_stdin
        self.out = out
        self.chat_id: Optional[str] = None
        if (dispatcher.channels, dispatcher.fallback_channel) != (None, CHANNEL):
            raise ValueError("the terminal chat needs a dispatcher made with bot.channels.console.DELIVERY")

    def print(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def show(self, replies: Iterable[Reply]) -> None:
        for reply in replies:
            self.print_reply(reply)

    def print_reply(self, reply: Reply) -> None:
        """The console's outbound seam (one terminal, so no chat id; a printed reply is delivered)."""
        saved = self.save_file(reply)
        text = render(reply, file_line=saved is None)
        if text or saved is None:
            self.print(text)
        if saved is not None:
            self.print(texts.CONSOLE_FILE_SAVED.format(path=saved))
        self.print("")

    def save_file(self, reply: Reply) -> Optional[Path]:
        """A file the terminal cannot show, written to the files folder (the same name overwritten)."""
        if reply.file is None or self.files_dir is None:
            return None
        folder = Path(self.files_dir)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / Path(reply.file.filename).name  # a name, never a path of its own
        path.write_bytes(reply.file.data)
        return path.resolve()

    async def transmit(self, chat_id: str, reply: Reply) -> None:
        self.print_reply(reply)

    def show_notices(self) -> None:
        """The outbox's notices, printed at once with the name of the person they are for."""
        engine = self.dispatcher.engine
        # Notices only: replies are printed as they come, and other rows are not this loop's to hold.
        rows = outbox.due(engine, utcnow(), orphaned_after=0, lease=60, give_up_after=7 * 24 * 3600,
                          kinds=[outbox.NOTICE])
        for row in rows:
            with transaction(engine) as session:
                user = session.get(User, row.user_id) if row.user_id else None
                name = user.full_name if user else row.chat_id
            self.print(texts.CONSOLE_NOTICE.format(name=name))
            self.show(Reply.from_message(m) for m in row.left)
        outbox.acknowledge(engine, [row.id for row in rows])

    def send(self, text: str) -> None:
        # The core maps a typed number or label to the button it names.
        event = Incoming(CHANNEL, self.chat_id, self.chat_id, texts.CONSOLE_USER, text=text)
        replies = self.dispatcher.handle(event)
        self.show(replies)
        self.dispatcher.delivered(replies)
        self.show_notices()

    def pick_role(self) -> bool:
        self.print(texts.CONSOLE_PICK_ROLE)
        for n, (_, label) in enumerate(texts.CONSOLE_ROLES, 1):
            self.print(f"  {n}. {label.format(**self.cast())}")
        while True:
            line = self.read()
            if line is None or line.strip() == ":thoat":
                return False
            if line.strip().isdigit() and 1 <= int(line) <= len(texts.CONSOLE_ROLES):
                break
            self.print(texts.CONSOLE_BAD_CHOICE.format(n=len(texts.CONSOLE_ROLES)))
        role = texts.CONSOLE_ROLES[int(line) - 1][0]
        self.chat_id = f"demo-{role}"
        code = self._demo_code(role)
        if code:  # register through the real invitation flow, as a phone would
            self.send(code)
        else:
            self.send(commands.START)
        return True

    def _demo_code(self, role: str) -> Optional[str]:
        with transaction(self.dispatcher.engine) as session:
            if find_user(session, CHANNEL, self.chat_id) is not None:
                return None
            # The demo data's visitor as the clerk; else the catalogue's own first unit, or the receiving one.
            cast = demo.cast(session)
            units = find_units(session, cast["visitor_code"]) if role == "clerk" and cast else []
            unit = units[0] if units else demo.stand_in_unit(session, role)
            return create_invitation(session, unit, role, self.invite_days)

    def cast(self) -> dict[str, str]:
        """The demo's place, year and people (the demo data of the catalogue in the database)."""
        with transaction(self.dispatcher.engine) as session:
            return demo.cast(session) or texts.CONSOLE_CAST

    def run(self) -> None:
        self.print(texts.CONSOLE_INTRO.format(**self.cast()))
        if not self.pick_role():
            self.print(texts.CONSOLE_BYE)
            return
        while True:
            line = self.read()
            if line is None or line.strip() == ":thoat":
                self.print(texts.CONSOLE_BYE)
                return
            if line.strip() == ":vai":
                if not self.pick_role():
                    self.print(texts.CONSOLE_BYE)
                    return
                continue
            if line.strip():
                self.send(line)


def _read_stdin() -> Optional[str]:
    try:
        return input("> ")
    except EOFError:
        return None
