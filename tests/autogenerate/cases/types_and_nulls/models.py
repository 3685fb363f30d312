import enum
import sqlalchemy as sa

target_metadata = sa.MetaData()


class Color(enum.Enum):
    red = 1
    blue = 2


sa.Table(
    "items", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("price", sa.Numeric(10, 2), nullable=False),
    sa.Column("weight", sa.DECIMAL(10, 2)),
    sa.Column("label", sa.String(40)),
    sa.Column("body", sa.Text, server_default="x"),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("color", sa.Enum(Color)),
    sa.Column("created", sa.DateTime, server_default=sa.func.now()),
    sa.Column("ratio", sa.Float),
    sa.Column("big", sa.BigInteger),
)
