"""What every channel is to the rest of the bot, and the plumbing they share.

A channel translates between one chat provider and the neutral events of `bot.events`; nothing
else. `main.py` composes whatever channels `bot.channels.CHANNELS` lists and the settings enable:

    channel = SomeChannel(settings, dispatcher, links)   # its section: settings.section(SomeSettings)
    await channel.start()            # listen (or `start(listen=False)`: send only, e.g. `main.py jobs`)
    channel.running                  # for /healthz
    channel.sender                   # the outbound `Sender` (reminders, notices)
    channel.webhook_route()          # (path, aiohttp handler) in webhook mode, else None
    await channel.on_listening()     # once the HTTP server listens (e.g. Telegram's setWebhook)
    await channel.stop()

`BaseChannel` does what every adapter needs: one chat's messages in order (a lock per chat), the
hand-off of an `Incoming` to `Dispatcher.handle` in a worker thread, the webhook secret check, and
the ONE method every outbound reply goes through (`send_reply`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import hmac
import json
import logging
from abc import ABC, abstractmethod
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Awaitable, Callable, ClassVar, Optional, Protocol

from aiohttp import web
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.events import Incoming, Refused, Reply, Taken, Unreachable
from bot.logs import guard

if TYPE_CHECKING:
    from bot.outbox import Outbox
    from bot.settings import Settings
    from handlers.dispatcher import Dispatcher

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# The threads that handle events carrying a document: they wait for a file reader (bot/sandbox.py).
_UPLOADS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="upload")


class ChannelSettings(BaseSettings):
    """One channel's settings section, read from the environment (and `.env`) under the channel's
    own variable names (TELEGRAM_*, ZALO_*: a stable interface, never renamed).

    Built by `Settings.section(cls)`, which also passes on the values a `Settings(...)` was given.
    """

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    @property
    def enabled(self) -> bool:
        """Whether `main.py run` serves this channel (usually: it has a token)."""
        return False

    @property
    def webhook(self) -> bool:
        """Whether updates arrive on the bot's HTTP server rather than by polling."""
        return False

    def problem(self) -> Optional[str]:
        """Why the channel cannot start with these settings (shown before anything starts), or None."""
        return None

    def in_webhook_mode(self) -> "ChannelSettings":
        """This section as `main.py run --webhook` uses it."""
        return self

    @property
    def secrets(self) -> list[str]:
        """Values never to appear in a log line (tokens, webhook secrets)."""
        return []

    @property
    def token(self) -> Optional[str]:
        """The bot's credential on this channel (one of the inputs of the derived download-link key)."""
        return None


class BotApiSettings(ChannelSettings):
    """A section for a Bot API reached with a token (Telegram, Zalo): enabled by its token, polling or
    webhook by its `mode`. The subclass declares `bot_token`, `mode` and `webhook_secret` under its
    own variable names."""

    bot_token: Optional[str]
    mode: str
    webhook_secret: Optional[str]

    @property
    def enabled(self) -> bool:
        return bool(self.bot_token)

    @property
    def token(self) -> Optional[str]:
        return self.bot_token

    @property
    def webhook(self) -> bool:
        return self.enabled and self.mode == "webhook"

    def in_webhook_mode(self) -> "BotApiSettings":
        return self.model_copy(update={"mode": "webhook"})

    @property
    def secrets(self) -> list[str]:
        return [s for s in (self.bot_token, self.webhook_secret) if s]


class Channel(Protocol):
    """The interface `main.py` composes; `BaseChannel` implements it."""

    name: ClassVar[str]
    Settings: ClassVar[type[ChannelSettings]]

    @classmethod
    def enabled(cls, settings: "Settings") -> bool: ...

    async def start(self, listen: bool = True) -> None: ...

    async def stop(self) -> None: ...

    @property
    def running(self) -> bool: ...

    @property
    def sender(self) -> "ChannelSender": ...

    def webhook_route(self) -> Optional[tuple[str, Handler]]: ...

    async def on_listening(self) -> None: ...


class ChannelSender:
    """A channel's outbound `Sender` (reminders, summaries, a review's outcome): `send_reply` again.

    Raises `Unreachable` when the person blocked the bot; other exceptions are temporary failures.
    """

    def __init__(self, channel: "BaseChannel"):
        self.channel = channel

    async def send(self, channel: str, chat_id: str, reply: Reply) -> "Taken | dt.datetime | None":
        if channel != self.channel.name:
            raise ValueError(f"the {self.channel.name} sender cannot send on {channel}")
        return await self.channel.send_reply(chat_id, reply)


class BaseChannel(ABC):
    """Per-chat ordering, the hand-off to the core, the secret check, the one outbound method.

    A subclass sets `name`, `Settings` (its section class) and, for webhooks, `secret_header`; it
    implements `transmit` (one reply to the provider) and, as needed, `start`/`stop`/`running`,
    `take_posted` (one webhook body) and `refusal` (the provider's error body).
    """

    name: ClassVar[str] = ""
    Settings: ClassVar[type[ChannelSettings]] = ChannelSettings
    secret_header: ClassVar[str] = ""
    # Seconds of work on one message before `show_working` is called (None: never).
    slow_after: ClassVar[Optional[float]] = None
    # Whether people can send the bot a document here (a list filled on a computer); where they cannot,
    # the core tells them where to send it.
    takes_files: ClassVar[bool] = False

    def __init__(self, settings: "Settings", dispatcher: "Dispatcher", links: Any = None,
                 outbox: Optional["Outbox"] = None):
        self.settings, self.dispatcher, self.links = settings, dispatcher, links
        self.config = settings.section(self.Settings)
        self.log = guard(logging.getLogger(type(self).__module__))  # no payload or user text in its lines
        self._chat_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._tasks: set[asyncio.Task] = set()
        self.outbox = outbox  # the composition root's (bot/outbox.py); None: replies sent directly

    @classmethod
    def enabled(cls, settings: "Settings") -> bool:
        return settings.section(cls.Settings).enabled

    # --- lifecycle (subclasses extend) --------------------------------------
    async def start(self, listen: bool = True) -> None:
        pass

    async def stop(self) -> None:
        if self._tasks:  # let messages being answered finish
            await asyncio.wait(self._tasks, timeout=10)

    @property
    def running(self) -> bool:
        return True

    async def on_listening(self) -> None:
        pass

    # --- incoming -----------------------------------------------------------
    async def process(self, event: Incoming, after_handled: Optional[Callable[[], Awaitable[None]]] = None) -> bool:
        """Hand one event to the core and send its replies; one chat's events strictly in order.

        `after_handled` runs once the core is done, before the replies go out (Telegram answers the
        button press there). Returns whether every reply went out.
        """
        # Stamped before waiting for the chat's turn: what came in before a reply left was typed before it.
        event = dataclasses.replace(event, can_send_files=self.takes_files,
                                    received_at=event.received_at or dt.datetime.now(dt.timezone.utc))
        async with self._chat_locks[event.chat_id]:
            # Who first, then the file: a document is fetched only if its sender may send one now.
            if event.document is None or await self._wanted(event):
                event = await self.receive(event)
            replies = await self.to_core(event)
            if after_handled is not None:
                try:
                    await after_handled()
                except Exception as exc:  # noqa: BLE001 - never stands between an update and its replies
                    self.log.info("%s: a cosmetic call failed (%s)", self.name, type(exc).__name__)
            return await self.deliver(event.chat_id, replies)

    def spawn(self, event: Incoming) -> None:
        """Answer an event in the background (polled or posted updates the provider does not wait on)."""

        async def run() -> None:
            try:
                await self.process(event)
            except Exception:
                self.log.exception("error in the %s adapter", self.name)

        task = asyncio.create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def receive(self, event: Incoming) -> Incoming:
        """The event as the core needs it, in the chat's turn: a channel that takes documents fetches
        the document's bytes here (Telegram: getFile, then the download). Must not raise."""
        return event

    async def to_core(self, event: Incoming) -> list[Reply]:
        """`Dispatcher.handle` in a worker thread (it commits to the database and may take a while)."""
        if event.document is not None:  # a file read (seconds, in bot/sandbox.py) never takes a chat's thread
            work = asyncio.ensure_future(self._in_upload_thread(self.dispatcher.handle, event))
        else:
            work = asyncio.ensure_future(asyncio.to_thread(self.dispatcher.handle, event))
        if self.slow_after is not None:
            done, _ = await asyncio.wait({work}, timeout=self.slow_after)
            if not done:  # slow (a big summary, a busy database): show that something is happening
                await self.show_working(event.chat_id)
        return await work

    async def _wanted(self, event: Incoming) -> bool:
        try:
            return await self._in_upload_thread(self.dispatcher.wants_document, event) is not None
        except Exception as exc:  # noqa: BLE001 - the database is down: not fetched; the core says "thử lại sau"
            self.log.warning("%s: could not tell whether to fetch a document (%s)", self.name, type(exc).__name__)
            return False

    @staticmethod
    async def _in_upload_thread(func: Callable[[Incoming], Any], event: Incoming) -> Any:
        """`func(event)` in the uploads' own threads: however many files wait for a reader
        (bot/sandbox.py), the chats' threads (asyncio's default pool) stay free."""
        return await asyncio.get_running_loop().run_in_executor(_UPLOADS, func, event)

    async def show_working(self, chat_id: str) -> None:
        """E.g. "typing…"; must not raise."""

    # --- webhook ------------------------------------------------------------
    def webhook_route(self) -> Optional[tuple[str, Handler]]:
        """Where the bot's HTTP server takes this channel's updates, in webhook mode."""
        if not self.config.webhook:
            return None
        return self.config.webhook_path, self.webhook

    def secret_ok(self, request: web.Request) -> bool:
        given = request.headers.get(self.secret_header, "")
        return hmac.compare_digest(given.encode(), (self.config.webhook_secret or "").encode())

    async def webhook(self, request: web.Request) -> web.StreamResponse:
        """One update per POST: check the secret, queue the update, answer at once."""
        if not self.secret_ok(request):
            self.log.warning("%s webhook call refused: wrong or missing secret header", self.name)
            return self.refusal(403, "Forbidden")
        try:
            body = json.loads(await request.read())
        except ValueError:
            return self.refusal(400, "Bad JSON")
        return await self.take_posted(body)

    async def take_posted(self, body: Any) -> web.StreamResponse:
        """One posted update, for a channel that takes webhooks; one that does not refuses it."""
        self.log.warning("%s takes no webhook: a posted update refused", self.name)
        return self.refusal(404, "No webhook here")

    def refusal(self, status: int, reason: str) -> web.StreamResponse:
        return web.Response(status=status, text=reason)

    # --- outgoing -----------------------------------------------------------
    @property
    def sender(self) -> ChannelSender:
        return ChannelSender(self)

    async def deliver(self, chat_id: str, replies: list[Reply]) -> bool:
        """Answers to an update, in order; stop at the first that could not be sent (no reordering).

        Through the outbox when the composition root gave one: what is not taken now is sent again
        later, and the chat's next message waits until this one's delivery is recorded."""
        if self.outbox is not None:
            return await self.outbox.send_replies(self.name, chat_id, replies)
        for reply in replies:
            try:
                await self.send_reply(chat_id, reply)
            except Unreachable:
                self.log.warning("a %s user blocked the bot; message not delivered", self.name)
                return False
            except Exception as exc:  # noqa: BLE001 - logged; the person may ask again
                # Refused and ConnectionError are the adapter's own "not sent" (already said why); others get a trace.
                self.log.warning("a %s message was not sent (%s)", self.name, type(exc).__name__,
                                 exc_info=not isinstance(exc, (ConnectionError, Refused)))
                return False
        return True

    async def send_reply(self, chat_id: str, reply: Reply) -> "Taken | dt.datetime | None":
        """THE outbound seam: every reply of this channel goes through here, answers (`deliver`) and
        notices/reminders (`sender`) alike, both sent by the outbox (bot/outbox.py), which records
        what the channel took.

        Raises `Unreachable` when the person blocked the bot, another exception when not sent.
        Returns when the provider took it, by the provider's clock (None: it did not say).
        """
        return await self.transmit(chat_id, reply)

    @abstractmethod
    async def transmit(self, chat_id: str, reply: Reply) -> "Taken | dt.datetime | None":
        """Put one reply on the wire (the channel's own API calls, retries, splitting); returns the
        provider's time of its last message where the provider says (the person's messages carry
        times by that same clock: comparing the two needs no trust in ours). Every channel has one."""
