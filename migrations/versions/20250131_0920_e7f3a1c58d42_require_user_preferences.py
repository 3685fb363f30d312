"""require user_preferences

SQLite cannot change a column's nullability in place, so this runs in batch mode:
Alembic copies the table to a new one, moves the rows, and renames it back.

Revision ID: e7f3a1c58d42
Revises: 5a9e2b7d3c61
Create Date: 2025-01-31 09:20:37.118264+00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "e7f3a1c58d42"
down_revision: Union[str, Sequence[str], None] = "5a9e2b7d3c61"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.alter_column(
            "user_preferences",
            existing_type=sa.String(length=500),
            nullable=False,
            server_default="{}",
        )
        batch_op.drop_column("guild_id")


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("guild_id", sa.String(length=64), nullable=True)
        )
        batch_op.alter_column(
            "user_preferences",
            existing_type=sa.String(length=500),
            nullable=True,
            server_default=None,
        )
