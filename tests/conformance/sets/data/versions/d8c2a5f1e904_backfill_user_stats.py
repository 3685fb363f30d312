"""backfill user stats

A data migration reading through the migration's connection.

Revision ID: d8c2a5f1e904
Revises: 3a7e6b0c2f58
Create Date: 2025-08-05 09:40:02.118926

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'd8c2a5f1e904'
down_revision: Union[str, Sequence[str], None] = '3a7e6b0c2f58'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    conn = op.get_bind()

    # row[0] / row.name
    users = conn.execute(sa.text("SELECT id, name, email FROM users ORDER BY id")).fetchall()
    for row in users:
        slug = row.name.replace("'", "").lower() + "-" + str(row[0])
        conn.execute(
            sa.text("UPDATE users SET slug = :slug WHERE id = :id"),
            {"slug": slug, "id": row[0]},
        )

    # row._mapping
    stats = conn.execute(
        sa.text(
            "SELECT user_id, count(*) AS n, sum(views) AS total "
            "FROM posts GROUP BY user_id ORDER BY user_id"
        )
    )
    for row in stats:
        conn.execute(
            sa.text("UPDATE users SET post_count = :n, total_views = :total WHERE id = :id"),
            {"n": row._mapping["n"], "total": row._mapping["total"], "id": row._mapping["user_id"]},
        )
    conn.execute(sa.text("UPDATE users SET post_count = 0, total_views = 0 WHERE post_count IS NULL"))

    # .scalar()
    n_users = conn.execute(sa.text("SELECT count(*) FROM users")).scalar()
    # .first()
    top = conn.execute(
        sa.text("SELECT name, total_views FROM users ORDER BY total_views DESC, id")
    ).first()
    # .mappings().all()
    roles = conn.execute(
        sa.text("SELECT role, count(*) AS n FROM users GROUP BY role ORDER BY role")
    ).mappings().all()
    # .scalar_one() / .scalars().all()
    max_views = conn.execute(sa.text("SELECT max(views) FROM posts")).scalar_one()
    titles = conn.execute(sa.text("SELECT title FROM posts ORDER BY id")).scalars().all()

    summary = sa.table("summary", sa.column("key", sa.String), sa.column("value", sa.Text))
    conn.execute(
        summary.insert(),
        [
            {"key": "users", "value": str(n_users)},
            {"key": "top", "value": f"{top.name}:{top[1]}"},
            {"key": "roles", "value": ",".join(f"{r['role']}={r['n']}" for r in roles)},
            {"key": "max_views", "value": str(max_views)},
            {"key": "titles", "value": "|".join(titles)},
        ],
    )
    print(f"backfilled {len(users)} users; top poster {top.name}")


def downgrade() -> None:
    """Downgrade schema."""
    conn = op.get_bind()
    conn.execute(sa.text("DELETE FROM summary"))
    conn.execute(sa.text("UPDATE users SET post_count = NULL, total_views = NULL, slug = NULL"))
