import sqlalchemy as sa

target_metadata = sa.MetaData()

sa.Table("p", target_metadata, sa.Column("id", sa.Integer, primary_key=True))
sa.Table("t", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("p_id", sa.Integer, sa.ForeignKey("p.id")),
    sa.Column("code", sa.String(5), unique=True),
    sa.Column("v", sa.Integer, index=True),
)
