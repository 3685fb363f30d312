"""create notes

Revision ID: 81a2b3c4d5e6
Revises: 
Create Date: 2025-08-02 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '81a2b3c4d5e6'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    notes = op.create_table(
        "notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("body", sa.String(200), nullable=False),
        sa.Column("score", sa.String(10)),
        sa.UniqueConstraint("body", name="uq_notes_body"),
    )
    op.create_index("ix_notes_score", "notes", ["score"])
    op.bulk_insert(notes, [{"id": 1, "body": "a", "score": "10"}, {"id": 2, "body": "b", "score": None}])


def downgrade() -> None:
    op.drop_index("ix_notes_score", "notes")
    op.drop_table("notes")
