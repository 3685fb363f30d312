"""generated columns, and what reflection makes of them

Revision ID: 7e1a2b3c4d5f
Revises:
Create Date: 2026-11-24 22:10:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '7e1a2b3c4d5f'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "prices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cents", sa.Integer),
        sa.Column("doubled", sa.Integer, sa.Computed("cents * 2")),
        sa.Column("euros", sa.Float, sa.Computed("cents / 100.0", persisted=True)),
    )
    op.execute("INSERT INTO prices (id, cents) VALUES (1, 250)")
    # Written by hand: one line, `AS` without GENERATED ALWAYS, VIRTUAL / STORED spelled out.
    op.execute(
        "CREATE TABLE raw (a INTEGER, b TEXT GENERATED ALWAYS AS (upper(a)) VIRTUAL, c INT AS (a + 1) STORED)"
    )
    insp = sa.inspect(op.get_bind())
    for table in ["prices", "raw"]:
        for c in insp.get_columns(table):
            print(table, c["name"], str(c["type"]), c["nullable"], c.get("computed"))
    t = sa.Table("prices", sa.MetaData(), autoload_with=op.get_bind().engine)
    print([c.name for c in t.columns])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("raw")
    op.drop_table("prices")
