"""checks through reflected tables and joins

Revision ID: c7d9e1f3a5b7
Revises: b4e8c2d6f1a3
Create Date: 2026-03-07 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c7d9e1f3a5b7'
down_revision: Union[str, Sequence[str], None] = 'b4e8c2d6f1a3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    connection = op.get_bind()
    meta = sa.MetaData()
    meta.reflect(bind=connection, only=["users", "posts"])
    print(sorted(meta.tables))
    users = sa.Table("users", meta, autoload_with=connection)
    posts = sa.Table("posts", meta, autoload_with=connection)
    print(users is meta.tables["users"])
    # Users without posts: an outer join, its condition given...
    orphans = sa.outerjoin(users, posts, users.c.id == posts.c.user_id)
    sel = sa.select(sa.func.count()).select_from(orphans).where(posts.c.id.is_(None))
    print(sel)
    print(connection.scalar(sel))
    # ...and found from the foreign key.
    sel = sa.select(users.c.name, posts.c.title).select_from(users.join(posts)).order_by(posts.c.id)
    print(sel)
    print(connection.execute(sel).fetchall())
    sel = sa.select(posts.c.title).join(users).where(users.c.role == "admin")
    print(sel)
    print(connection.execute(sel).fetchall())
    try:
        sa.Table("users", meta, sa.Column("extra", sa.Integer))
    except sa.exc.InvalidRequestError as e:
        print(type(e).__name__, e)


def downgrade() -> None:
    """Downgrade schema."""
