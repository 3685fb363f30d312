import sqlalchemy as sa

one = sa.MetaData()
two = sa.MetaData()
sa.Table("a", one, sa.Column("id", sa.Integer, primary_key=True), sa.Column("x", sa.Integer))
sa.Table("b", two, sa.Column("id", sa.Integer, primary_key=True), sa.Column("y", sa.String(5)))
target_metadata = [one, two]
