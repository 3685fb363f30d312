"""rebuild prices in batch mode

Revision ID: 8f2b3c4d5e6a
Revises: 7e1a2b3c4d5f
Create Date: 2026-11-24 22:11:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '8f2b3c4d5e6a'
down_revision: Union[str, Sequence[str], None] = '7e1a2b3c4d5f'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    print("rebuilding prices")
    # The copy selects the generated columns too, and SQLite refuses to insert them:
    # Alembic fails here, and so must Retort.
    with op.batch_alter_table("prices") as batch_op:
        batch_op.alter_column("cents", nullable=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("prices") as batch_op:
        batch_op.alter_column("cents", nullable=True)
