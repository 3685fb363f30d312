"""indexes on a new table, quoted names, index=True columns

Revision ID: 6a39c1f8e2d5
Revises: e5d07b2a9c63
Create Date: 2025-06-09 16:20:07.555128

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '6a39c1f8e2d5'
down_revision: Union[str, Sequence[str], None] = 'e5d07b2a9c63'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "stock",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("product_id", sa.Integer, sa.ForeignKey("products.id"), nullable=False, index=True),
        sa.Column("warehouse", sa.String(20), nullable=False, index=True),
        sa.Column("order", sa.Integer, nullable=False),
        sa.Column("qty", sa.Integer, nullable=False, server_default="0"),
        sa.Index("ix_stock_product_warehouse", "product_id", "warehouse", unique=True),
        sa.Index("ix_stock_positive", "qty", sqlite_where=sa.text("qty > 0")),
    )
    op.create_index("ix_stock_order", "stock", ["order"])
    op.create_index("Ix Stock Mixed", "stock", ["warehouse", "order"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("Ix Stock Mixed", table_name="stock")
    op.drop_index("ix_stock_order", table_name="stock")
    op.drop_table("stock")
