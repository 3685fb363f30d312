import sqlalchemy as sa

target_metadata = sa.MetaData()

sa.Table("s", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("a", sa.String(50)),
    sa.Column("b", sa.String()),
    sa.Column("c", sa.Text),
    sa.Column("d", sa.Unicode(20)),
    sa.Column("e", sa.CHAR(3)),
)
