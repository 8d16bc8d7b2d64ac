"""Settings from the environment and a `.env` file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal, Optional, TypeVar

from pydantic import Field, PrivateAttr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
DEMO_CATALOG = ROOT / "storage" / "catalogs" / "tuan_giao_2020.toml"


S = TypeVar("S", bound=BaseSettings)


class Settings(BaseSettings):
    """The bot's settings. A channel's own settings are a section of them: `settings.section(cls)`."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")
    # What this object was given (e.g. `Settings(TELEGRAM_BOT_TOKEN=...)` in tests), for the sections.
    _given: dict[str, Any] = PrivateAttr(default_factory=dict)
    _sections: dict[type, BaseSettings] = PrivateAttr(default_factory=dict)
    _catalog_zone: Optional[str] = PrivateAttr(default=None)

    # Each channel reads its own section (TELEGRAM_*, ZALO_*, in bot/channels/): see `section` below.

    # The bot's own HTTP server (Zalo webhook, download links), behind a TLS reverse proxy.
    http_listen: str = Field(default="127.0.0.1", alias="HTTP_LISTEN")
    http_port: int = Field(default=8080, alias="HTTP_PORT")
    # Where that server is reached from outside, e.g. https://thidua.example.vn; enables download links.
    public_base_url: Optional[str] = Field(default=None, alias="PUBLIC_BASE_URL")
    # Key that signs download links; default: derived from the bot tokens.
    download_secret: Optional[str] = Field(default=None, alias="DOWNLOAD_SECRET")
    download_hours: int = Field(default=24, alias="DOWNLOAD_HOURS")
    # The officials' web pages (bot/web_pages/): the key signing their links (default: DOWNLOAD_SECRET, else
    # from the tokens), how long a link opens the pages, and how many pages one link may open a minute.
    web_secret: Optional[str] = Field(default=None, alias="WEB_SECRET")
    web_link_hours: int = Field(default=12, ge=1, le=24 * 31, alias="WEB_LINK_HOURS")
    web_pages_per_minute: int = Field(default=60, ge=1, le=10000, alias="WEB_PAGES_PER_MINUTE")
    # The largest list file (.xlsx) a clerk may send, in MB: a bigger one is not even downloaded.
    upload_max_mb: float = Field(default=5.0, gt=0, le=20, alias="UPLOAD_MAX_MB")
    # Reading one list file (in a process of its own, bot/sandbox.py): at most this many seconds of CPU
    # (three times that on the clock) and this much more memory, then "tệp quá phức tạp". The fullest
    # 5,000-row template takes about 3 s of CPU (docs/benchmarks.md).
    upload_read_seconds: float = Field(default=20.0, gt=0, le=300, alias="UPLOAD_READ_SECONDS")
    upload_read_memory_mb: int = Field(default=256, ge=64, le=4096, alias="UPLOAD_READ_MEMORY_MB")
    database_url: str = Field(default=f"sqlite:///{ROOT / 'data' / 'thidua.db'}", alias="DATABASE_URL")
    # How long one message waits for a database lock held elsewhere (SQLite busy timeout, PostgreSQL
    # lock_timeout) before the person is told "thử lại sau" and nothing of that message is saved.
    db_lock_timeout: float = Field(default=15.0, gt=0, alias="DB_LOCK_TIMEOUT")
    catalog: Path = Field(default=DEMO_CATALOG, alias="CATALOG")
    # The zone of deadlines and of every scheduled message: the catalogue's `time_zone` (default
    # Asia/Ho_Chi_Minh) unless this names another. The host's TZ plays no part (`tz` below).
    time_zone: Optional[str] = Field(default=None, alias="TIME_ZONE")
    # The terminal demo's own database: the demo data is loaded there and nowhere else; and the
    # folder where it writes the files (Word, Excel, charts) a terminal cannot show.
    demo_database_url: str = Field(default=f"sqlite:///{ROOT / 'data' / 'demo.db'}", alias="DEMO_DATABASE_URL")
    demo_files_dir: Path = Field(default=ROOT / "data" / "demo-files", alias="DEMO_FILES_DIR")

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
    # A scheduled summary that could not go out on its day (the bot was down) is still sent this many
    # days later, never after: a summary weeks late is news to nobody.
    summary_for_days: int = Field(default=7, ge=0, alias="SUMMARY_FOR_DAYS")
    # "off" runs the bot without its scheduler (e.g. on a second instance, or
    # when `main.py jobs` is run from cron instead).
    scheduler: Literal["on", "off"] = Field(default="on", alias="SCHEDULER")
    # On PostgreSQL several instances may run with SCHEDULER=on: one holds a lock and schedules,
    # the others ask again this often (so one takes over if the leader stops).
    scheduler_lock_retry_seconds: float = Field(default=30, gt=0, alias="SCHEDULER_LOCK_RETRY_SECONDS")

    # The outbox: a message the channel did not take is tried again after OUTBOX_RETRY_SECONDS, the
    # pause doubling each time up to OUTBOX_RETRY_CAP_SECONDS; a message left by a process that died
    # is sent again after OUTBOX_ORPHANED_SECONDS; the outbox looks for such messages this often.
    outbox_retry_seconds: float = Field(default=2.0, gt=0, alias="OUTBOX_RETRY_SECONDS")
    outbox_retry_cap_seconds: float = Field(default=60.0, gt=0, alias="OUTBOX_RETRY_CAP_SECONDS")
    outbox_orphaned_seconds: float = Field(default=60.0, ge=0, alias="OUTBOX_ORPHANED_SECONDS")
    outbox_poll_seconds: float = Field(default=5.0, gt=0, alias="OUTBOX_POLL_SECONDS")

    log_level: str = Field(default="INFO", alias="LOG_LEVEL")

    def __init__(self, **values: Any):
        super().__init__(**values)
        self._given = dict(values)

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: Optional[str]) -> Optional[str]:
        from storage.catalog import valid_zone

        if value is not None and not valid_zone(value):
            raise ValueError(f"TIME_ZONE '{value}' is not an IANA time zone (e.g. Asia/Ho_Chi_Minh)")
        return value or None

    @property
    def tz(self) -> str:
        """The zone deadlines and scheduled messages keep: TIME_ZONE, else the catalogue's `time_zone`."""
        if self.time_zone:
            return self.time_zone
        if self._catalog_zone is None:
            from storage.catalog import time_zone_of

            self._catalog_zone = time_zone_of(self.catalog)
        return self._catalog_zone

    def section(self, cls: type[S]) -> S:
        """One channel's settings (its `ChannelSettings` class), read from the same environment and
        `.env` file, and from the values given to this object under the channel's variable names."""
        if cls not in self._sections:
            names = {f.alias or n for n, f in cls.model_fields.items()}
            given = {k: v for k, v in self._given.items() if k in names}
            if "_env_file" in self._given:
                given["_env_file"] = self._given["_env_file"]
            self._sections[cls] = cls(**given)
        return self._sections[cls]  # type: ignore[return-value]

    def with_section(self, section: BaseSettings) -> "Settings":
        """A copy of these settings in which that section is replaced (e.g. `run --webhook`)."""
        copy = self.model_copy()
        copy._given = dict(self._given)
        copy._sections = {**self._sections, type(section): section}
        return copy

    @property
    def upload_max_bytes(self) -> int:
        return int(self.upload_max_mb * 1024 * 1024)

    @property
    def reminder_day_list(self) -> list[int]:
        return sorted({int(d) for d in self.reminder_days.replace(";", ",").split(",") if d.strip()}, reverse=True)

    @property
    def reminder_clock(self) -> dt.time:
        hours, _, minutes = self.reminder_time.partition(":")
        return dt.time(int(hours), int(minutes or 0))
