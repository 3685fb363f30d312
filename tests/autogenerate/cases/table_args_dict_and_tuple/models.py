from __future__ import annotations

import datetime
import enum
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship


class Base(DeclarativeBase):
    pass



class Entry(Base):
    __tablename__ = "entries"
    __table_args__ = (
        sa.UniqueConstraint("feed", "guid", name="uq_entries_feed_guid"),
        sa.Index("ix_entries_published", "published"),
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    feed: Mapped[str] = mapped_column(sa.String(200))
    guid: Mapped[str] = mapped_column(sa.String(200))
    published: Mapped[Optional[datetime.datetime]]


target_metadata = Base.metadata
