"""A fake Zalo Bot API server for tests, served over real HTTP on 127.0.0.1.

The bot's httpx client talks to it exactly as it talks to bot-api.zaloplatforms.com::

    fake = FakeZalo()
    await fake.start()                       # ZALO_API_BASE_URL = fake.root, ZALO_BOT_TOKEN = fake.token
    fake.push_text("u1", "Xin chào")         # a person writes to the bot
    [reply] = await fake.wait_for_messages("u1", 1)
    await fake.stop()

Requests arrive as ``POST {root}/bot<token>/<method>`` with a JSON body; answers are the
``{"ok", "result"}`` envelope, errors ``{"ok": false, "error_code", "description"}`` with the same
HTTP status. Behaviour that mirrors the real API (see the shared notes on the Zalo Bot API), so the
bot's own bugs surface in tests:

* ``getUpdates`` is a long poll (``timeout`` as a string, seconds) that returns ONE update object,
  not a list, or HTTP 408 "Request timeout" when nothing came (counted in ``idle_polls``). There is
  no offset: ``replay(message_id)`` delivers an update again, as the real server was seen to do.
* Chat ids are opaque strings; a chat exists only once its person has written (sending to any
  other id is a 400), replies go to ``chat.id``.
* ``sendMessage`` takes 1 to 2,000 characters (counted in UTF-16 units, the stricter reading);
  more, or an empty text, is a 400. There is no ``reply_markup``: buttons do not exist.
* ``sendChatAction`` answers ``{"ok": true}`` with no result.
* ``setWebhook`` wants ``secret_token`` of 8 to 256 characters and refuses private hosts
  (``webhook.err.blocked``) unless ``allow_local_webhook=True``; while a webhook is set,
  ``getUpdates`` is refused and updates are POSTed to the URL, one per request, with the header
  ``X-Bot-Api-Secret-Token``. ``getWebhookInfo`` without a webhook is a 404, as measured.
* A wrong token is a 401; an unknown method a 404, recorded in ``unknown_methods`` (tests assert
  there are none at teardown).

Error injection: ``fail_next(method, status)`` (429, 401, 500, ...), and ``drop_after_send(n)``:
the next ``n`` sendMessage calls are carried out and then the connection is cut before the answer,
as when a mobile link drops — a client that resends blindly shows the message twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import socket
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from aiohttp import ClientSession, ClientTimeout, web

__all__ = ["FakeZalo", "ZaloMessage"]

DEFAULT_TOKEN = "1234567890:zalo-TEST_token-abc"
MAX_TEXT = 2000
SECRET_HEADER = "X-Bot-Api-Secret-Token"
_PRIVATE_HOSTS = ("localhost", "127.", "10.", "192.168.", "0.0.0.0")


@dataclass
class ZaloMessage:
    """A message the bot sent."""

    chat_id: str
    message_id: str
    text: str
    date: int

    def describe(self) -> str:
        return f"{self.message_id} {self.text!r}"


@dataclass
class _Chat:
    chat_id: str
    display_name: str = "Người dùng Zalo"
    messages: list[ZaloMessage] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)


class _ApiError(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class FakeZalo:
    """In-process fake of the Zalo Bot API (see the module docstring)."""

    def __init__(self, token: str = DEFAULT_TOKEN, *, allow_local_webhook: bool = False,
                 account_name: str = "bot.ThiDuaTest"):
        self.token = token
        self.allow_local_webhook = allow_local_webhook
        self.account_name = account_name
        # inspection
        self.calls: list[tuple[str, dict]] = []
        self.unknown_methods: list[str] = []
        self.unauthorized: list[str] = []
        self.failures: list[tuple[str, int, str]] = []  # (method, status, description)
        self.server_errors: list[str] = []
        self.idle_polls = 0  # getUpdates answered 408
        self.webhook: dict | None = None
        self.webhook_responses: list[int] = []  # HTTP status of each webhook delivery
        # state
        self._chats: dict[str, _Chat] = {}
        self._queue: deque[dict] = deque()
        self._delivered: dict[str, dict] = {}  # message_id -> update, for replay
        self._ids = itertools.count(1)
        self._failures: dict[str, deque[tuple[int, str | None]]] = {}
        self._drop_after_send = 0
        # plumbing
        self._waiters: list[asyncio.Future] = []
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._closing = False
        self._webhook_task: asyncio.Task | None = None
        self._session: ClientSession | None = None

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> FakeZalo:
        self._closing = False
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        self._webhook_task = asyncio.create_task(self._webhook_worker())
        return self

    async def stop(self) -> None:
        self._closing = True
        self._notify()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._webhook_task
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    # ------------------------------------------------------------------ waiting

    def _notify(self) -> None:
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
            with contextlib.suppress(ValueError):
                self._waiters.remove(fut)

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0, what: str = "") -> Any:
        """Wait until ``predicate()`` is truthy (re-checked after every server event)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not (result := predicate()):
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate!r}\n" + self.dump())
            await self._wait_change(min(remaining, 0.2))
        return result

    async def wait_for_messages(self, chat_id: str, count: int, timeout: float = 10.0) -> list[ZaloMessage]:
        chat = self._chat(chat_id)
        await self.wait_for(lambda: len(chat.messages) >= count, timeout, f"{count} message(s) in chat {chat_id}")
        return copy.deepcopy(chat.messages)

    async def assert_quiet(self, chat_id: str, count: int, duration: float = 0.3) -> None:
        """Assert the chat still has exactly ``count`` bot messages after ``duration`` seconds."""
        await asyncio.sleep(duration)
        if self.count(chat_id) != count:
            raise AssertionError(f"chat {chat_id}: expected {count} message(s), got {self.count(chat_id)}\n"
                                 + self.dump(chat_id))

    # ------------------------------------------------------------------ people write

    def _chat(self, chat_id: str) -> _Chat:
        key = str(chat_id)
        if key not in self._chats:
            self._chats[key] = _Chat(key)
        return self._chats[key]

    def set_user(self, chat_id: str, display_name: str) -> None:
        self._chat(chat_id).display_name = display_name

    def push_event(self, chat_id: str, event_name: str, message_id: str | None = None, **fields: Any) -> str:
        """Queue one update from a person in a private chat; returns its message_id."""
        chat = self._chat(chat_id)
        message_id = message_id or f"m{next(self._ids):08x}"
        message = {"from": {"id": chat.chat_id, "display_name": chat.display_name, "is_bot": False},
                   "chat": {"id": chat.chat_id, "chat_type": "PRIVATE"},
                   "message_id": message_id, "date": int(time.time() * 1000), **fields}
        update = {"event_name": event_name, "message": message}
        chat.transcript.append(f"> {fields.get('text', event_name)!r}")
        self._queue.append(update)
        self._notify()
        return message_id

    def push_text(self, chat_id: str, text: str, message_id: str | None = None) -> str:
        return self.push_event(chat_id, "message.text.received", message_id, text=text)

    def push_raw(self, update: dict) -> None:
        """Queue an update exactly as given (a group message, an odd event...)."""
        self._queue.append(update)
        self._notify()

    def replay(self, message_id: str) -> None:
        """Deliver an already delivered update again (no offset: the real server does this)."""
        self._queue.append(copy.deepcopy(self._delivered[message_id]))
        self._notify()

    def pending_updates(self) -> int:
        return len(self._queue)

    # ------------------------------------------------------------------ inspection

    def count(self, chat_id: str) -> int:
        return len(self._chat(chat_id).messages)

    def bot_messages(self, chat_id: str) -> list[ZaloMessage]:
        return copy.deepcopy(self._chat(chat_id).messages)

    def texts(self, chat_id: str) -> list[str]:
        return [m.text for m in self._chat(chat_id).messages]

    def last_message(self, chat_id: str) -> ZaloMessage:
        messages = self._chat(chat_id).messages
        if not messages:
            raise AssertionError(f"chat {chat_id} received nothing\n" + self.dump(chat_id))
        return copy.deepcopy(messages[-1])

    def calls_of(self, method: str) -> list[dict]:
        return [p for m, p in self.calls if m == method]

    def transcript(self, chat_id: str) -> str:
        return "\n".join(self._chat(chat_id).transcript)

    def assert_no_unknown_methods(self) -> None:
        if self.unknown_methods:
            raise AssertionError(f"bot called unsupported Zalo methods: {self.unknown_methods}")

    def assert_no_server_errors(self) -> None:
        if self.server_errors:
            raise AssertionError("fake Zalo server errors:\n" + "\n".join(self.server_errors))

    def dump(self, chat_id: str | None = None) -> str:
        keys = [str(chat_id)] if chat_id is not None else list(self._chats)
        lines = []
        for key in keys:
            chat = self._chats.get(key)
            if chat is None:
                lines.append(f"chat {key}: never seen")
                continue
            lines.append(f"chat {key}: {len(chat.messages)} bot message(s); transcript:")
            lines.extend(f"  {t}" for t in chat.transcript[-30:])
        if self.failures:
            lines.append(f"error replies (last 10): {self.failures[-10:]}")
        lines.append(f"last calls: {[m for m, _ in self.calls if m != 'getUpdates'][-15:]}")
        return "\n".join(lines)

    # ------------------------------------------------------------------ error injection

    def fail_next(self, method: str, status: int = 429, times: int = 1, description: str | None = None) -> None:
        """The next ``times`` calls of ``method`` answer ``status`` (``"*"``: any method but getUpdates)."""
        queue = self._failures.setdefault(method, deque())
        queue.extend([(status, description)] * times)

    def drop_after_send(self, times: int = 1) -> None:
        """The next ``times`` sendMessage calls are delivered, then the connection is cut unanswered."""
        self._drop_after_send += times

    def _inject(self, method: str) -> None:
        for key in (method, "*"):
            if key == "*" and method == "getUpdates":
                continue
            queue = self._failures.get(key)
            if queue:
                status, description = queue.popleft()
                raise _ApiError(status, description or {
                    400: "Bad Request", 401: "Unauthorized", 403: "Internal server error",
                    404: "Not Found", 429: "Quota exceeded", 500: "Internal Server Error"}.get(status, "Error"))

    # ------------------------------------------------------------------ HTTP layer

    @staticmethod
    def _reply(status: int, body: dict) -> web.Response:
        return web.Response(status=status, body=json.dumps(body, ensure_ascii=False).encode(),
                            content_type="application/json")

    def _error(self, method: str, err: _ApiError) -> web.Response:
        self.failures.append((method, err.status, err.description))
        return self._reply(err.status, {"ok": False, "error_code": err.status, "description": err.description})

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if not path.startswith("/bot"):
            return self._error(path, _ApiError(404, "Not Found"))
        token, _, method = path[len("/bot"):].partition("/")
        if token != self.token:
            self.unauthorized.append(method)
            return self._error(method, _ApiError(401, "Unauthorized"))
        try:
            raw = await request.read()
            params = json.loads(raw) if raw.strip() else {}
            if not isinstance(params, dict):
                raise _ApiError(400, "Bad Request: body must be a JSON object")
        except ValueError:
            self.calls.append((method, {}))
            return self._error(method, _ApiError(400, "Bad Request: invalid JSON"))
        except _ApiError as err:
            self.calls.append((method, {}))
            return self._error(method, err)
        self.calls.append((method, params))
        handler = getattr(self, f"_m_{method}", None)
        try:
            if handler is None:
                self.unknown_methods.append(method)
                raise _ApiError(404, "Not Found")
            self._inject(method)
            result = await handler(params)
        except _ApiError as err:
            self._notify()
            return self._error(method, err)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug in the fake: make it visible
            self.server_errors.append(f"{method}: {exc!r}")
            return self._error(method, _ApiError(500, f"fake error {exc!r}"))
        self._notify()
        if method == "sendMessage" and self._drop_after_send:
            self._drop_after_send -= 1
            request.transport.close()  # delivered, but the answer never reaches the bot
            return web.Response(status=200)
        body = {"ok": True} if result is None else {"ok": True, "result": result}
        return self._reply(200, body)

    # ------------------------------------------------------------------ methods

    async def _m_getMe(self, p: dict) -> dict:
        return {"id": self.token.split(":")[0], "account_name": self.account_name, "account_type": "BASIC",
                "can_join_groups": False}

    async def _m_getUpdates(self, p: dict) -> dict:
        if self.webhook is not None:  # the two exclude each other; the exact real answer is unverified
            raise _ApiError(400, "Bad Request: webhook is set, call deleteWebhook first")
        timeout = float(p.get("timeout") or 30)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self._queue:
            if self._closing or loop.time() >= deadline:
                self.idle_polls += 1
                raise _ApiError(408, "Request timeout")
            await self._wait_change(deadline - loop.time())
        update = self._queue.popleft()
        self._delivered[update.get("message", {}).get("message_id", "")] = copy.deepcopy(update)
        return update

    async def _m_sendMessage(self, p: dict) -> dict:
        chat_id, text = str(p.get("chat_id") or ""), p.get("text")
        if not chat_id:
            raise _ApiError(400, "Bad Request: chat_id is required")
        if chat_id not in self._chats or not self._chats[chat_id].transcript:
            raise _ApiError(400, "Bad Request: user has not interacted with the bot")
        if not isinstance(text, str) or not text:
            raise _ApiError(400, "Bad Request: text is empty")
        if _utf16_len(text) > MAX_TEXT:
            raise _ApiError(400, f"Bad Request: text is longer than {MAX_TEXT} characters")
        unknown = set(p) - {"chat_id", "text", "parse_mode", "text_styles"}
        if unknown:
            raise _ApiError(400, f"Bad Request: unknown parameters {sorted(unknown)}")
        chat = self._chat(chat_id)
        message = ZaloMessage(chat_id, f"b{next(self._ids):08x}", text, int(time.time() * 1000))
        chat.messages.append(message)
        chat.transcript.append(f"< {text!r}")
        return {"message_id": message.message_id, "date": message.date}

    async def _m_sendChatAction(self, p: dict) -> None:
        if not p.get("chat_id") or p.get("action") not in ("typing", "upload_photo"):
            raise _ApiError(400, "Bad Request: chat_id and action are required")
        return None

    async def _m_setWebhook(self, p: dict) -> dict:
        url, secret = str(p.get("url") or ""), str(p.get("secret_token") or "")
        if not url.startswith(("https://", "http://")):
            raise _ApiError(400, "Bad Request: url is invalid")
        if not 8 <= len(secret) <= 256:
            raise _ApiError(400, "Bad Request: secret_token must be 8 to 256 characters")
        if not self.allow_local_webhook and (urlparse(url).hostname or "").startswith(_PRIVATE_HOSTS):
            raise _ApiError(400, "webhook.err.blocked")
        self.webhook = {"url": url, "secret_token": secret, "updated_at": int(time.time() * 1000)}
        self._notify()
        return {"url": url, "updated_at": self.webhook["updated_at"],
                "verification": {"ok": True, "outcome": "success", "status_code": 200, "latency_ms": 1,
                                 "hint": ""}}

    async def _m_deleteWebhook(self, p: dict) -> dict:
        self.webhook = None
        return {"url": "", "updated_at": int(time.time() * 1000)}

    async def _m_getWebhookInfo(self, p: dict) -> dict:
        if self.webhook is None:
            raise _ApiError(404, "Not Found")
        return {"url": self.webhook["url"], "updated_at": self.webhook["updated_at"]}

    # ------------------------------------------------------------------ webhook delivery

    async def _webhook_worker(self) -> None:
        """POST queued updates to the webhook, one per request, with the secret header."""
        while not self._closing:
            hook = self.webhook
            if hook is None or not self._queue:
                await self._wait_change(5.0)
                continue
            update = self._queue.popleft()
            if self._session is None:
                self._session = ClientSession(timeout=ClientTimeout(total=10))
            try:
                async with self._session.post(hook["url"], json={"ok": True, "result": update},
                                              headers={SECRET_HEADER: hook["secret_token"]}) as resp:
                    self.webhook_responses.append(resp.status)
            except asyncio.CancelledError:
                raise
            except Exception:
                self.webhook_responses.append(0)
            self._delivered[update.get("message", {}).get("message_id", "")] = copy.deepcopy(update)
            self._notify()
