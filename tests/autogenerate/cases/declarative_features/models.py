from __future__ import annotations

import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class TimestampMixin:
    created_at: Mapped[datetime.datetime] = mapped_column(server_default=sa.func.now())
    updated_at: Mapped[Optional[datetime.datetime]]


class Conversation(TimestampMixin, Base):
    __tablename__ = "conversations"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    messages: Mapped[list[Message]] = relationship(back_populates="conversation")


class Message(TimestampMixin, Base):
    __tablename__ = "messages"
    __table_args__ = (sa.Index("ix_messages_conv_created", "conversation_id", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(sa.ForeignKey("conversations.id"))
    content: Mapped[str]
    role: Mapped[str] = mapped_column(sa.String(20), default="user")
    conversation: Mapped[Conversation] = relationship(back_populates="messages")


class UserPreferences(Base):
    __tablename__ = "user_preferences"
    user_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    theme: Mapped[Optional[str]] = mapped_column(sa.String(20))
    notifications: Mapped[bool] = mapped_column(default=True)


target_metadata = Base.metadata
