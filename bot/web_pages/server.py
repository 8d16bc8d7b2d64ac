"""The officials' pages on the bot's aiohttp server: only behind a signed link, read-only, rate-limited.

    /web/<token>/                 the summary (/tonghop's figures)
    /web/<token>/tiendo           progress, every unit (?trang_thai=submitted|approved|returned|draft|none)
    /web/<token>/xa/<unit>        one unit's report
    /web/<token>/chitieu[/<code>] the indicators; one across units
    /web/<token>/danhsach         nominees (rule problems, the council's decisions), role models
    /web/<token>/tep[/<file>]     the files: a file is made then, and handed over by a signed download link
    /web/static/trang.css         the stylesheet (no data)

`?ky=<round code>` picks another round. A token not ours answers 403, an expired one 410, each a page
in Vietnamese with no data; GET and HEAD only (else 405); at most WEB_PAGES_PER_MINUTE pages a minute
per link (else 429). Every answer carries the security headers; nothing of a request (its path holds
the token) is logged.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import time
from collections import deque
from typing import Any, Callable, Optional
from zoneinfo import ZoneInfo

from aiohttp import web
from sqlalchemy.engine import Engine

from bot import texts
from bot.logs import log_failure
from bot.settings import Settings
from bot.web_pages import files, html
from bot.web_pages.pages import View, indicator_page, indicators_page, progress_page, summary_page
from bot.web_pages.signing import PREFIX, WebLinks
from bot.web_pages.unit_pages import lists_page, unit_page
from storage import lookup
from storage.figures import Scope
from storage.db import transaction
from storage.models import Unit

log = logging.getLogger(__name__)

HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
                                "form-action 'none'; frame-ancestors 'none'"),
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}
STATUSES = ("none", "draft", "submitted", "returned", "approved")


LINK_TOKEN = re.compile(r"[0-9]{1,12}\.[0-9]{1,12}\.[0-9a-f]{1,64}")  # unit.expires.signature (signing.py)

class Refusal(Exception):
    def __init__(self, status: int, title: str, text: str):
        super().__init__(status)
        self.status, self.title, self.text = status, title, text


def refusal_page(status: int, title: str, text: str, root: str = "../") -> web.Response:
    body = html.page(title, html.tag("p", text), root=root)
    return web.Response(status=status, text=body, content_type="text/html", charset="utf-8", headers=HEADERS)


class RateLimit:
    """At most `per_minute` pages a minute for each link (by its token), in this process."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic):
        self.per_minute, self.clock = per_minute, clock
        self.seen: dict[str, deque] = {}

    def allow(self, key: str) -> bool:
        now = self.clock()
        times = self.seen.setdefault(key, deque())
        while times and times[0] <= now - 60:
            times.popleft()
        if len(self.seen) > 10000:  # forget the links idle for a minute
            for old in [k for k, t in self.seen.items() if not t or t[-1] <= now - 60]:
                del self.seen[old]
        if len(times) >= self.per_minute:
            return False
        times.append(now)
        return True


class WebPages:
    """Serves the pages over `engine`; `downloads` (bot/web.py's DownloadLinks) hands the files over."""

    def __init__(self, settings: Settings, engine: Engine, downloads, links: Optional[WebLinks] = None):
        self.engine, self.downloads = engine, downloads
        self.links = links or WebLinks(settings)
        self.tz = ZoneInfo(settings.tz)
        self.limit = RateLimit(settings.web_pages_per_minute)

    def install(self, app: web.Application) -> None:
        app.router.add_get(PREFIX + "static/trang.css", self.style)
        app.router.add_get(PREFIX + "{token}/{rest:.*}", self.serve)
        app.router.add_route("*", PREFIX + "{tail:.*}", self.read_only)

    async def style(self, _request: web.Request) -> web.Response:
        return web.Response(text=html.STYLE, content_type="text/css", charset="utf-8",
                            headers={**HEADERS, "Cache-Control": "max-age=3600"})

    async def read_only(self, request: web.Request) -> web.Response:
        """Anything but a page: a link without its last "/" (sent on to it), else a write (405)."""
        tail = request.match_info["tail"]
        if request.method in ("GET", "HEAD"):
            if LINK_TOKEN.fullmatch(tail):  # only a link's own shape: never a redirect to another host
                raise web.HTTPFound(location=f"{tail}/", headers=HEADERS)
            return refusal_page(404, texts.WEB_NOT_FOUND_TITLE, texts.WEB_NOT_FOUND, "./")
        response = refusal_page(405, texts.WEB_READ_ONLY_TITLE, texts.WEB_READ_ONLY)
        response.headers["Allow"] = "GET, HEAD"
        return response

    async def serve(self, request: web.Request) -> web.StreamResponse:
        rest = request.match_info["rest"]
        root = "../" * rest.count("/") or "./"
        opened = self.links.open(request.match_info["token"])
        if opened.refused == 410:
            log.info("web page refused: expired link")
            return refusal_page(410, texts.WEB_EXPIRED_TITLE, texts.WEB_EXPIRED, root)
        if opened.refused is not None:
            log.info("web page refused: a link not signed by this bot")
            return refusal_page(403, texts.WEB_FORBIDDEN_TITLE, texts.WEB_FORBIDDEN, root)
        if "bot" in request.headers.get("User-Agent", "").lower():
            # A chat's link preview (TelegramBot fetches every link a message holds) or a crawler: the
            # pages are for a person's browser; the figures never go to the chat platform's servers.
            log.info("web page refused: a link preview or crawler (unit %s)", opened.unit_id)
            return refusal_page(403, texts.WEB_TITLE, texts.WEB_NO_PREVIEW, root)
        if not self.limit.allow(request.match_info["token"]):
            log.info("web page refused: too many pages a minute for one link (unit %s)", opened.unit_id)
            return refusal_page(429, texts.WEB_TOO_MANY_TITLE, texts.WEB_TOO_MANY, root)
        wanted = {k: request.query.get(k, "")[:40] for k in ("ky", "trang_thai")}
        try:
            kind, result = await asyncio.to_thread(self._render, opened.unit_id, opened.expires, rest, root, wanted)
        except Refusal as refused:
            return refusal_page(refused.status, refused.title, refused.text, root)
        except Exception:  # noqa: BLE001 - a page that fails says so, never with a traceback
            log_failure(log, "web page failed (unit %s)", opened.unit_id)
            return refusal_page(500, texts.WEB_TITLE, texts.WEB_BUSY, root)
        if kind == "file":  # handed over by a signed download link, kept after this transaction
            raise web.HTTPSeeOther(location=await asyncio.to_thread(self.downloads.offer, result), headers=HEADERS)
        return web.Response(text=result, content_type="text/html", charset="utf-8", headers=HEADERS)

    def _render(self, unit_id: int, expires: int, rest: str, root: str, wanted: dict[str, str]) -> tuple[str, Any]:
        """("page", its HTML) or ("file", an OutFile): in one transaction that reads only."""
        now = dt.datetime.now(self.tz)
        not_found = Refusal(404, texts.WEB_NOT_FOUND_TITLE, texts.WEB_NOT_FOUND)
        with transaction(self.engine) as session:
            unit = session.get(Unit, unit_id)
            if unit is None:
                raise Refusal(403, texts.WEB_FORBIDDEN_TITLE, texts.WEB_FORBIDDEN)
            rounds = lookup.find_round(session, wanted["ky"])
            round_ = rounds[0] if rounds else None
            if round_ is None:
                raise Refusal(404, texts.WEB_NOT_FOUND_TITLE, texts.WEB_NO_ROUND)
            query = f"?ky={round_.code}" if wanted["ky"] else ""
            view = View(Scope(session, round_, self.tz, unit.id), unit, now, root, query)
            parts = rest.split("/")
            page, arg = parts[0], "/".join(parts[1:])
            if page == "" and not arg:
                title, body = texts.WEB_SUMMARY_TITLE, summary_page(view)
            elif page == "tiendo" and not arg:
                status = wanted["trang_thai"] if wanted["trang_thai"] in STATUSES else ""
                title, body = texts.WEB_PROGRESS_TITLE, progress_page(view, status)
            elif page == "xa" and arg:
                found = lookup.reporting_unit(session, arg, unit.id)
                if found is None:
                    raise not_found
                title, body = texts.unit_name(found), unit_page(view, found)
            elif page == "chitieu" and not arg:
                title, body = texts.WEB_INDICATORS_TITLE, indicators_page(view)
            elif page == "chitieu":
                ind = next((i for i in view.scope.indicators if i.code == arg and not i.award), None)
                if ind is None:
                    raise not_found
                title, body = ind.name + (f" ({ind.unit})" if ind.unit else ""), indicator_page(view, ind)
            elif page == "danhsach" and not arg:
                title, body = texts.WEB_LISTS_TITLE, lists_page(view)
            elif page == "tep" and not arg:
                title, body = texts.WEB_FILES_TITLE, files.files_page(view, self.downloads.hours)
            elif page == "tep" and arg in texts.WEB_FILES:
                made = files.make(view, arg)
                if made is None:
                    raise Refusal(404, texts.WEB_FILES_TITLE, texts.WEB_FILE_NONE)
                return "file", made
            else:
                raise not_found
            scope_line = texts.WEB_SCOPE.format(unit=texts.unit_name(unit), round=round_.name,
                                                deadline=texts.date_vn(round_.deadline))
            until = texts.WEB_UNTIL.format(until=texts.datetime_vn(dt.datetime.fromtimestamp(expires, self.tz)))
            until += " " + texts.WEB_MADE_AT.format(at=texts.datetime_vn(now))
            return "page", html.page(title, body, root=root, active=page,
                                     scope_line=scope_line, until=until, query=query)



def alone(settings: Settings, engine: Engine):
    """The bot's HTTP server with only the pages, the downloads they hand over and /healthz (no channel)."""
    from bot.web import DownloadLinks, WebServer
    from bot.web_pages.signing import channel_tokens

    server = WebServer(settings)
    downloads = DownloadLinks(settings, engine, list(reversed(channel_tokens(settings))))
    server.serve_downloads(downloads)
    server.serve_pages(WebPages(settings, engine, downloads))
    server.serve_health(engine, [])
    return server


async def serve_alone(settings: Settings, engine: Engine) -> int:
    """`main.py web`: the pages alone on HTTP_LISTEN:HTTP_PORT, until SIGINT or SIGTERM."""
    import signal

    from bot.web import settle_after_start

    server = alone(settings, engine)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await server.start()
    settle_after_start()
    try:
        await stop.wait()
    finally:
        await server.stop()
    return 0


def serve_beside(settings: Settings, engine: Engine) -> bool:
    """The pages in a thread of their own, beside a chat that owns the main thread (the terminal demo);
    False when the port is taken (the chat goes on without them)."""
    import threading

    started, failed = threading.Event(), []

    def run() -> None:
        loop = asyncio.new_event_loop()
        server = alone(settings, engine)
        try:
            loop.run_until_complete(server.start())
        except OSError as exc:
            failed.append(exc)
            return
        finally:
            started.set()
        loop.run_forever()

    threading.Thread(target=run, name="web-pages", daemon=True).start()
    started.wait(10)
    return started.is_set() and not failed
