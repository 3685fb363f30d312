"""python-side defaults on insert: scalar, callable, SQL expression

Revision ID: a3b4c5d6e7f8
Revises: f2a3b4c5d6e7
Create Date: 2024-06-03 09:00:00.000000

"""
import enum
import itertools

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

# revision identifiers, used by Alembic.
revision = "a3b4c5d6e7f8"
down_revision = "f2a3b4c5d6e7"
branch_labels = None
depends_on = None

_ticket = itertools.count(100)


def next_ticket():
    return next(_ticket)


class Level(enum.Enum):
    info = "info"
    warn = "warn"


def upgrade():
    events = op.create_table(
        "events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(10), default="auto"),
        sa.Column("ticket", sa.Integer(), default=next_ticket),
        sa.Column("level", sa.Enum(Level), default=Level.warn),
        sa.Column("source", sa.String(20), default=lambda: "migration"),
        sa.Column("loud", sa.Boolean(), server_default=sa.false()),
        sa.Column("note", sa.Text()),
    )
    op.bulk_insert(events, [{"id": 1, "name": "bulk"}, {"id": 2, "name": "bulk2", "kind": "manual"}])
    bind = op.get_bind()
    if context_offline():
        return
    bind.execute(events.insert().values(id=3, name="values"))
    bind.execute(events.insert(), [{"id": 4, "name": "many"}, {"id": 5, "name": "many2", "ticket": 7}])

    class Base(DeclarativeBase):
        pass

    class Event(Base):
        __tablename__ = "events"
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str] = mapped_column(sa.String(40))
        kind: Mapped[str | None] = mapped_column(sa.String(10), default="orm")
        ticket: Mapped[int | None] = mapped_column(default=next_ticket)
        level: Mapped[Level | None] = mapped_column(default=Level.info)
        source: Mapped[str | None] = mapped_column(sa.String(20))
        loud: Mapped[bool | None] = mapped_column(server_default=sa.false())
        note: Mapped[str | None]

    session = Session(bind=bind)
    session.add_all([Event(name="orm-a"), Event(name="orm-b", kind=None, note="n")])
    session.flush()
    print([(e.id, e.ticket) for e in session.query(Event).order_by(Event.id)])
    session.commit()


def context_offline():
    from alembic import context

    return context.is_offline_mode()


def downgrade():
    op.drop_table("events")
