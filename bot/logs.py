"""Logging a failure without what people typed, and no line with a secret.

An exception's message may quote user input (``invalid literal for int() with
base 10: '①'``) or a statement's parameters (SQLAlchemy errors carry them).
:func:`log_failure` logs the exception's type and the traceback's frames (file,
line, function, source line) and never the message; the cause and context
chain is shown the same way. :func:`protect_logs` keeps the bot's secrets (its
tokens, the download key) out of every record, with one pattern compiled once.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from typing import Iterable, Optional

_MAX_CHAIN = 5


def describe(exc: BaseException) -> str:
    """The traceback of `exc` (and of its causes) without any exception message."""
    blocks: list[str] = []
    seen: set[int] = set()
    current: Optional[BaseException] = exc
    while current is not None and id(current) not in seen and len(blocks) < _MAX_CHAIN:
        seen.add(id(current))
        frames = "".join(traceback.format_list(traceback.extract_tb(current.__traceback__)))
        kind = type(current)
        name = kind.__qualname__
        if kind.__module__ not in ("builtins", "__main__"):
            name = f"{kind.__module__}.{name}"
        blocks.append(f"Traceback (most recent call last):\n{frames}{name} (message not logged)")
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return "\n\nduring or because of:\n".join(blocks)


def log_failure(logger: logging.Logger, message: str, *args: object, level: int = logging.ERROR,
                exc: Optional[BaseException] = None) -> None:
    """Like ``logger.exception(message, *args)``, without the exception's message.

    `exc` defaults to the exception being handled; `message` and `args` must not hold user text.
    """
    exc = exc if exc is not None else sys.exc_info()[1]
    if exc is None:
        logger.log(level, message, *args, stacklevel=2)
        return
    logger.log(level, message + "\n%s", *args, describe(exc), stacklevel=2)


# Loggers of code that handles what arrives from outside before the core sees it: the Telegram
# library (which logs a Bot API answer it cannot parse, whole updates with names and texts, at
# CRITICAL) and the channel adapters (where they are now and where the channel layer puts them).
GUARDED_LOGGERS = ("telegram", "telegram.Bot", "telegram.ext", "telegram.ext.Application", "telegram.ext.ExtBot",
                   "telegram.ext.Updater", "telegram.ext.AIORateLimiter", "telegram.ext.JobQueue",
                   "telegram.ext.ConversationHandler", "telegram.request", "telegram.request.BaseRequest",
                   "telegram.request.HTTPXRequest", "bot.web", "bot.web_pages", "bot.outbox", "bot.channels")
# A channel's own logger (bot.channels.<name>) is guarded by `BaseChannel` itself, so a new channel
# needs no line here.
# What comes after these words in a library's message is the payload it received: never logged.
PAYLOAD_MARKERS = ("Received data was", "invalid JSON data", "Update was")
# Loggers whose tracebacks say nothing an operator can act on (a Bot API answer that is not JSON).
QUIET_TRACEBACKS = ("telegram.request",)


class NoPayloads(logging.Filter):
    """Keeps received payloads and exception messages out of a logger's records (see GUARDED_LOGGERS)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for marker in PAYLOAD_MARKERS:
            at = message.lower().find(marker.lower())
            if at >= 0:
                message = message[:at + len(marker)] + " <not logged>"
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and record.name.startswith(QUIET_TRACEBACKS):
            # The library's own parse errors: the caller says in one line what failed and what to do.
            record.exc_info, record.exc_text, exc = None, None, None
        if exc is not None:
            said = str(exc)
            if said and said in message:  # "error in the adapter: %s", error
                message = message.replace(said, f"<{type(exc).__name__}: message not logged>")
            record.exc_text = describe(exc)
        record.msg, record.args = message, None
        return True


def guard_library_logs() -> None:
    """Put `NoPayloads` on the guarded loggers (once; loggers made later by name get it too)."""
    for name in GUARDED_LOGGERS:
        guard(logging.getLogger(name))


def guard(logger: logging.Logger) -> logging.Logger:
    """`NoPayloads` on this logger (once)."""
    if not any(isinstance(f, NoPayloads) for f in logger.filters):
        logger.addFilter(NoPayloads())
    return logger


# --- this bot's secrets out of every line --------------------------------------------------------
# Libraries that log request URLs (with the token) or whole payloads (names, answers, codes) at
# DEBUG/INFO: never below these levels, whatever LOG_LEVEL says.
QUIET_LOGGERS = {"httpx": logging.WARNING, "httpcore": logging.WARNING, "telegram": logging.INFO,
                 "sqlalchemy": logging.WARNING, "aiohttp.access": logging.WARNING, "apscheduler": logging.INFO,
                 "alembic": logging.WARNING}  # migrate() logs what it did, in one line


class Redactor:
    """Bot tokens travel in URL paths; this keeps them, and the other secrets, out of every record.

    One pattern for all the secrets, compiled when a secret is added, not per record."""

    GENERIC = re.compile(r"/bot\d+:[\w-]+")  # any Telegram-style token in a path, even one not known here

    def __init__(self) -> None:
        self.secrets: set[str] = set()
        self._known: Optional[re.Pattern[str]] = None

    def add(self, secrets: Iterable[str]) -> None:
        new = {s for s in secrets if s} - self.secrets
        if new:
            self.secrets |= new
            # The longest first: a secret that contains another is hidden whole.
            self._known = re.compile("|".join(re.escape(s) for s in sorted(self.secrets, key=len, reverse=True)))

    def redact(self, text: str) -> str:
        if self._known is not None:
            text = self._known.sub("<token>", text)
        return self.GENERIC.sub("/bot<token>", text)

    def scrub(self, record: logging.LogRecord) -> None:
        record.msg, record.args = self.redact(record.getMessage()), None
        if record.exc_info and not record.exc_text:  # tracebacks may quote a request URL
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)


REDACTOR = Redactor()
_plain_record_factory = logging.getLogRecordFactory()


def _redacted_record(*args, **kwargs) -> logging.LogRecord:
    record = _plain_record_factory(*args, **kwargs)
    REDACTOR.scrub(record)
    return record


def protect_logs(settings) -> None:
    """Redact this bot's secrets (every channel's, the download key) from every log record, whichever
    handler shows it (stderr, a file, pytest's caplog), and keep payload-logging libraries quiet."""
    from bot.channels import CHANNELS  # the channels import this module

    REDACTOR.add(s for cls in CHANNELS for s in settings.section(cls.Settings).secrets)
    REDACTOR.add([settings.download_secret or "", settings.web_secret or ""])
    logging.setLogRecordFactory(_redacted_record)
    for name, level in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(level)


def setup_logging(settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=settings.log_level.upper(), handlers=[handler], force=True)
    protect_logs(settings)
