"""batch (recreate='always'): constraints and a dropped column

Revision ID: 3c4d5e6f7081
Revises: 2b3c4d5e6f70
Create Date: 2025-09-03 14:15:16.171819

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '3c4d5e6f7081'
down_revision: Union[str, Sequence[str], None] = '2b3c4d5e6f70'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("items", recreate="always") as batch_op:
        batch_op.create_foreign_key(
            "fk_items_owner_id_owners", "owners", ["owner_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.drop_constraint("uq_items_code", type_="unique")
        batch_op.create_unique_constraint("uq_items_code_title", ["code", "title"])
        batch_op.create_check_constraint("ck_items_price_positive", sa.text("price > 0"))
        batch_op.drop_column("note")
    # expression indexes are created outside the batch (inside it, alembic
    # fails looking the expression up as a column)
    op.create_index("ix_items_code_lower", "items", [sa.text("lower(code)")])
    with op.batch_alter_table("owners", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("owners", recreate="always") as batch_op:
        batch_op.drop_column("active")
    op.drop_index("ix_items_code_lower", table_name="items")
    with op.batch_alter_table("items", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("note", sa.String(10)))
        batch_op.drop_constraint("ck_items_price_positive", type_="check")
        batch_op.drop_constraint("uq_items_code_title", type_="unique")
        batch_op.create_unique_constraint("uq_items_code", ["code"])
        batch_op.drop_constraint("fk_items_owner_id_owners", type_="foreignkey")
