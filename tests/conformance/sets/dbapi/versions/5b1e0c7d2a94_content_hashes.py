"""content hashes computed by a Python function registered with SQLite

Revision ID: 5b1e0c7d2a94
Revises:
Create Date: 2026-03-01 10:15:02.118230

"""
import hashlib
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '5b1e0c7d2a94'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def upgrade() -> None:
    """Upgrade schema."""
    bind = op.get_bind()
    url = bind.engine.url
    print("backend:", url.get_backend_name(), url.get_driver_name(), url.drivername)
    print("database file:", url.database.endswith("db.sqlite"), url.host, url.port)
    print("dialect:", bind.dialect.name, bind.engine.name, bind.engine.driver)
    # A URL a project's config builds (kitchenowl's), asked which backend it is.
    built = sa.engine.URL.create("sqlite", database="app.db", query={"mode": "ro"})
    print("built:", built.drivername == "sqlite", built.get_backend_name(), built.database, dict(built.query))
    print("made:", isinstance(sa.make_url("sqlite:///x.db"), sa.engine.URL), sa.make_url("sqlite:///x.db").database)
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64)),
    )
    op.execute("INSERT INTO documents (content) VALUES ('alpha'), ('beta'), ('gamma')")
    raw = bind.connection.dbapi_connection
    raw.create_function("sha256", 1, _sha256)
    op.execute("UPDATE documents SET content_hash = sha256(content)")
    cur = bind.connection.cursor()
    cur.execute("SELECT id, content_hash FROM documents WHERE id = ?", (1,))
    print([d[0] for d in cur.description], cur.fetchone(), cur.rowcount, cur.lastrowid)
    cur.execute("INSERT INTO documents (content) VALUES (?)", ("delta",))
    print("inserted:", cur.rowcount, cur.lastrowid, cur.description)
    cur.executemany("INSERT INTO documents (content) VALUES (?)", [("epsilon",), ("zeta",)])
    print("executemany:", cur.rowcount, cur.lastrowid)
    cur.execute("UPDATE documents SET content_hash = sha256(content) WHERE content_hash IS NULL")
    print("updated:", cur.rowcount)
    cur.execute("SELECT content FROM documents WHERE id > :after ORDER BY id", {"after": 3})
    print(cur.fetchmany(2), cur.fetchall(), cur.fetchone())
    print(bind.exec_driver_sql("SELECT count(*) FROM documents").scalar())
    print(bind.exec_driver_sql("SELECT content FROM documents WHERE id = ?", (2,)).fetchall())


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("documents")
