"""seed users and posts

Revision ID: b1f4c9e2d7a0
Revises: 5e0b8d3f6a12
Create Date: 2025-08-04 10:05:31.442178

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'b1f4c9e2d7a0'
down_revision: Union[str, Sequence[str], None] = '5e0b8d3f6a12'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

users_table = sa.table(
    "users",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("email", sa.String),
    sa.column("role", sa.String),
)


def upgrade() -> None:
    """Upgrade schema."""
    op.bulk_insert(
        users_table,
        [
            {"id": 1, "name": "ada", "email": "ADA@Example.COM", "role": "admin"},
            {"id": 2, "name": "grace", "email": None, "role": "member"},
            {"id": 3, "name": "linus", "email": "linus@example.org", "role": "member"},
            {"id": 4, "name": "o'hara", "email": " ohara@example.net ", "role": "guest"},
        ],
    )
    op.execute(
        "INSERT INTO posts (id, user_id, title, views) VALUES "
        "(1, 1, 'Notes on the Analytical Engine', 1843), "
        "(2, 1, 'Bernoulli numbers', 12), "
        "(3, 2, 'COBOL', 7), "
        "(4, 3, 'Just for fun', 0)"
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DELETE FROM posts")
    op.execute(users_table.delete())
