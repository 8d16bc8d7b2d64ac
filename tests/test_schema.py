"""The schema comes from the migrations (storage/migrations), and they match the models."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from main import main, prepare
from storage.db import SchemaError, current_revision, head_revision, make_engine, migrate, schema_differences
from tests.harness import make_settings


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
