"""audit and a broken backfill

Revision ID: 2b3c4d5e6f70
Revises: 1a2b3c4d5e6f
Create Date: 2025-08-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '2b3c4d5e6f70'
down_revision: Union[str, Sequence[str], None] = '1a2b3c4d5e6f'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("what", sa.Text),
    )
    op.add_column("accounts", sa.Column("email", sa.String(100)))
    op.execute("UPDATE accounts SET email = name || '@example.com'")
    op.execute("INSERT INTO audit (what) VALUES ('backfilled')")
    op.create_index("ix_accounts_email", "accounts", ["email"])
    op.create_table("later", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("UPDATE acounts SET name = upper(name)")


def downgrade() -> None:
    op.drop_table("later")
    op.drop_index("ix_accounts_email", "accounts")
    op.drop_column("accounts", "email")
    op.drop_table("audit")
