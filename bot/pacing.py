"""An even send pace for the Telegram Bot API, as a python-telegram-bot rate limiter.

Telegram answers 429 above about 30 messages a second over all chats. Every
request to a chat takes the next free slot, one every 1/rate seconds; a slot is
counted from the slot before it, not from when the sleeper woke, so timer
overshoot does not pile up and the pace holds at the rate set (PTB's
AIORateLimiter, a leaky bucket that re-checks after each wake-up, measured 27.0
msg/s when set to 28). There is no burst: a full bucket sent at once on top of
the steady rate is what draws 429s.

A 429 still happens (another process sending with the same token): every
request then waits out its retry_after, and the one that drew it is tried
again, up to `max_retries` times.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable, Coroutine, Optional, Union

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

JSONResult = Union[bool, dict[str, Any], list[dict[str, Any]]]


class SendPacer(BaseRateLimiter[int]):
    def __init__(self, rate: float, max_retries: int = 3):
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self.max_retries = max_retries
        self._next_slot = 0.0  # loop time of the next free slot
        self._paused_until = 0.0  # after a 429: nothing goes out before this

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def _wait_for_slot(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            slot = max(now, self._next_slot, self._paused_until)
            self._next_slot = slot + self.interval
            if slot > now:
                await asyncio.sleep(slot - now)
            if loop.time() >= self._paused_until:  # not paused by a 429 while this one slept
                return

    async def _wait_out_pause(self) -> None:
        loop = asyncio.get_running_loop()
        while (left := self._paused_until - loop.time()) > 0:
            await asyncio.sleep(left)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Optional[int],
    ) -> JSONResult:
        retries = rate_limit_args or self.max_retries
        to_a_chat = data.get("chat_id") is not None  # sends and edits; not getUpdates, answerCallbackQuery…
        for attempt in range(retries + 1):
            if to_a_chat:
                await self._wait_for_slot()
            else:
                await self._wait_out_pause()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                # Every send waits it out, this one's last try included.
                wait = exc._retry_after.total_seconds() + 0.1  # noqa: SLF001 (PTB's own limiter reads it so too)
                log.info("Telegram asked to slow down (%s): pausing all sends for %.1f s", endpoint, wait)
                loop = asyncio.get_running_loop()
                self._paused_until = max(self._paused_until, loop.time() + wait)
                if attempt == retries:
                    raise
        raise AssertionError("unreachable")
