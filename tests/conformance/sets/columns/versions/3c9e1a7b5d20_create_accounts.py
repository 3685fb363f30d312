"""create accounts

Revision ID: 3c9e1a7b5d20
Revises: 
Create Date: 2025-04-01 09:00:12.448310

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '3c9e1a7b5d20'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("email", sa.String(255), nullable=False, unique=True),
        sa.Column("username", sa.String(64), nullable=False, index=True),
        sa.Column("handle", sa.String(64), unique=True, index=True),
        sa.Column("status", sa.String(20), nullable=False, server_default="active"),
        sa.Column("motto", sa.String(100), server_default="it's fine"),
        sa.Column("score", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("balance", sa.Numeric(10, 2), server_default=sa.text("-1.5")),
        sa.Column("level", sa.Integer, server_default="1"),
        sa.Column("is_admin", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("is_verified", sa.Boolean, server_default=sa.text("1")),
        sa.Column("settings", sa.Text, server_default=sa.text("'{}'")),
        sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("seen_at", sa.DateTime, server_default=sa.text("(datetime('now'))")),
        sa.Column("today", sa.Date, server_default=sa.func.current_date()),
        sa.Column("bio", sa.Text, nullable=True),
    )
    # The time-valued defaults are given explicitly so that the rows do not
    # depend on when the migration ran; every other default is left to SQLite.
    op.execute(
        "INSERT INTO accounts (email, username, created_at, updated_at, seen_at, today) "
        "VALUES ('a@example.com', 'a', '2025-01-01 00:00:00', NULL, NULL, '2025-01-01')"
    )
    op.execute(
        "INSERT INTO accounts (email, username, handle, status, created_at, updated_at, seen_at, today) "
        "VALUES ('b@example.com', 'b', 'bee', 'banned', '2025-01-02 03:04:05', "
        "'2025-01-02 03:04:05', '2025-01-02 03:04:05', '2025-01-02')"
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("accounts")
