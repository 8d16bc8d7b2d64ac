"""The delivery ledger: claim a scheduled message before sending it, record the outcome.

Claiming is an INSERT guarded by the unique (round, recipient, kind, day)
constraint, so whoever inserts first sends and everyone else skips. A failed
send (network, repeated 429) is re-claimed by the next run; a message whose
claim was taken but whose outcome never came back (the process died) is not
sent again: at most once beats twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import bindparam, insert, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from storage.db import transaction
from storage.models import Delivery, utcnow


BATCH = 1000  # rows written per statement


@dataclass(frozen=True)
class Key:
    round_id: int
    user_id: int
    kind: str
    day: dt.date


def claim(engine: Engine, keys: list[tuple[Key, str, str]]) -> dict[Key, int]:
    """Claim (key, channel, chat_id) entries; returns the ledger row id of each one this caller won."""
    if not keys:
        return {}
    try:
        with transaction(engine) as session:
            return _claim(session, keys)
    except IntegrityError:
        # Another instance claimed some of them meanwhile: go one by one.
        won: dict[Key, int] = {}
        for entry in keys:
            try:
                with transaction(engine) as session:
                    won.update(_claim(session, [entry]))
            except IntegrityError:
                pass
        return won


def _claim(session, entries: list[tuple[Key, str, str]]) -> dict[Key, int]:
    # Plain rows, not ORM objects: a national reminder claims tens of thousands at once.
    round_ids = {k.round_id for k, _, _ in entries}
    days = {k.day for k, _, _ in entries}
    d = Delivery
    existing = {Key(round_id, user_id, kind, day): (row_id, status) for row_id, round_id, user_id, kind, day, status
                in session.exec(select(d.id, d.round_id, d.user_id, d.kind, d.day, d.status)
                                .where(d.round_id.in_(round_ids), d.day.in_(days))).all()}
    won: dict[Key, int] = {}
    fresh_keys, fresh_rows = [], []
    now = utcnow()
    for key, channel, chat_id in entries:
        found = existing.get(key)
        if found is None:
            fresh_keys.append(key)
            fresh_rows.append({"round_id": key.round_id, "user_id": key.user_id, "kind": key.kind, "day": key.day,
                               "channel": channel, "chat_id": chat_id, "status": "claimed", "claimed_at": now,
                               "error": ""})
        elif found[1] == "failed":
            # Conditional, so two instances retrying at once cannot both win.
            result = session.execute(update(d).where(d.id == found[0], d.status == "failed")
                                     .values(status="claimed", claimed_at=now, channel=channel,
                                             chat_id=chat_id, error=""))
            if result.rowcount == 1:
                won[key] = found[0]
    for start in range(0, len(fresh_rows), BATCH):  # in batches: a bounded peak of memory
        ids = session.execute(insert(d).returning(d.id, sort_by_parameter_order=True),
                              fresh_rows[start:start + BATCH]).scalars().all()
        won.update(zip(fresh_keys[start:start + BATCH], ids))
    return won


def finish(engine: Engine, outcomes: dict[int, tuple[str, str]]) -> None:
    """Record each claimed row's outcome: {row id: (status, error)}."""
    if not outcomes:
        return
    now = utcnow()
    rows = list(outcomes.items())
    table = Delivery.__table__
    statement = (update(table).where(table.c.id == bindparam("row_id"))
                 .values(status=bindparam("new_status"), error=bindparam("new_error"), sent_at=bindparam("at")))
    with transaction(engine) as session:
        for start in range(0, len(rows), BATCH):
            session.execute(statement, [
                {"row_id": row_id, "new_status": status, "new_error": error, "at": now if status == "sent" else None}
                for row_id, (status, error) in rows[start:start + BATCH]])


def sent_before(session: Session, round_id: int, kind: str, day: dt.date) -> bool:
    """Whether anything of this kind went out for the round on that day (for logging skipped catch-ups)."""
    return session.exec(select(Delivery.id).where(Delivery.round_id == round_id, Delivery.kind == kind,
                                                  Delivery.day == day)).first() is not None
