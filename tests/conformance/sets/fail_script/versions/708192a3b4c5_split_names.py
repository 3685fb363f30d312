"""split names

Revision ID: 708192a3b4c5
Revises: 6f708192a3b4
Create Date: 2025-08-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '708192a3b4c5'
down_revision: Union[str, Sequence[str], None] = '6f708192a3b4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "name_parts",
        sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id"), primary_key=True),
        sa.Column("part", sa.String(50)),
    )
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, name FROM people ORDER BY id")).fetchall()
    for row in rows:
        conn.execute(
            sa.text("INSERT INTO name_parts (person_id, part) VALUES (:id, :part)"),
            {"id": row.id, "part": row.name.split(" ")[1]},
        )


def downgrade() -> None:
    op.drop_table("name_parts")
