"""composite keys and autoincrement

Revision ID: 5a41e8d2c9b3
Revises: 8f2d6b0c4e17
Create Date: 2025-04-03 11:12:05.671094

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '5a41e8d2c9b3'
down_revision: Union[str, Sequence[str], None] = '8f2d6b0c4e17'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "memberships",
        sa.Column("account_id", sa.Integer, primary_key=True),
        sa.Column("group_id", sa.Integer, primary_key=True),
        sa.Column("role", sa.String(16), nullable=False, server_default="member"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("message", sa.Text, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "tags",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("weight", sa.Integer, autoincrement=False),
    )
    op.create_table(
        "counters",
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("n", sa.Integer, nullable=False, server_default=sa.text("0")),
    )
    op.create_table(
        "no_rowid_pairs",
        sa.Column("a", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("b", sa.String(8), primary_key=True),
        sqlite_with_rowid=False,
    )
    op.execute("INSERT INTO audit_log (message) VALUES ('first'), ('second')")
    op.execute("DELETE FROM audit_log WHERE message = 'second'")
    op.execute("INSERT INTO no_rowid_pairs (a, b) VALUES (2, 'x'), (1, 'z'), (1, 'y')")
    # BIGINT is not a rowid alias on SQLite: the id must be given.
    op.execute("INSERT INTO counters (id) VALUES (1)")


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("no_rowid_pairs")
    op.drop_table("counters")
    op.drop_table("tags")
    op.drop_table("audit_log")
    op.drop_table("memberships")
