import sqlalchemy as sa

target_metadata = sa.MetaData()

sa.Table("settings", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("flag", sa.Integer, nullable=False, server_default="0"),
    sa.Column("label", sa.String(30), nullable=False, server_default="x"),
    sa.Column("stamp", sa.DateTime, nullable=False, server_default=sa.func.current_timestamp()),
)
