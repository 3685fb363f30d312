"""make note required

Revision ID: 4d5e6f708192
Revises: 3c4d5e6f7081
Create Date: 2025-08-01 10:00:00.000000

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
    op.create_table("tags", sa.Column("id", sa.Integer, primary_key=True))
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.alter_column("note", existing_type=sa.Text(), nullable=False)
        batch_op.add_column(sa.Column("rank", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_column("rank")
        batch_op.alter_column("note", existing_type=sa.Text(), nullable=True)
    op.drop_table("tags")
