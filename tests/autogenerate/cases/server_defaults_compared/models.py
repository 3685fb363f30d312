import sqlalchemy as sa

target_metadata = sa.MetaData()
sa.Table(
    "settings", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("flag", sa.Integer, nullable=False, server_default="0"),
    sa.Column("label", sa.String(20), server_default="y"),
    sa.Column("kind", sa.String(20), server_default=sa.text("'plain'")),
    sa.Column("stamp", sa.DateTime, server_default=sa.func.current_timestamp()),
    sa.Column("gone", sa.Integer),
    sa.Column("added", sa.Integer, server_default=sa.text("7")),
)
