# Types with dialect variants, as projects write them for SQLite in tests and PostgreSQL in
# production: Alembic renders the variant with its base type.
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

target_metadata = sa.MetaData()
sa.Table(
    "events",
    target_metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    sa.Column("payload", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")),
    sa.Column("name", sa.String(40).with_variant(sa.Text(), "sqlite")),
)
