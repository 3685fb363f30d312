"""create accounts

Revision ID: 1a2b3c4d5e6f
Revises: 
Create Date: 2025-08-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '1a2b3c4d5e6f'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    accounts = op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
    )
    op.bulk_insert(accounts, [{"id": 1, "name": "ada"}, {"id": 2, "name": "bob"}])


def downgrade() -> None:
    op.drop_table("accounts")
