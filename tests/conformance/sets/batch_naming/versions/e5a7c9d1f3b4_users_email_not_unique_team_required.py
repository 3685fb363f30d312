"""users: email no longer unique, age check replaced

Revision ID: e5a7c9d1f3b4
Revises: d4f6b8c0e2a3
Create Date: 2025-10-08 17:01:02.030405

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'e5a7c9d1f3b4'
down_revision: Union[str, Sequence[str], None] = 'd4f6b8c0e2a3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_constraint("uq_users_email", type_="unique")
        batch_op.drop_constraint(batch_op.f("ck_users_age_nonneg"), type_="check")
        batch_op.create_check_constraint("age_range", sa.text("age BETWEEN 0 AND 150"))
        batch_op.create_index("ix_users_email", ["email"])
        batch_op.alter_column("name", existing_type=sa.String(50), new_column_name="display_name")


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column("display_name", existing_type=sa.String(50), new_column_name="name")
        batch_op.drop_index("ix_users_email")
        # A plain name: the convention applies to it, as to a created constraint.
        batch_op.drop_constraint("age_range", type_="check")
        batch_op.create_check_constraint("age_nonneg", "age >= 0")
        batch_op.create_unique_constraint(None, ["email"])
