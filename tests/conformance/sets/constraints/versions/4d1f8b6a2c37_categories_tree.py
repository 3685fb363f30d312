"""categories tree (self-referencing foreign key)

Revision ID: 4d1f8b6a2c37
Revises: 0a7c3e9f1b52
Create Date: 2025-05-07 13:45:10.350277

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '4d1f8b6a2c37'
down_revision: Union[str, Sequence[str], None] = '0a7c3e9f1b52'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "categories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "parent_id",
            sa.Integer,
            sa.ForeignKey("categories.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("slug", sa.String(50), nullable=False, unique=True),
        sa.Column("depth", sa.Integer, sa.CheckConstraint("depth >= 0"), server_default="0"),
    )
    op.bulk_insert(
        sa.table(
            "categories",
            sa.column("id", sa.Integer),
            sa.column("parent_id", sa.Integer),
            sa.column("slug", sa.String),
            sa.column("depth", sa.Integer),
        ),
        [
            {"id": 1, "parent_id": None, "slug": "fiction", "depth": 0},
            {"id": 2, "parent_id": 1, "slug": "fantasy", "depth": 1},
            {"id": 3, "parent_id": 2, "slug": "high-fantasy", "depth": 2},
        ],
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("categories")
