"""batch with reflect_args, table_kwargs and partial_reordering

Revision ID: 5e6f708192a3
Revises: 4d5e6f708192
Create Date: 2025-09-05 16:17:18.192021

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '5e6f708192a3'
down_revision: Union[str, Sequence[str], None] = '4d5e6f708192'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "flags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("b", sa.String(5)),
        sa.Column("a", sa.String(5)),
        sa.Column("enabled", sa.Boolean(create_constraint=True, name="ck_flags_enabled")),
    )
    op.execute("INSERT INTO flags (id, b, a, enabled) VALUES (1, 'bee', 'ay', 1), (2, NULL, 'a2', 0)")
    with op.batch_alter_table(
        "flags",
        recreate="always",
        partial_reordering=[("id", "a", "b")],
        table_kwargs={"sqlite_autoincrement": True},
        reflect_args=[
            sa.Column("enabled", sa.Boolean(create_constraint=True, name="ck_flags_enabled"))
        ],
    ) as batch_op:
        batch_op.add_column(sa.Column("c", sa.String(5), server_default="cee"))
        batch_op.alter_column("enabled", existing_type=sa.Boolean(), nullable=False)
    with op.batch_alter_table(
        "owners",
        table_args=(sa.UniqueConstraint("name", name="uq_owners_name"),),
    ) as batch_op:
        batch_op.alter_column("name", existing_type=sa.String(50), type_=sa.String(80))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("owners") as batch_op:
        batch_op.drop_constraint("uq_owners_name", type_="unique")
        batch_op.alter_column("name", existing_type=sa.String(80), type_=sa.String(50))
    op.drop_table("flags")
