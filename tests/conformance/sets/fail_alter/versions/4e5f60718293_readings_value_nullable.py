"""readings value nullable, outside batch mode

Revision ID: 4e5f60718293
Revises: 3d4e5f607182
Create Date: 2026-03-06 09:10:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '4e5f60718293'
down_revision: Union[str, Sequence[str], None] = '3d4e5f607182'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index("ix_readings_value", "readings", ["value"])
    # SQLite (as Python's sqlite3 links it) has no ALTER COLUMN: this fails, after the
    # index above was created.
    op.alter_column("readings", "value", nullable=True, existing_type=sa.Integer)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_readings_value", table_name="readings")
