"""the ratio rule's percentage on its own rule row: awardrule.percent, catalogmeta.cstdcs_ratio gone

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 22:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None
# Start-up applies it by itself: the dropped column's value is first written onto the ratio rules, and
# the catalogue file gives every rule's percentage again when it is synced at start-up.
automatic = True


def upgrade() -> None:
    with op.batch_alter_table('awardrule', schema=None) as batch_op:
        batch_op.add_column(sa.Column('percent', sa.Float(), nullable=True))
    op.execute("UPDATE awardrule SET percent = (SELECT cstdcs_ratio * 100 FROM catalogmeta "
               "ORDER BY id LIMIT 1) WHERE kind = 'ratio'")
    with op.batch_alter_table('catalogmeta', schema=None) as batch_op:
        batch_op.drop_column('cstdcs_ratio')


def downgrade() -> None:
    with op.batch_alter_table('catalogmeta', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cstdcs_ratio', sa.Float(), nullable=False, server_default='0.15'))
    op.execute("UPDATE catalogmeta SET cstdcs_ratio = COALESCE((SELECT percent / 100 FROM awardrule "
               "WHERE kind = 'ratio' ORDER BY position LIMIT 1), 0.15)")
    with op.batch_alter_table('awardrule', schema=None) as batch_op:
        batch_op.drop_column('percent')
