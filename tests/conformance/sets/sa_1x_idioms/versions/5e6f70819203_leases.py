"""leases, with SQLAlchemy 1.x idioms that 2.x still runs

Revision ID: 5e6f70819203
Revises: 
Create Date: 2025-08-03 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.engine import reflection


revision = '5e6f70819203'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80)),
    )
    # `Inspector.from_engine` (deprecated since 1.4, still there in 2.x).
    inspector = reflection.Inspector.from_engine(op.get_bind())
    if "ix_leases_name" not in [ix["name"] for ix in inspector.get_indexes("leases")]:
        op.create_index("ix_leases_name", "leases", ["name"])
    # An attribute set on a MetaData, as the 1.x `meta.bind = engine` idiom does.
    meta = sa.MetaData()
    meta.bind = op.get_bind()
    leases = sa.Table("leases", meta, autoload_with=meta.bind)
    op.execute(leases.insert().values(id=1, name="first"))
    # A module's attribute set (resultsdb), and `util.immutabledict` (invenio-db's naming
    # convention).
    from sqlalchemy import util
    from sqlalchemy.orm import relationship
    sa.relationship = relationship
    print(sa.relationship is relationship, sorted(util.immutabledict({"b": 1, "a": 2}).items()))


def downgrade() -> None:
    op.drop_index("ix_leases_name", table_name="leases")
    op.drop_table("leases")
