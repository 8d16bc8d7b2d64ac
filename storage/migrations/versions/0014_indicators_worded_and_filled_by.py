"""indicators say who fills them (the reporting units or the authority) and how the report words them; a demo's
answer may be marked illustrative

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 22:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None
# Additive (columns with defaults): start-up applies it by itself.
automatic = True


def upgrade() -> None:
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('filled_by', sa.String(), nullable=False, server_default='unit'))
        batch_op.add_column(sa.Column('weight', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('yes_phrase', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('bucket_summary', sa.String(), nullable=False, server_default='average'))
        batch_op.add_column(sa.Column('own_for', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('sentence', sa.String(), nullable=False, server_default=''))
    with op.batch_alter_table('reportvalue', schema=None) as batch_op:
        batch_op.add_column(sa.Column('illustrative', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('reportvalue', schema=None) as batch_op:
        batch_op.drop_column('illustrative')
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_column('sentence')
        batch_op.drop_column('own_for')
        batch_op.drop_column('bucket_summary')
        batch_op.drop_column('yes_phrase')
        batch_op.drop_column('weight')
        batch_op.drop_column('filled_by')
