"""The outbox and the conversation's plumbing: every message until it is acknowledged, where each chat
stands, files offered as links, update ids already handled. Tables like storage/models.py's, which
imports them so every table is known to the migrations."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models import utcnow


# --- the outbox ------------------------------------------------------------


class Delivery(SQLModel, table=True):
    """The outbox: every message the bot sends, from the moment it is decided until Telegram or Zalo
    acknowledges it.

    A reply or a notice is written in the same transaction as the change it reports and sent after
    the commit; a scheduled message (reminder, overdue, digest, summary) is claimed here by its
    unique (round, recipient, kind, day), so a restart, a doubled job or a second instance cannot
    send it twice. A row not yet acknowledged (`pending`: the send failed, or the process died
    before it) is sent again later, in order per chat, with growing pauses; an answer's reply only
    while its question is still the chat's current one. `status`: pending, sent, unreachable (the
    person blocked the bot), superseded (a newer question replaced it), expired (gave up).
    """

    __table_args__ = (UniqueConstraint("round_id", "user_id", "kind", "day"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    round_id: Optional[int] = Field(default=None, foreign_key="round.id", index=True)
    user_id: Optional[int] = Field(default=None, foreign_key="user.id", index=True)
    kind: str  # reply | notice | reminder | overdue | digest | summary
    day: Optional[dt.date] = None  # scheduled messages: the day they were due
    channel: str = ""
    chat_id: str = Field(default="", index=True)
    status: str = Field(default="pending", index=True)
    # A reply: the chat's state version whose question it shows (stale once the chat moves on).
    chat_version: Optional[int] = None
    # What to send: {"messages": [each Reply's text, buttons and file (base64)]}, in order, and how
    # many of them the channel has taken already (a resend goes on from there).
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    sent_parts: int = 0
    # A reply carries the chat's state it shows: once it is delivered, that is the question the
    # person has seen (ChatState.shown).
    shows: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))
    attempts: int = 0
    # Pending rows: when to try again (None: the process that wrote it is sending it now).
    next_attempt_at: Optional[dt.datetime] = Field(default=None, index=True)
    # Since when it may have reached the person without our knowing: set before a send is attempted,
    # cleared when the provider refused that attempt. Not sent and set: delivery unknown (a crash, a
    # time-out, a dropped connection); not sent and None: known not delivered (storage/outbox.py).
    attempted_at: Optional[dt.datetime] = None
    claimed_at: dt.datetime = Field(default_factory=utcnow)
    sent_at: Optional[dt.datetime] = None
    error: str = ""


# --- conversation plumbing -------------------------------------------------


class ChatState(SQLModel, table=True):
    """Where each chat stands in its conversation; survives restarts."""

    __table_args__ = (UniqueConstraint("channel", "chat_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    channel: str
    chat_id: str
    flow: Optional[str] = None
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    # Buttons offered with the last question: [[label, value], ...]. A typed
    # label or number picks one, so channels without buttons work the same.
    offered: list[list[str]] = Field(default_factory=list, sa_column=Column(JSON))
    numbered: bool = False
    version: int = 0
    # The questions this chat has been shown (their replies acknowledged by the channel), newest
    # last, at most eight (storage/outbox.SHOWN_KEPT): [{"version", "at", "flow", "data", "offered", "numbered"}]. An answer typed
    # while the newest question was never delivered belongs to the one the person saw.
    shown: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))
    # An answer held while the person says which question it was for (handlers/dispatcher.py):
    # {"text", "readings": [state snapshot, ...]}; None when nothing is held.
    doubt: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))
    updated_at: dt.datetime = Field(default_factory=utcnow)


class Download(SQLModel, table=True):
    """A file offered as a signed link on channels that cannot send documents (Zalo)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    token: str = Field(unique=True, index=True)
    filename: str
    data: bytes
    created_at: dt.datetime = Field(default_factory=utcnow)
    expires_at: dt.datetime = Field(index=True)


class ProcessedUpdate(SQLModel, table=True):
    """Update ids already handled, so a redelivered update is ignored."""

    __table_args__ = (UniqueConstraint("channel", "update_key"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    channel: str
    update_key: str
    at: dt.datetime = Field(default_factory=utcnow)
