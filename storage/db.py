"""Database engine and sessions (SQLite by default, any SQLAlchemy URL)."""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

from sqlalchemy import bindparam, event, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, SQLModel, create_engine, delete, select
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

from storage import models  # noqa: F401  (registers the tables)
from storage.facts import Problem
from storage.models import ProcessedUpdate, utcnow

# Channels redeliver an update within minutes or hours, never weeks later.
UPDATE_MEMORY = dt.timedelta(days=30)

# SQLite lets one writer in at a time, and a connection that finds the database locked
# polls, sleeping up to 100 ms between tries, while the lock may long be free. The
# threads of one process queue on this gate instead and go the moment it opens; other
# processes still meet SQLite's own lock. {engine: (gate, how long to queue at most)}
_WRITE_GATES: "weakref.WeakKeyDictionary[Engine, tuple[threading.Lock, float]]" = weakref.WeakKeyDictionary()


READ_ONLY = "thidua_read_only"  # an execution option: the connection only reads (see `reading`)


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
            # A read (`reading`) takes none: in WAL it neither waits for the writer nor holds one.
            conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")

        _WRITE_GATES[engine] = (threading.Lock(), lock_timeout)
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


# --- schema migrations (Alembic, configured here: no alembic.ini) -------------

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The schema that versions before migrations created with create_all.
BASELINE = "0001"
# Serialises instances that start at the same moment on one PostgreSQL schema.
MIGRATION_LOCK = 74_680_001


class SchemaError(Exception):
    """The database cannot be brought to this version's schema without the administrator.

    `problem` says what (a `Problem`: db_unversioned, db_still_different,
    db_newer, db_manual_revision), worded for the administrator by
    `bot.texts.say`; the exception's own message is a one-line English
    account for logs and tracebacks.
    """

    _DETAILS = {
        "db_unversioned": "the database has no schema revision and differs from this version's schema; "
                          "back it up, then run: python main.py db upgrade",
        "db_still_different": "after the upgrade the database still differs from this version's schema "
                              "(rolled back): {differences}",
        "db_newer": "the database is at schema revision {revision}, newer than this version",
        "db_manual_revision": "schema revisions {revisions} need the administrator: back the database up, "
                              "then run: python main.py db upgrade",
    }

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(self._DETAILS[problem.kind].format(**problem.params))


def alembic_config(connection: Optional[Connection] = None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    config.attributes["connection"] = connection
    return config


def render_item(type_: str, obj, autogen_context):
    """Revisions use plain SQLAlchemy types: they must not depend on SQLModel's internals."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, AutoString):
        return f"sa.String({obj.impl.length or ''})"
    return False


def run_migrations(context) -> None:
    """Called by migrations/env.py with Alembic's context, on the connection given in the config."""
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=SQLModel.metadata, compare_type=True,
                      render_item=render_item, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def schema_differences(connection: Connection) -> list:
    """What separates the database from the models (empty: the same schema)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, SQLModel.metadata)


def current_revision(connection: Connection) -> Optional[str]:
    from alembic.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


@lru_cache(maxsize=1)
def revisions():
    """The migration scripts, read once per process (each start-up, and each test, asks for the head)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    return revisions().get_current_head()


def migrate(engine: Engine, automatic: bool) -> str:
    """Bring the database to the newest revision, in one transaction; returns what was done.

    `automatic` (start-up) does only what is safe unattended: create a fresh
    database, stamp one that create_all made with this very schema, apply
    pending revisions (they are additive unless one sets `automatic = False`).
    Otherwise it raises SchemaError and the administrator runs `db upgrade`,
    which also adopts an older create_all database (stamped at BASELINE, then
    upgraded and checked against the models: all or nothing).
    """
    from alembic import command

    with engine.connect() as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:app, hashtext(current_schema()))"),
                               {"app": MIGRATION_LOCK})
        config = alembic_config(connection)
        script = revisions()
        head, current = script.get_current_head(), current_revision(connection)
        if current is None:
            ours = set(inspect(connection).get_table_names()) & set(SQLModel.metadata.tables)
            if not ours:
                command.upgrade(config, "head")
                return f"created at revision {head}"
            if not schema_differences(connection):
                command.stamp(config, "head")
                return f"existing schema matches: stamped {head}"
            if automatic:
                raise SchemaError(Problem("db_unversioned"))
            before = schema_differences(connection)
            command.stamp(config, BASELINE)
            try:
                command.upgrade(config, "head")
            except Exception as exc:  # a later revision met what the baseline lacked: all or nothing
                raise SchemaError(Problem("db_still_different", differences=format_differences(before))) from exc
            differences = schema_differences(connection)
            if differences:  # raising rolls the whole transaction back
                raise SchemaError(Problem("db_still_different", differences=format_differences(differences)))
            return f"adopted: stamped {BASELINE}, upgraded to {head}"
        if current == head:
            return f"up to date at {head}"
        try:
            pending = list(script.iterate_revisions(head, current))
        except Exception as exc:  # noqa: BLE001 - unknown revision: a newer version of the bot wrote it
            raise SchemaError(Problem("db_newer", revision=current)) from exc
        manual = [r.revision for r in pending if not getattr(r.module, "automatic", True)]
        if automatic and manual:
            raise SchemaError(Problem("db_manual_revision", revisions=", ".join(reversed(manual))))
        command.upgrade(config, "head")
        return f"upgraded {current} -> {head}"


def format_differences(differences: list) -> str:
    return "; ".join(str(d)[:160] for d in differences[:10])


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed as a whole or not at all."""
    gate, patience = _WRITE_GATES.get(engine, (None, 0.0))
    queued = gate.acquire(timeout=patience) if gate is not None else False
    if gate is not None and not queued:  # as SQLite says after its busy timeout: the caller tries later
        raise OperationalError("BEGIN IMMEDIATE", {}, TimeoutError("database is locked (write gate)"))
    try:
        with Session(engine, expire_on_commit=False) as session:
            with session.begin():
                yield session
    finally:
        if queued:
            gate.release()


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A session that only reads, for work done beside the chats (a list file's checks): on SQLite it
    takes no write lock (a deferred transaction: in WAL it neither waits for a writer nor makes one
    wait); rolled back at the end, whatever was done."""
    with Session(engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False) as session:
        yield session


def claim_update(session: Session, channel: str, update_key: str) -> bool:
    """Claim an update for handling, once: False when it was claimed before (a redelivered or doubled
    update), here or on another instance. One statement: the unique (channel, update_key) decides; on
    PostgreSQL a claim made at the same moment by a transaction not yet committed waits for its outcome."""
    statement = _claim_statement(session.get_bind().dialect.name)
    if statement is None:  # any other database: look, then insert (a race ends in the IntegrityError retried)
        if session.exec(select(ProcessedUpdate.id).where(ProcessedUpdate.channel == channel,
                                                         ProcessedUpdate.update_key == update_key)).first():
            return False
        session.add(ProcessedUpdate(channel=channel, update_key=update_key))
        session.flush()
        return True
    return session.execute(statement, {"channel": channel, "update_key": update_key, "at": utcnow()}).first() is not None


@lru_cache(maxsize=None)
def _claim_statement(dialect: str):
    """INSERT … ON CONFLICT DO NOTHING RETURNING id, built once (None: a database without it)."""
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        return None
    table = ProcessedUpdate.__table__
    return (insert(table).values(channel=bindparam("channel"), update_key=bindparam("update_key"), at=bindparam("at"))
            .on_conflict_do_nothing(index_elements=["channel", "update_key"]).returning(table.c.id))


def forget_old_updates(session: Session) -> None:
    session.exec(delete(ProcessedUpdate).where(ProcessedUpdate.at < utcnow() - UPDATE_MEMORY))


def make_revision(message: str) -> Optional[Path]:
    """Write the next revision: what the models have that the newest revision lacks (autogenerate).

    It compares with a scratch SQLite database built from the revisions, so
    it needs no server; the batch operations it writes run on PostgreSQL too.
    Returns the new file, or None when there is nothing to add.
    """
    import tempfile

    from alembic import command

    def skip_empty(context, revision, directives):
        if directives[0].upgrade_ops.is_empty():
            directives[:] = []

    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite:///{Path(scratch) / 'scratch.db'}")
        try:
            with engine.connect() as connection, connection.begin():
                config = alembic_config(connection)
                command.upgrade(config, "head")
                head = current_revision(connection)
                rev_id = f"{int(head) + 1:04d}" if head else BASELINE
                script = command.revision(config, message, autogenerate=True, rev_id=rev_id,
                                          process_revision_directives=skip_empty)
        finally:
            engine.dispose()
    return Path(script.path) if script else None
