"""rename orders to purchases, drop scratch

Revision ID: 8e4a1c7f3b60
Revises: 2b7d0e5a8c19
Create Date: 2025-07-02 11:40:09.743288

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '8e4a1c7f3b60'
down_revision: Union[str, Sequence[str], None] = '2b7d0e5a8c19'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.rename_table("orders", "purchases")
    op.drop_table("scratch")


def downgrade() -> None:
    """Downgrade schema."""
    op.create_table(
        "scratch",
        sa.Column("k", sa.String(10), primary_key=True),
        sa.Column("v", sa.Text),
    )
    op.execute("INSERT INTO scratch (k, v) VALUES ('a', 'one')")
    op.rename_table("purchases", "orders")
