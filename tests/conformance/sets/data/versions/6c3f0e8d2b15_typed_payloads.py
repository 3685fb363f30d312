"""typed payloads

bulk_insert of JSON, LargeBinary and Interval values: these go through
SQLAlchemy's bind processors online (they cannot be rendered as literals in
--sql mode).

Revision ID: 6c3f0e8d2b15
Revises: 0f6d1b9a4c37
Create Date: 2025-08-07 11:31:08.934402

"""
import datetime
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '6c3f0e8d2b15'
down_revision: Union[str, Sequence[str], None] = '0f6d1b9a4c37'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    payloads = op.create_table(
        "payloads",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("doc", sa.JSON),
        sa.Column("raw", sa.LargeBinary),
        sa.Column("wait", sa.Interval),
        sa.Column("ratio", sa.Float),
    )
    op.bulk_insert(
        payloads,
        [
            {
                "id": 1,
                "doc": {"b": [1, 2.5, None, True], "a": "caf\u00e9", "n": {"x": None}},
                "raw": b"\x00\x01\xfe\xff",
                "wait": datetime.timedelta(days=1, hours=2, microseconds=5),
                "ratio": 1 / 3,
            },
            {"id": 2, "doc": None, "raw": b"", "wait": datetime.timedelta(0), "ratio": None},
            {"id": 3, "doc": [], "raw": None, "wait": None, "ratio": -0.0},
            {"id": 4, "doc": "just a string", "raw": None, "wait": None, "ratio": 1e-300},
        ],
    )
    conn = op.get_bind()
    doc = conn.execute(sa.select(payloads.c.doc).where(payloads.c.id == 1)).scalar_one()
    conn.execute(
        sa.text("UPDATE payloads SET ratio = :r WHERE id = 2"), {"r": float(len(doc["b"]))}
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("payloads")
