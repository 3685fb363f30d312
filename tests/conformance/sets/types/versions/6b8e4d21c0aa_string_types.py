"""string types

Revision ID: 6b8e4d21c0aa
Revises: 1f0c2a7d9b3e
Create Date: 2025-03-02 10:20:41.552019

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy import types


# revision identifiers, used by Alembic.
revision: str = '6b8e4d21c0aa'
down_revision: Union[str, Sequence[str], None] = '1f0c2a7d9b3e'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "strings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("anything", sa.String()),
        sa.Column("body", sa.Text),
        sa.Column("title", sa.Unicode(200)),
        sa.Column("notes", sa.UnicodeText()),
        sa.Column("code", sa.CHAR(3)),
        sa.Column("ncode", sa.NCHAR(2)),
        sa.Column("nname", sa.NVARCHAR(40)),
        sa.Column("big_text", sa.CLOB()),
        sa.Column("vc", sa.VARCHAR(length=12)),
        sa.Column("nocase", sa.String(30, collation="NOCASE")),
        sa.Column("spelled", types.String(length=7)),
        sa.Column("text_len", sa.types.Text(1000)),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("strings")
