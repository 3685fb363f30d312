import sqlalchemy as sa

target_metadata = sa.MetaData()

sa.Table("t", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("n", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("s", sa.String(10), server_default="none"),
    sa.Column("at", sa.DateTime, server_default=sa.func.now()),
    sa.Column("c", sa.Text, comment="a note"),
)
