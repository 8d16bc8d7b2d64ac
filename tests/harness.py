"""What tests and benchmarks share: settings, a clock, a person's chat, and the bot in memory or over HTTP.

Two ways to run the real bot (the real core, a real database made by `main.prepare`):

- `MemoryBot` + `MemoryChats`: an in-memory channel. What a person does (type a
  text, press a button by its label, send an attachment) becomes a
  `bot.events.Incoming` handed to `Dispatcher.handle`; what the bot answers is kept
  per chat as `Message`s (texts, buttons, files), as are notices to other people
  (through the real outbox, bot/outbox.py) and what the scheduler's `Runner`
  sends through `MemoryChats.sender`. User stories run here: fast, no HTTP.
- `Bot` (+ `FakeTelegram`), `Running` (+ `FakeZalo`), `BotProcess`: the bot as
  deployed, against the fake Bot API servers over HTTP. For what is about HTTP:
  adapters, retries, rate limits, webhooks, restarts and kills of a process.

A `Phone` is one person's chat and reads the same on both: `send`, `press`, `last`,
`texts`; each message has `.text` and `.buttons` (rows of `(label, value)`).
"""

from __future__ import annotations

import asyncio
import atexit
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections import Counter, deque
from contextlib import contextmanager
from functools import lru_cache
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Union
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot import commands, texts  # noqa: E402
from bot.background import cancel  # noqa: E402
from bot.events import InDocument, Incoming, Reply, Senders, Unreachable  # noqa: E402
from bot.outbox import Outbox, Pace  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.channels.telegram import TelegramChannel, text_pieces  # noqa: E402
from bot.logs import protect_logs  # noqa: E402
from handlers.dispatcher import Dispatcher  # noqa: E402
from main import HANDLERS, build_services, open_database  # noqa: E402
from storage.db import transaction  # noqa: E402
from storage.people import create_invitation, find_units  # noqa: E402
from tests.fake_telegram import FakeTelegram, SentMessage  # noqa: E402
from tests.fake_zalo import FakeZalo, ZaloMessage  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# The demo round's deadline is 20/12/2020: tests live ten days before it.
DEMO_NOW = dt.datetime(2020, 12, 10, 9, 0, tzinfo=TZ)


# What the hardening tests did, printed at the end of the run (tests/conftest.py, pytest_terminal_summary).
FIGURES: Counter = Counter()
FIGURE_ORDER = ("faults injected", "faults survived", "inputs tried", "intrusions tried", "intrusions refused",
                "intrusions logged", "acknowledged answers checked", "messages lost")


# The outbox tries again quickly in tests (a real deployment waits seconds to minutes).
TEST_PACE = Pace(retry_base=0.05, retry_cap=0.5, orphaned_after=0.5, poll=0.1)


def make_settings(database_url: str, fake: Union[FakeTelegram, "MemoryChats", None] = None, **overrides) -> Settings:
    """Settings for a test: the Telegram token and URL of `fake` when it is the fake Bot API server."""
    values = {
        "OUTBOX_RETRY_SECONDS": TEST_PACE.retry_base, "OUTBOX_RETRY_CAP_SECONDS": TEST_PACE.retry_cap,
        "OUTBOX_ORPHANED_SECONDS": TEST_PACE.orphaned_after, "OUTBOX_POLL_SECONDS": TEST_PACE.poll,
        "TELEGRAM_BOT_TOKEN": fake.token if isinstance(fake, FakeTelegram) else None,
        "TELEGRAM_API_BASE_URL": fake.root if isinstance(fake, FakeTelegram) else "http://127.0.0.1:9",
        "ZALO_BOT_TOKEN": None,
        "DATABASE_URL": database_url,
        **overrides,
    }
    return Settings(_env_file=None, **values)


async def delivered(engine, chat_id: str, timeout: float = 10) -> None:
    """Until the bot has recorded that every message to the chat reached it (as the adapter does before
    it takes the chat's next message: a test that hands the core an event itself waits for this)."""
    from sqlmodel import select

    from storage.models import Delivery

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        with transaction(engine) as session:
            if not session.exec(select(Delivery.id).where(Delivery.chat_id == chat_id,
                                                          Delivery.status == "pending")).first():
                return
        assert loop.time() < deadline, f"messages to chat {chat_id} still pending"
        await asyncio.sleep(0.02)


POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@lru_cache(maxsize=1)
def postgres_problem() -> Optional[str]:
    """Why PostgreSQL cannot be used here, or None when it can."""
    try:
        import psycopg
        with psycopg.connect(POSTGRES_URL.replace("+psycopg", ""), connect_timeout=3):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means: skip with the reason
        return f"PostgreSQL not reachable at {POSTGRES_URL} ({type(exc).__name__}: {str(exc).strip()[:120]})"


@lru_cache(maxsize=1)
def sqlite_template() -> Path:
    """A SQLite file migrated to the newest revision, made once per process: a test's database is a
    copy of it, the very file `migrate` makes on an empty one, without running every revision again."""
    from storage.db import make_engine, migrate

    folder = Path(tempfile.mkdtemp(prefix="thidua-template-"))
    atexit.register(shutil.rmtree, folder, True)
    engine = make_engine(f"sqlite:///{folder / 'template.db'}")
    migrate(engine, automatic=True)
    engine.dispose()  # the last connection closed: the write-ahead log is folded into the file
    return folder / "template.db"


@lru_cache(maxsize=1)
def sqlite_demo_template() -> Path:
    """The SQLite template as the bot's first start on the demo catalogue leaves it (migrated, the catalogue
    synced), made once per process: a story on the demo district starts from a copy of it, and its bot's
    start syncs a catalogue that is there already (which changes nothing) instead of writing it whole."""
    path = sqlite_template().with_name("demo.db")
    shutil.copyfile(sqlite_template(), path)
    open_database(make_settings(f"sqlite:///{path}")).dispose()
    return path


@lru_cache(maxsize=None)
def sqlite_demo_loaded(now: dt.datetime) -> tuple[Path, Any]:
    """The demo template with the demo district loaded on it at `now` by `storage.demo.open_demo`, as the
    terminal demo loads it, made once per process: (its path, what `open_demo` answered). A story that
    opens the demo on its fresh database gets a copy of it (tests/stories/test_demo.open_demo)."""
    from storage import demo
    from storage.catalog import load_catalog

    path = sqlite_template().with_name(f"demo-loaded-{now:%Y%m%d%H%M%S}.db")
    shutil.copyfile(sqlite_demo_template(), path)
    settings = make_settings(f"sqlite:///{path}")
    engine = open_database(settings)
    opened = demo.open_demo(engine, load_catalog(settings.catalog), now)
    engine.dispose()
    return path, opened


def copy_database(source: Path, engine) -> None:
    """Every page of the SQLite file `source` into the engine's database, in one write (SQLite's backup):
    the engine's connections read the copy at once. Its cached catalogue is forgotten, as a sync does."""
    import sqlite3

    from storage.reports import forget_catalogue

    src, target = sqlite3.connect(source), sqlite3.connect(engine.url.database)
    try:
        src.backup(target)
    finally:
        src.close()
        target.close()
    forget_catalogue(engine)


@lru_cache(maxsize=1)
def postgres_template() -> tuple[tuple[str, Any, bool], ...]:
    """The statements `migrate` runs on an empty PostgreSQL schema (statement, parameters, many), recorded
    once per process in a scratch schema: a test's schema replays them instead of running the revisions."""
    from sqlalchemy import event

    from storage.db import make_engine, migrate

    recorded: list[tuple[str, Any, bool]] = []
    with _postgres_schema() as url:
        engine = make_engine(url)

        @event.listens_for(engine, "before_cursor_execute")
        def _record(_conn, _cursor, statement, parameters, _context, executemany):
            recorded.append((statement, parameters, executemany))

        migrate(engine, automatic=True)
        engine.dispose()
    return tuple(recorded)


# A commit does not wait for the disk (3–4 ms each, on a test's hundreds of commits): a test never outlives
# the server, and a bot process a test kills loses nothing either way (the server has what was committed).
NO_DISK_WAIT = "-csynchronous_commit=off"


@contextmanager
def _postgres_schema() -> Iterator[str]:
    import psycopg
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin_url = POSTGRES_URL.replace("+psycopg", "")
    with psycopg.connect(admin_url, autocommit=True, options=NO_DISK_WAIT) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{POSTGRES_URL}?options={NO_DISK_WAIT.replace('=', '%3D')}%20-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(admin_url, autocommit=True, options=NO_DISK_WAIT) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@contextmanager
def fresh_database(kind: str, tmp_path: Path, migrated: bool = True) -> Iterator[str]:
    """The URL of a fresh database: a SQLite file, or a PostgreSQL schema of its own (pytest skips the
    test when PostgreSQL cannot be reached). `migrated`: at the newest schema revision with no rows, as
    start-up leaves an empty database before the catalogue's sync; else nothing in it at all."""
    if kind == "sqlite":
        path = tmp_path / "bot.db"
        if migrated:
            shutil.copyfile(sqlite_template(), path)
        yield f"sqlite:///{path}"
        return
    problem = postgres_problem()
    if problem:
        import pytest
        pytest.skip(problem)
    import psycopg
    statements = postgres_template() if migrated else ()
    with _postgres_schema() as url:
        if statements:
            schema = url.rsplit("%3D", 1)[1]
            plain = POSTGRES_URL.replace("+psycopg", "")
            with psycopg.connect(plain, options=f"{NO_DISK_WAIT} -csearch_path={schema}") as conn:
                with conn.pipeline(), conn.cursor() as cursor:  # sent together, not one round trip each
                    for statement, parameters, many in statements:
                        (cursor.executemany if many else cursor.execute)(statement, parameters or None)
        yield url


def free_port() -> int:
    """A port nobody listens on now (for a server whose public URL must be known before it starts)."""
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Clock:
    """The bot's notion of now, moved by tests."""

    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def cli(env: dict[str, str], *args: str, input: str = "") -> subprocess.CompletedProcess:
    """`python main.py ARGS` as an administrator types it, run in this process: `main.COMMAND_LINE` on the
    environment `env` (and no .env file), what it prints and its exit code returned as a process's would be.
    Where the process itself is the point (signals, a kill, the interpreter's start), tests run
    `python main.py` for real (`BotProcess`, test_entrypoint.py). Not on the event loop's thread when
    the command talks to a fake server of this test: `await asyncio.to_thread(cli, ...)`."""
    import contextlib
    import io
    import logging
    import time
    import traceback

    from main import COMMAND_LINE

    engines = []

    def prepare(settings, *given, **delivery):  # the real one, its engines closed once the command ends
        dispatcher = COMMAND_LINE.prepare(settings, *given, **delivery)
        engines.append(dispatcher.engine)
        return dispatcher

    root = logging.getLogger()
    logged = (root.handlers[:], root.level, logging.getLogRecordFactory())
    before = dict(os.environ)
    out, err = io.StringIO(), io.StringIO()
    os.environ.clear()
    os.environ.update(env)
    time.tzset()  # the host's zone (TZ) as the process would have it
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _stdin(io.StringIO(input)):
            try:
                code = replace(COMMAND_LINE, prepare=prepare).main(list(args), lambda: Settings(_env_file=None))
            except SystemExit as exc:  # argparse's refusal
                code = exc.code if isinstance(exc.code, int) else 2
            except Exception:  # noqa: BLE001 - as the interpreter would: the traceback, exit code 1
                traceback.print_exc()
                code = 1
    finally:
        os.environ.clear()
        os.environ.update(before)
        time.tzset()
        root.handlers[:], _, _ = logged
        root.setLevel(logged[1])
        logging.setLogRecordFactory(logged[2])
        for engine in engines:
            engine.dispose()
    return subprocess.CompletedProcess(["main.py", *args], code, out.getvalue(), err.getvalue())


@contextmanager
def _stdin(stream) -> Iterator[None]:
    saved, sys.stdin = sys.stdin, stream
    try:
        yield
    finally:
        sys.stdin = saved


def invite(engine, unit: str, role: str = "clerk", days: int = 7) -> str:
    """A registration code for `unit` (by code or name), as `main.py invite` makes one."""
    with transaction(engine) as session:
        return create_invitation(session, find_units(session, unit)[0], role, days)


# ----------------------------------------------------------------------------------------------
# A person's chat: the same on the fake Telegram server and in memory
# ----------------------------------------------------------------------------------------------

class Phone:
    """One person's chat with the bot (Telegram over HTTP, or the in-memory channel)."""

    def __init__(self, fake: Union[FakeTelegram, "MemoryChats"], chat_id: int, name: str):
        self.fake, self.chat_id, self.name = fake, chat_id, name
        fake.set_user(chat_id, first_name=name)

    async def send(self, text: str, expect: int = 1, update_id: Optional[int] = None) -> list[SentMessage]:
        before = self.fake.count(self.chat_id)
        self.fake.push_text(self.chat_id, text, update_id=update_id)
        return await self._new_since(before, expect)

    async def press(self, label: str, expect: int = 1) -> list[SentMessage]:
        """Press the button whose text is (or contains) `label` on the newest message that has it."""
        message_id, data = self.fake.find_button(self.chat_id, label)
        return await self.press_data(message_id, data, expect)

    async def press_data(self, message_id: int, data: str, expect: int = 1,
                         update_id: Optional[int] = None) -> list[SentMessage]:
        before = self.fake.count(self.chat_id)
        self.fake.push_callback(self.chat_id, message_id, data, update_id=update_id)
        return await self._new_since(before, expect)

    async def attach(self, data: bytes = b"\xff\xd8", expect: int = 1) -> list[SentMessage]:
        """Send a photo: something the bot does not read."""
        before = self.fake.count(self.chat_id)
        self.fake.push_photo(self.chat_id, data)
        return await self._new_since(before, expect)

    async def send_file(self, filename: str, data: bytes, expect: int = 1) -> list[SentMessage]:
        """Send a file as a document (📎 → Tệp), e.g. a list filled on a computer."""
        before = self.fake.count(self.chat_id)
        self.fake.push_document(self.chat_id, filename, data)
        return await self._new_since(before, expect)

    async def _new_since(self, before: int, expect: int) -> list[SentMessage]:
        messages = await self.fake.wait_for_messages(self.chat_id, before + expect)
        return messages[before:]

    @property
    def last(self) -> SentMessage:
        return self.fake.last_message(self.chat_id)

    def texts(self) -> list[str]:
        return [m.text for m in self.fake.bot_messages(self.chat_id)]


# ----------------------------------------------------------------------------------------------
# The in-memory channel
# ----------------------------------------------------------------------------------------------

# Buttons the bot showed that point at a command no handler has ("/xa…" with no /xa): a story that
# meets one fails (tests/conftest.py checks after each test; a button's value is not checked by
# the outbox, which would only retry).
DEAD_BUTTONS: list[str] = []


def dead_buttons(reply: Reply) -> list[str]:
    """The values of the reply's buttons that name a command the table (main.HANDLERS) does not have."""
    return [c.value for c in reply.choices
            if commands.name_of(c.value) and HANDLERS.command(commands.name_of(c.value)) is None]


MESSAGE_LIMIT = 4096  # as on Telegram: a longer text comes in several messages, the buttons on the last


@dataclass
class Message:
    """A message the bot sent to a chat, as it stands now."""

    chat_id: str
    message_id: int
    kind: str  # "text" | "document" | "photo"
    text: str  # for a file: its caption or ""
    buttons: list[list[tuple[str, str]]] = field(default_factory=list)
    filename: Optional[str] = None
    data: Optional[bytes] = None
    caption: Optional[str] = None
    edited: bool = False
    edit_count: int = 0
    reply: Optional[Reply] = None  # the neutral reply it came from (worded for no channel yet)

    @property
    def button_texts(self) -> list[str]:
        return [label for row in self.buttons for label, _ in row]

    def describe(self) -> str:
        head = f"#{self.message_id} [{self.kind}{', edited' if self.edited else ''}]"
        if self.kind != "text":
            head += f" {self.filename!r} ({len(self.data or b'')} bytes)"
        lines = [head + (f" {self.text!r}" if self.text else "")]
        lines += [f"    [{' | '.join(label for label, _ in row)}]" for row in self.buttons]
        return "\n".join(lines)


@dataclass
class _Chat:
    chat_id: str
    name: str = ""
    messages: list[Message] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)
    blocked: bool = False


@dataclass
class _Pushed:
    event: Incoming
    pressed: Optional[int] = None  # the message whose button was pressed


class MemoryChats:
    """The people's side of the in-memory channel: their chats, and what they do in them.

    It reads like the fake Telegram server (`push_text`, `push_callback`,
    `find_button`, `count`, `bot_messages`, `last_message`, `wait_for`...), so a
    `Phone` and the helpers of tests/clerk.py work on either.
    """

    def __init__(self, name: str = "memory", takes_files: bool = True):
        self.name = name  # the channel name the core sees (Identity.channel, ChatState.channel)
        self.takes_files = takes_files  # people can send documents here (as on Telegram), or not (Zalo)
        self._chats: dict[str, _Chat] = {}
        self._pushed: deque[_Pushed] = deque()
        self._next_pushed = 0
        self.handled = 0  # events the channel has handed to the core and answered
        self._next_update = 0
        self._next_message = 0
        self._waiters: list[asyncio.Future] = []

    # --- people ---------------------------------------------------------------------------
    def _chat(self, chat_id: Any) -> _Chat:
        key = str(chat_id)
        if key not in self._chats:
            self._chats[key] = _Chat(key)
        return self._chats[key]

    def set_user(self, chat_id: Any, first_name: str = "") -> None:
        self._chat(chat_id).name = first_name

    def block(self, chat_id: Any, blocked: bool = True) -> None:
        """The person blocked the bot: what is sent to them fails as `Unreachable`."""
        self._chat(chat_id).blocked = blocked

    def _update_key(self, update_id: Optional[int]) -> str:
        if update_id is None:
            self._next_update += 1
            update_id = self._next_update
        return str(update_id)

    def _push(self, chat: _Chat, pressed: Optional[int] = None, update_id: Optional[int] = None,
              **what: Any) -> str:
        key = self._update_key(update_id)
        self._next_pushed += 1
        self._pushed.append(_Pushed(Incoming(self.name, chat.chat_id, chat.chat_id, chat.name, update_key=key,
                                             can_send_files=self.takes_files, **what), pressed))
        self._notify()
        return key

    def push_text(self, chat_id: Any, text: str, update_id: Optional[int] = None) -> str:
        chat = self._chat(chat_id)
        chat.transcript.append(f"user: {text}")
        return self._push(chat, text=text, update_id=update_id)

    def push_callback(self, chat_id: Any, message_id: int, data: str, update_id: Optional[int] = None) -> str:
        chat = self._chat(chat_id)
        chat.transcript.append(f"user presses {data!r} on #{message_id}")
        return self._push(chat, pressed=message_id, choice=data, update_id=update_id)

    def push_document(self, chat_id: Any, filename: str, data: bytes = b"", update_id: Optional[int] = None,
                      max_bytes: Optional[int] = None) -> str:
        """A file sent as a document, its bytes already fetched (over `max_bytes`: not fetched, as
        the Telegram adapter leaves a file over UPLOAD_MAX_MB)."""
        chat = self._chat(chat_id)
        chat.transcript.append(f"user: file {filename!r} ({len(data)} bytes)")
        fetched = data if max_bytes is None or len(data) <= max_bytes else None
        return self._push(chat, document=InDocument(filename, len(data), data=fetched), update_id=update_id)

    def push_photo(self, chat_id: Any, data: bytes = b"", update_id: Optional[int] = None) -> str:
        chat = self._chat(chat_id)
        chat.transcript.append(f"user: photo ({len(data)} bytes)")
        return self._push(chat, has_attachment=True, update_id=update_id)

    def take(self) -> Optional[_Pushed]:
        """The oldest event not yet handled (the channel's side)."""
        if not self._pushed:
            return None
        self._notify()  # a test waiting for the queue to empty sees it
        return self._pushed.popleft()

    def pending_updates(self) -> int:
        return len(self._pushed)

    # --- what the bot sends -----------------------------------------------------------------
    def deliver(self, chat_id: Any, reply: Reply) -> None:
        """Show one neutral reply in the chat, as a phone shows it (worded for buttons, as on Telegram)."""
        chat = self._chat(chat_id)
        DEAD_BUTTONS.extend(dead_buttons(reply))
        neutral, reply = reply, replace(reply, text=texts.worded(reply.text, buttons=True))
        if reply.file is not None:
            kind = "photo" if reply.file.is_image else "document"
            self._add(chat, Message(chat.chat_id, 0, kind, reply.file.caption, filename=reply.file.filename,
                                    data=reply.file.data, caption=reply.file.caption or None, reply=neutral))
            if not reply.text:
                return
        pieces = text_pieces(reply.text)  # cut at line ends, as the Telegram adapter does
        labels = [(c.label, c.value) for c in reply.choices]
        rows = [labels[i:i + reply.columns] for i in range(0, len(labels), max(reply.columns, 1))]
        for n, piece in enumerate(pieces):
            self._add(chat, Message(chat.chat_id, 0, "text", piece, rows if n == len(pieces) - 1 else [],
                                    reply=neutral))

    def _add(self, chat: _Chat, message: Message) -> None:
        self._next_message += 1
        message.message_id = self._next_message
        chat.messages.append(message)
        chat.transcript.append(f"bot #{message.message_id}: {message.text}")
        self._notify()

    @property
    def sender(self) -> "MemorySender":
        return MemorySender(self)

    # --- what a test reads ----------------------------------------------------------------
    def count(self, chat_id: Any) -> int:
        return len(self._chat(chat_id).messages)

    def bot_messages(self, chat_id: Any) -> list[Message]:
        return [_copy(m) for m in self._chat(chat_id).messages]

    def message(self, chat_id: Any, message_id: int, copy: bool = True) -> Message:
        found = next(m for m in self._chat(chat_id).messages if m.message_id == int(message_id))
        return _copy(found) if copy else found

    def last_message(self, chat_id: Any) -> Message:
        messages = self._chat(chat_id).messages
        if not messages:
            raise AssertionError(f"chat {chat_id} received nothing\n" + self.dump(chat_id))
        return _copy(messages[-1])

    def find_button(self, chat_id: Any, text: str) -> tuple[int, str]:
        """`(message_id, value)` of the newest button labelled `text` (exactly, else containing it)."""
        messages = list(reversed(self._chat(chat_id).messages))
        for exact in (True, False):
            for m in messages:
                for row in m.buttons:
                    for label, value in row:
                        if (label == text) if exact else (text in label):
                            return m.message_id, value
        raise AssertionError(f"no button {text!r} in chat {chat_id}\n" + self.dump(chat_id))

    def transcript(self, chat_id: Any) -> str:
        return "\n".join(self._chat(chat_id).transcript)

    def dump(self, chat_id: Any = None) -> str:
        keys = [str(chat_id)] if chat_id is not None else list(self._chats)
        lines: list[str] = []
        for key in keys:
            chat = self._chat(key)
            lines.append(f"chat {key}: {len(chat.messages)} bot message(s)")
            lines += [f"  {m.describe()}" for m in chat.messages[-30:]]
            lines += [f"    {t}" for t in chat.transcript[-30:]]
        return "\n".join(lines)

    # --- waiting ----------------------------------------------------------------------------
    def _notify(self) -> None:
        """Something changed: wake everyone waiting (they check what they wait for)."""
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0, what: Optional[str] = None) -> Any:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not (result := predicate()):
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate!r}\n" + self.dump())
            waiter = loop.create_future()
            self._waiters.append(waiter)
            # Not asyncio.wait_for: before Python 3.12 it may swallow a cancellation (a stopping channel).
            await asyncio.wait([waiter], timeout=remaining)
        return result

    async def wait_for_messages(self, chat_id: Any, count: int, timeout: float = 10.0) -> list[Message]:
        await self.wait_for(lambda: self.count(chat_id) >= count, timeout, f"{count} bot message(s) in chat {chat_id}")
        return self.bot_messages(chat_id)

    async def settle(self) -> None:
        """Until everything pushed is handled and answered, and the notices are sent."""
        # The channel sends notices (the outbox) before it counts an event handled.
        await self.wait_for(lambda: self.handled == self._next_pushed, what="the pushed events to be handled")

    async def assert_quiet(self, chat_id: Any, count: int, duration: float = 0.0) -> None:
        """Assert the chat has exactly `count` bot messages once everything pushed is handled.

        (`duration` is for the HTTP fake's signature: here the wait ends when the work is done.)"""
        await self.settle()
        got = self.count(chat_id)
        if got != count:
            raise AssertionError(f"chat {chat_id}: expected {count} bot message(s), got {got}\n" + self.dump(chat_id))


def _copy(message: Message) -> Message:
    return Message(**{**message.__dict__, "buttons": [list(row) for row in message.buttons]})


class MemorySender:
    """The in-memory channel's outbound `Sender` (for the outbox and the scheduler's `Runner`)."""

    def __init__(self, chats: MemoryChats):
        self.chats = chats

    async def send(self, channel: str, chat_id: str, reply: Reply) -> None:
        if channel != self.chats.name:
            raise ValueError(f"the memory sender cannot send on {channel}")
        if self.chats._chat(chat_id).blocked:
            raise Unreachable("the person blocked the bot")
        self.chats.deliver(chat_id, reply)


# The in-memory channel's outbox: notices and what a restart left unsent go at once (the sweeper is woken
# by each notice, and runs after each event), failed sends are tried again within a few hundredths.
MEMORY_PACE = Pace(retry_base=0.01, retry_cap=0.05, orphaned_after=0.0, poll=3600)


class MemoryChannel:
    """The bot's side: each pushed event to the core (in order), its replies into the chat.

    Made as main.build_services makes a channel: `outbox` first (on `chats.sender`), then the
    dispatcher told where notices go and given the outbox's wake-up, then the channel with both."""

    def __init__(self, chats: MemoryChats, dispatcher, outbox: Outbox):
        self.chats, self.dispatcher, self.outbox = chats, dispatcher, outbox
        self.name = chats.name
        self._task: Optional[asyncio.Task] = None

    @property
    def sender(self) -> MemorySender:
        return self.chats.sender

    async def start(self) -> None:
        await self.outbox.start()  # what a restart left unsent, then every notice as it is woken
        self._task = asyncio.create_task(self._serve())

    async def stop(self) -> None:
        await cancel(self._task)
        await self.outbox.stop()
        self._task = None

    async def _serve(self) -> None:
        while True:
            await self.chats.wait_for(lambda: self.chats.pending_updates(), timeout=365 * 86400)
            pushed = self.chats.take()
            # The core, in this thread: one event at a time. A pressed question keeps its buttons, as on
            # Telegram (bot/channels/telegram.py: no edit after a press).
            replies = self.dispatcher.handle(pushed.event)
            if not self.chats._chat(pushed.event.chat_id).blocked:
                for reply in replies:
                    self.chats.deliver(pushed.event.chat_id, reply)
                self.dispatcher.delivered(replies)  # shown: the chat's next answer is to this question
            await self.outbox.sweep()
            self.chats.handled += 1
            self.chats._notify()


class RunningBot:
    """What a test does with a running bot, whichever channel it is on: stop, restart, invite, register.
    A subclass builds `dispatcher` and `channel` in `start` and takes them down in `_stop_channel`."""

    def __init__(self, fake, settings: Settings, clock: Clock, listeners: tuple = ()):
        self.fake, self.settings, self.clock = fake, settings, clock
        self.listeners = listeners  # given to the dispatcher (the scheduler's `on_change`)
        self.channel = None
        self.dispatcher = None

    async def _stop_channel(self) -> None:
        await self.channel.stop()

    async def stop(self) -> None:
        if self.channel is not None:
            await self._stop_channel()
            self.channel = None
        if self.dispatcher is not None:
            self.dispatcher.engine.dispose()

    async def restart(self, listeners: Optional[tuple] = None) -> None:
        """Stop everything held in memory and start afresh on the same database (its dispatcher made with
        `listeners`, where given)."""
        await self.stop()
        if listeners is not None:
            self.listeners = listeners
        await self.start()

    @property
    def engine(self):
        return self.dispatcher.engine

    def invite(self, unit: str, role: str = "clerk", days: int = 7) -> str:
        return invite(self.engine, unit, role, days)

    async def register(self, chat_id: int, name: str, unit: str = "Quài Nưa", role: str = "clerk") -> Phone:
        return await register(self, chat_id, name, unit, role)


class MemoryBot(RunningBot):
    """The bot on the in-memory channel: the real core and database, no HTTP."""

    channel: Optional[MemoryChannel]

    async def start(self) -> "MemoryBot":
        engine = open_database(self.settings)
        outbox = Outbox(engine, Senders({self.fake.name: self.fake.sender}), MEMORY_PACE)
        self.dispatcher = Dispatcher(engine, self.settings, HANDLERS, self.clock, channels=[self.fake.name],
                                     on_notices=outbox.wake, listeners=self.listeners)
        self.channel = MemoryChannel(self.fake, self.dispatcher, outbox)
        await outbox.sweep()  # what an earlier run left unsent (a restart), before the first event
        await self.channel.start()
        return self


async def register(bot, chat_id: int, name: str, unit: str, role: str) -> Phone:
    from bot import texts
    phone = Phone(bot.fake, chat_id, name)
    [welcome] = await phone.send(bot.invite(unit, role))  # the greeting above the menu, one message
    assert texts.REGISTERED.split("{")[0] in welcome.text and welcome.buttons, bot.fake.transcript(chat_id)
    return phone


# ----------------------------------------------------------------------------------------------
# The bot over HTTP, against the fake Bot API servers
# ----------------------------------------------------------------------------------------------

class Bot(RunningBot):
    """The bot as deployed: core + Telegram adapter, against the fake server."""

    channel: Optional[TelegramChannel]

    async def start(self) -> "Bot":
        protect_logs(self.settings)  # as `main.py run` does: tests' log capture sees no secret either
        # As main.build_services composes it: every message goes out through the outbox.
        engine, senders = open_database(self.settings), Senders({})
        self.outbox = Outbox(engine, senders, TEST_PACE)
        self.dispatcher = Dispatcher(engine, self.settings, HANDLERS, self.clock, channels=[TelegramChannel.name],
                                     on_notices=self.outbox.wake, listeners=self.listeners)
        self.channel = TelegramChannel(self.settings, self.dispatcher, outbox=self.outbox)
        senders.add(self.channel.name, self.channel.sender)
        await self.channel.start()
        await self.outbox.start()
        return self

    async def _stop_channel(self) -> None:
        await self.outbox.stop()
        await self.channel.stop()


class ZaloPhone:
    """One person's Zalo chat with the bot: text only, choices are typed."""

    def __init__(self, fake: FakeZalo, chat_id: str, name: str):
        self.fake, self.chat_id, self.name = fake, chat_id, name
        fake.set_user(chat_id, name)

    async def send(self, text: str, expect: int = 1, message_id: Optional[str] = None) -> list[ZaloMessage]:
        before = self.fake.count(self.chat_id)
        self.fake.push_text(self.chat_id, text, message_id=message_id)
        messages = await self.fake.wait_for_messages(self.chat_id, before + expect)
        return messages[before:]

    @property
    def last(self) -> ZaloMessage:
        return self.fake.last_message(self.chat_id)


def zalo_settings(database_url: str, zalo: FakeZalo, telegram: Optional[FakeTelegram] = None,
                  **overrides) -> Settings:
    return make_settings(database_url, telegram, ZALO_BOT_TOKEN=zalo.token, ZALO_API_BASE_URL=zalo.root,
                         ZALO_POLL_TIMEOUT=1, ZALO_POLL_INTERVAL=0, ZALO_RETRY_SECONDS=0.05, **overrides)


class Running:
    """The bot composed as `python main.py run` composes it (every channel with a token), in-process."""

    def __init__(self, settings: Settings, clock: Clock):
        self.settings, self.clock = settings, clock
        self.dispatcher = None
        self.services = None

    async def start(self) -> "Running":
        protect_logs(self.settings)
        # The scheduler runs on the wall clock; tests drive it with its own clock (test_reminders.py).
        self.services = build_services(self.settings, clock=self.clock, with_scheduler=False)
        self.dispatcher = self.services.dispatcher
        await self.services.start()
        return self

    async def stop(self) -> None:
        if self.services is not None:
            await self.services.stop()
            self.services = None
        if self.dispatcher is not None:
            self.dispatcher.engine.dispose()

    @property
    def engine(self):
        return self.dispatcher.engine

    def channel(self, name: str):
        return next(c for c in self.services.channels if c.name == name)

    def invite(self, unit: str, role: str = "clerk", days: int = 7) -> str:
        return invite(self.engine, unit, role, days)

    async def register_zalo(self, zalo: FakeZalo, chat_id: str, name: str, unit: str = "Quài Nưa",
                            role: str = "clerk") -> ZaloPhone:
        phone = ZaloPhone(zalo, chat_id, name)
        [welcome] = await phone.send(self.invite(unit, role))  # the greeting above the menu, one message
        assert "Đăng ký thành công" in welcome.text, zalo.transcript(chat_id)
        return phone


def process_database(folder: Path, name: str):
    """A migrated SQLite database in `folder` for `BotProcess` runs (the kill and soak benchmarks):
    (its engine, the process's environment on it: the demo catalogue, no scheduler, the wall clock)."""
    from storage.db import make_engine, migrate

    url = f"sqlite:///{Path(folder) / name}"
    engine = make_engine(url)
    migrate(engine, automatic=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_", "OUTBOX_"))}
    env.update({"DATABASE_URL": url, "TZ": "Asia/Ho_Chi_Minh", "SCHEDULER": "off", "PYTHONUNBUFFERED": "1"})
    env.pop("CATALOG", None)
    return engine, env


class BotProcess:
    """`python main.py run` as a real process, talking to the fake server."""

    def __init__(self, fake: FakeTelegram, env: dict[str, str]):
        self.fake = fake
        self.env = env | {"TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_BASE_URL": fake.root}
        self.proc = None

    async def start(self) -> "BotProcess":
        polls = len(self.fake.calls_of("getUpdates"))
        self.proc = subprocess.Popen([sys.executable, "main.py", "run"], cwd=ROOT, env=self.env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        await self.fake.wait_for(lambda: len(self.fake.calls_of("getUpdates")) > polls or
                                 self.proc.poll() is not None, timeout=30, what="the bot to poll")
        await asyncio.sleep(0.05)
        assert self.proc.poll() is None, self.proc.stdout.read()
        return self

    def kill(self) -> None:
        """SIGKILL: no clean-up runs, as when a phone-side crash or a power cut hits the server."""
        self.proc.kill()
        self.proc.wait(timeout=10)

    def terminate(self) -> int:
        self.proc.terminate()
        return self.proc.wait(timeout=20)

    def output(self) -> str:
        return self.proc.stdout.read() if self.proc.stdout else ""
