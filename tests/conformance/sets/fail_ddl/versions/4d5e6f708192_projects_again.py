"""projects again

A second branch of the team created the same table: SQLite refuses it, and the error quotes
the statement as SQLAlchemy's DDL compiler wrote it (a newline before, two after).

Revision ID: 4d5e6f708192
Revises: 3c4d5e6f7081
Create Date: 2025-08-02 10:00:00.000000

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
    op.add_column("projects", sa.Column("owner", sa.String(50)))
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer, primary_key=True),
    )


def downgrade() -> None:
    op.drop_column("projects", "owner")
