"""enum types

Revision ID: 2e5f81c3a9d7
Revises: c47e0b9a5d62
Create Date: 2025-03-04 14:27:30.400581

"""
import enum
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '2e5f81c3a9d7'
down_revision: Union[str, Sequence[str], None] = 'c47e0b9a5d62'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


class Status(enum.Enum):
    draft = "draft"
    published = "published"
    archived = "archived"


class Priority(enum.Enum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("a", "b", name="ticket_kind")),
        sa.Column(
            "checked_kind",
            sa.Enum("bug", "feature", "chore", name="checked_kind", create_constraint=True),
            nullable=False,
        ),
        sa.Column("status", sa.Enum(Status), nullable=False),
        sa.Column("status_checked", sa.Enum(Status, name="status_ck", create_constraint=True)),
        sa.Column("priority", sa.Enum(Priority, create_constraint=True)),
        sa.Column(
            "priority_value",
            sa.Enum(
                Priority,
                name="priority_value",
                values_callable=lambda e: [m.name.lower() for m in e],
                create_constraint=True,
            ),
        ),
        sa.Column("loose", sa.Enum("x", "yy", native_enum=False, length=20)),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("tickets")
