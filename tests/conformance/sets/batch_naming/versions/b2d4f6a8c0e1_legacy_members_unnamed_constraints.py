"""legacy members table with unnamed constraints

The table is created with raw DDL, as an old version of the application did,
so its foreign key and unique constraint have no name in the database.

Revision ID: b2d4f6a8c0e1
Revises: a1c3e5f7b9d0
Create Date: 2025-10-02 11:02:48.771200

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'b2d4f6a8c0e1'
down_revision: Union[str, Sequence[str], None] = 'a1c3e5f7b9d0'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.execute(
        """
        CREATE TABLE legacy_members (
            id INTEGER NOT NULL PRIMARY KEY,
            team_id INTEGER REFERENCES teams (id),
            user_id INTEGER NOT NULL,
            role VARCHAR(10),
            UNIQUE (team_id, user_id),
            FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
        )
        """
    )
    op.execute(
        "INSERT INTO legacy_members (id, team_id, user_id, role) VALUES "
        "(1, 1, 1, 'lead'), (2, 2, 1, 'dev'), (3, 2, 2, NULL)"
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("legacy_members")
