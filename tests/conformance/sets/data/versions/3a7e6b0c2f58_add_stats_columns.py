"""add stats columns

Revision ID: 3a7e6b0c2f58
Revises: b1f4c9e2d7a0
Create Date: 2025-08-05 09:12:45.007331

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '3a7e6b0c2f58'
down_revision: Union[str, Sequence[str], None] = 'b1f4c9e2d7a0'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("users", sa.Column("post_count", sa.Integer, nullable=True))
    op.add_column("users", sa.Column("total_views", sa.Integer, nullable=True))
    op.add_column("users", sa.Column("slug", sa.String(60), nullable=True))
    op.create_table(
        "summary",
        sa.Column("key", sa.String(30), primary_key=True),
        sa.Column("value", sa.Text),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("summary")
    op.drop_column("users", "slug")
    op.drop_column("users", "total_views")
    op.drop_column("users", "post_count")
