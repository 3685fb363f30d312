"""drop the unnamed legacy constraints through the naming convention

Revision ID: c3e5a7b9d1f2
Revises: b2d4f6a8c0e1
Create Date: 2025-10-03 15:45:00.310911

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c3e5a7b9d1f2'
down_revision: Union[str, Sequence[str], None] = 'b2d4f6a8c0e1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

naming_convention = {
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
}


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("legacy_members", naming_convention=naming_convention) as batch_op:
        batch_op.drop_constraint("fk_legacy_members_team_id_teams", type_="foreignkey")
        batch_op.drop_constraint("uq_legacy_members_team_id", type_="unique")
        batch_op.create_foreign_key(
            batch_op.f("fk_legacy_members_team_id_teams"),
            "teams",
            ["team_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_unique_constraint(None, ["user_id", "team_id"])


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("legacy_members", schema=None) as batch_op:
        batch_op.drop_constraint("uq_legacy_members_user_id", type_="unique")
        batch_op.drop_constraint("fk_legacy_members_team_id_teams", type_="foreignkey")
        batch_op.create_foreign_key(None, "teams", ["team_id"], ["id"])
        batch_op.create_unique_constraint(None, ["team_id", "user_id"])
