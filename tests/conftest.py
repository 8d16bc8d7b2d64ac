"""Fixtures: a fresh database, the fake Bot API servers and the bot against them over HTTP.

The classes they build live in tests/harness.py (shared with bench/). User
stories run in memory instead: tests/stories/conftest.py overrides `database_url`,
`fake` and `bot` there.
"""

from __future__ import annotations

import os
import tempfile

import pytest

# The tests' files (each test's SQLite database, the documents it writes) in memory where the machine has
# a tmpfs and TMPDIR does not say otherwise: a commit waits for the disk (fsync, about 3 ms here; a story
# commits some sixty times), and a test never outlives the machine. Processes the tests start inherit it.
if "TMPDIR" not in os.environ and os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
    os.environ["TMPDIR"] = tempfile.tempdir = "/dev/shm"

from bot.settings import Settings
from tests.harness import (DEAD_BUTTONS, DEMO_NOW, FIGURE_ORDER, FIGURES, ROOT, TZ, Bot, BotProcess, Clock, Phone,  # noqa: F401
                           Running, ZaloPhone, free_port, fresh_database, make_settings, zalo_settings)
from tests.fake_telegram import FakeTelegram, SentMessage  # noqa: F401
from tests.fake_zalo import FakeZalo, ZaloMessage  # noqa: F401


@pytest.fixture(autouse=True)
def no_dead_buttons():
    """Every story also checks that each button it was shown points at a command the bot has."""
    DEAD_BUTTONS.clear()
    yield
    dead, DEAD_BUTTONS[:] = list(DEAD_BUTTONS), []
    assert not dead, f"buttons pointing at a command no handler has: {dead}"


def pytest_sessionfinish(session):
    """Under pytest-xdist, each worker hands its hardening figures to the controller."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["figures"] = dict(FIGURES)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """The controller adds up the figures of its workers (pytest-xdist)."""
    FIGURES.update(getattr(node, "workeroutput", {}).get("figures", {}))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not FIGURES:
        return
    terminalreporter.section("hardening figures")
    for name in (*FIGURE_ORDER, *sorted(set(FIGURES) - set(FIGURE_ORDER))):
        terminalreporter.write_line(f"{name:32} {FIGURES[name]}")


# Which databases a test runs on, in one place. A test about the database or about persistence
# (schema, migrations, catalogue sync, restarts, kills, several instances) runs twice: on SQLite (a
# district) and on PostgreSQL (a province). A user story (tests/stories/) runs on SQLite, and on both
# when marked `both_databases` (aggregates, row locks). A test about a channel's HTTP and nothing else
# (the modules below) runs on SQLite.
HTTP_ONLY = {"test_zalo", "test_webhook", "test_fake_telegram", "test_telegram_faults", "test_telegram_rendering",
             "test_intruders", "test_entrypoint", "test_reporting", "test_landing"}


# The modules whose tests start real processes (kills, two instances, the terminal demo) take 3–18 s each; run
# first, they overlap the many short stories on the other worker instead of finishing the suite alone.
PROCESS_MODULES = ("test_faults", "test_landing", "test_instances", "test_entrypoint", "test_fuzz")


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.module.__name__.rpartition(".")[2] not in PROCESS_MODULES)


def pytest_configure(config):
    config.addinivalue_line("markers", "both_databases: run this user story on SQLite and on PostgreSQL")
    config.addinivalue_line("markers", "empty_database: the test's database has no tables (about migrations)")


def pytest_generate_tests(metafunc):
    if "database_url" not in metafunc.fixturenames:
        return
    if any("database_url" in str(mark.args[0]) for mark in metafunc.definition.iter_markers("parametrize")):
        return  # the test says itself (test_instances.py: PostgreSQL only)
    story = "stories" in metafunc.definition.path.parts
    if story:
        both = metafunc.definition.get_closest_marker("both_databases") is not None
    else:
        both = metafunc.definition.path.stem not in HTTP_ONLY
    metafunc.parametrize("database_url", ["sqlite", "postgresql"] if both else ["sqlite"], indirect=True)


@pytest.fixture
def database_url(request, tmp_path):
    """A fresh database for one test: a SQLite file, or a PostgreSQL schema of its own. Its schema is
    the newest revision's, copied from one migrated once per worker (tests/harness.py), and it holds
    no rows; a test marked `empty_database` gets one with no tables at all."""
    migrated = request.node.get_closest_marker("empty_database") is None
    with fresh_database(request.param, tmp_path, migrated) as url:
        yield url


async def served(server):
    """A fake Bot API server for one test: started, then stopped and checked (no unknown method, no 5xx)."""
    await server.start()
    yield server
    await server.stop()
    server.assert_no_unknown_methods()
    server.assert_no_server_errors()


@pytest.fixture
async def zalo():
    async for server in served(FakeZalo()):
        yield server


@pytest.fixture
async def zbot(database_url, zalo, clock):
    running = Running(zalo_settings(database_url, zalo), clock)
    await running.start()
    yield running
    await running.stop()


@pytest.fixture
async def fake():
    async for server in served(FakeTelegram()):
        yield server


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
def subprocess_env(database_url, tmp_path) -> dict[str, str]:
    """Environment for running `python main.py` as a real process (the terminal demo on its own
    database and files folder in the test's directory)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_", "DEMO_", "TIME_ZONE"))}
    # The scheduler runs on the wall clock, years after the demo round's deadline: off here,
    # tested with its own clock in test_reminders.py.
    env.update({"DATABASE_URL": database_url, "SCHEDULER": "off", "PYTHONUNBUFFERED": "1", "HTTP_PORT": "0",
                "DEMO_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}", "DEMO_FILES_DIR": str(tmp_path / "files")})
    env.pop("CATALOG", None)
    return env
