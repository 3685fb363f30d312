import sqlalchemy as sa

target_metadata = sa.MetaData()

sa.Table("t", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("a", sa.Integer),
)
