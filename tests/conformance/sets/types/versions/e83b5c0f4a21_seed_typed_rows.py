"""seed typed rows

Python values go through each type's bind processing (DateTime -> ISO text,
Boolean -> 0/1, Uuid -> 32 hex chars, JSON -> serialized text, Enum -> name).

Revision ID: e83b5c0f4a21
Revises: 7a0d3e6f18c4
Create Date: 2025-03-06 17:45:02.310926

"""
import datetime
import decimal
import enum
import uuid
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'e83b5c0f4a21'
down_revision: Union[str, Sequence[str], None] = '7a0d3e6f18c4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


class Status(enum.Enum):
    draft = "draft"
    published = "published"
    archived = "archived"


numbers = sa.table(
    "numbers",
    sa.column("id", sa.Integer),
    sa.column("big", sa.BigInteger),
    sa.column("ratio", sa.Float),
    sa.column("price", sa.Numeric(10, 2)),
)

events = sa.table(
    "events",
    sa.column("id", sa.Integer),
    sa.column("is_active", sa.Boolean),
    sa.column("is_public", sa.Boolean),
    sa.column("happened_at", sa.DateTime),
    sa.column("happened_at_tz", sa.DateTime(timezone=True)),
    sa.column("day", sa.Date),
    sa.column("at_time", sa.Time),
)

tickets = sa.table(
    "tickets",
    sa.column("id", sa.Integer),
    sa.column("checked_kind", sa.String),
    sa.column("status", sa.Enum(Status)),
)

blobs = sa.table(
    "blobs",
    sa.column("id", sa.Uuid),
    sa.column("other_id", sa.Uuid(as_uuid=False)),
    sa.column("guid", sa.Uuid(native_uuid=False)),
)

strings = sa.table(
    "strings",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("notes", sa.UnicodeText),
)


def upgrade() -> None:
    """Upgrade schema."""
    op.bulk_insert(
        numbers,
        [
            {"id": 1, "big": 9007199254740993, "ratio": 0.1, "price": decimal.Decimal("12.50")},
            {"id": 2, "big": -1, "ratio": 1e300, "price": decimal.Decimal("0.99")},
            {"id": 3, "big": None, "ratio": -2.5, "price": None},
        ],
    )
    op.bulk_insert(
        events,
        [
            {
                "id": 1,
                "is_active": True,
                "is_public": False,
                "happened_at": datetime.datetime(2024, 2, 29, 23, 59, 58, 123456),
                "happened_at_tz": datetime.datetime(
                    2024, 3, 1, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
                ),
                "day": datetime.date(2024, 1, 2),
                "at_time": datetime.time(8, 30),
            },
            {
                "id": 2,
                "is_active": None,
                "is_public": True,
                "happened_at": datetime.datetime(1999, 12, 31),
                "happened_at_tz": None,
                "day": None,
                "at_time": None,
            },
        ],
    )
    op.bulk_insert(
        tickets,
        [
            {"id": 1, "checked_kind": "bug", "status": Status.draft},
            {"id": 2, "checked_kind": "feature", "status": Status.published},
        ],
    )
    op.bulk_insert(
        blobs,
        [
            {
                "id": uuid.UUID("6f1c1f8e-2b7a-4c1e-9f0d-3a5b7c9d1e2f"),
                "other_id": "0b9d6a52-7e31-4f8c-a2d4-5c6e7f809a1b",
                "guid": uuid.UUID(int=255),
            },
        ],
    )
    op.bulk_insert(
        strings,
        [
            {"id": 1, "name": "O'Brien", "notes": "caf\u00e9 \u2014 \u65e5\u672c"},
            {"id": 2, "name": "multi\nline", "notes": ""},
        ],
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DELETE FROM strings")
    op.execute(tickets.delete())
    op.execute(blobs.delete())
    op.execute(events.delete().where(events.c.id.in_([1, 2])))
    op.execute(numbers.delete())
