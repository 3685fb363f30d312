import sqlalchemy as sa

target_metadata = sa.MetaData()

sa.Table("keep", target_metadata, sa.Column("id", sa.Integer, primary_key=True))
