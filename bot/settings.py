"""Settings from the environment and a `.env` file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
DEMO_CATALOG = ROOT / "storage" / "catalogs" / "tuan_giao_2020.toml"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: Optional[str] = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(default="https://api.telegram.org", alias="TELEGRAM_API_BASE_URL")
    zalo_bot_token: Optional[str] = Field(default=None, alias="ZALO_BOT_TOKEN")
    zalo_api_base_url: str = Field(default="https://bot-api.zaloplatforms.com", alias="ZALO_API_BASE_URL")
    database_url: str = Field(default=f"sqlite:///{ROOT / 'data' / 'thidua.db'}", alias="DATABASE_URL")
    catalog: Path = Field(default=DEMO_CATALOG, alias="CATALOG")
    tz: str = Field(default="Asia/Ho_Chi_Minh", alias="TZ")

    invite_days: int = Field(default=7, alias="INVITE_DAYS")
    # Wrong invitation codes: after this many from one chat within the window,
    # that chat must wait; the global limit slows down guessing from many chats.
    code_failures_per_chat: int = Field(default=5, alias="CODE_FAILURES_PER_CHAT")
    code_failures_global: int = Field(default=50, alias="CODE_FAILURES_GLOBAL")
    code_failure_window_minutes: int = Field(default=15, alias="CODE_FAILURE_WINDOW_MINUTES")

    # Reminders: days before the deadline (a round in the catalogue may set
    # its own), the local time of day every scheduled message goes out, and
    # how often overdue units are chased after the deadline.
    reminder_days: str = Field(default="7,3,1", alias="REMINDER_DAYS")
    reminder_time: str = Field(default="08:00", alias="REMINDER_TIME")
    overdue_every_days: int = Field(default=2, ge=1, alias="OVERDUE_EVERY_DAYS")

    log_level: str = Field(default="INFO", alias="LOG_LEVEL")

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
