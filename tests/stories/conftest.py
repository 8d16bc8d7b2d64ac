"""User stories run on the in-memory channel, over the real core and a real SQLite database.

The same fixture names as tests/conftest.py (`database_url`, `fake`, `settings`,
`bot`), so a story reads the same: `fake` is the people's chats (`MemoryChats`),
`bot` the bot on them (`MemoryBot`). What is about HTTP or about the database
engine stays in tests/ (fake Bot API servers, SQLite and PostgreSQL).
"""

from __future__ import annotations

import pytest

from bot.settings import Settings
from tests.harness import MemoryBot, MemoryChats, make_settings


@pytest.fixture
def database_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'bot.db'}"


@pytest.fixture
def fake() -> MemoryChats:
    return MemoryChats()


@pytest.fixture
def settings(database_url) -> Settings:
    return make_settings(database_url)


@pytest.fixture
async def bot(fake, settings, clock):
    running = MemoryBot(fake, settings, clock)
    await running.start()
    yield running
    await running.stop()
