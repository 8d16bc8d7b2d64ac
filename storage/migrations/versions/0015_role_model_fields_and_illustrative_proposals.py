"""a role model's field is the clerk's answer (the report groups role models by it); a demo's proposal may be marked
illustrative

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08 01:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None
# Additive (a column with a default, one without; the rows there were read once): start-up applies it by itself.
automatic = True

# Before this revision the Word draft guessed a role model's field from the first words of its name, in this order
# (the military's "Ban CHQS" before a collective's "Ban"); the rows already there get that guess once, as their
# answer. New rows are asked (storage/list_schema.RM_FIELDS).
_GUESSED = (
    ("school", ("Trường",)),
    ("teacher", ("Cô giáo", "Thầy giáo", "Giáo viên", "Cô", "Thầy")),
    ("security", ("Công an", "Đồn Công an", "Ban CHQS", "Ban Chỉ huy Quân sự", "Dân quân", "Đội")),
    ("household", ("Gia đình", "Hộ", "Hộ gia đình", "Ông", "Bà", "Anh", "Chị")),
    ("collective", ("UBND", "Ủy ban", "Hội", "Đoàn", "Phòng", "Văn phòng", "Ban", "Công ty", "Hợp tác xã", "HTX",
                    "Tổ", "Nhóm", "Bản", "Khối", "Thôn", "Chi bộ", "Trạm", "Trung tâm")),
)


def guessed_field(name: str) -> str:
    name = (name or "").strip()
    for field, leads in _GUESSED:
        if any(name == lead or name.startswith(lead + " ") for lead in leads):
            return field
    return "other"


def upgrade() -> None:
    with op.batch_alter_table('rolemodel', schema=None) as batch_op:
        batch_op.add_column(sa.Column('field', sa.String(), nullable=True))
    with op.batch_alter_table('stagedlistrow', schema=None) as batch_op:
        batch_op.add_column(sa.Column('field', sa.String(), nullable=True))
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.add_column(sa.Column('illustrative', sa.Boolean(), nullable=False, server_default=sa.false()))
    rows = sa.table('rolemodel', sa.column('id', sa.Integer), sa.column('name', sa.String),
                    sa.column('field', sa.String))
    bind = op.get_bind()
    for row_id, name in bind.execute(sa.select(rows.c.id, rows.c.name)).all():
        bind.execute(rows.update().where(rows.c.id == row_id).values(field=guessed_field(name)))


def downgrade() -> None:
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.drop_column('illustrative')
    with op.batch_alter_table('stagedlistrow', schema=None) as batch_op:
        batch_op.drop_column('field')
    with op.batch_alter_table('rolemodel', schema=None) as batch_op:
        batch_op.drop_column('field')
