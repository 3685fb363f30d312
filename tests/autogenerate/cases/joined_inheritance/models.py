from __future__ import annotations

import datetime
import enum
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship


class Base(DeclarativeBase):
    pass



class Animal(Base):
    __tablename__ = "animals"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "animal"}


class Dog(Animal):
    __tablename__ = "dogs"
    id: Mapped[int] = mapped_column(sa.ForeignKey("animals.id"), primary_key=True)
    bark: Mapped[str] = mapped_column(sa.String(10), default="woof")
    __mapper_args__ = {"polymorphic_identity": "dog"}


target_metadata = Base.metadata
