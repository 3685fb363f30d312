"""annotated declarative models, created with metadata.create_all

Revision ID: c1a2b3d4e5f6
Revises:
Create Date: 2024-05-01 10:00:00.000000

"""
import datetime
import decimal
import enum
import uuid
from typing import Annotated, Literal, Optional, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy import ForeignKey, MetaData, String, Text
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    declared_attr,
    mapped_column,
    relationship,
)

# revision identifiers, used by Alembic.
revision = "c1a2b3d4e5f6"
down_revision = None
branch_labels = None
depends_on = None

intpk = Annotated[int, mapped_column(primary_key=True)]
str30 = Annotated[str, 30]
required_name = Annotated[str, mapped_column(String(80), nullable=False, index=True)]
created = Annotated[
    datetime.datetime, mapped_column(server_default=sa.text("CURRENT_TIMESTAMP"))
]


class Priority(enum.Enum):
    low = 1
    medium = 2
    urgent = 3


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map = {
        str30: String(30),
        dict: sa.JSON,
        decimal.Decimal: sa.Numeric(12, 2),
    }


class TablenameMixin:
    @declared_attr.directive
    def __tablename__(cls) -> str:
        return cls.__name__.lower() + "s"


class Audited:
    created_at: Mapped[created]
    updated_at: Mapped[Optional[datetime.datetime]]
    note: Mapped[str | None] = mapped_column(Text, sort_order=-10)


class Project(TablenameMixin, Audited, Base):
    id: Mapped[intpk]
    name: Mapped[required_name]
    code: Mapped[str30] = mapped_column(unique=True)
    budget: Mapped[decimal.Decimal]
    settings: Mapped[dict] = mapped_column(server_default=sa.text("'{}'"))
    priority: Mapped[Priority] = mapped_column(default=Priority.low)
    stage: Mapped[Literal["draft", "live", "closed"]]
    public_id: Mapped[uuid.UUID]
    active: Mapped[bool] = mapped_column(server_default=sa.true())
    ratio: Mapped[float]
    due: Mapped[Optional[datetime.date]]
    starts_at: Mapped[datetime.time | None]
    length: Mapped[Optional[datetime.timedelta]]
    blob: Mapped[Union[bytes, None]]
    tasks: Mapped[list["Task"]] = relationship(back_populates="project")


class Task(TablenameMixin, Audited, Base):
    __table_args__ = (
        sa.CheckConstraint("points >= 0", name="points_positive"),
        sa.Index("ix_task_project_title", "project_id", "task_title"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[intpk]
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    parent_id = mapped_column(ForeignKey("tasks.id"))
    title: Mapped[str] = mapped_column("task_title", String(200))
    points: Mapped[int] = mapped_column(sa.SmallInteger, default=0, nullable=True)
    big: Mapped[int] = mapped_column(sa.BigInteger, sort_order=5)
    project: Mapped["Project"] = relationship(back_populates="tasks")


class Tag(Base):
    __tablename__ = "tags"
    __table_args__ = {"sqlite_with_rowid": True}

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[Optional[str]] = mapped_column(String(40), nullable=False)


def upgrade():
    bind = op.get_bind()
    Base.metadata.create_all(bind)
    op.bulk_insert(
        Project.__table__,
        [
            {
                "id": 1,
                "name": "alpha",
                "code": "A-1",
                "budget": decimal.Decimal("1200.50"),
                "priority": Priority.urgent,
                "stage": "live",
                "public_id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
                "ratio": 0.25,
                "created_at": datetime.datetime(2024, 5, 1, 10, 0),
            }
        ],
    )


def downgrade():
    Base.metadata.drop_all(op.get_bind())
