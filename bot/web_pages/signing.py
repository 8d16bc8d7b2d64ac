"""Signed links to the officials' web pages: `<PUBLIC_BASE_URL>/web/<token>/`.

The token is `<unit id>.<expiry, Unix seconds>.<signature>`: an HMAC-SHA256 (cut to 128 bits) over the
unit and the expiry with a key derived from WEB_SECRET (else DOWNLOAD_SECRET, else the bot tokens). It
opens the pages of that unit and the units under it, nothing else, until it expires. No table holds it:
any instance with the same key serves it. Pure (no web server): the chat's /web, `main.py web-link` and
the server all use this one class.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from typing import Iterable, Optional

from bot.settings import Settings

PREFIX = "/web/"
SIGNATURE_CHARS = 32  # 128 bits, hex


@dataclass(frozen=True)
class Opened:
    """What a token says when it holds: whose scope, until when (Unix seconds); or why it does not."""

    unit_id: Optional[int] = None
    expires: int = 0
    refused: Optional[int] = None  # 403: not ours (tampered, malformed); 410: ours, but expired


@dataclass(frozen=True)
class Link:
    url: str
    expires: int  # Unix seconds


def channel_tokens(settings: Settings) -> list[str]:
    """The channels' bot tokens, the key's last source (as the download links' key)."""
    from bot.channels import CHANNELS  # the channels import the core; only needed here, when asked

    return [t for cls in CHANNELS if (t := getattr(settings.section(cls.Settings), "token", None))]


class WebLinks:
    """Makes and reads the pages' signed links."""

    def __init__(self, settings: Settings, tokens: Optional[Iterable[str]] = None):
        secret = settings.web_secret or settings.download_secret
        if not secret:
            secret = "|".join(channel_tokens(settings) if tokens is None else [t for t in tokens if t])
        # Derived, not the secret itself: a leaked link key is neither a bot token nor the download key.
        self.key = hashlib.sha256(b"thidua-web-pages|" + secret.encode()).digest() if secret else None
        self.base = (settings.public_base_url or "").rstrip("/")
        self.hours = settings.web_link_hours

    @property
    def enabled(self) -> bool:
        """A link can be made and opened: a public address and a key."""
        return bool(self.base) and self.key is not None

    def _sign(self, unit_id: int, expires: int) -> str:
        assert self.key is not None
        return hmac.new(self.key, f"web\n{unit_id}\n{expires}".encode(), hashlib.sha256).hexdigest()[:SIGNATURE_CHARS]

    def make(self, unit_id: int, hours: Optional[float] = None, now: Optional[float] = None) -> Link:
        """A link to the pages of that unit's scope, for `hours` (default WEB_LINK_HOURS) from `now`."""
        expires = int((time.time() if now is None else now) + (hours or self.hours) * 3600)
        token = f"{unit_id}.{expires}.{self._sign(unit_id, expires)}"
        return Link(f"{self.base}{PREFIX}{token}/", expires)

    def open(self, token: str, now: Optional[float] = None) -> Opened:
        """The token's scope when it is ours and alive; else 403 (not ours) or 410 (expired)."""
        parts = token.split(".")
        if self.key is None or len(parts) != 3 or not all(p.isdigit() and p.isascii() for p in parts[:2]) \
                or not parts[2].isascii() \
                or len(parts[0]) > 12 or len(parts[1]) > 12:
            return Opened(refused=403)
        unit_id, expires = int(parts[0]), int(parts[1])
        if not hmac.compare_digest(self._sign(unit_id, expires), parts[2]):
            return Opened(refused=403)
        if expires < (time.time() if now is None else now):
            return Opened(refused=410)
        return Opened(unit_id, expires)
