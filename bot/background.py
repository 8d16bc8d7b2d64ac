"""Background tasks (a poller, the outbox's sweeper, the scheduler's leadership loop): how they stop."""

from __future__ import annotations

import asyncio
from typing import Optional


async def cancel(task: Optional[asyncio.Task]) -> None:
    """Stop a background task and wait until it has stopped; what it raised on the way is not ours."""
    if task is None:
        return
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
