"""documents rebuilt in batch mode with a compiled type

Revision ID: 4d5e6f7a8b9c
Revises: 3c4d5e6f7a8b
Create Date: 2025-09-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '4d5e6f7a8b9c'
down_revision = '3c4d5e6f7a8b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch_op:
        batch_op.add_column(sa.Column("owner", postgresql.UUID(), nullable=True))
        batch_op.alter_column("code", existing_type=sa.String(12), type_=sa.String(40))
        batch_op.add_column(sa.Column("size", sa.BigInteger, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch_op:
        batch_op.drop_column("size")
        batch_op.alter_column("code", existing_type=sa.String(40), type_=sa.String(12))
        batch_op.drop_column("owner")
