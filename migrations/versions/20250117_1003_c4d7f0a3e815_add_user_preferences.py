"""add user_preferences

Revision ID: c4d7f0a3e815
Revises: 8b1e5d2c9a07
Create Date: 2025-01-17 10:03:51.004412+00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "c4d7f0a3e815"
down_revision: Union[str, Sequence[str], None] = "8b1e5d2c9a07"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # Add user_preferences column to conversations table
    op.add_column(
        "conversations",
        sa.Column("user_preferences", sa.String(length=500), nullable=True),
    )


def downgrade() -> None:
    """Downgrade schema."""
    # Remove the column - data will be lost!
    op.drop_column("conversations", "user_preferences")
