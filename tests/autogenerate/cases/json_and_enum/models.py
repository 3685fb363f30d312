import sqlalchemy as sa

target_metadata = sa.MetaData()

import enum


class Status(enum.Enum):
    draft = "draft"
    live = "live"


sa.Table("docs", target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("meta", sa.JSON),
    sa.Column("status", sa.Enum(Status), nullable=False),
    sa.Column("kind", sa.Enum("a", "b", name="doc_kind")),
)
