"""BotSalinha's ORM models, as the brief lays them out: what `alembic revision --autogenerate`
compares with the database (env.py's `target_metadata`). Change a model here, autogenerate,
review the new revision, upgrade."""

from .base import Base
from .conversation import ConversationORM
from .message import MessageFeedbackORM, MessageORM

__all__ = ["Base", "ConversationORM", "MessageORM", "MessageFeedbackORM"]
