"""add columns with Python-side defaults over existing rows

Revision ID: a3c4d5e6f7a8
Revises: 92b3c4d5e6f7
Create Date: 2025-08-02 12:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'a3c4d5e6f7a8'
down_revision: Union[str, Sequence[str], None] = '92b3c4d5e6f7'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # SQLAlchemy's INSERT ... SELECT of the table copy gives added columns their
    # Python-side defaults (`from_select(include_defaults=True)`): the NOT NULL column is
    # filled on the existing rows with the value online, and with NULL in `--sql`.
    with op.batch_alter_table("notes", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("active", sa.Boolean, nullable=False, default=True))
        batch_op.add_column(sa.Column("label", sa.String(20), default=sa.func.upper("x")))
        batch_op.add_column(sa.Column("rank", sa.Integer, default=7))


def downgrade() -> None:
    with op.batch_alter_table("notes") as batch_op:
        batch_op.drop_column("rank")
        batch_op.drop_column("label")
        batch_op.drop_column("active")
