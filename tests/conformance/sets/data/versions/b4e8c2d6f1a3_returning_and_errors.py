"""RETURNING, and what a database error carries

Revision ID: b4e8c2d6f1a3
Revises: 9a1d5c7e3b20
Create Date: 2026-11-24 22:50:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.sql import table, column


# revision identifiers, used by Alembic.
revision: str = 'b4e8c2d6f1a3'
down_revision: Union[str, Sequence[str], None] = '9a1d5c7e3b20'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

tags = table("tags", column("id", sa.Integer), column("name", sa.String), column("weight", sa.Float))


def upgrade() -> None:
    """Upgrade schema."""
    bind = op.get_bind()
    new_id = bind.execute(tags.insert().values(id=10, name="ten").returning(tags.c.id)).scalar()
    print("inserted", new_id)
    changed = bind.execute(
        tags.update().where(tags.c.weight.is_(None)).values(weight=0.5).returning(tags.c.id, tags.c.name)
    ).fetchall()
    print("updated", changed)
    print("deleted", bind.execute(tags.delete().where(tags.c.id == 10).returning(tags)).all())
    try:
        bind.execute(tags.insert().values(id=1, name="dup"))
    except sa.exc.IntegrityError as e:
        print(type(e).__name__, str(e.orig), e.statement)


def downgrade() -> None:
    """Downgrade schema."""
    op.execute(tags.update().where(tags.c.weight == 0.5).values(weight=None))
