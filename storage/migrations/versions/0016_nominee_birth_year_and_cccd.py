"""a nominee's year of birth and citizen's number (CCCD), matched with the records of titles; the streak
condition's missing years the clerk kept the form for

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08 00:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None
# Additive (nullable columns): start-up applies it by itself.
automatic = True


# The columns each table gains (a staged row of a list file carries what a nominee's row holds).
ADDED = {'nomination': (('birth_year', sa.Integer), ('cccd', sa.String), ('streak_ok', sa.String)),
         'stagedlistrow': (('birth_year', sa.Integer), ('cccd', sa.String))}


def upgrade() -> None:
    for table, columns in ADDED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, kind in columns:
                batch_op.add_column(sa.Column(name, kind(), nullable=True))


def downgrade() -> None:
    for table, columns in reversed(ADDED.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _ in reversed(columns):
                batch_op.drop_column(name)
