"""Alembic's entry point: everything is configured in storage/db.py (no alembic.ini)."""

from alembic import context

from storage.db import run_migrations

run_migrations(context)
