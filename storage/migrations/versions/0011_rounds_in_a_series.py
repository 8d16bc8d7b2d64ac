"""rounds in a series: each indicator says how it compares with the year before, a round knows its series,
a unit its lineage, and figures of earlier years no round holds (imported or typed) have a table

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 22:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None
# Additive (a new table, nullable or defaulted columns): start-up applies it by itself.
automatic = True


def upgrade() -> None:
    op.create_table('pastfigure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('unit_code', sa.String(), nullable=False),
    sa.Column('field', sa.String(), nullable=False),
    sa.Column('number', sa.Float(), nullable=False),
    sa.Column('source', sa.String(), nullable=False),
    sa.Column('filename', sa.String(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('year', 'unit_code', 'field')
    )
    with op.batch_alter_table('pastfigure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pastfigure_year'), ['year'], unique=False)
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('compare', sa.String(), nullable=False, server_default='none'))
        batch_op.add_column(sa.Column('compare_words', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('redefined_in', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('stands_out', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('weighted_by', sa.String(), nullable=True))
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('series', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('follows', sa.String(), nullable=True))
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('formed_from', sa.JSON(), nullable=True))


def downgrade() -> None:
    # Units and rounds are referred to by other tables: their columns go without copying the table (SQLite
    # 3.35+ drops a column in place), which a referred-to table would refuse.
    with op.batch_alter_table('unit', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('formed_from')
    with op.batch_alter_table('round', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('follows')
        batch_op.drop_column('series')
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_column('weighted_by')
        batch_op.drop_column('stands_out')
        batch_op.drop_column('redefined_in')
        batch_op.drop_column('compare_words')
        batch_op.drop_column('compare')
    with op.batch_alter_table('pastfigure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pastfigure_year'))
    op.drop_table('pastfigure')
