"""partial and functional indexes

Revision ID: 1c8f5a3e7b04
Revises: 7b2e9c4f0d31
Create Date: 2025-06-03 14:11:46.731002

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '1c8f5a3e7b04'
down_revision: Union[str, Sequence[str], None] = '7b2e9c4f0d31'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index(
        "ix_products_live_sku",
        "products",
        ["sku"],
        unique=True,
        sqlite_where=sa.text("deleted_at IS NULL"),
    )
    op.create_index(
        "ix_products_priced",
        "products",
        ["price"],
        sqlite_where=sa.text("price IS NOT NULL AND price > 0"),
    )
    op.create_index("ix_products_lower_name", "products", [sa.text("lower(name)")])
    op.create_index(
        "ix_products_vendor_lower_name",
        "products",
        ["vendor", sa.text("lower(name)")],
        unique=True,
    )
    op.create_index("ix_products_category_desc", "products", [sa.text("\"Category\" DESC")])
    op.create_index(op.f("ix_products_Category"), "products", ["Category"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_products_Category"), table_name="products")
    op.drop_index("ix_products_category_desc", table_name="products")
    op.drop_index("ix_products_vendor_lower_name", table_name="products")
    op.drop_index("ix_products_lower_name", table_name="products")
    op.drop_index("ix_products_priced", table_name="products")
    op.drop_index("ix_products_live_sku", table_name="products")
