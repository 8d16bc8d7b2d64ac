"""Database engine and sessions (SQLite by default, any SQLAlchemy URL)."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, SQLModel, create_engine, delete

from storage import models  # noqa: F401  (registers the tables)
from storage.models import ProcessedUpdate, utcnow

# Channels redeliver an update within minutes or hours, never weeks later.
UPDATE_MEMORY = dt.timedelta(days=30)


def make_engine(url: str, lock_timeout: float = 15.0) -> Engine:
    """An engine whose connections wait at most `lock_timeout` seconds for a lock held elsewhere."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": lock_timeout})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
            cur = dbapi_conn.cursor()
            # WAL lets readers work while a clerk's answer is written, and
            # synchronous=FULL makes a committed answer survive a power cut.
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin_immediate(conn):
            # Take the write lock up front: a transaction that read first and
            # writes later could otherwise fail when another chat wrote between.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    engine = create_engine(url, pool_pre_ping=True)
    if parsed.get_backend_name() == "postgresql":
        @event.listens_for(engine, "connect")
        def _pg_lock_timeout(dbapi_conn, _record):
            # A row or table locked by someone else fails the message after this long
            # instead of hanging the chat; committed so a later rollback keeps it.
            with dbapi_conn.cursor() as cur:
                cur.execute(f"SET lock_timeout = {int(lock_timeout * 1000)}")
            dbapi_conn.commit()

    return engine


def create_tables(engine: Engine) -> None:
    SQLModel.metadata.create_all(engine)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed as a whole or not at all."""
    with Session(engine, expire_on_commit=False) as session:
        with session.begin():
            yield session


def forget_old_updates(session: Session) -> None:
    session.exec(delete(ProcessedUpdate).where(ProcessedUpdate.at < utcnow() - UPDATE_MEMORY))
