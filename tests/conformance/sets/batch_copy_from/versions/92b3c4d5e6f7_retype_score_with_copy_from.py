"""retype score with copy_from

Revision ID: 92b3c4d5e6f7
Revises: 81a2b3c4d5e6
Create Date: 2025-08-02 11:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '92b3c4d5e6f7'
down_revision: Union[str, Sequence[str], None] = '81a2b3c4d5e6'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def notes_table(score_type):
    return sa.Table(
        "notes",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("body", sa.String(200), nullable=False),
        sa.Column("score", score_type),
        sa.UniqueConstraint("body", name="uq_notes_body"),
        sa.Index("ix_notes_score", "score"),
    )


def upgrade() -> None:
    with op.batch_alter_table("notes", copy_from=notes_table(sa.String(10))) as batch_op:
        batch_op.alter_column("score", type_=sa.Integer, existing_type=sa.String(10))
        batch_op.add_column(sa.Column("pinned", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("notes", copy_from=notes_table(sa.Integer)) as batch_op:
        batch_op.drop_column("pinned")
        batch_op.alter_column("score", type_=sa.String(10), existing_type=sa.Integer)
