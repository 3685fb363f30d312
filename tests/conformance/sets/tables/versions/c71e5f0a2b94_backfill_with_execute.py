"""backfill with op.execute

Revision ID: c71e5f0a2b94
Revises: a06c3e8b5d21
Create Date: 2025-07-05 13:50:31.207766

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.sql import column, table


# revision identifiers, used by Alembic.
revision: str = 'c71e5f0a2b94'
down_revision: Union[str, Sequence[str], None] = 'a06c3e8b5d21'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

customers = table(
    "customers",
    column("id", sa.Integer),
    column("full_name", sa.String),
    column("email", sa.String),
    column("tier", sa.String),
    column("credit", sa.Integer),
)

purchases = table(
    "purchases",
    column("id", sa.Integer),
    column("customer_id", sa.Integer),
    column("amount_cents", sa.Integer),
    column("order", sa.String),
    column("note", sa.Text),
)


def upgrade() -> None:
    """Upgrade schema."""
    op.execute("UPDATE customers SET email = lower(full_name) || '@example.com'")
    op.execute(
        sa.text("UPDATE customers SET credit = :credit WHERE tier = :tier").bindparams(
            credit=100, tier="gold"
        )
    )
    op.execute(
        customers.update()
        .where(customers.c.tier == op.inline_literal("basic"))
        .values({"credit": op.inline_literal(10)})
    )
    op.execute(
        purchases.update()
        .where(purchases.c.order == "new")
        .values(note="awaiting payment")
    )
    op.execute(
        purchases.insert().values(
            id=13, customer_id=3, amount_cents=4200, order="paid", note=None
        )
    )
    op.execute(purchases.delete().where(purchases.c.amount_cents < 100))


def downgrade() -> None:
    """Downgrade schema."""
    op.execute(
        purchases.insert().values(id=12, customer_id=2, amount_cents=75, order="new")
    )
    op.execute(purchases.delete().where(purchases.c.id == 13))
    op.execute(purchases.update().values(note=None))
    op.execute(customers.update().values(credit=0, email=None))
