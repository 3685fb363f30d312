import sqlalchemy as sa

target_metadata = sa.MetaData()

parent = sa.Table(
    "parent", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(10), nullable=False),
    sa.Column("slug", sa.String(20)),
    sa.UniqueConstraint("code", name="uq_parent_code"),
    sa.UniqueConstraint("slug"),
)
child = sa.Table(
    "child", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("parent_id", sa.Integer, sa.ForeignKey("parent.id", ondelete="CASCADE")),
    sa.Column("other_id", sa.Integer),
)
