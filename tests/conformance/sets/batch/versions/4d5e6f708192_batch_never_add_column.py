"""batch (recreate='never'): add a column in place

Revision ID: 4d5e6f708192
Revises: 3c4d5e6f7081
Create Date: 2025-09-04 08:09:10.111213

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '4d5e6f708192'
down_revision: Union[str, Sequence[str], None] = '3c4d5e6f7081'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("items", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("color", sa.String(16), nullable=True))
        batch_op.add_column(sa.Column("rank", sa.Integer, nullable=False, server_default="5"))


def downgrade() -> None:
    """Downgrade schema."""
    # SQLite >= 3.35 can drop a plain column in place too.
    with op.batch_alter_table("items", recreate="never") as batch_op:
        batch_op.drop_column("rank")
        batch_op.drop_column("color")
