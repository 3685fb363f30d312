import sqlalchemy as sa

target_metadata = sa.MetaData()

sa.Table("p", target_metadata, sa.Column("id", sa.Integer, primary_key=True))
sa.Table("c", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("p_id", sa.Integer),
)
