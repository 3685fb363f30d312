"""comments and identity

Column and table comments are accepted by SQLAlchemy but SQLite has no place for
them; sa.Identity() has no SQLite rendering either.

Revision ID: d06b7f3a1e98
Revises: 5a41e8d2c9b3
Create Date: 2025-04-04 16:40:59.883121

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'd06b7f3a1e98'
down_revision: Union[str, Sequence[str], None] = '5a41e8d2c9b3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer, sa.Identity(start=100, increment=1), primary_key=True),
        sa.Column("number", sa.Integer, sa.Identity(always=True)),
        sa.Column("total", sa.Numeric(12, 2), nullable=False, comment="gross amount, in cents"),
        sa.Column("memo", sa.String(200), comment="it's free text"),
        comment="customer invoices",
    )
    op.add_column(
        "accounts",
        sa.Column("nickname", sa.String(30), nullable=True, comment="shown in the UI"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("accounts", "nickname")
    op.drop_table("invoices")
