"""normalize emails, keeping the originals

Revision ID: 0f6d1b9a4c37
Revises: d8c2a5f1e904
Create Date: 2025-08-06 14:03:51.660215

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0f6d1b9a4c37'
down_revision: Union[str, Sequence[str], None] = 'd8c2a5f1e904'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "email_backup",
        sa.Column("user_id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(100)),
    )
    conn = op.get_bind()
    result = conn.execute(sa.text("SELECT id, email FROM users WHERE email IS NOT NULL"))
    changed = 0
    for user_id, email in result.fetchall():
        clean = email.strip().lower()
        if clean != email:
            conn.execute(
                sa.text("INSERT INTO email_backup (user_id, email) VALUES (:id, :email)"),
                {"id": user_id, "email": email},
            )
            conn.execute(
                sa.text("UPDATE users SET email = :email WHERE id = :id"),
                dict(email=clean, id=user_id),
            )
            changed += 1
    missing = conn.execute(sa.text("SELECT id FROM users WHERE email IS NULL")).scalars().all()
    for user_id in missing:
        conn.execute(
            sa.text("UPDATE users SET email = :email WHERE id = :id"),
            {"email": f"user{user_id}@invalid", "id": user_id},
        )
        conn.execute(
            sa.text("INSERT INTO email_backup (user_id, email) VALUES (:id, NULL)"),
            {"id": user_id},
        )
    print(f"normalized {changed} emails, filled {len(missing)}")


def downgrade() -> None:
    """Downgrade schema."""
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT user_id, email FROM email_backup ORDER BY user_id")).mappings().all()
    for row in rows:
        conn.execute(
            sa.text("UPDATE users SET email = :email WHERE id = :id"),
            {"email": row["email"], "id": row["user_id"]},
        )
    op.drop_table("email_backup")
