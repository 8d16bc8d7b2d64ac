"""Messages to a person rather than to a chat: a review's outcome, a reminder.

A person may use Telegram and Zalo (one account, linked). The message goes to
the channel they used last, among the channels this process is running.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Optional

from sqlalchemy.engine import Engine

from bot.events import Notice, Reply, Senders, Unreachable
from storage.db import transaction
from storage.people import contacts, mark_unreachable

log = logging.getLogger(__name__)


def by_user(notices: list[Notice]) -> dict[int, list[Reply]]:
    grouped: dict[int, list[Reply]] = {}
    for notice in notices:
        grouped.setdefault(notice.user_id, []).extend(notice.replies)
    return grouped


class Delivery:
    def __init__(self, engine: Engine, senders: Senders):
        self.engine = engine
        self.senders = senders

    def _where(self, user_id: int) -> Optional[tuple[str, str]]:
        with transaction(self.engine) as session:
            identity = contacts(session, [user_id], channels=self.senders.channels).get(user_id)
            return (identity.channel, identity.chat_id) if identity else None

    async def to_user(self, user_id: int, replies: list[Reply]) -> Optional[str]:
        """Send to the person; returns the channel used, or None if they could not be reached."""
        where = await asyncio.to_thread(self._where, user_id)
        if where is None:
            log.info("user %s has no identity on a running channel; message not sent", user_id)
            return None
        channel, chat_id = where
        try:
            for reply in replies:
                await self.senders.send(channel, chat_id, reply)
        except Unreachable:
            await asyncio.to_thread(self._mark_unreachable, user_id)
            return None
        except Exception as exc:  # noqa: BLE001 - the caller decides what a failed notice means
            log.warning("could not deliver to user %s on %s: %s", user_id, channel, exc)
            return None
        return channel

    def follow(self, dispatcher) -> None:
        """Deliver the notices of every handled event (committed in a worker thread: hop to the loop)."""
        loop = asyncio.get_running_loop()

        def post(notices: list[Notice]) -> None:
            for user_id, replies in by_user(notices).items():  # one task per person keeps their order
                asyncio.run_coroutine_threadsafe(self.to_user(user_id, replies), loop)

        dispatcher.outbox = post

    def _mark_unreachable(self, user_id: int) -> None:
        with transaction(self.engine) as session:
            mark_unreachable(session, [user_id])
