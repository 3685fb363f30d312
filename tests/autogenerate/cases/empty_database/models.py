import sqlalchemy as sa

target_metadata = sa.MetaData()

sa.Table("comments", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id"), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
)
sa.Table("posts", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("author_id", sa.Integer, sa.ForeignKey("authors.id")),
    sa.Column("title", sa.String(120), nullable=False, index=True),
)
sa.Table("authors", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(200), unique=True),
)
