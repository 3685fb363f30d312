from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Optional

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

str50 = Annotated[str, 50]
intpk = Annotated[int, mapped_column(primary_key=True)]


class Base(DeclarativeBase):
    type_annotation_map = {
        str50: sa.String(50),
        Decimal: sa.Numeric(12, 2),
        datetime.datetime: sa.DateTime(timezone=True),
    }


class Invoice(Base):
    __tablename__ = "invoices"
    id: Mapped[intpk]
    customer: Mapped[str50]
    total: Mapped[Decimal]
    issued: Mapped[datetime.datetime]
    memo: Mapped[Optional[str]]
    paid: Mapped[bool] = mapped_column(default=False)


target_metadata = Base.metadata
