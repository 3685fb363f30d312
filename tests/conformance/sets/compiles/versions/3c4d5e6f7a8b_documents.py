"""documents, with column types the project compiles for SQLite itself

Revision ID: 3c4d5e6f7a8b
Revises: 
Create Date: 2025-09-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.compiler import compiles


class JSONB(sa.JSON):
    """SQLite's JSONB through a subclass of JSON, as Arize Phoenix writes it."""

    __visit_name__ = "JSONB"


@compiles(JSONB, "sqlite")
def _jsonb_sqlite(type_, compiler, **kw):
    return "JSONB"


class ShortCode(sa.String):
    """A subclass without a visit name of its own: rendered as its base."""


class Notes(sa.Text):
    __visit_name__ = "CLOB"


class Scaled(sa.types.TypeDecorator):
    """Calls its base's __init__ by name, as dribdat's SqliteDecimal does."""

    impl = sa.Integer

    def __init__(self, scale):
        sa.types.TypeDecorator.__init__(self)
        self.scale = scale


class Label(sa.String):
    def __init__(self):
        sa.String.__init__(self, 24)


JSON_ = (
    sa.JSON()
    .with_variant(postgresql.JSONB(), "postgresql")
    .with_variant(JSONB(), "sqlite")
)

revision = '3c4d5e6f7a8b'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    documents = op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("body", JSON_, nullable=False),
        sa.Column("meta", JSONB()),
        sa.Column("code", ShortCode(12)),
        sa.Column("notes", Notes()),
        sa.Column("ident", postgresql.UUID()),
        sa.Column("ranks", postgresql.ARRAY(sa.Integer)),
        sa.Column("views", sa.BigInteger, server_default="0"),
        sa.Column("lat", Scaled(5)),
        sa.Column("label", Label()),
    )
    op.bulk_insert(
        documents,
        [
            {"id": 1, "body": {"title": "first", "n": [1, 2]}, "meta": {"a": None}, "code": "A-1", "notes": "one"},
            {"id": 2, "body": ["x", 2.5], "meta": None, "code": "B-2", "notes": None},
        ],
    )


def downgrade() -> None:
    op.drop_table("documents")
