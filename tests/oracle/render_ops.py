"""What real Alembic's autogenerate renders for operations: the cases of
crates/engine/tests/render.txt (`### name`, the `op.*` calls of a script, `---`, the
rendered body), each run with `op` capturing its operations instead of running them,
then `alembic.autogenerate.render_python_code` of the captured list, for SQLite.

Usage: render_ops.py CASES.txt            prints {name: rendered or "error: ..."} as JSON
       render_ops.py CASES.txt --write    rewrites the expected text of every case
"""

import json
import sys

import sqlalchemy as sa
from alembic.autogenerate import render_python_code
from alembic.operations import Operations
from alembic.operations.ops import UpgradeOps
from alembic.runtime.migration import MigrationContext


class Capture(Operations):
    def __init__(self, context):
        super().__init__(context)
        self.captured = []

    def invoke(self, operation):
        self.captured.append(operation)


def cases(text):
    out = []
    for block in text.split("\n### ")[1:]:
        name, rest = block.split("\n", 1)
        source, _expected = rest.split("\n---\n", 1)
        out.append((name.strip(), source.strip()))
    return out


def render(source):
    # Autogenerate needs a connection (it refuses `as_sql`); nothing runs on it.
    with sa.create_engine("sqlite://").connect() as connection:
        context = MigrationContext.configure(connection)
        op = Capture(context)
        try:
            exec(source, {"op": op, "sa": sa})
            return render_python_code(UpgradeOps(ops=op.captured), migration_context=context)
        except Exception as e:  # noqa: BLE001 - any failure is data here
            return f"error: {type(e).__name__}: {e}"


def main(path, write):
    text = open(path).read()
    results = {name: render(source) for name, source in cases(text)}
    if not write:
        json.dump(results, sys.stdout, indent=1)
        return
    head = text[: text.index("\n### ")]
    out = head
    for name, source in cases(text):
        out += f"\n### {name}\n{source}\n---\n{results[name]}\n"
    open(path, "w").write(out)


if __name__ == "__main__":
    main(sys.argv[1], "--write" in sys.argv[2:])
