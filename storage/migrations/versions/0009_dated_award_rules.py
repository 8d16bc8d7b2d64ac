"""dated commendation rules: each rule in force from / to, so a round is judged by the rules of its day

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 20:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None
# Additive (nullable columns): start-up applies it by itself.
automatic = True


def upgrade() -> None:
    with op.batch_alter_table('awardrule', schema=None) as batch_op:
        batch_op.add_column(sa.Column('valid_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('valid_to', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('awardrule', schema=None) as batch_op:
        batch_op.drop_column('valid_to')
        batch_op.drop_column('valid_from')
