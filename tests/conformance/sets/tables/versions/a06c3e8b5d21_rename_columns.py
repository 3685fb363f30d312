"""rename columns

Revision ID: a06c3e8b5d21
Revises: 4f9b2d6e0a73
Create Date: 2025-07-04 09:27:13.880051

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'a06c3e8b5d21'
down_revision: Union[str, Sequence[str], None] = '4f9b2d6e0a73'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.alter_column("purchases", "total", new_column_name="amount_cents")
    op.alter_column("customers", "name", new_column_name="full_name", existing_type=sa.String(100))
    op.alter_column("purchases", "state", new_column_name="order", existing_nullable=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.alter_column("purchases", "order", new_column_name="state", existing_nullable=False)
    op.alter_column("customers", "full_name", new_column_name="name", existing_type=sa.String(100))
    op.alter_column("purchases", "amount_cents", new_column_name="total")
