"""create owners and items

Revision ID: 1a2b3c4d5e6f
Revises: 
Create Date: 2025-09-01 09:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '1a2b3c4d5e6f'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "owners",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
    )
    op.create_table(
        "items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("title", sa.String(100)),
        sa.Column("qty", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("price", sa.Integer),
        sa.Column("legacy", sa.String(10)),
        sa.Column("owner_id", sa.Integer),
        sa.UniqueConstraint("code", name="uq_items_code"),
        sa.CheckConstraint("qty >= 0", name="ck_items_qty"),
    )
    op.create_index("ix_items_title", "items", ["title"])
    op.create_index("ix_items_owner_qty", "items", ["owner_id", "qty"], unique=False)
    op.create_index(
        "ix_items_priced", "items", ["price"], sqlite_where=sa.text("price IS NOT NULL")
    )
    op.execute("INSERT INTO owners (id, name) VALUES (1, 'warehouse'), (2, 'shop')")
    op.execute(
        "INSERT INTO items (id, code, title, qty, price, legacy, owner_id) VALUES "
        "(1, 'A', 'anvil', 3, 100, 'x', 1), "
        "(2, 'B', 'bucket', 0, NULL, NULL, 2), "
        "(3, 'C', NULL, 12, 5, 'y', NULL)"
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_items_priced", table_name="items")
    op.drop_index("ix_items_owner_qty", table_name="items")
    op.drop_index("ix_items_title", table_name="items")
    op.drop_table("items")
    op.drop_table("owners")
