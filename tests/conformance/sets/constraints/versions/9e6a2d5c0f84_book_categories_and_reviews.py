"""book categories and reviews

Revision ID: 9e6a2d5c0f84
Revises: 4d1f8b6a2c37
Create Date: 2025-05-09 08:22:51.904416

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '9e6a2d5c0f84'
down_revision: Union[str, Sequence[str], None] = '4d1f8b6a2c37'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "book_categories",
        sa.Column("book_id", sa.Integer, nullable=False),
        sa.Column("category_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.PrimaryKeyConstraint("book_id", "category_id", name="pk_book_categories"),
        sa.ForeignKeyConstraint(
            ["book_id"], ["books.id"], ondelete="CASCADE", onupdate="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name="fk_book_categories_category",
            ondelete="RESTRICT",
            deferrable=True,
            initially="DEFERRED",
        ),
        sa.CheckConstraint("position >= 0 AND position < 1000"),
        sa.UniqueConstraint("category_id", "position"),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("book_id", sa.Integer, sa.ForeignKey("books.id"), nullable=False),
        sa.Column(
            "reviewer_id",
            sa.Integer,
            sa.ForeignKey("authors.id", name="fk_reviews_reviewer", onupdate="SET NULL"),
        ),
        sa.Column("stars", sa.SmallInteger, nullable=False),
        sa.Column("body", sa.Text),
        sa.CheckConstraint("stars BETWEEN 1 AND 5", name="ck_reviews_stars"),
        sa.CheckConstraint("length(body) < 10000"),
        sa.UniqueConstraint("book_id", "reviewer_id", name="uq_reviews_book_reviewer"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("reviews")
    op.drop_table("book_categories")
