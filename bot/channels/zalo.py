"""Zalo adapter: translates between the Zalo Bot API (raw httpx) and the core. No business logic.

The API (see README and the notes it cites): `POST <root>/bot<token>/<method>` with JSON, answers
`{"ok", "result", "error_code", "description"}`. No buttons, no documents, 2,000 characters per
message. `getUpdates` returns ONE update, or HTTP 408 when there is nothing new, and takes no offset:
the same update may come again, so each carries its message_id as the key the core de-duplicates on.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Any, Literal, Optional

import httpx
from aiohttp import web
from pydantic import Field

from bot import texts
from bot.background import cancel
from bot.channels.base import BaseChannel, BotApiSettings
from bot.events import Incoming, Refused, Reply
from bot.rendering import render, split_text, utf16_len

log = logging.getLogger(__name__)
CHANNEL = "zalo"
MAX_TEXT = 2000
SECRET_HEADER = "X-Bot-Api-Secret-Token"
TYPING_AFTER = 0.5  # seconds of work before the person sees "typing…"
SEND_ATTEMPTS = 4


class ZaloSettings(BotApiSettings):
    bot_token: Optional[str] = Field(default=None, alias="ZALO_BOT_TOKEN")
    api_base_url: str = Field(default="https://bot-api.zaloplatforms.com", alias="ZALO_API_BASE_URL")
    # Long polling by default (development); a webhook in production. The two exclude each other.
    mode: Literal["polling", "webhook"] = Field(default="polling", alias="ZALO_MODE")
    webhook_path: str = Field(default="/zalo/webhook", alias="ZALO_WEBHOOK_PATH")
    webhook_secret: Optional[str] = Field(default=None, alias="ZALO_WEBHOOK_SECRET")
    poll_timeout: int = Field(default=30, alias="ZALO_POLL_TIMEOUT")
    # At most one poll per this many seconds: getUpdates may answer at once, again and again.
    poll_interval: float = Field(default=1.0, alias="ZALO_POLL_INTERVAL")
    # First wait after a Zalo error, doubled on each failure (x5 after a 429), at most a minute.
    retry_seconds: float = Field(default=1.0, alias="ZALO_RETRY_SECONDS")

    def problem(self) -> Optional[str]:
        if self.webhook and not (self.webhook_secret and 8 <= len(self.webhook_secret) <= 256):
            return "ZALO_WEBHOOK_SECRET: 8 to 256 characters (webhook mode)"
        return None


class ZaloError(Exception):
    """Zalo answered, and said no."""

    def __init__(self, code: int, description: str):
        super().__init__(f"{code} {description}")
        self.code, self.description = code, description


class Unauthorized(ZaloError):
    pass


class ZaloApi:
    """The Bot API's calls; the token lives only in the URL, which is never logged."""

    def __init__(self, root: str, token: str, client: httpx.AsyncClient):
        self._url = f"{root.rstrip('/')}/bot{token}/"
        self.client = client

    async def call(self, method: str, payload: Optional[dict] = None, timeout: Optional[float] = None) -> Any:
        extra = {"timeout": httpx.Timeout(timeout, connect=10.0)} if timeout else {}
        response = await self.client.post(self._url + method, json=payload or {}, **extra)
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code == 200 and isinstance(body, dict) and body.get("ok"):
            return body.get("result")
        code = int(body.get("error_code") or response.status_code) if isinstance(body, dict) else response.status_code
        description = str(body.get("description") or response.reason_phrase) if isinstance(body, dict) else ""
        raise (Unauthorized if code == 401 else ZaloError)(code, description)


def to_incoming(update: dict) -> Optional[Incoming]:
    """The neutral event for one Zalo update (the `result` object), or None if it is not for us."""
    if not isinstance(update, dict):
        return None
    message = update.get("message") or {}
    chat, sender = message.get("chat") or {}, message.get("from") or {}
    if str(chat.get("chat_type", "PRIVATE")).upper() != "PRIVATE" or sender.get("is_bot"):
        return None  # the bot works in private chats only
    chat_id = str(chat.get("id") or sender.get("id") or "")
    if not chat_id:
        return None
    sender_id = str(sender.get("id") or chat_id)
    name = sender.get("display_name") or sender.get("name") or ""
    key = str(message["message_id"]) if message.get("message_id") else None
    sent_at = _when(message.get("date"))
    if update.get("event_name") == "message.text.received" and isinstance(message.get("text"), str):
        return Incoming(CHANNEL, chat_id, sender_id, name, text=message["text"], update_key=key, sent_at=sent_at)
    # Images, stickers, voice, and "unsupported" (content withheld for protected users).
    return Incoming(CHANNEL, chat_id, sender_id, name, has_attachment=True, update_key=key, sent_at=sent_at)


def _when(milliseconds: Any) -> Optional[dt.datetime]:
    """Zalo's message time (milliseconds since 1970), or None when absent or odd."""
    if isinstance(milliseconds, bool) or not isinstance(milliseconds, (int, float)) or milliseconds <= 0:
        return None
    try:
        when = dt.datetime.fromtimestamp(milliseconds / 1000, dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
    return when if 2000 <= when.year <= 2200 else None  # a date no clock gives: unknown


def backoff(failures: int, base: float, cap: float) -> float:
    return min(cap, base * 2 ** max(failures - 1, 0))


class ZaloChannel(BaseChannel):
    name = CHANNEL
    Settings = ZaloSettings
    secret_header = SECRET_HEADER
    slow_after = TYPING_AFTER

    def __init__(self, settings, dispatcher, links=None, outbox=None):
        super().__init__(settings, dispatcher, links, outbox)
        self.retry_base, self.retry_cap = self.config.retry_seconds, 60.0
        self.client: Optional[httpx.AsyncClient] = None
        self.api: Optional[ZaloApi] = None
        self.stopped_because: Optional[str] = None  # set when the adapter gave up (bad token)
        self._poller: Optional[asyncio.Task] = None

    # --- lifecycle --------------------------------------------------------
    async def start(self, listen: bool = True) -> None:
        """Open the client; `listen=False` only sends (e.g. `main.py jobs`), polling nothing."""
        c = self.config
        if c.problem():
            raise ValueError(c.problem())
        self.client = httpx.AsyncClient(timeout=httpx.Timeout(20.0, connect=10.0))
        self.api = ZaloApi(c.api_base_url, c.bot_token, self.client)
        try:
            me = await self.api.call("getMe")
            log.info("Zalo bot %s ready (%s)", (me or {}).get("account_name", "?"), c.mode)
        except Unauthorized:
            self._give_up()
            return
        except (ZaloError, httpx.HTTPError) as exc:  # the poll loop retries; a webhook needs nothing now
            log.warning("Zalo getMe failed (%s); carrying on", _describe(exc))
        if c.mode == "polling" and listen:
            self._poller = asyncio.create_task(self._poll_forever(), name="zalo-poll")

    @property
    def running(self) -> bool:
        if self.client is None or self.stopped_because is not None:
            return False
        return self.config.mode == "webhook" or (self._poller is not None and not self._poller.done())

    async def stop(self) -> None:
        await cancel(self._poller)
        self._poller = None
        await super().stop()  # let messages being answered finish
        if self.client is not None:
            await self.client.aclose()
            self.client = None

    def _give_up(self) -> None:
        self.stopped_because = "token refused (401)"
        log.error("Zalo refused the bot token (401: invalid or reset). The Zalo adapter is stopped; "
                  "set a valid ZALO_BOT_TOKEN and restart.")

    # --- incoming ---------------------------------------------------------
    async def _poll_forever(self) -> None:
        c, loop = self.config, asyncio.get_running_loop()
        failures = 0
        while True:
            started = loop.time()
            try:
                update = await self.api.call("getUpdates", {"timeout": str(c.poll_timeout)},
                                             timeout=c.poll_timeout + 10)
                failures = 0
                self.accept(update)
            except Unauthorized:
                self._give_up()
                return
            except ZaloError as exc:
                if exc.code == 408:  # nothing new: the normal answer to an idle long poll
                    failures = 0
                else:
                    failures += 1
                    delay = backoff(failures, self.retry_base * (5 if exc.code == 429 else 1), self.retry_cap)
                    log.warning("Zalo getUpdates failed (%s); next poll in %.0f s", _describe(exc), delay)
                    await asyncio.sleep(delay)
            except httpx.HTTPError as exc:
                failures += 1
                delay = backoff(failures, self.retry_base, self.retry_cap)
                log.warning("Zalo unreachable (%s); next poll in %.0f s", _describe(exc), delay)
                await asyncio.sleep(delay)
            # getUpdates may answer at once, again and again: at most one poll per interval.
            await asyncio.sleep(max(0.0, c.poll_interval - (loop.time() - started)))

    def accept(self, update: Any) -> bool:
        """Take one update (polled or posted) and answer it in the background."""
        event = to_incoming(update)
        if event is None:
            return False
        self.spawn(event)
        return True

    async def take_posted(self, body: Any) -> web.Response:
        update = body.get("result", body) if isinstance(body, dict) else None
        self.accept(update)
        return web.json_response({"ok": True})

    def refusal(self, status: int, reason: str) -> web.Response:
        return web.json_response({"ok": False, "description": reason}, status=status)

    async def show_working(self, chat_id: str) -> None:
        try:
            await self.api.call("sendChatAction", {"chat_id": chat_id, "action": "typing"})
        except (ZaloError, httpx.HTTPError):
            pass

    # --- outgoing ---------------------------------------------------------
    async def transmit(self, chat_id: str, reply: Reply) -> Optional[dt.datetime]:
        """One reply as text messages; a failure is temporary (reminders are retried later). Returns
        the date Zalo gave the last of them."""
        taken = None
        for piece in await self.pieces(reply):
            taken = await self._send_text(chat_id, piece)
        return _when(taken.get("date")) if isinstance(taken, dict) else None

    async def pieces(self, reply: Reply) -> list[str]:
        text = render(reply, file_line=False)
        if reply.file is not None:
            if self.links is not None and self.links.enabled:
                url = await asyncio.to_thread(self.links.offer, reply.file)
                note = texts.FILE_LINK.format(name=reply.file.filename, url=url, hours=self.links.hours)
            else:
                note = texts.FILE_NOT_ON_ZALO.format(name=reply.file.filename)
            if reply.file.caption and reply.file.caption not in text:
                note = f"{reply.file.caption}\n{note}"
            text = f"{text}\n\n{note}" if text else note
        return split_text(text, MAX_TEXT, utf16_len) if text.strip() else []

    async def _send_text(self, chat_id: str, text: str) -> dict:
        """Zalo's answer ({"message_id", "date"}) once it took the text. Raises `Refused` when Zalo said
        no (or was never reached), `ConnectionError` when it may have taken the text without saying."""
        failures = 0
        while True:
            try:
                taken = await self.api.call("sendMessage", {"chat_id": chat_id, "text": text})
                return taken if isinstance(taken, dict) else {}
            except Unauthorized:
                self._give_up()
                raise Refused("the Zalo token was refused") from None
            except ZaloError as exc:
                # Zalo answered with an error: the message was not sent, so trying again cannot double it.
                retry = exc.code == 429 or exc.code == 403 or exc.code >= 500
                failures += 1
                if not retry or failures >= SEND_ATTEMPTS:
                    log.warning("Zalo did not take a message (%s); not sent", _describe(exc))
                    raise Refused(_describe(exc)) from None
                delay = backoff(failures, self.retry_base * (5 if exc.code == 429 else 1), self.retry_cap)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                # The request never left: safe to try again.
                failures += 1
                if failures >= SEND_ATTEMPTS:
                    log.warning("Zalo unreachable (%s); a message was not sent", _describe(exc))
                    raise Refused(_describe(exc)) from None
                delay = backoff(failures, self.retry_base, self.retry_cap)
            except httpx.HTTPError as exc:
                # It may have reached Zalo (there is no idempotency key): not acknowledged, so the outbox
                # sends it again later. A doubled message beats a lost one.
                log.warning("a Zalo message may not have arrived (%s); the outbox will send it again",
                            _describe(exc))
                raise ConnectionError("Zalo may have taken the message") from None
            await asyncio.sleep(delay)


def _describe(exc: Exception) -> str:
    """An error, without the request URL (it holds the token)."""
    if isinstance(exc, ZaloError):
        return f"{exc.code} {exc.description}"
    return type(exc).__name__
