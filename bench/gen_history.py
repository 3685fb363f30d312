"""Writes a synthetic Alembic project with a linear history of N revisions.

`python gen_history.py N DIR [--batch-every K]` — each revision adds a table with an index,
in the shape autogenerate writes, so files are as long as real ones; with `--batch-every K`
every K-th revision instead alters the table made just before in batch mode (add a column,
change a type: a full "move and copy" rebuild). Deterministic.

`python gen_history.py --data ROWS DIR` — two revisions: the first creates `items` and
inserts ROWS rows; the second is a data migration that reads every row through
`op.get_bind()` and updates it in a Python loop.
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
