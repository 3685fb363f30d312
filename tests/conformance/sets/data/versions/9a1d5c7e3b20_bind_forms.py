"""parameters given to text() in every form

Revision ID: 9a1d5c7e3b20
Revises: 6c3f0e8d2b15
Create Date: 2026-11-24 21:40:12.120417

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '9a1d5c7e3b20'
down_revision: Union[str, Sequence[str], None] = '6c3f0e8d2b15'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(40)),
        sa.Column("weight", sa.Float),
    )
    conn = op.get_bind()
    insert = sa.text("INSERT INTO tags (id, name, weight) VALUES (:id, :name, :weight)")
    # A list of dicts runs as executemany.
    conn.execute(insert, [{"id": 1, "name": "a", "weight": 1.5}, {"id": 2, "name": "b", "weight": None}])
    # Keys the statement does not name are ignored, whatever they hold.
    conn.execute(insert, {"unused": [1, 2], "weight": 2, "name": "c", "id": 3})
    # One name used twice.
    conn.execute(sa.text("UPDATE tags SET name = :n || :n WHERE id = :id"), {"n": "x", "id": 3})
    # A row's mapping as the parameters.
    row = conn.execute(sa.text("SELECT id, name FROM tags WHERE id = 1")).mappings().first()
    conn.execute(sa.text("UPDATE tags SET weight = 9 WHERE id = :id AND name = :name"), row)
    # A name the parameters lack.
    try:
        conn.execute(sa.text("UPDATE tags SET name = :missing WHERE id = :id"), {"id": 1})
    except sa.exc.StatementError as e:
        print("error:", str(e).splitlines()[0])
    for r in conn.execute(sa.text("SELECT id, name, weight FROM tags ORDER BY id")):
        print(tuple(r))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("tags")
