from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base

if TYPE_CHECKING:
    from .message import MessageORM


class ConversationORM(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())
    updated_at: Mapped[datetime | None]
    user_preferences: Mapped[str] = mapped_column(
        String(500),
        server_default="{}",
        comment="User preferences JSON",
    )

    messages: Mapped[list[MessageORM]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan"
    )
