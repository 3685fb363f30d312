"""add nickname

Revision ID: 6f708192a3b4
Revises: 5e6f708192a3
Create Date: 2025-08-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '6f708192a3b4'
down_revision: Union[str, Sequence[str], None] = '5e6f708192a3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("people", sa.Column("nickname", sa.String(20)))


def downgrade() -> None:
    op.drop_column("people", "nickname")
