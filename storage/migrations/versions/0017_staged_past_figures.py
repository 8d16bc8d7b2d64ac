"""staged past figures: a workbook of an earlier year's figures waiting for its sender's yes

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-08 00:50:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None
# Start-up applies a revision by itself only if it is additive (new tables,
# nullable or defaulted columns, indexes): set False for anything else, and
# the administrator applies it with `python main.py db upgrade` after a backup.
automatic = True


def upgrade() -> None:
    op.create_table('stagedpastfigure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch', sa.String(32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('unit_code', sa.String(), nullable=False),
    sa.Column('field', sa.String(), nullable=False),
    sa.Column('number', sa.Float(), nullable=False),
    sa.Column('filename', sa.String(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('stagedpastfigure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stagedpastfigure_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_stagedpastfigure_batch'), ['batch'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('stagedpastfigure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stagedpastfigure_batch'))
        batch_op.drop_index(batch_op.f('ix_stagedpastfigure_at'))
    op.drop_table('stagedpastfigure')
