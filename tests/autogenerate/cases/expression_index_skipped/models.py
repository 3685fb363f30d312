import sqlalchemy as sa

target_metadata = sa.MetaData()

t = sa.Table("people", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(100)),
)
sa.Index("ix_people_lower_email", sa.func.lower(t.c.email))
