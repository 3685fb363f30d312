"""accounts, in Flask-Migrate's multi-database form

Revision ID: 6a1b2c3d4e5f
Revises: 
Create Date: 2025-10-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '6a1b2c3d4e5f'
down_revision = None
branch_labels = None
depends_on = None


# Flask-Migrate's `flask db init --multidb` template: env.py passes each database's name
# to `context.run_migrations(engine_name=...)` ("" for the default one), and the revision
# dispatches on it.
def upgrade(engine_name):
    globals()["upgrade_%s" % engine_name]()


def downgrade(engine_name):
    globals()["downgrade_%s" % engine_name]()


def upgrade_():
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(40), nullable=False),
    )
    op.execute("INSERT INTO accounts (id, name) VALUES (1, 'first')")


def downgrade_():
    op.drop_table("accounts")


def upgrade_users():
    pass


def downgrade_users():
    pass
