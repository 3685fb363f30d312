"""tables and rows for the session migrations

Revision ID: e1f2a3b4c5d6
Revises:
Create Date: 2024-06-01 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e1f2a3b4c5d6"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    dashboards = op.create_table(
        "dashboards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("owner", sa.String(length=50), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    slices = op.create_table(
        "slices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dashboard_id", sa.Integer(), nullable=True),
        sa.Column("slice_name", sa.String(length=100), nullable=True),
        sa.Column("params", sa.Text(), nullable=True),
        sa.Column("viz_type", sa.String(length=30), nullable=True),
        sa.ForeignKeyConstraint(["dashboard_id"], ["dashboards.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(
        dashboards,
        [
            {"id": 1, "title": "Sales", "owner": "ada"},
            {"id": 2, "title": "Ops", "owner": None},
            {"id": 3, "title": "Old", "owner": "bob"},
        ],
    )
    op.bulk_insert(
        slices,
        [
            {"id": 1, "dashboard_id": 1, "slice_name": "revenue", "params": '{"metric": "sum", "granularity": "day"}', "viz_type": "line"},
            {"id": 2, "dashboard_id": 1, "slice_name": "orders", "params": '{"metric": "count"}', "viz_type": "bar"},
            {"id": 3, "dashboard_id": 2, "slice_name": "latency", "params": None, "viz_type": "line"},
            {"id": 4, "dashboard_id": 3, "slice_name": "legacy", "params": '{"metric": "avg", "granularity": "week"}', "viz_type": "pie"},
        ],
    )


def downgrade():
    op.drop_table("slices")
    op.drop_table("dashboards")
