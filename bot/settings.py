"""Settings from the environment and a `.env` file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Literal, Optional

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
DEMO_CATALOG = ROOT / "storage" / "catalogs" / "tuan_giao_2020.toml"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: Optional[str] = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(default="https://api.telegram.org", alias="TELEGRAM_API_BASE_URL")
    # Telegram: long polling by default; `run --webhook` (or TELEGRAM_MODE=webhook) takes updates on the
    # bot's HTTP server instead. Telegram sends the secret in X-Telegram-Bot-Api-Secret-Token.
    telegram_mode: Literal["polling", "webhook"] = Field(default="polling", alias="TELEGRAM_MODE")
    telegram_webhook_path: str = Field(default="/telegram/webhook", alias="TELEGRAM_WEBHOOK_PATH")
    telegram_webhook_secret: Optional[str] = Field(default=None, alias="TELEGRAM_WEBHOOK_SECRET")
    # Messages per second the bot sends at most, over all chats (Telegram allows about 30); 0: no limit
    # (a local Bot API server, benchmarks).
    telegram_send_rate: float = Field(default=29, ge=0, alias="TELEGRAM_SEND_RATE")
    zalo_bot_token: Optional[str] = Field(default=None, alias="ZALO_BOT_TOKEN")
    zalo_api_base_url: str = Field(default="https://bot-api.zaloplatforms.com", alias="ZALO_API_BASE_URL")
    # Zalo: long polling by default (development); a webhook in production. The two exclude each other.
    zalo_mode: Literal["polling", "webhook"] = Field(default="polling", alias="ZALO_MODE")
    zalo_webhook_path: str = Field(default="/zalo/webhook", alias="ZALO_WEBHOOK_PATH")
    zalo_webhook_secret: Optional[str] = Field(default=None, alias="ZALO_WEBHOOK_SECRET")
    zalo_poll_timeout: int = Field(default=30, alias="ZALO_POLL_TIMEOUT")
    # At most one poll per this many seconds: getUpdates may answer at once, again and again.
    zalo_poll_interval: float = Field(default=1.0, alias="ZALO_POLL_INTERVAL")
    # First wait after a Zalo error, doubled on each failure (x5 after a 429), at most a minute.
    zalo_retry_seconds: float = Field(default=1.0, alias="ZALO_RETRY_SECONDS")
    # The bot's own HTTP server (Zalo webhook, download links), behind a TLS reverse proxy.
    http_listen: str = Field(default="127.0.0.1", alias="HTTP_LISTEN")
    http_port: int = Field(default=8080, alias="HTTP_PORT")
    # Where that server is reached from outside, e.g. https://thidua.example.vn; enables download links.
    public_base_url: Optional[str] = Field(default=None, alias="PUBLIC_BASE_URL")
    # Key that signs download links; default: derived from the bot tokens.
    download_secret: Optional[str] = Field(default=None, alias="DOWNLOAD_SECRET")
    download_hours: int = Field(default=24, alias="DOWNLOAD_HOURS")
    database_url: str = Field(default=f"sqlite:///{ROOT / 'data' / 'thidua.db'}", alias="DATABASE_URL")
    # How long one message waits for a database lock held elsewhere (SQLite busy timeout, PostgreSQL
    # lock_timeout) before the person is told "thử lại sau" and nothing of that message is saved.
    db_lock_timeout: float = Field(default=15.0, gt=0, alias="DB_LOCK_TIMEOUT")
    catalog: Path = Field(default=DEMO_CATALOG, alias="CATALOG")
    tz: str = Field(default="Asia/Ho_Chi_Minh", alias="TZ")

    invite_days: int = Field(default=7, alias="INVITE_DAYS")
    # Wrong invitation or link codes slow down only who types them: after CODE_FAILURES_PER_CHAT wrong
    # codes from one chat (or from one account across its chats) it waits CODE_FAILURE_WAIT_SECONDS,
    # twice as long after each further wrong code, at most CODE_FAILURE_MAX_WAIT_MINUTES; a wrong code
    # counts for CODE_FAILURE_WINDOW_MINUTES (was 15 by default). A stranger with a valid code is never
    # held back by others' guessing: CODE_FAILURES_GLOBAL (a lock for everyone) is gone, and ignored if set.
    code_failures_per_chat: int = Field(default=5, ge=1, alias="CODE_FAILURES_PER_CHAT")
    code_failure_wait_seconds: float = Field(default=60, gt=0, le=86400, alias="CODE_FAILURE_WAIT_SECONDS")
    code_failure_max_wait_minutes: float = Field(default=60, gt=0, le=7 * 24 * 60,
                                                 alias="CODE_FAILURE_MAX_WAIT_MINUTES")
    code_failure_window_minutes: int = Field(default=24 * 60, ge=1, le=366 * 24 * 60,
                                             alias="CODE_FAILURE_WINDOW_MINUTES")

    # Reminders: days before the deadline (a round in the catalogue may set
    # its own), the local time of day every scheduled message goes out, and
    # how often overdue units are chased after the deadline.
    reminder_days: str = Field(default="7,3,1", alias="REMINDER_DAYS")
    reminder_time: str = Field(default="08:00", alias="REMINDER_TIME")
    overdue_every_days: int = Field(default=2, ge=1, alias="OVERDUE_EVERY_DAYS")
    overdue_for_days: int = Field(default=30, ge=1, alias="OVERDUE_FOR_DAYS")
    # "off" runs the bot without its scheduler (e.g. on a second instance, or
    # when `main.py jobs` is run from cron instead).
    scheduler: Literal["on", "off"] = Field(default="on", alias="SCHEDULER")
    # On PostgreSQL several instances may run with SCHEDULER=on: one holds a lock and schedules,
    # the others ask again this often (so one takes over if the leader stops).
    scheduler_lock_retry_seconds: float = Field(default=30, gt=0, alias="SCHEDULER_LOCK_RETRY_SECONDS")

    log_level: str = Field(default="INFO", alias="LOG_LEVEL")

    @property
    def needs_http_server(self) -> bool:
        return (bool(self.zalo_bot_token and self.zalo_mode == "webhook") or bool(self.public_base_url)
                or bool(self.telegram_bot_token and self.telegram_mode == "webhook"))

    def webhook_problem(self) -> Optional[str]:
        """Why webhook mode cannot start with these settings, or None."""
        if self.telegram_bot_token and self.telegram_mode == "webhook":
            # Telegram's rule for secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
            if not re.fullmatch(r"[A-Za-z0-9_-]{8,256}", self.telegram_webhook_secret or ""):
                return "TELEGRAM_WEBHOOK_SECRET: 8 to 256 characters A-Z, a-z, 0-9, _ or - (webhook mode)"
        if self.zalo_bot_token and self.zalo_mode == "webhook":
            if not (self.zalo_webhook_secret and 8 <= len(self.zalo_webhook_secret) <= 256):
                return "ZALO_WEBHOOK_SECRET: 8 to 256 characters (webhook mode)"
        return None

    @property
    def reminder_day_list(self) -> list[int]:
        return sorted({int(d) for d in self.reminder_days.replace(";", ",").split(",") if d.strip()}, reverse=True)

    @property
    def reminder_clock(self) -> dt.time:
        hours, _, minutes = self.reminder_time.partition(":")
        return dt.time(int(hours), int(minutes or 0))

    @property
    def telegram_bot_base_url(self) -> str:
        return self.telegram_api_base_url.rstrip("/") + "/bot"

    @property
    def telegram_file_base_url(self) -> str:
        return self.telegram_api_base_url.rstrip("/") + "/file/bot"
