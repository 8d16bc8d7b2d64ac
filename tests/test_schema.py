"""The schema comes from the migrations (storage/migrations), and they match the models."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import text
from sqlmodel import SQLModel, select

from main import main, prepare
from storage import outbox
from storage.db import (SchemaError, alembic_config, current_revision, head_revision, make_engine, migrate,
                        schema_differences, transaction)
from storage.models import Delivery, User, utcnow
from storage.people import find_units
from storage.reports import round_by_code
from tests.harness import make_settings

pytestmark = pytest.mark.empty_database  # these tests are about what the migrations make of a database


def test_the_migrations_build_exactly_the_models_schema(database_url):
    engine = make_engine(database_url)
    try:
        assert migrate(engine, automatic=True) == f"created at revision {head_revision()}"
        with engine.connect() as connection:
            # Strict: a model changed without a revision (`python main.py db revision -m ...`) fails here.
            assert schema_differences(connection) == []
            assert current_revision(connection) == head_revision()
        assert migrate(engine, automatic=True) == f"up to date at {head_revision()}"
    finally:
        engine.dispose()


def test_a_database_made_by_create_all_is_adopted_at_start_up_when_it_matches(database_url):
    engine = make_engine(database_url)
    SQLModel.metadata.create_all(engine)  # what versions before migrations did
    engine.dispose()
    dispatcher = prepare(make_settings(database_url))  # start-up stamps it, keeps it, and syncs the catalogue
    with dispatcher.engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        assert connection.execute(text("SELECT count(*) FROM unit")).scalar() > 0
    dispatcher.engine.dispose()


def test_an_older_unversioned_database_is_left_alone_with_a_clear_message(database_url, monkeypatch, capsys):
    engine = make_engine(database_url)
    SQLModel.metadata.create_all(engine)
    with engine.begin() as connection:  # as if made before the scheduler added this column
        connection.execute(text('ALTER TABLE "user" DROP COLUMN unreachable_at'))
        # create_all made what revisions after the baseline add (0002: codefailure.sender_id): not there then
        connection.execute(text("DROP INDEX ix_codefailure_sender_id"))
        connection.execute(text("ALTER TABLE codefailure DROP COLUMN sender_id"))
    engine.dispose()
    with pytest.raises(SchemaError, match="python main.py db upgrade"):
        prepare(make_settings(database_url))
    # The administrator's upgrade cannot make it match either: it changes nothing (all or nothing).
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["db", "upgrade"]) == 2
    assert "unreachable_at" in capsys.readouterr().err
    engine = make_engine(database_url)
    with engine.connect() as connection:
        assert current_revision(connection) is None
    engine.dispose()


def test_db_commands_show_and_apply_the_revision(database_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)

    def db(*args):
        assert main(["db", *args]) == 0
        return capsys.readouterr().out

    head = head_revision()
    assert f"hiện tại: chưa có (mới nhất: {head})" in db("current")
    assert f"created at revision {head}" in db("upgrade")
    assert f"hiện tại: {head} (mới nhất: {head})" in db("current")
    # The models and the newest revision agree: nothing to write.
    assert "không có gì để tạo" in db("revision", "-m", "nothing new")


def test_the_outbox_revision_keeps_an_older_ledger_and_sends_none_of_it_again(database_url):
    """A database of before the outbox (revision 0002) with its ledger: what was sent stays a key (never
    sent twice), a claim or failure left by then is closed, and nothing of it is sent at start-up."""
    dispatcher = prepare(make_settings(database_url))
    with transaction(dispatcher.engine) as session:
        round_ = round_by_code(session, "tongket-2020")
        user = User(full_name="Lò Thị Mai", role="clerk", unit_id=find_units(session, "Quài Nưa")[0].id)
        session.add(user)
        session.flush()
        round_id, user_id = round_.id, user.id
    with dispatcher.engine.begin() as connection:
        connection.execute(text("DELETE FROM delivery"))
        command.downgrade(alembic_config(connection), "0002")
        for day, status in (("2020-12-13", "sent"), ("2020-12-17", "claimed"), ("2020-12-19", "failed")):
            connection.execute(text(
                "INSERT INTO delivery (round_id, user_id, kind, day, channel, chat_id, status, claimed_at, error) "
                "VALUES (:round_id, :user_id, 'reminder', :day, 'telegram', '601', :status, :at, '')"),
                {"round_id": round_id, "user_id": user_id, "day": day, "status": status,
                 "at": dt.datetime(2020, 12, 13, 1, 0, tzinfo=dt.timezone.utc)})
    dispatcher.engine.dispose()

    dispatcher = prepare(make_settings(database_url))  # start-up applies 0003, then forgets what is old
    engine = dispatcher.engine
    try:
        with transaction(engine) as session:
            assert sorted((str(row.day), row.status) for row in session.exec(select(Delivery)).all()) == [
                ("2020-12-13", "sent"), ("2020-12-17", "expired"), ("2020-12-19", "expired")]
        assert outbox.due(engine, utcnow(), orphaned_after=0, lease=60, give_up_after=10 ** 9) == []
        key = outbox.Key(round_id, user_id, "reminder", dt.date(2020, 12, 13))
        assert outbox.claim(engine, [(key, "telegram", "601", [{"text": "again"}])]) == {}
    finally:
        engine.dispose()


def test_a_tests_database_is_what_migrate_makes_of_an_empty_one(database_url, tmp_path):
    """Tests start from a copy of a migrated database (tests/harness.py), not by migrating each time:
    that copy is at the newest revision and matches the models, as a database start-up created."""
    from tests.harness import fresh_database

    kind = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    (tmp_path / "copy").mkdir()
    with fresh_database(kind, tmp_path / "copy", migrated=True) as url:
        engine = make_engine(url)
        with engine.connect() as connection:
            assert current_revision(connection) == head_revision()
            assert schema_differences(connection) == []
            assert connection.execute(text("SELECT count(*) FROM unit")).scalar() == 0
        assert migrate(engine, automatic=True) == f"up to date at {head_revision()}"
        engine.dispose()


def test_role_models_already_there_take_the_field_their_name_suggested_once(database_url):
    """Revision 0015 makes a role model's field the clerk's answer; the rows of before get the field the report used
    to guess from their name's first words, once, and keep it (a new row is asked)."""
    from storage import reports
    from storage.models import RoleModel

    dispatcher = prepare(make_settings(database_url))
    with transaction(dispatcher.engine) as session:
        report = reports.get_or_create_report(session, round_by_code(session, "tongket-2020").id,
                                              find_units(session, "Quài Nưa")[0].id)
        report_id = report.id
    names = ["Trường Mầm non Quài Nưa", "Cô giáo Vũ Thị Ngọt", "Ban CHQS xã Quài Nưa", "Gia đình ông Lò Văn Xôm",
             "UBND xã Quài Nưa", "Nguyễn Văn An"]
    with dispatcher.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0014")
        for name in names:
            connection.execute(text("INSERT INTO rolemodel (report_id, name, complete, created_at, updated_at) "
                                    "VALUES (:report, :name, :done, :at, :at)"),
                               {"report": report_id, "name": name, "done": True, "at": utcnow()})
    dispatcher.engine.dispose()

    dispatcher = prepare(make_settings(database_url))  # start-up applies 0015
    try:
        with transaction(dispatcher.engine) as session:
            rows = session.exec(select(RoleModel).order_by(RoleModel.id)).all()
            assert [(r.name, r.field) for r in rows] == list(zip(names, [
                "school", "teacher", "security", "household", "collective", "other"]))
    finally:
        dispatcher.engine.dispose()
