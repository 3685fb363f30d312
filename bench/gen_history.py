"""Writes a synthetic Alembic project with a linear history of N revisions.

`python gen_history.py N DIR` — each revision adds a table with an index, in the shape
autogenerate writes, so files are as long as real ones. Deterministic.
"""
import os
import sys

n, out = int(sys.argv[1]), sys.argv[2]
versions = os.path.join(out, "migrations", "versions")
os.makedirs(versions, exist_ok=True)
with open(os.path.join(out, "alembic.ini"), "w") as f:
    f.write("[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = sqlite:///%(here)s/bench.db\n")
here = os.path.dirname(os.path.abspath(__file__))
generic = os.path.join(here, "..", "migrations")
for name in ("env.py", "script.py.mako"):
    with open(os.path.join(generic, name)) as src, open(os.path.join(out, "migrations", name), "w") as dst:
        dst.write(src.read())
prev = None
for i in range(n):
    rev = "%012x" % (0x100000000000 + i * 7919)
    with open(os.path.join(versions, f"{rev}_add_table_{i}.py"), "w") as f:
        f.write(f'''"""add table {i}

Revision ID: {rev}
Revises: {prev or ""}
Create Date: 2025-01-01 00:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = {rev!r}
down_revision: Union[str, Sequence[str], None] = {prev!r}
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "table_{i}",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_table_{i}_name"), "table_{i}", ["name"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_table_{i}_name"), table_name="table_{i}")
    op.drop_table("table_{i}")
''')
    prev = rev
