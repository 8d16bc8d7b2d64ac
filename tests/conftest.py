"""Fixtures: a fresh database, the fake Bot API servers and the bot against them over HTTP.

The classes they build live in tests/harness.py (shared with bench/). User
stories run in memory instead: tests/stories/conftest.py overrides `database_url`,
`fake` and `bot` there.
"""

from __future__ import annotations

import os
import uuid
from collections import Counter
from functools import lru_cache
from typing import Optional

import pytest

from bot.settings import Settings
from tests.harness import (DEMO_NOW, ROOT, TZ, Bot, BotProcess, Clock, Phone, Running, ZaloPhone,  # noqa: F401
                           free_port, make_settings, zalo_settings)
from tests.fake_telegram import FakeTelegram, SentMessage  # noqa: F401
from tests.fake_zalo import FakeZalo, ZaloMessage  # noqa: F401


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
