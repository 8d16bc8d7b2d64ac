"""Exactly one instance runs the scheduler: the one holding a PostgreSQL advisory lock.

The lock is a session lock on a connection of its own, held for the life of
the process: if the leader dies, PostgreSQL ends its session, frees the lock,
and the next instance that retries takes over (catching up on what fell due,
the delivery ledger stopping doubles). With SQLite there is one instance:
no lock is needed.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Optional

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from bot.background import cancel

log = logging.getLogger(__name__)

# (application, schema) keys: deployments in different schemas of one database do not exclude each other.
APP_KEY = 74_680_002
SCHEMA_KEY = "hashtext(current_schema())"


class SchedulerLock:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.connection: Optional[Connection] = None

    @property
    def needed(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def acquire(self) -> bool:
        if not self.needed:
            return True
        try:
            if self.connection is None:
                # Autocommit: the connection must not sit "idle in transaction" for days.
                self.connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            return bool(self.connection.execute(text(f"SELECT pg_try_advisory_lock(:app, {SCHEMA_KEY})"),
                                                {"app": APP_KEY}).scalar())
        except Exception:  # noqa: BLE001 - database unreachable: not the leader, try again later
            log.warning("could not ask for the scheduler lock", exc_info=True)
            self._close()
            return False

    def held(self) -> bool:
        """A session lock lasts as long as its session: the connection alive means the lock is ours."""
        if not self.needed:
            return True
        if self.connection is None:
            return False
        try:
            self.connection.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001
            self._close()
            return False

    def release(self) -> None:
        if self.connection is not None:
            try:
                self.connection.execute(text(f"SELECT pg_advisory_unlock(:app, {SCHEMA_KEY})"), {"app": APP_KEY})
            except Exception:  # noqa: BLE001 - closing the session frees it anyway
                pass
        self._close()

    def _close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.invalidate()  # never back to the pool: its session may hold the lock
                self.connection.close()
            except Exception:  # noqa: BLE001
                pass
            self.connection = None


class Leadership:
    """Runs the scheduler while this instance holds the lock; otherwise asks again every `retry` seconds."""

    def __init__(self, scheduler, lock: SchedulerLock, retry: float):
        self.scheduler, self.lock, self.retry = scheduler, lock, retry
        self.leading = False
        self._told_waiting = False
        self._task: Optional[asyncio.Task] = None

    async def start(self) -> None:
        await self.step()
        if self.lock.needed:
            self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        await cancel(self._task)
        self._task = None
        if self.leading:
            self.scheduler.stop()
            self.leading = False
        await asyncio.to_thread(self.lock.release)

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.retry)
            try:
                await self.step()
            except Exception:  # noqa: BLE001 - keep trying: the scheduler must not stay orphaned
                log.exception("scheduler leadership check failed")

    async def step(self) -> None:
        if self.leading:
            if not await asyncio.to_thread(self.lock.held):
                log.warning("lost the scheduler lock (database connection gone): scheduler stopped")
                self.scheduler.stop()
                self.leading = False
            return
        if await asyncio.to_thread(self.lock.acquire):
            log.info("this instance runs the scheduler")
            self.leading, self._told_waiting = True, False
            await self.scheduler.start()
        elif not self._told_waiting:
            log.info("another instance runs the scheduler; asking again every %g s", self.retry)
            self._told_waiting = True
