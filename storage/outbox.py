"""The outbox: what the bot has decided to send, kept until the channel acknowledges it.

Replies and notices are written by the dispatcher in the transaction of the change they report;
scheduled messages are claimed by the scheduler under their unique (round, recipient, kind, day),
so whoever inserts first sends and everyone else skips. After the commit the writer sends them at
once; whatever is not acknowledged (a failed send, a process that died before or while sending) is
picked up again by `due`, in order per chat, with growing pauses. A reply is sent again only while
its question is still the chat's current one; once acknowledged, a row is never sent again.

A row not acknowledged is in one of two states, and a restart tells them apart: `attempted_at` is
set (in the same statement that holds the row for its sender) before any send, and cleared when the
provider refuses that attempt. Set: the delivery is unknown (a crash, a time-out, a dropped
connection) and may have reached the person; None: known not delivered (`doubtful_replies`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Collection, Optional

from sqlalchemy import and_, bindparam, delete, func, insert, null, or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from storage.db import transaction
from storage.models import ChatState, Delivery, utcnow
from storage.people import contacts

BATCH = 1000  # rows written per statement
REPLY, NOTICE = "reply", "notice"
PENDING, SENT, UNREACHABLE, SUPERSEDED, EXPIRED = "pending", "sent", "unreachable", "superseded", "expired"
# Questions remembered per chat as seen: a clerk who typed an answer several times while the bot was down
# gets a reply to each copy; the question they typed it for must still be known after all of them.
SHOWN_KEPT = 8
CLOSED_KEPT = dt.timedelta(days=30)  # how long a row no longer pending keeps what it said


@dataclass(frozen=True)
class Key:
    round_id: int
    user_id: int
    kind: str
    day: dt.date


# A message is a Reply as plain JSON data (bot/events.py converts both ways): storage knows no Reply.
Message = dict[str, Any]


@dataclass(frozen=True)
class Outgoing:
    """A row to send, detached from its session: its messages from `sent_parts` on."""

    id: int
    kind: str
    channel: str
    chat_id: str
    user_id: Optional[int]
    messages: list[Message]
    sent_parts: int
    attempts: int
    # Held for this sender already (`due` leased it); else its writer must `take` it before sending.
    leased: bool = False
    # An earlier attempt may have reached the person: a refusal now does not make it "not delivered".
    doubtful: bool = False
    # Until when it is held (its `next_attempt_at`), where `leased`: the sender renews it from there.
    until: Optional[dt.datetime] = None

    @property
    def left(self) -> list[Message]:
        return self.messages[self.sent_parts:]


# --- writing (inside the caller's transaction) ---------------------------------------------------
_ENQUEUE = insert(Delivery.__table__).returning(Delivery.__table__.c.id)
def enqueue(session: Session, kind: str, channel: str, chat_id: str, messages: list[Message], *,
            user_id: Optional[int] = None, chat_version: Optional[int] = None,
            shows: Optional[dict[str, Any]] = None) -> int:
    """Add one row: messages for one chat, in order. Returns its id. (One INSERT, no ORM row: every
    answer writes one.)"""
    return session.execute(_ENQUEUE, {
        "kind": kind, "channel": channel, "chat_id": chat_id, "user_id": user_id, "chat_version": chat_version,
        "payload": {"messages": messages}, "shows": shows, "status": PENDING, "sent_parts": 0, "attempts": 0,
        "claimed_at": utcnow(), "error": ""}).scalar_one()


def enqueue_notice(session: Session, user_id: int, messages: list[Message], channels: Optional[list[str]],
                   fallback_channel: Optional[str] = None) -> Optional[int]:
    """A message to a person (not to the chat being answered): to the chat they wrote from last among
    `channels` (None: any), due at once for the outbox's sweeper. None when they cannot be reached there."""
    contact = contacts(session, [user_id], channels=channels).get(user_id)
    if contact is None and fallback_channel is None:
        return None
    channel, chat_id = (contact.channel, contact.chat_id) if contact else (fallback_channel, "")
    row_id = enqueue(session, NOTICE, channel, chat_id, messages, user_id=user_id)
    session.execute(update(Delivery).where(Delivery.id == row_id).values(next_attempt_at=utcnow()))
    return row_id


def supersede_replies(session: Session, channel: str, chat_id: str) -> int:
    """The chat's unsent replies will never be wanted: a newer answer replaces them."""
    result = session.execute(update(Delivery).where(Delivery.channel == channel, Delivery.chat_id == chat_id,
                                                    Delivery.kind == REPLY, Delivery.status == PENDING)
                             .values(status=SUPERSEDED))
    return result.rowcount or 0


def claim(engine: Engine, entries: list[tuple[Key, str, str, list[Message]]], now: Optional[dt.datetime] = None,
          lease: Optional[float] = None) -> dict[Key, int]:
    """Claim scheduled messages (key, channel, chat_id, messages); returns the row id of each one won.
    With `lease`, each row is written held by its claimer until `now` + `lease` and marked attempted
    (as `due` does): no sweep takes it before its claimer renews or settles it (bot/outbox.py)."""
    if not entries:
        return {}
    now = now or utcnow()
    try:
        with transaction(engine) as session:
            return _claim(session, entries, now, lease)
    except IntegrityError:
        # Another instance claimed some of them meanwhile: go one by one.
        won: dict[Key, int] = {}
        for entry in entries:
            try:
                with transaction(engine) as session:
                    won.update(_claim(session, [entry], now, lease))
            except IntegrityError:
                pass
        return won


def _claim(session: Session, entries: list[tuple[Key, str, str, list[Message]]], now: dt.datetime,
           lease: Optional[float]) -> dict[Key, int]:
    # Plain rows, not ORM objects: a national reminder claims tens of thousands at once.
    round_ids = {k.round_id for k, _, _, _ in entries}
    days = {k.day for k, _, _, _ in entries}
    d = Delivery
    existing = {Key(round_id, user_id, kind, day) for round_id, user_id, kind, day
                in session.exec(select(d.round_id, d.user_id, d.kind, d.day)
                                .where(d.round_id.in_(round_ids), d.day.in_(days))).all()}
    fresh_keys, fresh_rows = [], []
    held = {} if lease is None else {"next_attempt_at": now + dt.timedelta(seconds=lease), "attempted_at": now}
    for key, channel, chat_id, messages in entries:
        if key in existing:
            continue
        fresh_keys.append(key)
        fresh_rows.append({"round_id": key.round_id, "user_id": key.user_id, "kind": key.kind, "day": key.day,
                           "channel": channel, "chat_id": chat_id, "status": PENDING, "claimed_at": now,
                           "payload": {"messages": messages}, "error": "", "attempts": 0, "sent_parts": 0,
                           **held})
    won: dict[Key, int] = {}
    for start in range(0, len(fresh_rows), BATCH):  # in batches: a bounded peak of memory
        ids = session.execute(insert(d).returning(d.id, sort_by_parameter_order=True),
                              fresh_rows[start:start + BATCH]).scalars().all()
        won.update(zip(fresh_keys[start:start + BATCH], ids))
    return won


def take(engine: Engine, ids: list[int], now: dt.datetime, lease: float) -> set[int]:
    """Rows their writer is about to send, held for `lease` seconds so that no sweep (here or in
    another instance) takes them for orphans meanwhile. Returns those taken: a row its writer left
    too long may have been taken by a sweep already, which then sends it."""
    if not ids:
        return set()
    with transaction(engine) as session:
        return hold(session, ids, now, lease)


def hold(session: Session, ids: list[int], now: dt.datetime, lease: float) -> set[int]:
    """`take`, in the caller's transaction."""
    if not ids:
        return set()
    return set(session.execute(_HOLD, {"ids": ids, "until": now + dt.timedelta(seconds=lease), "now": now}).scalars())


_row = Delivery.__table__.c
_HOLD = (update(Delivery.__table__)
         .where(_row.id.in_(bindparam("ids", expanding=True)), _row.status == PENDING, _row.next_attempt_at.is_(None))
         .values(next_attempt_at=bindparam("until"), attempted_at=func.coalesce(_row.attempted_at, bindparam("now")))
         .returning(_row.id))


def renew(engine: Engine, held: dict[int, dt.datetime], now: dt.datetime, lease: float) -> set[int]:
    """Rows a sender still holds ({id: until, as it last wrote it}), held `lease` seconds from `now`:
    those still pending and not taken by another sender since (whose lease would end later). Returns them."""
    d = Delivery
    by_until: dict[dt.datetime, list[int]] = {}
    for row_id, until in held.items():
        by_until.setdefault(until, []).append(row_id)
    renewed: set[int] = set()
    with transaction(engine) as session:
        for until, ids in by_until.items():
            for start in range(0, len(ids), BATCH):
                result = session.execute(update(d).where(
                    d.id.in_(ids[start:start + BATCH]), d.status == PENDING, d.next_attempt_at <= until)
                    .values(next_attempt_at=now + dt.timedelta(seconds=lease)).returning(d.id))
                renewed.update(result.scalars().all())
    return renewed


# --- outcomes -------------------------------------------------------------------------------------
def progress(engine: Engine, row_id: int, sent_parts: int) -> None:
    """The channel took the first `sent_parts` messages of a row (a resend goes on after them)."""
    with transaction(engine) as session:
        session.execute(update(Delivery).where(Delivery.id == row_id, Delivery.status == PENDING)
                        .values(sent_parts=sent_parts))


def acknowledge(engine: Engine, ids: list[int], taken_at: Optional[dict[int, dt.datetime]] = None,
                seq: Optional[dict[int, int]] = None) -> None:
    """The channel took these rows: sent, for good; a reply that shows a question marks it seen
    (`taken_at`: when the provider took a row, by its own clock, where it said; `seq`: the number the
    provider gave its last message, where the chat numbers both sides' messages in one sequence)."""
    if not ids:
        return
    with transaction(engine) as session:
        record_sent(session, ids, taken_at, seq)


def record_sent(session: Session, ids: list[int], taken_at: Optional[dict[int, dt.datetime]] = None,
                seq: Optional[dict[int, int]] = None) -> None:
    """`acknowledge`, in the caller's transaction."""
    if not ids:
        return
    now = utcnow()
    session.execute(_SENT, {"ids": ids, "now": now})
    shown = session.execute(_SHOWS, {"ids": ids}).all()  # a chat's older question first (ids come in order)
    for row_id, channel, chat_id, version, shows, attempted_at in shown:
        mark_shown(session, channel, chat_id, version, shows, now, (taken_at or {}).get(row_id), attempted_at,
                   (seq or {}).get(row_id))


_SENT = (update(Delivery.__table__).where(_row.id.in_(bindparam("ids", expanding=True)), _row.status == PENDING)
         .values(status=SENT, sent_at=bindparam("now"), error=""))
_SHOWS = (select(_row.id, _row.channel, _row.chat_id, _row.chat_version, _row.shows, _row.attempted_at)
          .where(_row.id.in_(bindparam("ids", expanding=True)), _row.shows.is_not(None)).order_by(_row.id))
_chat = ChatState.__table__.c
_CHAT_SHOWN = select(_chat.id, _chat.shown).where(_chat.channel == bindparam("channel"),
                                                  _chat.chat_id == bindparam("chat_id")).with_for_update()
_SET_SHOWN = update(ChatState.__table__).where(_chat.id == bindparam("row")).values(shown=bindparam("history"))


def mark_shown(session: Session, channel: str, chat_id: str, version: Optional[int],
               shows: Optional[dict[str, Any]], at: dt.datetime, provider_at: Optional[dt.datetime] = None,
               sent_from: Optional[dt.datetime] = None, provider_seq: Optional[int] = None) -> None:
    """The chat has been shown the question of `version` (`at` by our clock; `provider_at` by the
    provider's, which also dates what the person sends; `sent_from`: when its send began, by ours)."""
    if version is None:  # a notice (its JSON null is not SQL NULL): it shows no question
        return
    chat = session.execute(_CHAT_SHOWN, {"channel": channel, "chat_id": chat_id}).first()
    if chat is None:
        return
    history = list(chat.shown or [])
    if history and history[-1].get("version", 0) >= version:
        return  # a later question was seen already (acknowledgements may arrive out of order)
    entry = {**(shows or {}), "version": version, "at": at.isoformat()}
    if provider_at is not None:
        entry["provider_at"] = provider_at.isoformat()
    if sent_from is not None:
        entry["sent_from"] = _aware(sent_from).isoformat()
    if provider_seq is not None:
        entry["provider_seq"] = provider_seq
    session.execute(_SET_SHOWN, {"row": chat.id, "history": [*history, entry][-SHOWN_KEPT:]})


def defer(engine: Engine, ids: list[int], error: str, base: float, cap: float,
          refused: Collection[int] = ()) -> None:
    """Not taken this time: try again after a pause that grows with each attempt. `refused`: rows the
    provider said no to, and never sent before with an unknown outcome: known not delivered."""
    if not ids:
        return
    now = utcnow()
    with transaction(engine) as session:
        for row in session.exec(select(Delivery).where(Delivery.id.in_(ids), Delivery.status == PENDING)).all():
            if row.id in refused:
                row.attempted_at = None
            row.attempts += 1
            row.next_attempt_at = now + dt.timedelta(seconds=min(cap, base * 2 ** (row.attempts - 1)))
            row.error = error[:300]
            session.add(row)


def finish(engine: Engine, outcomes: dict[int, str]) -> None:
    """Close rows for good with a status other than sent: {row id: status} (unreachable, expired...)."""
    if not outcomes:
        return
    table = Delivery.__table__
    statement = update(table).where(table.c.id == bindparam("row_id")).values(status=bindparam("new_status"))
    rows = list(outcomes.items())
    with transaction(engine) as session:
        for start in range(0, len(rows), BATCH):
            session.execute(statement, [{"row_id": row_id, "new_status": status}
                                        for row_id, status in rows[start:start + BATCH]])


# --- picking up what was left --------------------------------------------------------------------
def due(engine: Engine, now: dt.datetime, *, orphaned_after: float, lease: float, give_up_after: float,
        channels: Optional[list[str]] = None, kinds: Optional[list[str]] = None, limit: int = 200,
        sending: Collection[int] = ()) -> list[Outgoing]:
    """Pending rows whose next try has come, taken for `lease` seconds (so no other instance takes
    them); rows of a process that died while sending count once `orphaned_after` has passed.
    A reply whose question is no longer the chat's current one is superseded instead, and a row
    pending longer than `give_up_after` expires. In order per chat. `sending`: rows this process is
    sending now (read as each row is looked at), never taken whatever their lease says."""
    d = Delivery
    orphaned = now - dt.timedelta(seconds=orphaned_after)
    is_due = and_(d.status == PENDING, or_(d.next_attempt_at <= now,
                                           and_(d.next_attempt_at.is_(None), d.claimed_at <= orphaned)))
    with transaction(engine) as session:
        query = select(d).where(is_due).order_by(d.id).limit(limit)
        if channels is not None:
            query = query.where(d.channel.in_(channels))
        if kinds is not None:
            query = query.where(d.kind.in_(kinds))
        rows = session.exec(query).all()
        if not rows:
            return []
        current = _current_versions(session, {(r.channel, r.chat_id) for r in rows if r.kind == REPLY})
        taken: list[Outgoing] = []
        until = now + dt.timedelta(seconds=lease)
        for row in rows:
            if row.id in sending:
                continue
            if row.kind == REPLY and current.get((row.channel, row.chat_id)) != row.chat_version:
                row.status = SUPERSEDED
            elif row.claimed_at <= now - dt.timedelta(seconds=give_up_after):
                row.status, row.error = EXPIRED, row.error or "not acknowledged in time"
            else:
                # Conditional: two instances picking the same row, only one gets it.
                won = session.execute(update(d).where(d.id == row.id, is_due).values(
                    next_attempt_at=until, attempted_at=func.coalesce(d.attempted_at, now)))
                if won.rowcount != 1:
                    continue
                taken.append(Outgoing(row.id, row.kind, row.channel, row.chat_id, row.user_id,
                                      list(row.payload.get("messages", [])), row.sent_parts, row.attempts,
                                      leased=True, doubtful=row.attempted_at is not None, until=until))
                continue
            session.add(row)
        return taken


def _current_versions(session: Session, chats: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    for channel in {c for c, _ in chats}:
        ids = [chat_id for c, chat_id in chats if c == channel]
        for chat_id, version in session.exec(select(ChatState.chat_id, ChatState.version).where(
                ChatState.channel == channel, ChatState.chat_id.in_(ids))).all():
            found[(channel, chat_id)] = version
    return found


@dataclass(frozen=True)
class Doubt:
    """A reply of a chat that may have reached the person unacknowledged: the question it shows."""

    version: int
    attempted_at: dt.datetime
    shows: dict[str, Any]


def doubtful_replies(session: Session, channel: str, chat_id: str, after_version: int) -> list[Doubt]:
    """The chat's replies newer than `after_version`, not acknowledged but attempted (delivery unknown),
    oldest first. Read only when a chat's newest question is not known to be seen."""
    d = Delivery
    rows = session.exec(select(d.chat_version, d.attempted_at, d.shows).where(
        d.channel == channel, d.chat_id == chat_id, d.kind == REPLY, d.chat_version > after_version,
        d.status.in_([PENDING, SUPERSEDED, EXPIRED]), d.attempted_at.is_not(None)).order_by(d.chat_version)).all()
    return [Doubt(version, _aware(at), shows or {}) for version, at, shows in rows]


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives datetimes back without their zone: they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def sent_before(session: Session, round_id: int, kind: str, day: dt.date) -> bool:
    """Whether anything of this kind went out for the round on that day (for logging skipped catch-ups)."""
    return session.exec(select(Delivery.id).where(Delivery.round_id == round_id, Delivery.kind == kind,
                                                  Delivery.day == day)).first() is not None


def forget_old(session: Session, now: dt.datetime) -> None:
    """Rows closed more than `CLOSED_KEPT` ago (called at start-up, so the table stays bounded):
    replies and notices go; a scheduled message keeps its key, so it is never sent twice, but not
    its content (a summary carries its documents)."""
    d = Delivery
    closed_long_ago = and_(d.status != PENDING, d.claimed_at < now - CLOSED_KEPT)
    session.execute(delete(d).where(closed_long_ago, d.kind.in_([REPLY, NOTICE])))
    session.execute(update(d).where(closed_long_ago, d.kind.not_in([REPLY, NOTICE]), d.payload.is_not(None))
                    .values(payload=null(), shows=null()))
