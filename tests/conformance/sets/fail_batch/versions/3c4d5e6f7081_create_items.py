"""create items

Revision ID: 3c4d5e6f7081
Revises: 
Create Date: 2025-08-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '3c4d5e6f7081'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    items = op.create_table(
        "items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(50), nullable=False),
        sa.Column("note", sa.Text, nullable=True),
    )
    op.create_index("ix_items_title", "items", ["title"])
    op.bulk_insert(items, [
        {"id": 1, "title": "a", "note": "first"},
        {"id": 2, "title": "b", "note": None},
    ])


def downgrade() -> None:
    op.drop_index("ix_items_title", "items")
    op.drop_table("items")
