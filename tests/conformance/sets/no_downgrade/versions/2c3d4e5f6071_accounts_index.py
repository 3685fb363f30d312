"""accounts index

Revision ID: 2c3d4e5f6071
Revises: 1b2c3d4e5f60
Create Date: 2026-03-05 08:20:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '2c3d4e5f6071'
down_revision: Union[str, Sequence[str], None] = '1b2c3d4e5f60'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index("ix_accounts_email", "accounts", ["email"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_accounts_email", table_name="accounts")
