from __future__ import annotations

from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, mapped_column


class Base(MappedAsDataclass, DeclarativeBase):
    pass


class Setting(Base):
    __tablename__ = "settings"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    key: Mapped[str] = mapped_column(sa.String(50), unique=True)
    value: Mapped[Optional[str]] = mapped_column(sa.Text, default=None)
    weight: Mapped[float] = mapped_column(default=1.0)


target_metadata = Base.metadata
