"""The bot's own HTTP server (aiohttp): the channels' webhooks, signed download links, /healthz.

It listens on HTTP_LISTEN:HTTP_PORT, meant to sit behind a TLS reverse proxy
that PUBLIC_BASE_URL points at.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import hmac
import logging
import time
import urllib.parse
from typing import Awaitable, Callable, Iterable, Optional

from aiohttp import web
from sqlalchemy.engine import Engine

from bot import texts
from bot.events import OutFile
from bot.settings import Settings
from storage.db import transaction
from storage.downloads import find_download, store_download

log = logging.getLogger(__name__)


def settle_after_start() -> None:
    """Once a process serves: what it made to start (modules, the catalogue, the ORM's mappings, the channels)
    lives as long as it, so the collector's full passes stop walking it again. A page of 3,321 communes makes
    enough objects to set off a full pass, and each walked all of those (some 0.1 s a page; bench/web.py)."""
    gc.collect()
    gc.freeze()


FILES_PREFIX = "/files/"


class DownloadLinks:
    """Signed, expiring links to files: HMAC-SHA256 over the path and the expiry time."""

    def __init__(self, settings: Settings, engine: Engine, tokens: Iterable[str] = ()):
        """`tokens`: the channels' bot tokens, the key's default source when DOWNLOAD_SECRET is unset."""
        self.engine = engine
        self.base = (settings.public_base_url or "").rstrip("/")
        self.hours = settings.download_hours
        secret = settings.download_secret or "|".join(t for t in tokens if t) or settings.web_secret or ""
        # Derived, not the token itself: a leaked link key must not be a bot token.
        self.key = hashlib.sha256(b"thidua-download-links|" + secret.encode()).digest()

    @property
    def enabled(self) -> bool:
        return bool(self.base)

    def _sign(self, path: str, expires: int) -> str:
        return hmac.new(self.key, f"{path}\n{expires}".encode(), hashlib.sha256).hexdigest()

    def offer(self, file: OutFile) -> str:
        """Keep the file and return its public link (blocking: call from a thread)."""
        with transaction(self.engine) as session:
            row = store_download(session, file.filename, file.data, self.hours)
            token = row.token
        path = f"{FILES_PREFIX}{token}/{urllib.parse.quote(file.filename)}"
        expires = int(time.time()) + self.hours * 3600
        return f"{self.base}{path}?exp={expires}&sig={self._sign(path, expires)}"

    def valid(self, path: str, expires: str, signature: str) -> bool:
        if not expires.isdigit() or int(expires) < time.time():
            return False
        return hmac.compare_digest(self._sign(path, int(expires)), signature)

    async def serve(self, request: web.Request) -> web.StreamResponse:
        path = request.rel_url.raw_path
        if not self.valid(path, request.query.get("exp", ""), request.query.get("sig", "")):
            log.info("download link refused: bad signature or expired")
            return web.Response(status=403, text=texts.WEB_LINK_INVALID)
        token = request.match_info["token"]
        row = await asyncio.to_thread(self._load, token)
        if row is None:
            return web.Response(status=404, text=texts.WEB_FILE_GONE)
        filename, data = row
        quoted = urllib.parse.quote(filename)
        return web.Response(body=data, content_type="application/octet-stream",
                            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quoted}"})

    def _load(self, token: str) -> Optional[tuple[str, bytes]]:
        with transaction(self.engine) as session:
            row = find_download(session, token)
            return (row.filename, row.data) if row else None


class WebServer:
    def __init__(self, settings: Settings):
        self.host, self.port = settings.http_listen, settings.http_port
        self.app = web.Application(client_max_size=1024 * 1024)
        self._runner: Optional[web.AppRunner] = None

    def post(self, path: str, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> None:
        self.app.router.add_post(path, handler)

    def serve_downloads(self, links: DownloadLinks) -> None:
        self.app.router.add_get(FILES_PREFIX + "{token}/{name}", links.serve)

    def serve_pages(self, pages) -> None:  # bot.web_pages.server.WebPages
        """The officials' read-only pages behind their signed links (bot/web_pages/)."""
        pages.install(self.app)

    def serve_health(self, engine: Engine, channels: list) -> None:  # list[bot.channels.Channel]
        """GET /healthz: 200 when the database answers and every channel runs, else 503 (for a load balancer)."""

        def database_ok() -> bool:
            try:
                with engine.connect() as conn:
                    conn.exec_driver_sql("SELECT 1")
                return True
            except Exception:  # noqa: BLE001 - any failure means: not healthy
                log.warning("health check: database unreachable", exc_info=True)
                return False

        async def health(_request: web.Request) -> web.Response:
            try:
                database = await asyncio.wait_for(asyncio.to_thread(database_ok), timeout=5)
            except asyncio.TimeoutError:
                database = False
            running = {c.name: bool(c.running) for c in channels}
            ok = database and all(running.values())
            return web.json_response({"ok": ok, "database": database, "channels": running},
                                     status=200 if ok else 503)

        self.app.router.add_get("/healthz", health)

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self.port == 0:  # tests: the port the system chose
            self.port = site._server.sockets[0].getsockname()[1]
        log.info("HTTP server listening on %s:%s", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
