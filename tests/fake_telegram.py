"""A fake Telegram Bot API server for tests, served over real HTTP on 127.0.0.1.

python-telegram-bot (PTB) talks to it exactly as it talks to api.telegram.org::

    fake = FakeTelegram()
    await fake.start()
    app = fake.application_builder().build()          # or ApplicationBuilder()
    #   .token(fake.token).base_url(f"{fake.root}/bot").base_file_url(f"{fake.root}/file/bot")
    app.add_handler(...)
    async with fake.running(app):                      # initialize, start, start_polling
        replies = await fake.send_and_wait(42, "/start")
    await fake.stop()

Requests arrive as ``POST {root}/bot<token>/<method>`` (form-encoded, multipart when
uploading, or JSON) and file downloads as ``GET {root}/file/bot<token>/<file_path>``.

Behaviour that mirrors the real Bot API (so the bot's own bugs surface in tests):

* ``getUpdates`` is a real long poll; ``offset`` confirms updates; a second concurrent
  ``getUpdates`` terminates the first with 409 Conflict; 409 as well while a webhook is set.
* Users are private chats with ``chat_id == user id``; message ids are counted per chat,
  shared by the user's and the bot's messages.
* ``parse_mode`` HTML / MarkdownV2 / Markdown is parsed: ``SentMessage.text`` is the plain
  text the user sees (``raw_text`` keeps what the bot sent), and with ``strict=True`` (the
  default) malformed markup is a 400 "can't parse entities" like Telegram's.
* With ``strict=True``: empty or too long texts, callback_data over 64 bytes, editing a
  message that does not exist, and edits that change nothing ("message is not modified")
  are 400 Bad Request.
* ``editMessageText`` / ``editMessageCaption`` without ``reply_markup`` remove the inline
  keyboard, as Telegram does.
* Only an *inline* keyboard is echoed back in the returned Message's ``reply_markup``.
* A user's document (``push_document``) is fetched as with Telegram: ``getFile`` gives its
  ``file_path`` (400 "file is too big" over 20 MB), then ``GET /file/bot<token>/<file_path>``;
  ``fail_next("getFile")`` and ``fail_next("file")`` make either step fail.

Use the instance from the event-loop thread that started it (pushes from other threads are
tolerated but not locked).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import html
import itertools
import json
import math
import mimetypes
import re
import socket
import threading
import time
import zlib
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, ClientTimeout, web

__all__ = ["FakeTelegram", "SentMessage", "UploadedFile"]

DEFAULT_TOKEN = "123456:TEST-TOKEN"
DEFAULT_FIRST_NAME = "Người dùng"

# Form values that hold JSON-serialised objects (PTB json.dumps them).
_JSON_KEYS = frozenset(
    {
        "reply_markup", "entities", "caption_entities", "allowed_updates", "commands",
        "scope", "link_preview_options", "reply_parameters", "media", "results", "options",
        "permissions", "menu_button", "message_ids", "reaction", "rights",
    }
)
# Form values that are free text: never coerced to int/bool.
_TEXT_KEYS = frozenset(
    {
        "text", "caption", "description", "short_description", "name", "title", "url",
        "query", "callback_query_id", "inline_message_id", "secret_token", "language_code",
        "parse_mode", "action", "ip_address", "emoji", "question", "explanation",
        "document", "photo", "audio", "video", "voice", "sticker", "animation", "file_id",
        "business_connection_id", "message_effect_id", "switch_pm_text",
    }
)
_SEND_PREFIXES = ("send", "edit", "copy", "forward")
_MAX_TEXT = 4096
_MAX_CAPTION = 1024
_MAX_CALLBACK_DATA = 64
DOWNLOAD_LIMIT = 20 * 1024 * 1024  # getFile refuses bigger files ("file is too big")


# --------------------------------------------------------------------------------------
# public data types
# --------------------------------------------------------------------------------------


@dataclass
class UploadedFile:
    """A file part of a multipart request (as recorded in ``FakeTelegram.calls``)."""

    filename: str | None
    data: bytes
    content_type: str | None = None

    def __repr__(self) -> str:
        return f"UploadedFile({self.filename!r}, {len(self.data)} bytes, {self.content_type!r})"


@dataclass
class SentMessage:
    """A message the bot sent, as it currently stands (edits applied).

    ``text`` is the plain text the user sees (markup removed); for documents/photos it is
    the caption or "". ``buttons`` are the inline keyboard rows as ``(text, callback_data)``
    (``url`` for URL buttons, ``None`` for other kinds). ``keyboard`` holds the texts of a
    reply keyboard, if one was sent.
    """

    chat_id: int | str
    message_id: int
    kind: str  # "text" | "document" | "photo"
    text: str
    buttons: list[list[tuple[str, str | None]]] = field(default_factory=list)
    filename: str | None = None
    data: bytes | None = None
    caption: str | None = None
    edited: bool = False
    edit_count: int = 0
    deleted: bool = False
    raw_text: str | None = None
    parse_mode: str | None = None
    reply_markup: dict | None = None
    keyboard: list[list[str]] = field(default_factory=list)
    mime_type: str | None = None
    file_id: str | None = None
    raw: dict = field(default_factory=dict, repr=False)

    @property
    def button_texts(self) -> list[str]:
        return [text for row in self.buttons for text, _ in row]

    def describe(self) -> str:
        flags = []
        if self.edited:
            flags.append(f"edited x{self.edit_count}")
        if self.deleted:
            flags.append("deleted")
        head = f"#{self.message_id} [{self.kind}{', ' + ', '.join(flags) if flags else ''}]"
        if self.kind != "text":
            head += f" {self.filename!r} ({len(self.data or b'')} bytes)"
        body = f" {self.text!r}" if self.text else ""
        kb = f" buttons={self.buttons}" if self.buttons else ""
        rk = f" keyboard={self.keyboard}" if self.keyboard else ""
        return head + body + kb + rk


class _UpdateId(int):
    """An update id that may also be awaited (``await fake.push_text(...)`` works too)."""

    def __await__(self):  # noqa: D105
        if False:  # pragma: no cover - makes this a generator
            yield
        return int(self)


class _ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


class _ParseError(Exception):
    pass


@dataclass
class _Queued:
    update_id: int
    payload: dict
    delivered: bool = False


@dataclass
class _Failure:
    status: int
    retry_after: int
    description: str | None


@dataclass
class _Chat:
    chat_id: int | str
    next_message_id: int = 1
    messages: list[SentMessage] = field(default_factory=list)  # bot messages, in order
    by_id: dict[int, SentMessage] = field(default_factory=dict)
    user: dict | None = None
    cursor: int = 0  # for next_reply
    transcript: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------
# markup parsing (HTML / MarkdownV2 / Markdown) -> plain text
# --------------------------------------------------------------------------------------

_HTML_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
     "code", "pre", "blockquote", "tg-emoji", "tg-time"}
)
_TAG_RE = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[a-zA-Z_:-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>"
)
_ENTITY_RE = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


def _boff(s: str, i: int) -> int:
    return len(s[:i].encode("utf-8"))


def _parse_html(s: str) -> str:
    out: list[str] = []
    stack: list[tuple[str, int]] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c == "<":
            m = _TAG_RE.match(s, i)
            if not m:
                raise _ParseError(f'Unsupported start tag "" at byte offset {_boff(s, i)}')
            closing, name, attrs = m.group(1) == "/", m.group(2).lower(), m.group(3)
            if closing:
                if not stack or stack[-1][0] != name:
                    raise _ParseError(f"Unexpected end tag at byte offset {_boff(s, i)}")
                stack.pop()
            else:
                if name not in _HTML_TAGS:
                    raise _ParseError(
                        f'Unsupported start tag "{name}" at byte offset {_boff(s, i)}'
                    )
                if name == "span" and "tg-spoiler" not in attrs:
                    raise _ParseError(
                        f'Tag "span" must have class "tg-spoiler" at byte offset {_boff(s, i)}'
                    )
                stack.append((name, i))
            i = m.end()
            continue
        if c == "&":
            m = _ENTITY_RE.match(s, i)
            if m:
                out.append(html.unescape(m.group(0)))
                i = m.end()
                continue
        out.append(c)
        i += 1
    if stack:
        raise _ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return "".join(out)


_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")


def _parse_markdown(s: str, v2: bool) -> str:
    out: list[str] = []
    stack: list[tuple[str, int]] = []
    i, n = 0, len(s)

    def find_close(start: int, marker: str) -> int:
        j = start
        while j < n:
            if s[j] == "\\" and j + 1 < n:
                j += 2
                continue
            if s.startswith(marker, j):
                return j
            j += 1
        raise _ParseError(f"Can't find end of the entity starting at byte offset {_boff(s, i)}")

    def unescape(chunk: str) -> str:
        return re.sub(r"\\(.)", r"\1", chunk, flags=re.S) if v2 else chunk

    def toggle(marker: str) -> None:
        if stack and stack[-1][0] == marker:
            stack.pop()
        else:
            stack.append((marker, i))

    while i < n:
        c = s[i]
        if c == "\\" and i + 1 < n and (v2 or s[i + 1] in "_*`["):
            out.append(s[i + 1])
            i += 2
            continue
        if s.startswith("```", i):
            j = find_close(i + 3, "```")
            body = s[i + 3 : j]
            first, nl, rest = body.partition("\n")
            if nl and first and not re.search(r"\s", first):
                body = rest  # language specifier
            out.append(unescape(body))
            i = j + 3
            continue
        if c == "`":
            j = find_close(i + 1, "`")
            out.append(unescape(s[i + 1 : j]))
            i = j + 1
            continue
        if c == "[" or (v2 and s.startswith("![", i)):
            stack.append(("[", i))
            i += 2 if c == "!" else 1
            continue
        if c == "]" and stack and stack[-1][0] == "[":
            if s.startswith("(", i + 1):
                j = find_close(i + 2, ")")
                stack.pop()
                i = j + 1
                continue
            if v2:
                raise _ParseError(
                    "Character ']' is reserved and must be escaped with the preceding '\\'"
                )
        if v2 and s.startswith("||", i):
            toggle("||")
            i += 2
            continue
        if v2 and s.startswith("__", i):
            toggle("__")
            i += 2
            continue
        if c in ("*_~" if v2 else "*_"):
            toggle(c)
            i += 1
            continue
        if v2 and c == ">" and (i == 0 or s[i - 1] == "\n"):
            i += 1  # block quote
            continue
        if v2 and c in _MDV2_RESERVED:
            raise _ParseError(
                f"Character '{c}' is reserved and must be escaped with the preceding '\\'"
            )
        out.append(c)
        i += 1
    if stack:
        raise _ParseError(
            f"Can't find end of the entity starting at byte offset {_boff(s, stack[-1][1])}"
        )
    return "".join(out)


def _plain_text(text: str, parse_mode: str | None) -> str:
    """Return the user-visible text; raise _ParseError on malformed markup."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return _parse_html(text)
    if mode == "markdownv2":
        return _parse_markdown(text, v2=True)
    if mode == "markdown":
        return _parse_markdown(text, v2=False)
    return text


def _utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


# --------------------------------------------------------------------------------------
# the server
# --------------------------------------------------------------------------------------


class FakeTelegram:
    """In-process fake of the Telegram Bot API (see the module docstring)."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        strict: bool = True,
        bot_username: str = "fake_test_bot",
        bot_first_name: str = "Fake Bot",
        webhook_delivery: bool = True,
    ) -> None:
        self.token = token
        self.strict = strict
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.webhook_delivery = webhook_delivery
        try:
            self.bot_id = int(token.split(":", 1)[0])
        except ValueError:
            self.bot_id = 123456

        # inspection
        self.calls: list[tuple[str, dict]] = []
        self.unknown_methods: list[str] = []
        self.unauthorized: list[str] = []  # methods called with a wrong token (not in calls)
        self.failures: list[tuple[str, dict, int, str]] = []  # (method, params, status, desc)
        self.server_errors: list[str] = []
        self.callback_answers: dict[str, dict] = {}
        self.commands: dict[str, list[dict]] = {}
        self.webhook: dict | None = None
        self.webhook_errors: list[str] = []
        self.rate_limited_count = 0

        # state
        self._chats: dict[int | str, _Chat] = {}
        self._queue: list[_Queued] = []
        self._next_update_id = 1000
        self._files: dict[str, tuple[str, bytes, dict]] = {}  # file_id -> (path, data, obj)
        self._files_by_path: dict[str, bytes] = {}
        self._file_counter = itertools.count(1)
        self._cbq_chat: dict[str, int | str] = {}
        self._failures: dict[str, deque[_Failure]] = {}
        self._holds: dict[str, int] = {}  # method -> how many of its next calls hang
        self._carried: set[str] = set()  # methods whose held calls are carried out before they hang
        self.held: list[tuple[str, dict]] = []  # calls hanging now (their answer never comes)
        self._release: asyncio.Event | None = None
        self._blocked: set[int | str] = set()
        self._rate_global: float | None = None
        self._rate_chat: float | None = None
        self._sent_times: deque[float] = deque()
        # Monotonic times of the sends accepted (for benchmarks' rates).
        self.accepted_send_times: list[float] = []
        self._sent_times_chat: dict[int | str, deque[float]] = {}
        self._poll_generation = 0

        # plumbing
        self._waiters: list[asyncio.Future] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._closing = False
        self._webhook_task: asyncio.Task | None = None
        self._session: ClientSession | None = None

        self._methods: dict[str, Callable[[dict], Awaitable[Any]]] = {
            name.lower(): getattr(self, f"_m_{name}")
            for name in (
                "getMe", "getUpdates", "sendMessage", "editMessageText",
                "editMessageReplyMarkup", "editMessageCaption", "deleteMessage",
                "answerCallbackQuery", "sendDocument", "sendPhoto", "getFile",
                "sendChatAction", "setWebhook", "deleteWebhook", "getWebhookInfo",
                "setMyCommands", "deleteMyCommands", "getMyCommands", "getChat",
                "logOut", "close",
            )
        }

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> FakeTelegram:
        if self._runner is not None:
            raise RuntimeError("FakeTelegram already started")
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._closing = False
        app = web.Application(client_max_size=100 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(
            app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None
        )
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        site = web.SockSite(self._runner, sock)
        await site.start()
        if self.webhook_delivery:
            self._webhook_task = asyncio.create_task(self._webhook_worker())
        return self

    async def stop(self) -> None:
        self._closing = True
        self._notify()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._webhook_task
            self._webhook_task = None
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeTelegram not started")
        return self._port

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.root}/file/bot"

    # ------------------------------------------------------------------ PTB helpers

    def bot(self, **kwargs: Any):
        """A ``telegram.Bot`` pointed at this server (not initialised)."""
        from telegram import Bot

        return Bot(self.token, base_url=self.base_url, base_file_url=self.base_file_url, **kwargs)

    def application_builder(self):
        """A ``telegram.ext.ApplicationBuilder`` with token and URLs filled in."""
        from telegram.ext import ApplicationBuilder

        return (
            ApplicationBuilder()
            .token(self.token)
            .base_url(self.base_url)
            .base_file_url(self.base_file_url)
        )

    @contextlib.asynccontextmanager
    async def running(self, app: Any, *, poll_timeout: int = 1) -> AsyncIterator[Any]:
        """``async with fake.running(app):`` initialise, start and poll; stop cleanly after."""
        async with app:
            await app.start()
            try:
                await app.updater.start_polling(poll_interval=0, timeout=poll_timeout)
                try:
                    yield app
                finally:
                    if app.updater.running:
                        await app.updater.stop()
            finally:
                if app.running:
                    await app.stop()

    # ------------------------------------------------------------------ notification

    def _notify(self) -> None:
        loop = self._loop
        if loop is not None and threading.get_ident() != self._loop_thread:
            loop.call_soon_threadsafe(self._notify_now)
        else:
            self._notify_now()

    def _notify_now(self) -> None:
        waiters, self._waiters = self._waiters, []
        for fut in waiters:
            if not fut.done():
                fut.set_result(None)

    async def _wait_change(self, timeout: float) -> None:
        fut = asyncio.get_running_loop().create_future()
        self._waiters.append(fut)
        try:
            await asyncio.wait({fut}, timeout=max(timeout, 0))
        finally:
            if not fut.done():
                fut.cancel()
            with contextlib.suppress(ValueError):
                self._waiters.remove(fut)

    async def wait_for(
        self, predicate: Callable[[], Any], timeout: float = 10.0, what: str | None = None
    ) -> Any:
        """Wait until ``predicate()`` is truthy (re-checked after every server event).

        Returns the truthy value. On timeout raises AssertionError with ``what`` and a dump.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = predicate()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {what or predicate!r}\n"
                    + self.dump()
                )
            await self._wait_change(remaining)

    # ------------------------------------------------------------------ chats & users

    @staticmethod
    def _chat_key(chat_id: Any) -> int | str:
        if isinstance(chat_id, bool):
            return int(chat_id)
        if isinstance(chat_id, int):
            return chat_id
        try:
            return int(str(chat_id))
        except ValueError:
            return str(chat_id)

    def _chat(self, chat_id: Any) -> _Chat:
        key = self._chat_key(chat_id)
        chat = self._chats.get(key)
        if chat is None:
            chat = self._chats[key] = _Chat(key)
        return chat

    def set_user(
        self,
        chat_id: int,
        first_name: str = DEFAULT_FIRST_NAME,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> dict:
        """Set the Telegram user behind a private chat (used by all later pushes)."""
        user: dict[str, Any] = {"id": int(chat_id), "is_bot": False, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self._chat(chat_id).user = user
        return dict(user)

    def _user(self, chat_id: Any, first_name: str | None = None) -> dict:
        chat = self._chat(chat_id)
        if chat.user is None or (first_name and chat.user.get("first_name") != first_name):
            base = dict(chat.user or {"id": self._user_id(chat.chat_id), "is_bot": False})
            base["first_name"] = first_name or DEFAULT_FIRST_NAME
            chat.user = base
        return dict(chat.user)

    @staticmethod
    def _user_id(key: int | str) -> int:
        return key if isinstance(key, int) else zlib.crc32(str(key).encode()) + 1

    def _chat_dict(self, chat_id: Any) -> dict:
        key = self._chat_key(chat_id)
        if isinstance(key, str):
            name = key.lstrip("@")
            return {"id": -1000000000000 - zlib.crc32(name.encode()), "type": "channel",
                    "title": name, "username": name}
        if key < -1000000000000:
            return {"id": key, "type": "supergroup", "title": f"Test supergroup {key}"}
        if key < 0:
            return {"id": key, "type": "group", "title": f"Test group {key}"}
        user = self._user(key)
        d = {"id": key, "type": "private", "first_name": user["first_name"]}
        for k in ("last_name", "username"):
            if k in user:
                d[k] = user[k]
        return d

    def _bot_user(self) -> dict:
        return {"id": self.bot_id, "is_bot": True, "first_name": self.bot_first_name,
                "username": self.bot_username}

    # ------------------------------------------------------------------ pushing updates

    def _new_update_id(self, update_id: int | None) -> int:
        if update_id is None:
            self._next_update_id += 1
            return self._next_update_id
        self._next_update_id = max(self._next_update_id, int(update_id))
        return int(update_id)

    def _enqueue(self, payload: dict, chat_id: Any | None) -> _UpdateId:
        if chat_id is not None:
            chat = self._chat(chat_id)
            chat.cursor = len(chat.messages)
        self._queue.append(_Queued(payload["update_id"], payload))
        self._notify()
        return _UpdateId(payload["update_id"])

    def push_update(self, raw: dict) -> int:
        """Queue any raw update dict (an ``update_id`` is assigned if missing)."""
        payload = copy.deepcopy(raw)
        payload["update_id"] = self._new_update_id(payload.get("update_id"))
        chat_id = None
        for key in ("message", "edited_message", "channel_post", "my_chat_member",
                    "chat_member"):
            if isinstance(payload.get(key), dict) and "chat" in payload[key]:
                chat_id = payload[key]["chat"].get("id")
                break
        else:
            cbq = payload.get("callback_query")
            if isinstance(cbq, dict) and isinstance(cbq.get("message"), dict):
                chat_id = cbq["message"].get("chat", {}).get("id")
        if chat_id is not None:
            self._chat(chat_id).transcript.append(f"user: <raw update {sorted(payload)}>")
        return self._enqueue(payload, chat_id)

    def _user_message(self, chat_id: int, first_name: str | None, **fields: Any) -> dict:
        chat = self._chat(chat_id)
        user = self._user(chat_id, first_name)
        msg = {
            "message_id": chat.next_message_id,
            "date": int(time.time()),
            "chat": self._chat_dict(chat_id),
            "from": user,
        }
        chat.next_message_id += 1
        msg.update(fields)
        return msg

    def push_text(
        self,
        chat_id: int,
        text: str,
        first_name: str | None = None,
        update_id: int | None = None,
    ) -> int:
        """Queue a text message from user ``chat_id``; returns its update_id.

        A text starting with "/" gets a ``bot_command`` entity covering the command word.
        The returned int may also be awaited. Pass ``update_id`` to deliver a duplicate.
        """
        fields: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            word = text.split(maxsplit=1)[0] if text.strip() else text
            fields["entities"] = [{"type": "bot_command", "offset": 0,
                                   "length": _utf16_len(word)}]
        msg = self._user_message(chat_id, first_name, **fields)
        self._chat(chat_id).transcript.append(f"user #{msg['message_id']}: {text!r}")
        return self._enqueue(
            {"update_id": self._new_update_id(update_id), "message": msg}, chat_id
        )

    def _store_file(self, kind: str, filename: str | None, data: bytes,
                    mime_type: str | None) -> tuple[str, dict]:
        n = next(self._file_counter)
        ext = ""
        if filename and "." in filename:
            ext = "." + filename.rsplit(".", 1)[1]
        elif kind == "photos":
            ext = ".jpg"
        path = f"{kind}/file_{n}{ext}"
        file_id = f"FAKE{kind[:3].upper()}{n:06d}-{zlib.crc32(data):08x}"
        obj: dict[str, Any] = {"file_id": file_id, "file_unique_id": f"U{n:06d}",
                               "file_size": len(data)}
        if kind == "photos":
            obj.update(width=800, height=600)
        else:
            if filename:
                obj["file_name"] = filename
            obj["mime_type"] = mime_type or (
                mimetypes.guess_type(filename or "")[0] or "application/octet-stream"
            )
        self._files[file_id] = (path, data, obj)
        self._files_by_path[path] = data
        return file_id, obj

    def push_document(
        self,
        chat_id: int,
        filename: str,
        data: bytes,
        caption: str | None = None,
        *,
        mime_type: str | None = None,
        first_name: str | None = None,
        update_id: int | None = None,
    ) -> int:
        """Queue a message with a document from the user; getFile + download resolve it."""
        _, obj = self._store_file("documents", filename, data, mime_type)
        fields: dict[str, Any] = {"document": dict(obj)}
        if caption is not None:
            fields["caption"] = caption
        msg = self._user_message(chat_id, first_name, **fields)
        self._chat(chat_id).transcript.append(
            f"user #{msg['message_id']}: document {filename!r} ({len(data)} bytes)"
        )
        return self._enqueue(
            {"update_id": self._new_update_id(update_id), "message": msg}, chat_id
        )

    def push_photo(
        self,
        chat_id: int,
        data: bytes,
        caption: str | None = None,
        *,
        first_name: str | None = None,
        update_id: int | None = None,
    ) -> int:
        """Queue a photo message from the user (one PhotoSize, downloadable)."""
        _, obj = self._store_file("photos", None, data, "image/jpeg")
        fields: dict[str, Any] = {"photo": [dict(obj)]}
        if caption is not None:
            fields["caption"] = caption
        msg = self._user_message(chat_id, first_name, **fields)
        self._chat(chat_id).transcript.append(
            f"user #{msg['message_id']}: photo ({len(data)} bytes)"
        )
        return self._enqueue(
            {"update_id": self._new_update_id(update_id), "message": msg}, chat_id
        )

    def callback_query_id(self, update_id: int) -> str:
        """The callback query id used for the callback update ``update_id``."""
        return f"cbq{int(update_id)}"

    def push_callback(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        update_id: int | None = None,
    ) -> int:
        """Queue a button press on bot message ``message_id``; returns the update_id.

        The callback's ``message`` is the stored message as it is now (text, keyboard).
        Its query id is ``callback_query_id(update_id)``.
        """
        chat = self._chat(chat_id)
        msg = chat.by_id.get(int(message_id))
        if msg is None:
            raise AssertionError(
                f"push_callback: chat {chat_id} has no bot message #{message_id}\n"
                + self.dump(chat_id)
            )
        uid = self._new_update_id(update_id)
        if msg.deleted:
            message = {"chat": self._chat_dict(chat_id), "message_id": msg.message_id,
                       "date": 0}
        else:
            message = copy.deepcopy(msg.raw)
        cbq = {
            "id": self.callback_query_id(uid),
            "from": self._user(chat_id),
            "chat_instance": f"ci{self._user_id(chat.chat_id)}",
            "message": message,
            "data": data,
        }
        self._cbq_chat[cbq["id"]] = chat.chat_id
        chat.transcript.append(f"user presses {data!r} on #{message_id}")
        return self._enqueue({"update_id": uid, "callback_query": cbq}, chat_id)

    def find_button(
        self, chat_id: int, text: str, message_id: int | None = None
    ) -> tuple[int, str | None]:
        """``(message_id, callback_data)`` of the newest button labelled ``text``.

        Exact label match first, then substring. Raises AssertionError if none.
        """
        chat = self._chat(chat_id)
        candidates = [m for m in reversed(chat.messages) if not m.deleted]
        if message_id is not None:
            candidates = [m for m in candidates if m.message_id == message_id]
        for exact in (True, False):
            for m in candidates:
                for row in m.buttons:
                    for label, data in row:
                        if (label == text) if exact else (text in label):
                            return m.message_id, data
        raise AssertionError(f"no button {text!r} in chat {chat_id}\n" + self.dump(chat_id))

    # ------------------------------------------------------------------ inspection

    def count(self, chat_id: int) -> int:
        """Number of messages the bot has sent to the chat (deleted ones included)."""
        return len(self._chat(chat_id).messages)

    def bot_messages(self, chat_id: int) -> list[SentMessage]:
        """Snapshots of all bot messages in the chat, oldest first, edits applied."""
        return copy.deepcopy(self._chat(chat_id).messages)

    def message(self, chat_id: int, message_id: int) -> SentMessage:
        """Snapshot of one bot message (KeyError if unknown)."""
        return copy.deepcopy(self._chat(chat_id).by_id[int(message_id)])

    def last_message(self, chat_id: int) -> SentMessage:
        msgs = self._chat(chat_id).messages
        if not msgs:
            raise AssertionError(f"chat {chat_id} received nothing\n" + self.dump(chat_id))
        return copy.deepcopy(msgs[-1])

    def calls_of(self, method: str) -> list[dict]:
        """Params of every call of ``method`` (case-insensitive), oldest first."""
        low = method.lower()
        return [p for m, p in self.calls if m.lower() == low]

    def callback_answered(self, update_id: int) -> dict | None:
        """answerCallbackQuery params for the callback update ``update_id``, or None."""
        return self.callback_answers.get(self.callback_query_id(update_id))

    def pending_updates(self) -> int:
        return len(self._queue)

    def assert_no_unknown_methods(self) -> None:
        if self.unknown_methods:
            raise AssertionError(f"bot called unsupported methods: {self.unknown_methods}")

    def assert_no_server_errors(self) -> None:
        if self.server_errors:
            raise AssertionError("fake server errors:\n" + "\n".join(self.server_errors))

    def transcript(self, chat_id: int) -> str:
        return "\n".join(self._chat(chat_id).transcript)

    def dump(self, chat_id: int | None = None) -> str:
        """Readable state: bot messages and transcript per chat, recent failures."""
        keys = [self._chat_key(chat_id)] if chat_id is not None else list(self._chats)
        lines: list[str] = []
        for key in keys:
            chat = self._chats.get(key)
            if chat is None:
                lines.append(f"chat {key}: never seen")
                continue
            lines.append(f"chat {key}: {len(chat.messages)} bot message(s)")
            lines.extend(f"  {m.describe()}" for m in chat.messages)
            if chat.transcript:
                lines.append("  transcript:")
                lines.extend(f"    {t}" for t in chat.transcript[-30:])
        if self.failures:
            lines.append("error replies (last 10):")
            lines.extend(
                f"  {m} -> {st} {desc}" for m, _, st, desc in self.failures[-10:]
            )
        if self.unknown_methods:
            lines.append(f"unknown methods: {self.unknown_methods}")
        if self.server_errors:
            lines.append(f"fake server errors: {self.server_errors[-5:]}")
        non_poll = [m for m, _ in self.calls if m.lower() != "getupdates"]
        lines.append(f"last calls: {non_poll[-15:]}")
        return "\n".join(lines)

    # ------------------------------------------------------------------ waiting

    async def wait_for_messages(
        self, chat_id: int, count: int, timeout: float = 10.0
    ) -> list[SentMessage]:
        """Wait until the chat has at least ``count`` bot messages; return them all."""
        chat = self._chat(chat_id)
        await self.wait_for(
            lambda: len(chat.messages) >= count,
            timeout,
            f"{count} bot message(s) in chat {chat_id}",
        )
        return self.bot_messages(chat_id)

    async def next_reply(self, chat_id: int, timeout: float = 10.0) -> SentMessage:
        """The next bot message after the last push to this chat.

        Every push to the chat sets a cursor to the current message count; each call
        returns the message at the cursor (waiting for it) and advances the cursor.
        """
        chat = self._chat(chat_id)
        idx = chat.cursor
        msgs = await self.wait_for_messages(chat_id, idx + 1, timeout)
        chat.cursor = idx + 1
        return msgs[idx]

    async def send_and_wait(
        self,
        chat_id: int,
        text: str,
        expect: int = 1,
        timeout: float = 10.0,
        first_name: str | None = None,
    ) -> list[SentMessage]:
        """Push a text and return the bot messages sent after it (waits for ``expect``)."""
        n = self.count(chat_id)
        self.push_text(chat_id, text, first_name=first_name)
        msgs = await self.wait_for_messages(chat_id, n + expect, timeout)
        return msgs[n:]

    async def press_and_wait(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        expect: int = 1,
        timeout: float = 10.0,
    ) -> list[SentMessage]:
        """Press a button and return the new bot messages (waits for ``expect``).

        With ``expect=0`` it waits until the callback query has been answered instead
        (useful when the press only edits the message).
        """
        n = self.count(chat_id)
        uid = self.push_callback(chat_id, message_id, data)
        if expect == 0:
            await self.wait_for(
                lambda: self.callback_answered(uid) is not None,
                timeout,
                f"answerCallbackQuery for {data!r} on #{message_id} in chat {chat_id}",
            )
            return self.bot_messages(chat_id)[n:]
        msgs = await self.wait_for_messages(chat_id, n + expect, timeout)
        return msgs[n:]

    async def wait_for_edit(
        self, chat_id: int, message_id: int, edits: int = 1, timeout: float = 10.0
    ) -> SentMessage:
        """Wait until the message has been edited at least ``edits`` times in total."""
        chat = self._chat(chat_id)
        await self.wait_for(
            lambda: (m := chat.by_id.get(int(message_id))) is not None
            and m.edit_count >= edits,
            timeout,
            f"edit #{edits} of message #{message_id} in chat {chat_id}",
        )
        return self.message(chat_id, message_id)

    async def assert_quiet(self, chat_id: int, count: int, duration: float = 0.3) -> None:
        """Assert the chat still has exactly ``count`` bot messages after ``duration`` s."""
        await asyncio.sleep(duration)
        got = self.count(chat_id)
        if got != count:
            raise AssertionError(
                f"chat {chat_id}: expected {count} bot message(s), got {got}\n"
                + self.dump(chat_id)
            )

    # ------------------------------------------------------------------ error injection

    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int = 1,
        times: int = 1,
        description: str | None = None,
    ) -> None:
        """The next ``times`` calls of ``method`` fail with ``status``.

        429 -> "Too Many Requests: retry after N" + parameters.retry_after (PTB RetryAfter);
        403 -> "Forbidden: bot was blocked by the user"; 500/502/400/others likewise.
        ``method="*"`` matches every method except getUpdates.
        """
        q = self._failures.setdefault(method.lower(), deque())
        for _ in range(times):
            q.append(_Failure(status, retry_after, description))

    def hold_next(self, method: str, times: int = 1, carried_out: bool = False) -> None:
        """The next ``times`` calls of ``method`` hang without an answer (the request reached the
        server; whether it was carried out, the caller never learns) until ``release_held``.
        ``carried_out``: they are (the message is on the phone), and only the answer is lost."""
        self._holds[method.lower()] = self._holds.get(method.lower(), 0) + times
        if carried_out:
            self._carried.add(method.lower())
        else:
            self._carried.discard(method.lower())

    def release_held(self) -> None:
        """Answer the hanging calls with a 502 (as a proxy would after its time-out)."""
        if self._release is not None:
            self._release.set()

    def block(self, chat_id: int, blocked: bool = True) -> None:
        """Sends/edits to this chat answer 403 "Forbidden: bot was blocked by the user"."""
        key = self._chat_key(chat_id)
        if blocked:
            self._blocked.add(key)
        else:
            self._blocked.discard(key)

    def rate_limit(
        self, per_second: float | None, *, per_chat_per_second: float | None = None
    ) -> None:
        """Answer 429 to send*/edit*/copy*/forward* calls above these rates (None = off)."""
        self._rate_global = per_second
        self._rate_chat = per_chat_per_second
        self._sent_times.clear()
        self._sent_times_chat.clear()

    @staticmethod
    def _error_for(f: _Failure) -> _ApiError:
        if f.status == 429:
            return _ApiError(
                429,
                f.description or f"Too Many Requests: retry after {f.retry_after}",
                {"retry_after": f.retry_after},
            )
        default = {
            400: "Bad Request: injected error",
            401: "Unauthorized",
            403: "Forbidden: bot was blocked by the user",
            404: "Not Found",
            409: "Conflict: terminated by other getUpdates request",
            500: "Internal Server Error",
            502: "Bad Gateway",
        }.get(f.status, f"Error {f.status}")
        return _ApiError(f.status, f.description or default)

    def _check_rate(self, key: int | str | None) -> None:
        now = time.monotonic()

        def check(window: deque[float], rate: float) -> float | None:
            span = max(1.0, 1.0 / rate)
            cap = max(1, int(round(rate * span)))
            while window and window[0] <= now - span:
                window.popleft()
            if len(window) >= cap:
                return window[0] + span - now
            return None

        waits = []
        if self._rate_global:
            waits.append(check(self._sent_times, self._rate_global))
        chat_window = None
        if self._rate_chat and key is not None:
            chat_window = self._sent_times_chat.setdefault(key, deque())
            waits.append(check(chat_window, self._rate_chat))
        wait = max((w for w in waits if w is not None), default=None)
        if wait is not None:
            self.rate_limited_count += 1
            ra = max(1, math.ceil(wait))
            raise _ApiError(429, f"Too Many Requests: retry after {ra}", {"retry_after": ra})
        if self._rate_global:
            self._sent_times.append(now)
        if chat_window is not None:
            chat_window.append(now)

    def _inject(self, method: str, params: dict) -> None:
        low = method.lower()
        for key in (low, "*"):
            if key == "*" and low == "getupdates":
                continue
            q = self._failures.get(key)
            if q:
                raise self._error_for(q.popleft())
        if low.startswith(_SEND_PREFIXES):
            key = self._chat_key(params["chat_id"]) if "chat_id" in params else None
            if key is not None and key in self._blocked:
                raise _ApiError(403, "Forbidden: bot was blocked by the user")
            if self._rate_global or self._rate_chat:
                self._check_rate(key)
            self.accepted_send_times.append(time.monotonic())

    # ------------------------------------------------------------------ HTTP layer

    @staticmethod
    def _reply(status: int, body: dict) -> web.Response:
        return web.Response(
            status=status,
            body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
            content_type="application/json",
        )

    def _error_reply(self, err: _ApiError) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": err.status,
                                "description": err.description}
        if err.parameters:
            body["parameters"] = err.parameters
        return self._reply(err.status, body)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        try:
            if path.startswith("/file/bot"):
                return await self._handle_file(request, path[len("/file/bot"):])
            if path.startswith("/bot"):
                token, _, method = path[len("/bot"):].partition("/")
                if token != self.token:
                    self.unauthorized.append(method)
                    return self._error_reply(_ApiError(401, "Unauthorized"))
                return await self._handle_api(request, method)
            return self._error_reply(_ApiError(404, "Not Found"))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug in the fake: make it visible
            self.server_errors.append(f"{request.method} {path}: {exc!r}")
            return self._error_reply(_ApiError(500, f"Internal Server Error: {exc!r}"))

    async def _handle_file(self, request: web.Request, rest: str) -> web.StreamResponse:
        token, _, file_path = rest.partition("/")
        if token != self.token:
            return self._error_reply(_ApiError(401, "Unauthorized"))
        data = self._files_by_path.get(file_path)
        self.calls.append(("GET file", {"file_path": file_path}))
        failures = self._failures.get("file")  # fail_next("file"): the next download fails
        if failures:
            err = self._error_for(failures.popleft())
            self.failures.append(("GET file", {"file_path": file_path}, err.status, err.description))
            return self._error_reply(err)
        if data is None:
            return self._error_reply(_ApiError(404, "Not Found"))
        return web.Response(body=data, content_type="application/octet-stream")

    @staticmethod
    def _coerce(key: str, value: str) -> Any:
        if key in _JSON_KEYS:
            try:
                return json.loads(value)
            except ValueError:
                return value
        if key in _TEXT_KEYS:
            return value
        if value in ("true", "false"):
            return value == "true"
        if re.fullmatch(r"-?\d+", value):
            return int(value)
        if re.fullmatch(r"-?\d+\.\d*", value):
            return float(value)
        return value

    async def _read_params(self, request: web.Request) -> dict:
        params: dict[str, Any] = {k: self._coerce(k, v) for k, v in request.query.items()}
        ctype = request.content_type
        if ctype == "application/json":
            raw = await request.read()
            if raw.strip():
                body = json.loads(raw)
                if not isinstance(body, dict):
                    raise _ApiError(400, "Bad Request: JSON body must be an object")
                params.update(body)
        elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    params[key] = UploadedFile(
                        value.filename, value.file.read(), value.content_type
                    )
                else:
                    params[key] = self._coerce(key, value)
        return params

    async def _handle_api(self, request: web.Request, method: str) -> web.StreamResponse:
        try:
            params = await self._read_params(request)
        except _ApiError as err:
            self.calls.append((method, {}))
            return self._error_reply(err)
        except ValueError as exc:
            self.calls.append((method, {}))
            return self._error_reply(_ApiError(400, f"Bad Request: can't parse body: {exc}"))
        self.calls.append((method, params))
        handler = self._methods.get(method.lower())
        if self._holds.get(method.lower()):
            self._holds[method.lower()] -= 1
            if method.lower() in self._carried and handler is not None:
                await handler(params)  # on the phone; the answer is what never comes
            self.held.append((method, params))
            self._release = self._release or asyncio.Event()
            self._notify()
            await self._release.wait()
            self.held.remove((method, params))
            if not self.held:
                self._release = None
            return self._error_reply(_ApiError(502, "Bad Gateway"))
        try:
            if handler is None:
                self.unknown_methods.append(method)
                raise _ApiError(404, f"Not Found: method {method}")
            self._inject(method, params)
            result = await handler(params)
        except _ApiError as err:
            self.failures.append((method, params, err.status, err.description))
            self._notify()
            return self._error_reply(err)
        self._notify()
        return self._reply(200, {"ok": True, "result": result})

    # ------------------------------------------------------------------ validation

    @staticmethod
    def _require(params: dict, *names: str) -> None:
        for name in names:
            if params.get(name) in (None, ""):
                raise _ApiError(400, f"Bad Request: {name} is empty" if name == "text"
                                else f"Bad Request: parameter \"{name}\" is required")

    def _plain(self, text: str, parse_mode: str | None) -> str:
        try:
            return _plain_text(text, parse_mode)
        except _ParseError as exc:
            if self.strict:
                raise _ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
            return text

    def _markup(self, params: dict) -> tuple[dict | None, list, list]:
        """(reply_markup to store, inline buttons, reply keyboard texts)."""
        rm = params.get("reply_markup")
        if rm is None:
            return None, [], []
        if isinstance(rm, str):
            try:
                rm = json.loads(rm)
            except ValueError:
                raise _ApiError(400, "Bad Request: can't parse reply keyboard markup JSON "
                                     "object") from None
        if not isinstance(rm, dict):
            raise _ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        buttons: list[list[tuple[str, str | None]]] = []
        keyboard: list[list[str]] = []
        if "inline_keyboard" in rm:
            for row in rm["inline_keyboard"]:
                out_row = []
                for b in row:
                    data = b.get("callback_data")
                    if self.strict:
                        if data is not None and len(str(data).encode("utf-8")) > \
                                _MAX_CALLBACK_DATA:
                            raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                        if len(b) <= 1:
                            raise _ApiError(
                                400, "Bad Request: can't parse inline keyboard button: Text "
                                     "buttons are unallowed in the inline keyboard")
                    out_row.append((b.get("text", ""), data if data is not None
                                    else b.get("url")))
                buttons.append(out_row)
        elif "keyboard" in rm:
            for row in rm["keyboard"]:
                keyboard.append([b if isinstance(b, str) else b.get("text", "") for b in row])
        return rm, buttons, keyboard

    # ------------------------------------------------------------------ storing messages

    def _new_bot_message(self, chat_id: Any, kind: str, *, text: str, raw_text: str | None,
                         parse_mode: str | None, markup: tuple, extra: dict,
                         filename: str | None = None, data: bytes | None = None,
                         caption: str | None = None, mime_type: str | None = None,
                         file_id: str | None = None) -> dict:
        chat = self._chat(chat_id)
        rm, buttons, keyboard = markup
        mid = chat.next_message_id
        chat.next_message_id += 1
        raw: dict[str, Any] = {
            "message_id": mid,
            "from": self._bot_user(),
            "chat": self._chat_dict(chat_id),
            "date": int(time.time()),
        }
        raw.update(extra)
        if rm is not None and "inline_keyboard" in rm:
            raw["reply_markup"] = rm
        sent = SentMessage(
            chat_id=chat.chat_id, message_id=mid, kind=kind, text=text, buttons=buttons,
            filename=filename, data=data, caption=caption, raw_text=raw_text,
            parse_mode=parse_mode, reply_markup=rm, keyboard=keyboard, mime_type=mime_type,
            file_id=file_id, raw=raw,
        )
        chat.messages.append(sent)
        chat.by_id[mid] = sent
        chat.transcript.append(f"bot  {sent.describe()}")
        return copy.deepcopy(raw)

    def _editable(self, params: dict) -> SentMessage | None:
        """The stored message an edit refers to, or None for inline messages."""
        if params.get("inline_message_id"):
            return None
        self._require(params, "chat_id", "message_id")
        chat = self._chat(params["chat_id"])
        msg = chat.by_id.get(int(params["message_id"]))
        if msg is None or msg.deleted:
            raise _ApiError(400, "Bad Request: message to edit not found")
        return msg

    def _apply_edit(self, msg: SentMessage, changes: dict, raw_changes: dict,
                    markup: tuple) -> dict:
        rm, buttons, keyboard = markup
        new_inline = rm if rm is not None and "inline_keyboard" in rm else None

        def rendered(text: Any, raw_text: Any, parse_mode: Any) -> tuple:
            # what the user sees: plain text plus (roughly) its formatting
            return (text, raw_text, parse_mode) if raw_text != text else (text, None, None)

        if "text" in changes:
            unchanged = rendered(msg.text, msg.raw_text, msg.parse_mode) == rendered(
                changes["text"], changes.get("raw_text"), changes.get("parse_mode"))
        else:
            unchanged = True
        unchanged = unchanged and msg.raw.get("reply_markup") == new_inline
        if unchanged and self.strict:
            raise _ApiError(
                400, "Bad Request: message is not modified: specified new message content "
                     "and reply markup are exactly the same as a current content and reply "
                     "markup of the message")
        for k, v in changes.items():
            setattr(msg, k, v)
        raw = copy.deepcopy(msg.raw)
        for k, v in raw_changes.items():
            if v is None:
                raw.pop(k, None)
            else:
                raw[k] = v
        raw["edit_date"] = int(time.time())
        if new_inline is not None:
            raw["reply_markup"] = new_inline
        else:
            raw.pop("reply_markup", None)
        msg.raw = raw
        msg.reply_markup = new_inline
        msg.buttons = buttons if new_inline is not None else []
        msg.edit_count += 1
        msg.edited = True
        self._chat(msg.chat_id).transcript.append(f"bot  edit -> {msg.describe()}")
        return copy.deepcopy(raw)

    # ------------------------------------------------------------------ API methods

    async def _m_getMe(self, p: dict) -> dict:
        return {**self._bot_user(), "can_join_groups": True,
                "can_read_all_group_messages": False, "supports_inline_queries": False}

    async def _m_getUpdates(self, p: dict) -> list[dict]:
        if self.webhook is not None:
            raise _ApiError(409, "Conflict: can't use getUpdates method while webhook is "
                                 "active; use deleteWebhook to delete the webhook first")
        offset = int(p.get("offset") or 0)
        limit = min(max(int(p.get("limit") or 100), 1), 100)
        timeout = max(float(p.get("timeout") or 0), 0.0)
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # an older long poll still waiting gets 409 below
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if self._closing:
                return []
            if generation != self._poll_generation:
                raise _ApiError(409, "Conflict: terminated by other getUpdates request; make "
                                     "sure that only one bot instance is running")
            self._confirm(offset)
            batch = [q for q in self._queue if not (q.delivered and q.update_id < offset)]
            batch = sorted(batch, key=lambda q: q.update_id)[:limit]
            remaining = deadline - loop.time()
            if batch or remaining <= 0:
                for q in batch:
                    q.delivered = True
                return [copy.deepcopy(q.payload) for q in batch]
            await self._wait_change(remaining)

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            keep = sorted(self._queue, key=lambda q: q.update_id)[offset:]
            self._queue = keep
            return
        # Updates the client has seen and confirmed are forgotten. An undelivered update
        # whose id is below the offset (a re-pushed duplicate) is still delivered once.
        self._queue = [q for q in self._queue if not (q.delivered and q.update_id < offset)]

    async def _m_sendMessage(self, p: dict) -> dict:
        self._require(p, "chat_id")
        raw_text = p.get("text")
        if raw_text in (None, ""):
            raise _ApiError(400, "Bad Request: message text is empty")
        raw_text = str(raw_text)
        text = self._plain(raw_text, p.get("parse_mode"))
        if self.strict:
            if not text.strip():
                raise _ApiError(400, "Bad Request: message text is empty")
            if _utf16_len(text) > _MAX_TEXT:
                raise _ApiError(400, "Bad Request: message is too long")
        markup = self._markup(p)
        return self._new_bot_message(
            p["chat_id"], "text", text=text, raw_text=raw_text,
            parse_mode=p.get("parse_mode"), markup=markup, extra={"text": text},
        )

    def _caption(self, p: dict) -> tuple[str | None, str | None]:
        raw = p.get("caption")
        if raw in (None, ""):
            return None, None
        raw = str(raw)
        plain = self._plain(raw, p.get("parse_mode"))
        if self.strict and _utf16_len(plain) > _MAX_CAPTION:
            raise _ApiError(400, "Bad Request: message caption is too long")
        return raw, plain

    def _input_file(self, p: dict, field_name: str) -> tuple[str | None, bytes,
                                                              str | None, dict | None]:
        """(filename, data, content_type, existing file obj) for a send* file param."""
        value = p.get(field_name)
        if isinstance(value, str) and value.startswith("attach://"):
            value = p.get(value[len("attach://"):])
        if isinstance(value, UploadedFile):
            return value.filename, value.data, value.content_type, None
        if isinstance(value, str) and value:
            if value in self._files:
                path, data, obj = self._files[value]
                return obj.get("file_name") or path.rsplit("/", 1)[-1], data, \
                    obj.get("mime_type"), obj
            if value.startswith(("http://", "https://")):
                return value.rsplit("/", 1)[-1] or None, b"", None, None
            raise _ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        raise _ApiError(400, f"Bad Request: there is no {field_name} in the request")

    async def _m_sendDocument(self, p: dict) -> dict:
        self._require(p, "chat_id")
        filename, data, ctype, _ = self._input_file(p, "document")
        raw_caption, caption = self._caption(p)
        file_id, obj = self._store_file("documents", filename, data, ctype)
        extra: dict[str, Any] = {"document": obj}
        if caption is not None:
            extra["caption"] = caption
        return self._new_bot_message(
            p["chat_id"], "document", text=caption or "", raw_text=raw_caption,
            parse_mode=p.get("parse_mode"), markup=self._markup(p), extra=extra,
            filename=filename, data=data, caption=caption, mime_type=obj.get("mime_type"),
            file_id=file_id,
        )

    async def _m_sendPhoto(self, p: dict) -> dict:
        self._require(p, "chat_id")
        filename, data, ctype, _ = self._input_file(p, "photo")
        raw_caption, caption = self._caption(p)
        file_id, obj = self._store_file("photos", filename, data, ctype)
        extra: dict[str, Any] = {"photo": [obj]}
        if caption is not None:
            extra["caption"] = caption
        return self._new_bot_message(
            p["chat_id"], "photo", text=caption or "", raw_text=raw_caption,
            parse_mode=p.get("parse_mode"), markup=self._markup(p), extra=extra,
            filename=filename, data=data, caption=caption, mime_type=ctype, file_id=file_id,
        )

    async def _m_editMessageText(self, p: dict) -> dict | bool:
        raw_text = p.get("text")
        if raw_text in (None, ""):
            raise _ApiError(400, "Bad Request: message text is empty")
        raw_text = str(raw_text)
        text = self._plain(raw_text, p.get("parse_mode"))
        if self.strict and _utf16_len(text) > _MAX_TEXT:
            raise _ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        markup = self._markup(p)
        msg = self._editable(p)
        if msg is None:
            return True
        if msg.kind != "text":
            raise _ApiError(400, "Bad Request: there is no text in the message to edit")
        return self._apply_edit(
            msg, {"text": text, "raw_text": raw_text, "parse_mode": p.get("parse_mode")},
            {"text": text}, markup,
        )

    async def _m_editMessageCaption(self, p: dict) -> dict | bool:
        raw_caption, caption = self._caption(p)
        markup = self._markup(p)
        msg = self._editable(p)
        if msg is None:
            return True
        if msg.kind == "text":
            raise _ApiError(400, "Bad Request: there is no caption in the message to edit")
        raw_changes: dict[str, Any] = {"caption": caption}  # None removes it
        return self._apply_edit(
            msg, {"caption": caption, "text": caption or "", "raw_text": raw_caption,
                  "parse_mode": p.get("parse_mode")},
            raw_changes, markup,
        )

    async def _m_editMessageReplyMarkup(self, p: dict) -> dict | bool:
        markup = self._markup(p)
        msg = self._editable(p)
        if msg is None:
            return True
        return self._apply_edit(msg, {}, {}, markup)

    async def _m_deleteMessage(self, p: dict) -> bool:
        self._require(p, "chat_id", "message_id")
        chat = self._chat(p["chat_id"])
        msg = chat.by_id.get(int(p["message_id"]))
        if msg is None or msg.deleted:
            if self.strict:
                raise _ApiError(400, "Bad Request: message to delete not found")
            return True
        msg.deleted = True
        chat.transcript.append(f"bot  delete #{msg.message_id}")
        return True

    async def _m_answerCallbackQuery(self, p: dict) -> bool:
        self._require(p, "callback_query_id")
        qid = str(p["callback_query_id"])
        self.callback_answers[qid] = dict(p)
        chat_id = self._cbq_chat.get(qid)
        if chat_id is not None:
            note = f" {p.get('text')!r}" if p.get("text") else ""
            self._chat(chat_id).transcript.append(f"bot  answers callback{note}")
        return True

    async def _m_getFile(self, p: dict) -> dict:
        self._require(p, "file_id")
        entry = self._files.get(str(p["file_id"]))
        if entry is None:
            raise _ApiError(400, "Bad Request: invalid file_id")
        path, data, obj = entry
        if len(data) > DOWNLOAD_LIMIT:  # as the real Bot API: bots download files up to 20 MB
            raise _ApiError(400, "Bad Request: file is too big")
        return {"file_id": obj["file_id"], "file_unique_id": obj["file_unique_id"],
                "file_size": len(data), "file_path": path}

    async def _m_sendChatAction(self, p: dict) -> bool:
        self._require(p, "chat_id", "action")
        return True

    async def _m_getChat(self, p: dict) -> dict:
        self._require(p, "chat_id")
        d = self._chat_dict(p["chat_id"])
        d.setdefault("accent_color_id", 0)
        d.setdefault("max_reaction_count", 11)
        return d

    async def _m_setWebhook(self, p: dict) -> bool:
        url = p.get("url") or ""
        if not url:
            self.webhook = None
        else:
            self.webhook = {"url": str(url), "secret_token": p.get("secret_token"),
                            "allowed_updates": p.get("allowed_updates"),
                            "max_connections": p.get("max_connections", 40)}
        if p.get("drop_pending_updates"):
            self._queue.clear()
        return True

    async def _m_deleteWebhook(self, p: dict) -> bool:
        self.webhook = None
        if p.get("drop_pending_updates"):
            self._queue.clear()
        return True

    async def _m_getWebhookInfo(self, p: dict) -> dict:
        info: dict[str, Any] = {
            "url": self.webhook["url"] if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
        }
        if self.webhook:
            info["max_connections"] = self.webhook.get("max_connections") or 40
            if self.webhook.get("allowed_updates"):
                info["allowed_updates"] = self.webhook["allowed_updates"]
            if self.webhook_errors:
                info["last_error_date"] = int(time.time())
                info["last_error_message"] = self.webhook_errors[-1]
        return info

    @staticmethod
    def _commands_key(p: dict) -> str:
        scope = p.get("scope") or {"type": "default"}
        return json.dumps([scope, p.get("language_code") or ""], sort_keys=True)

    async def _m_setMyCommands(self, p: dict) -> bool:
        self._require(p, "commands")
        self.commands[self._commands_key(p)] = list(p["commands"])
        return True

    async def _m_deleteMyCommands(self, p: dict) -> bool:
        self.commands.pop(self._commands_key(p), None)
        return True

    async def _m_getMyCommands(self, p: dict) -> list[dict]:
        return list(self.commands.get(self._commands_key(p), []))

    async def _m_logOut(self, p: dict) -> bool:
        return True

    async def _m_close(self, p: dict) -> bool:
        return True

    # ------------------------------------------------------------------ webhook delivery

    async def _webhook_worker(self) -> None:
        """POST queued updates to the webhook URL, one at a time, like Telegram."""
        while not self._closing:
            hook = self.webhook
            if hook is None or not self._queue:
                await self._wait_change(5.0)
                continue
            q = min(self._queue, key=lambda x: x.update_id)
            headers = {}
            if hook.get("secret_token"):
                headers["X-Telegram-Bot-Api-Secret-Token"] = str(hook["secret_token"])
            try:
                if self._session is None:
                    self._session = ClientSession(timeout=ClientTimeout(total=10))
                async with self._session.post(hook["url"], json=q.payload,
                                              headers=headers) as resp:
                    ok = 200 <= resp.status < 300
                    if not ok:
                        self.webhook_errors.append(f"Wrong response from the webhook: "
                                                   f"{resp.status} {resp.reason}")
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                ok = False
                self.webhook_errors.append(f"Connection failed: {exc!r}")
            if ok:
                with contextlib.suppress(ValueError):
                    self._queue.remove(q)
                self._notify()
            else:
                await asyncio.sleep(0.5)
