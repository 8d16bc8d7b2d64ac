"""User stories run on the in-memory channel, over the real core and a real database.

The same fixture names as tests/conftest.py (`database_url`, `fake`, `settings`,
`bot`), so a story reads the same as before: `fake` is the people's chats
(`MemoryChats`), `bot` the bot on them (`MemoryBot`). A story runs on SQLite;
one marked `@pytest.mark.both_databases` (it is also about what the database
does: aggregates, locks) runs on PostgreSQL too. What is about HTTP stays in
tests/ (fake Bot API servers).
"""

from __future__ import annotations

import pytest

from bot.settings import Settings
from tests.harness import MemoryBot, MemoryChats, fresh_database, make_settings


def pytest_configure(config):
    config.addinivalue_line("markers", "both_databases: run this story on SQLite and on PostgreSQL")


def pytest_generate_tests(metafunc):
    if "database_url" in metafunc.fixturenames:
        kinds = ["sqlite", "postgresql"] if metafunc.definition.get_closest_marker("both_databases") else ["sqlite"]
        metafunc.parametrize("database_url", kinds, indirect=True)


@pytest.fixture
def database_url(request, tmp_path):
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def fake() -> MemoryChats:
    return MemoryChats()


@pytest.fixture
def settings(database_url, fake) -> Settings:
    return make_settings(database_url, fake)


@pytest.fixture
async def bot(fake, settings, clock):
    running = MemoryBot(fake, settings, clock)
    await running.start()
    yield running
    await running.stop()
