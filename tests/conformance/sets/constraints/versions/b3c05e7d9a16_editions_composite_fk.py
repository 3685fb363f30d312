"""editions with a composite foreign key

Revision ID: b3c05e7d9a16
Revises: 9e6a2d5c0f84
Create Date: 2025-05-12 17:09:33.571840

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'b3c05e7d9a16'
down_revision: Union[str, Sequence[str], None] = '9e6a2d5c0f84'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "editions",
        sa.Column("book_id", sa.Integer, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("year", sa.Integer, sa.CheckConstraint("year > 1450", name="ck_editions_year")),
        sa.PrimaryKeyConstraint("book_id", "number"),
        sa.ForeignKeyConstraint(["book_id"], ["books.id"], deferrable=False),
    )
    op.create_table(
        "printings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("book_id", sa.Integer, nullable=False),
        sa.Column("edition_number", sa.Integer, nullable=False),
        sa.Column("copies", sa.Integer, server_default=sa.text("1000"), nullable=False),
        sa.ForeignKeyConstraint(
            ["book_id", "edition_number"],
            ["editions.book_id", "editions.number"],
            name="fk_printings_edition",
            ondelete="NO ACTION",
            initially="IMMEDIATE",
            deferrable=True,
        ),
        sa.UniqueConstraint("book_id", "edition_number", "copies"),
        sa.UniqueConstraint("id", name="uq_printings_id_redundant"),
    )
    op.execute("INSERT INTO authors (id, name, country) VALUES (1, 'Ursula K. Le Guin', 'US')")
    op.execute("INSERT INTO books (id, author_id, isbn, title, pages) VALUES (10, 1, '9780547773742', 'A Wizard of Earthsea', 183)")
    op.execute("INSERT INTO editions (book_id, number, year) VALUES (10, 1, 1968), (10, 2, 2012)")
    op.execute("INSERT INTO printings (book_id, edition_number, copies) VALUES (10, 2, 5000)")


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DELETE FROM printings")
    op.execute("DELETE FROM editions")
    op.execute("DELETE FROM books WHERE id = 10")
    op.execute("DELETE FROM authors WHERE id = 1")
    op.drop_table("printings")
    op.drop_table("editions")
