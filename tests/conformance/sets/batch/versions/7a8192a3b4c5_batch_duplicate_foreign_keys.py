"""a second foreign key with the same columns and target, then a rebuild

Revision ID: 7a8192a3b4c5
Revises: 6f708192a3b4
Create Date: 2026-03-04 11:20:41.330917

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '7a8192a3b4c5'
down_revision: Union[str, Sequence[str], None] = '6f708192a3b4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "stock_moves",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_id", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name="move_item"),
    )
    op.execute("INSERT INTO stock_moves (id, item_id) SELECT id, id FROM items")
    # A second constraint with the same signature: SQLite keeps both...
    with op.batch_alter_table("stock_moves") as batch_op:
        batch_op.create_foreign_key("moved_item", "items", ["item_id"], ["id"])
    # ...but SQLAlchemy reflects one per signature, so the next rebuild keeps only the first.
    with op.batch_alter_table("stock_moves", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("quantity", sa.Integer, server_default="1"))
    # A column with a named foreign key: the rebuild has the constraint once.
    with op.batch_alter_table("stock_moves") as batch_op:
        batch_op.add_column(
            sa.Column("source_id", sa.Integer, sa.ForeignKey("items.id", name="move_source"), nullable=True)
        )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("stock_moves")
