import sqlalchemy as sa

target_metadata = sa.MetaData()

sa.Table("memberships", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, nullable=False),
    sa.Column("group_id", sa.Integer, nullable=False),
    sa.UniqueConstraint("user_id", "group_id"),
    sa.UniqueConstraint("group_id", "id", name="uq_group_id_id"),
)
