import sqlalchemy as sa

target_metadata = sa.MetaData()

sa.Table("parent", target_metadata,
    sa.Column("a", sa.Integer, primary_key=True),
    sa.Column("b", sa.Integer, primary_key=True),
)
sa.Table("child", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("pa", sa.Integer),
    sa.Column("pb", sa.Integer),
    sa.ForeignKeyConstraint(["pa", "pb"], ["parent.a", "parent.b"], onupdate="CASCADE"),
)
