from __future__ import annotations

import datetime
import enum
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship


class Base(DeclarativeBase):
    pass



class TableNameMixin:
    @declared_attr.directive
    def __tablename__(cls) -> str:
        return cls.__name__.lower() + "s"

    id: Mapped[int] = mapped_column(primary_key=True)


class OwnedMixin:
    @declared_attr
    def owner_id(cls) -> Mapped[int]:
        return mapped_column(sa.ForeignKey("users.id"))


class User(TableNameMixin, Base):
    name: Mapped[str] = mapped_column(sa.String(40))


class Project(TableNameMixin, OwnedMixin, Base):
    title: Mapped[str] = mapped_column(sa.String(80))
    archived: Mapped[bool] = mapped_column(server_default=sa.false())


target_metadata = Base.metadata
