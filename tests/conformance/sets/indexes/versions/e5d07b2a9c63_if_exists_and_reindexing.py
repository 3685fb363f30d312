"""if_exists / if_not_exists and replacing an index

Revision ID: e5d07b2a9c63
Revises: 1c8f5a3e7b04
Create Date: 2025-06-05 10:58:20.266119

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'e5d07b2a9c63'
down_revision: Union[str, Sequence[str], None] = '1c8f5a3e7b04'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # already there: a no-op
    op.create_index("ix_products_name", "products", ["name"], if_not_exists=True)
    # not there: created
    op.create_index("ix_products_price_name", "products", ["price", "name"], if_not_exists=True)
    # not there: a no-op
    op.drop_index("ix_products_does_not_exist", table_name="products", if_exists=True)
    # replace the plain name index by a case-insensitive one
    op.drop_index("ix_products_name", table_name="products", if_exists=True)
    op.create_index(
        "ix_products_name",
        "products",
        [sa.text("name COLLATE NOCASE")],
        unique=False,
    )
    # Hand-written SQL in a triple-quoted string: SQLite keeps the statement's text as
    # written, its trailing newline and indentation included.
    op.execute("""
    CREATE INDEX ix_products_price_desc ON products (price DESC)
    """)


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DROP INDEX ix_products_price_desc")
    op.drop_index("ix_products_name", table_name="products")
    op.create_index(op.f("ix_products_name"), "products", ["name"], unique=False)
    op.drop_index("ix_products_price_name", table_name="products", if_exists=True)
