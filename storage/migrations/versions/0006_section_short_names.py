"""section short names: a few words per section for the report's overview and its questions

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None
# Start-up applies a revision by itself only if it is additive (new tables,
# nullable or defaulted columns, indexes): set False for anything else, and
# the administrator applies it with `python main.py db upgrade` after a backup.
automatic = True


def upgrade() -> None:
    with op.batch_alter_table('section', schema=None) as batch_op:
        # server_default: sections of before show their full name until the catalogue is synced at start-up
        batch_op.add_column(sa.Column('short', sa.String(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('section', schema=None) as batch_op:
        batch_op.drop_column('short')
