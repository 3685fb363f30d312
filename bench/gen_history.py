"""Writes a synthetic Alembic project with a linear history of N revisions.

`python gen_history.py N DIR [--batch-every K]` — each revision adds a table with an index,
in the shape autogenerate writes, so files are as long as real ones; with `--batch-every K`
every K-th revision instead alters the table made just before in batch mode (add a column,
change a type: a full "move and copy" rebuild). Deterministic.

`python gen_history.py --data ROWS DIR` — two revisions: the first creates `items` and
inserts ROWS rows; the second is a data migration that reads every row through
`op.get_bind()` and updates it in a Python loop.

`python gen_history.py --owndb MB DIR` — a user's database of about MB megabytes and the
three revisions it meets: the first creates `events` (the database's revision: DIR/start.db
holds its rows, made by the caller with `alembic upgrade e1` and then
`gen_history.py --fill MB DB`), the second adds a column with a server default and an
index, the third makes a column NOT NULL in batch mode (the table rebuilt, every row copied).
"""
import os
import sys

args = sys.argv[1:]
batch_every = 0
if "--batch-every" in args:
    i = args.index("--batch-every")
    batch_every = int(args[i + 1])
    del args[i : i + 2]
data_rows = 0
if "--data" in args:
    i = args.index("--data")
    data_rows = int(args[i + 1])
    del args[i : i + 2]
    args.insert(0, "2")
if args and args[0] == "--fill":
    # DB at revision e1, filled with rows up to about MB megabytes.
    import sqlite3

    mb, db = int(args[1]), args[2]
    c = sqlite3.connect(db)
    row = 0
    while True:
        rows = [
            (row + i, "kind%d" % ((row + i) % 17), ("payload %08d " % (row + i)) * 7, "2025-01-01 00:00:00")
            for i in range(10000)
        ]
        c.executemany("INSERT INTO events (id, kind, payload, created_at) VALUES (?, ?, ?, ?)", rows)
        row += len(rows)
        c.commit()
        pages, size = c.execute("PRAGMA page_count").fetchone()[0], c.execute("PRAGMA page_size").fetchone()[0]
        if pages * size >= mb * 1_000_000:
            break
    c.close()
    sys.exit(0)
owndb_mb = 0
if "--owndb" in args:
    i = args.index("--owndb")
    owndb_mb = int(args[i + 1])
    del args[i : i + 2]
    args.insert(0, "3")
n, out = int(args[0]), args[1]
versions = os.path.join(out, "migrations", "versions")
os.makedirs(versions, exist_ok=True)
with open(os.path.join(out, "alembic.ini"), "w") as f:
    f.write("[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = sqlite:///%(here)s/bench.db\n")
    # The generic template's logging sections (env.py's fileConfig needs them).
    f.write("""
[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console
qualname =

[logger_sqlalchemy]
level = WARNING
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
""")
here = os.path.dirname(os.path.abspath(__file__))
generic = os.path.join(here, "..", "migrations")
for name in ("env.py", "script.py.mako"):
    with open(os.path.join(generic, name)) as src, open(os.path.join(out, "migrations", name), "w") as dst:
        text = src.read()
        # The example's env.py imports its models; a generated history has none.
        models = "from migrations.models import Base\n\ntarget_metadata = Base.metadata\n"
        assert name != "env.py" or models in text, "the example's env.py changed"
        dst.write(text.replace(models, "target_metadata = None\n"))
HEADER = '''"""{title}

Revision ID: {rev}
Revises: {prev_or_empty}
Create Date: 2025-01-01 00:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = {rev!r}
down_revision: Union[str, Sequence[str], None] = {prev!r}
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

'''


def write(rev, prev, slug, title, body):
    with open(os.path.join(versions, f"{rev}_{slug}.py"), "w") as f:
        f.write(HEADER.format(title=title, rev=rev, prev=prev, prev_or_empty=prev or ""))
        f.write(body)


if data_rows:
    write("a1b2c3d4e5f6", None, "create_items", "create items", f'''
def upgrade() -> None:
    items = op.create_table(
        "items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("price_cents", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(items, [
        {{"id": i, "name": "item %d" % i, "price_cents": (i * 37) % 10000}}
        for i in range(1, {data_rows} + 1)
    ])


def downgrade() -> None:
    op.drop_table("items")
''')
    write("b2c3d4e5f6a7", "a1b2c3d4e5f6", "backfill_labels", "backfill labels", '''
def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, name, price_cents FROM items")).fetchall()
    for row in rows:
        euros = row.price_cents / 100
        label = f"{row.name.upper()} ({euros:.2f} EUR)"
        conn.execute(
            sa.text("UPDATE items SET label = :label WHERE id = :id"),
            {"label": label, "id": row.id},
        )


def downgrade() -> None:
    op.execute("UPDATE items SET label = NULL")
''')
    sys.exit(0)

if owndb_mb:
    write("e1e1e1e1e1e1", None, "create_events", "create events", """
def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("payload", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("events")
""")
    write("e2e2e2e2e2e2", "e1e1e1e1e1e1", "source_and_index", "source and index", """
def upgrade() -> None:
    op.add_column("events", sa.Column("source", sa.String(length=20), server_default="import", nullable=False))
    op.create_index(op.f("ix_events_kind"), "events", ["kind"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_events_kind"), table_name="events")
    op.drop_column("events", "source")
""")
    write("e3e3e3e3e3e3", "e2e2e2e2e2e2", "kind_not_null", "kind not null", """
def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.alter_column("kind", existing_type=sa.String(length=20), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.alter_column("kind", existing_type=sa.String(length=20), nullable=True)
""")
    sys.exit(0)

prev = None
for i in range(n):
    rev = "%012x" % (0x100000000000 + i * 7919)
    if batch_every and i % batch_every == batch_every - 1:
        t = i - 1
        write(rev, prev, f"alter_table_{t}", f"alter table {t}", f'''
def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("table_{t}", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note_{i}", sa.String(length=50), nullable=True))
        batch_op.alter_column("name", existing_type=sa.String(length=100), type_=sa.Text(), existing_nullable=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("table_{t}", schema=None) as batch_op:
        batch_op.alter_column("name", existing_type=sa.Text(), type_=sa.String(length=100), existing_nullable=False)
        batch_op.drop_column("note_{i}")
''')
        prev = rev
        continue
    with open(os.path.join(versions, f"{rev}_add_table_{i}.py"), "w") as f:
        f.write(f'''"""add table {i}

Revision ID: {rev}
Revises: {prev or ""}
Create Date: 2025-01-01 00:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = {rev!r}
down_revision: Union[str, Sequence[str], None] = {prev!r}
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "table_{i}",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_table_{i}_name"), "table_{i}", ["name"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_table_{i}_name"), table_name="table_{i}")
    op.drop_table("table_{i}")
''')
    prev = rev
