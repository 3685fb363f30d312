"""create customers and orders

Revision ID: 2b7d0e5a8c19
Revises: 
Create Date: 2025-07-01 08:15:42.000913

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '2b7d0e5a8c19'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    customers = op.create_table(
        "customers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("legacy_code", sa.String(10)),
        sa.Column("tier", sa.String(10), nullable=False, server_default="basic"),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
    )
    op.create_table(
        "scratch",
        sa.Column("k", sa.String(10), primary_key=True),
        sa.Column("v", sa.Text),
    )
    # op.create_table returns the Table: usable for bulk_insert right away.
    op.bulk_insert(
        customers,
        [
            {"id": 1, "name": "Alice", "legacy_code": "A01", "tier": "gold"},
            {"id": 2, "name": "Bob", "legacy_code": None, "tier": "basic"},
            {"id": 3, "name": "Carol", "legacy_code": "C03", "tier": "basic"},
        ],
    )
    orders = sa.Table(
        "orders",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("customer_id", sa.Integer),
        sa.Column("total", sa.Integer),
        sa.Column("state", sa.String(10)),
    )
    op.bulk_insert(
        orders,
        [
            {"id": 10, "customer_id": 1, "total": 500, "state": "new"},
            {"id": 11, "customer_id": 1, "total": 1250, "state": "paid"},
            {"id": 12, "customer_id": 2, "total": 75, "state": "new"},
        ],
        multiinsert=False,
    )
    op.execute("INSERT INTO scratch (k, v) VALUES ('a', 'one')")


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("scratch")
    op.drop_table("orders")
    op.drop_table("customers")
