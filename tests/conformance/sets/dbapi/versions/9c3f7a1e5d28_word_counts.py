"""word counts, and what happens when a SQL function fails

Revision ID: 9c3f7a1e5d28
Revises: 5b1e0c7d2a94
Create Date: 2026-03-02 09:41:27.503114

"""
import sqlite3
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '9c3f7a1e5d28'
down_revision: Union[str, Sequence[str], None] = '5b1e0c7d2a94'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("documents", sa.Column("letters", sa.Integer))
    bind = op.get_bind()
    dbapi = bind.connection.driver_connection
    dbapi.create_function("letters", 1, lambda s: len(s), deterministic=True)
    bind.execute(sa.text("UPDATE documents SET letters = letters(content)"))

    def fails(value):
        raise ValueError("no")

    dbapi.create_function("fails", 1, fails)
    try:
        op.execute("UPDATE documents SET letters = fails(content)")
    except sa.exc.OperationalError as e:
        print(type(e).__name__, e.orig)
    try:
        dbapi.cursor().execute("SELECT * FROM no_such_table")
    except sqlite3.OperationalError as e:
        print(type(e).__name__, e)
    rows = dbapi.execute("SELECT id, letters FROM documents ORDER BY id").fetchall()
    print(rows)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("documents") as batch_op:
        batch_op.drop_column("letters")
