import sqlalchemy as sa

target_metadata = sa.MetaData()

sa.Table("users", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("full_name", sa.String(100)),
)
