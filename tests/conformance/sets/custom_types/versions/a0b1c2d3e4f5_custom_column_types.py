"""the project's own column types: TypeDecorator and UserDefinedType subclasses

Revision ID: a0b1c2d3e4f5
Revises:
Create Date: 2026-03-08 09:00:00.000000

"""
import json
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator, UserDefinedType


# revision identifiers, used by Alembic.
revision: str = 'a0b1c2d3e4f5'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


class JSONEncodedDict(TypeDecorator):
    """A dict stored as JSON text (the recipe of SQLAlchemy's documentation)."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            value = json.dumps(value, sort_keys=True)
        return value

    def process_result_value(self, value, dialect):
        if value is not None:
            value = json.loads(value)
        return value


class ShortCode(sa.TypeDecorator[str]):
    """Upper-cased codes, with the String's length passed through."""

    impl = sa.String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value.upper() if value is not None else None


class Cents(TypeDecorator):
    """Money as integer cents on SQLite, chosen per dialect."""

    impl = sa.Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.Integer())
        return dialect.type_descriptor(sa.Numeric(12, 2))

    def process_bind_param(self, value, dialect):
        return None if value is None else int(round(value * 100))

    def process_result_value(self, value, dialect):
        return None if value is None else value / 100


class Point(UserDefinedType):
    cache_ok = True

    def get_col_spec(self, **kw):
        return "POINT"


class Slug(TypeDecorator):
    impl = sa.String(40)
    cache_ok = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.note = "slugs"


def upgrade() -> None:
    """Upgrade schema."""
    products = op.create_table(
        "products",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", ShortCode(8), nullable=False),
        sa.Column("price", Cents(), nullable=False),
        sa.Column("attributes", JSONEncodedDict),
        sa.Column("location", Point()),
        sa.Column("slug", Slug()),
    )
    op.bulk_insert(
        products,
        [
            {"id": 1, "code": "ab-1", "price": 12.5, "attributes": {"color": "red", "size": 3}, "slug": "first"},
            {"id": 2, "code": "cd-2", "price": 0.99, "attributes": None, "slug": "second"},
        ],
    )
    rows = op.get_bind().execute(
        sa.select(products.c.code, products.c.price, products.c.attributes).order_by(products.c.id)
    ).fetchall()
    print(rows)
    print(isinstance(ShortCode(8), sa.TypeDecorator), Slug().note)
    with op.batch_alter_table("products") as batch_op:
        batch_op.alter_column("attributes", existing_type=sa.Text(), nullable=True, new_column_name="attrs")


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("products")
