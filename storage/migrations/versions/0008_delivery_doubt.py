"""delivery doubt: when a reply may have reached the person unacknowledged; an answer held for its question

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 18:45:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None
# Start-up applies a revision by itself only if it is additive (new tables,
# nullable or defaulted columns, indexes): set False for anything else, and
# the administrator applies it with `python main.py db upgrade` after a backup.
automatic = True


def upgrade() -> None:
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempted_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('chatstate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('doubt', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('chatstate', schema=None) as batch_op:
        batch_op.drop_column('doubt')
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_column('attempted_at')
