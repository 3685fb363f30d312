import sqlalchemy as sa

target_metadata = sa.MetaData()

sa.Table("m", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("amount", sa.DECIMAL(12, 4)),
    sa.Column("when", sa.DateTime(timezone=True)),
    sa.Column("name", sa.String()),
    sa.Column("blob", sa.LargeBinary),
    sa.Column("on", sa.Boolean),
    sa.Column("day", sa.Date),
    sa.Column("at", sa.Time),
    sa.Column("f", sa.Float),
    sa.Column("s", sa.SmallInteger),
)
