"""normalize message roles

Legacy rows used the roles "bot" and "human"; the API now speaks "assistant" and
"user". Rows are read through the migration's connection and rewritten one by one,
and conversations without preferences get an empty JSON object.

Revision ID: 5a9e2b7d3c61
Revises: c4d7f0a3e815
Create Date: 2025-01-24 16:55:19.730021+00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "5a9e2b7d3c61"
down_revision: Union[str, Sequence[str], None] = "c4d7f0a3e815"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

ROLE_MAP = {"bot": "assistant", "human": "user"}


def upgrade() -> None:
    """Rewrite legacy roles; give every conversation a preferences object."""
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, role FROM messages")).fetchall()
    renamed = 0
    for row in rows:
        new_role = ROLE_MAP.get(row.role)
        if new_role is not None:
            conn.execute(
                sa.text("UPDATE messages SET role = :role WHERE id = :id"),
                {"role": new_role, "id": row.id},
            )
            renamed += 1
    print(f"normalized {renamed} of {len(rows)} message roles")

    op.execute(
        "UPDATE conversations SET user_preferences = '{}' WHERE user_preferences IS NULL"
    )


def downgrade() -> None:
    """Map the roles back; empty preferences become NULL again."""
    conn = op.get_bind()
    reverse = {new: old for old, new in ROLE_MAP.items()}
    for new, old in sorted(reverse.items()):
        conn.execute(
            sa.text("UPDATE messages SET role = :old WHERE role = :new"),
            {"old": old, "new": new},
        )
    op.execute(
        "UPDATE conversations SET user_preferences = NULL WHERE user_preferences = '{}'"
    )
