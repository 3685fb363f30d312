import sqlalchemy as sa

target_metadata = sa.MetaData()

sa.Table("t", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("a", sa.String(10)),
    sa.Column("b", sa.String(10)),
    sa.Index("ix_t_a", "a", unique=True),
    sa.Index("ix_t_ab", "a", "b"),
    sa.Index("ix_t_b", "b"),
)
