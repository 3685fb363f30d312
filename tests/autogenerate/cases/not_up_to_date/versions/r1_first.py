"""first

Revision ID: r1
Revises:
Create Date: 2026-01-01 00:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("t")
