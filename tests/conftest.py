"""Test harness: the real bot, in-process, against the fake Telegram Bot API over HTTP.

Tests read as user stories: a `Phone` sends texts and presses buttons the
way a clerk's phone does, and reads what the bot sent back.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import uuid
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Optional
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.events import Senders  # noqa: E402
from bot.outbox import Outbox, Pace  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.channels.telegram import TelegramChannel  # noqa: E402
from main import build_services, prepare, protect_logs  # noqa: E402
from storage.db import transaction  # noqa: E402
from storage.people import create_invitation, find_units  # noqa: E402
from tests.fake_telegram import FakeTelegram, SentMessage  # noqa: E402
from tests.fake_zalo import FakeZalo, ZaloMessage  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# The demo round's deadline is 20/12/2020: tests live ten days before it.
DEMO_NOW = dt.datetime(2020, 12, 10, 9, 0, tzinfo=TZ)


# What the hardening tests did, printed at the end of the run (pytest_terminal_summary below).
FIGURES: Counter = Counter()
FIGURE_ORDER = ("faults injected", "faults survived", "inputs tried", "intrusions tried", "intrusions refused",
                "intrusions logged", "acknowledged answers checked", "messages lost")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not FIGURES:
        return
    terminalreporter.section("hardening figures")
    for name in (*FIGURE_ORDER, *sorted(set(FIGURES) - set(FIGURE_ORDER))):
        terminalreporter.write_line(f"{name:32} {FIGURES[name]}")


# The whole suite runs twice: on SQLite (a district) and on PostgreSQL (a province).
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


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh, empty database for one test: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bot.db'}"
        return
    problem = postgres_problem()
    if problem:
        pytest.skip(problem)
    import psycopg
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin_url = POSTGRES_URL.replace("+psycopg", "")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


# The outbox tries again quickly in tests (a real deployment waits seconds to minutes).
TEST_PACE = Pace(retry_base=0.05, retry_cap=0.5, orphaned_after=0.5, poll=0.1)


def make_settings(database_url: str, fake: Optional[FakeTelegram] = None, **overrides) -> Settings:
    values = {
        "OUTBOX_RETRY_SECONDS": TEST_PACE.retry_base, "OUTBOX_RETRY_CAP_SECONDS": TEST_PACE.retry_cap,
        "OUTBOX_ORPHANED_SECONDS": TEST_PACE.orphaned_after, "OUTBOX_POLL_SECONDS": TEST_PACE.poll,
        "TELEGRAM_BOT_TOKEN": fake.token if fake else None,
        "TELEGRAM_API_BASE_URL": fake.root if fake else "http://127.0.0.1:9",
        "ZALO_BOT_TOKEN": None,
        "DATABASE_URL": database_url,
        "TZ": "Asia/Ho_Chi_Minh",
        **overrides,
    }
    return Settings(_env_file=None, **values)


def free_port() -> int:
    """A port nobody listens on now (for a server whose public URL must be known before it starts)."""
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def delivered(engine, chat_id: str, timeout: float = 10) -> None:
    """Until the bot has recorded that every message to the chat reached it (as the adapter does before
    it takes the chat's next message: a test that hands the core an event itself waits for this)."""
    import asyncio

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


class Clock:
    """The bot's notion of now, moved by tests."""

    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


class Phone:
    """One person's Telegram chat with the bot."""

    def __init__(self, fake: FakeTelegram, chat_id: int, name: str):
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

    async def _new_since(self, before: int, expect: int) -> list[SentMessage]:
        messages = await self.fake.wait_for_messages(self.chat_id, before + expect)
        return messages[before:]

    @property
    def last(self) -> SentMessage:
        return self.fake.last_message(self.chat_id)

    def texts(self) -> list[str]:
        return [m.text for m in self.fake.bot_messages(self.chat_id)]


class Bot:
    """The bot as deployed: core + Telegram adapter, against the fake server."""

    def __init__(self, fake: FakeTelegram, settings: Settings, clock: Clock):
        self.fake, self.settings, self.clock = fake, settings, clock
        self.channel: Optional[TelegramChannel] = None
        self.dispatcher = None

    async def start(self) -> "Bot":
        protect_logs(self.settings)  # as `main.py run` does: tests' log capture sees no secret either
        self.dispatcher = prepare(self.settings, clock=self.clock)
        self.channel = TelegramChannel(self.settings, self.dispatcher)
        # As main.build_services composes it: every message goes out through the outbox.
        self.outbox = Outbox(self.dispatcher.engine, Senders({self.channel.name: self.channel.sender}), TEST_PACE)
        self.channel.outbox = self.outbox
        self.dispatcher.channels = [self.channel.name]
        self.dispatcher.on_notices = self.outbox.wake
        await self.channel.start()
        await self.outbox.start()
        return self

    async def stop(self) -> None:
        if self.channel is not None:
            await self.outbox.stop()
            await self.channel.stop()
            self.channel = None
        if self.dispatcher is not None:
            self.dispatcher.engine.dispose()

    async def restart(self) -> None:
        """Stop everything held in memory and start afresh on the same database."""
        await self.stop()
        await self.start()

    @property
    def engine(self):
        return self.dispatcher.engine

    def invite(self, unit: str, role: str = "clerk", days: int = 7) -> str:
        with transaction(self.engine) as session:
            return create_invitation(session, find_units(session, unit)[0], role, days)

    async def register(self, chat_id: int, name: str, unit: str = "Quài Nưa", role: str = "clerk") -> Phone:
        phone = Phone(self.fake, chat_id, name)
        [welcome] = await phone.send(self.invite(unit, role))  # the greeting above the menu, one message
        assert "Đăng ký thành công" in welcome.text and welcome.buttons, self.fake.transcript(chat_id)
        return phone


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
        self.dispatcher = prepare(self.settings, clock=self.clock)
        # The scheduler runs on the wall clock; tests drive it with its own clock (test_reminders.py).
        self.services = build_services(self.settings, self.dispatcher, with_scheduler=False)
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
        with transaction(self.engine) as session:
            return create_invitation(session, find_units(session, unit)[0], role, days)

    async def register_zalo(self, zalo: FakeZalo, chat_id: str, name: str, unit: str = "Quài Nưa",
                            role: str = "clerk") -> ZaloPhone:
        phone = ZaloPhone(zalo, chat_id, name)
        [welcome] = await phone.send(self.invite(unit, role))  # the greeting above the menu, one message
        assert "Đăng ký thành công" in welcome.text, zalo.transcript(chat_id)
        return phone


@pytest.fixture
async def zalo():
    server = FakeZalo()
    await server.start()
    yield server
    await server.stop()
    server.assert_no_unknown_methods()
    server.assert_no_server_errors()


@pytest.fixture
async def zbot(database_url, zalo, clock):
    running = Running(zalo_settings(database_url, zalo), clock)
    await running.start()
    yield running
    await running.stop()


@pytest.fixture
async def fake():
    server = FakeTelegram()
    await server.start()
    yield server
    await server.stop()
    server.assert_no_unknown_methods()
    server.assert_no_server_errors()


@pytest.fixture
def clock() -> Clock:
    return Clock(DEMO_NOW)


@pytest.fixture
def settings(database_url, fake) -> Settings:
    return make_settings(database_url, fake)


@pytest.fixture
async def bot(fake, settings, clock):
    running = Bot(fake, settings, clock)
    await running.start()
    yield running
    await running.stop()


@pytest.fixture
def subprocess_env(database_url) -> dict[str, str]:
    """Environment for running `python main.py` as a real process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
    # The scheduler runs on the wall clock, years after the demo round's deadline: off here,
    # tested with its own clock in test_reminders.py.
    env.update({"DATABASE_URL": database_url, "TZ": "Asia/Ho_Chi_Minh", "SCHEDULER": "off",
                "PYTHONUNBUFFERED": "1"})
    env.pop("CATALOG", None)
    return env


class BotProcess:
    """`python main.py run` as a real process, talking to the fake server."""

    def __init__(self, fake: FakeTelegram, env: dict[str, str]):
        self.fake = fake
        self.env = env | {"TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_BASE_URL": fake.root}
        self.proc = None

    async def start(self) -> "BotProcess":
        import asyncio
        import subprocess
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
