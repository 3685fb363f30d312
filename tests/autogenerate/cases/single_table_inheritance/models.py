from __future__ import annotations

import datetime
import enum
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship


class Base(DeclarativeBase):
    pass



class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(sa.String(20))
    name: Mapped[str] = mapped_column(sa.String(50))
    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "employee"}


class Manager(Employee):
    manager_data: Mapped[Optional[str]] = mapped_column(sa.String(40))
    __mapper_args__ = {"polymorphic_identity": "manager"}


class Engineer(Employee):
    engineer_info: Mapped[Optional[str]] = mapped_column(sa.String(40))
    __mapper_args__ = {"polymorphic_identity": "engineer"}


target_metadata = Base.metadata
