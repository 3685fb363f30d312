"""binary, json and uuid types

Revision ID: c47e0b9a5d62
Revises: 9d3a7f5e2b18
Create Date: 2025-03-03 09:41:55.873310

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import sqlite


# revision identifiers, used by Alembic.
revision: str = 'c47e0b9a5d62'
down_revision: Union[str, Sequence[str], None] = '9d3a7f5e2b18'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "blobs",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("other_id", sa.Uuid(as_uuid=False)),
        sa.Column("payload", sa.LargeBinary()),
        sa.Column("digest", sa.LargeBinary(length=32)),
        sa.Column("raw", sa.BLOB()),
        sa.Column("fixed", sa.BINARY(16)),
        sa.Column("var", sa.VARBINARY(64)),
        sa.Column("pickled", sa.PickleType()),
        sa.Column("doc", sa.JSON()),
        sa.Column("doc_nn", sa.JSON(none_as_null=True)),
        sa.Column("lite_doc", sqlite.JSON()),
        sa.Column("guid", sa.types.Uuid(native_uuid=False)),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("blobs")
