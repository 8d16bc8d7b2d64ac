"""Messages to a person rather than to a chat: reminders, summaries.

A person may use Telegram and Zalo (one account, linked). The message goes to
the channel they used last, among the channels this process is running.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Optional, Protocol

from sqlalchemy.engine import Engine

from bot.events import Reply
from storage.db import transaction
from storage.people import last_identity

log = logging.getLogger(__name__)


class Channel(Protocol):
    name: str

    async def deliver(self, chat_id: str, replies: list[Reply]) -> bool: ...


class Delivery:
    def __init__(self, engine: Engine, channels: list[Channel]):
        self.engine = engine
        self.channels = {c.name: c for c in channels}

    def _where(self, user_id: int) -> Optional[tuple[str, str]]:
        with transaction(self.engine) as session:
            identity = last_identity(session, user_id, list(self.channels))
            return (identity.channel, identity.chat_id) if identity else None

    async def to_user(self, user_id: int, replies: list[Reply]) -> Optional[str]:
        """Send to the person; returns the channel used, or None if they cannot be reached."""
        where = await asyncio.to_thread(self._where, user_id)
        if where is None:
            log.info("user %s has no identity on a running channel; message not sent", user_id)
            return None
        channel, chat_id = where
        return channel if await self.channels[channel].deliver(chat_id, replies) else None
