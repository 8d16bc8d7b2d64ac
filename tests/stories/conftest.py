"""User stories run on the in-memory channel, over the real core and a real database.

The same fixture names as tests/conftest.py (`database_url`, `fake`, `settings`,
`bot`), so a story reads the same as before: `fake` is the people's chats
(`MemoryChats`), `bot` the bot on them (`MemoryBot`). A story runs on SQLite; one marked
`@pytest.mark.both_databases` (it is also about what the database does:
aggregates, locks) runs on PostgreSQL too (tests/conftest.py decides). What is
about HTTP stays in tests/ (fake Bot API servers).
"""

from __future__ import annotations

import shutil

import pytest

from bot.settings import Settings
from tests.harness import MemoryBot, MemoryChats, make_settings, sqlite_demo_template


@pytest.fixture
def fake() -> MemoryChats:
    return MemoryChats()


@pytest.fixture
def settings(database_url, fake) -> Settings:
    """The demo district's settings; on SQLite its database is already as the bot's first start on the demo
    catalogue leaves it (a copy of tests/harness.sqlite_demo_template)."""
    if database_url.startswith("sqlite:///"):
        shutil.copyfile(sqlite_demo_template(), database_url.removeprefix("sqlite:///"))
    return make_settings(database_url, fake)


@pytest.fixture
async def bot(fake, settings, clock):
    running = MemoryBot(fake, settings, clock)
    await running.start()
    yield running
    await running.stop()
