import sqlalchemy as sa

target_metadata = sa.MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})
sa.Table("a", target_metadata, sa.Column("id", sa.Integer, primary_key=True), sa.Column("email", sa.String(80), unique=True))
sa.Table(
    "b", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("a_id", sa.Integer, sa.ForeignKey("a.id"), index=True),
    sa.Column("note", sa.String(10)),
    sa.Index("ix_b_note_custom", "note"),
)
