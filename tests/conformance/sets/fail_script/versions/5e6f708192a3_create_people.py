"""create people

Revision ID: 5e6f708192a3
Revises: 
Create Date: 2025-08-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '5e6f708192a3'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    people = op.create_table(
        "people",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
    )
    op.bulk_insert(people, [{"id": 1, "name": "ada"}, {"id": 2, "name": "bob"}])


def downgrade() -> None:
    op.drop_table("people")
