"""What real Alembic renders for each revision file's upgrade() and downgrade(), offline.

Usage: offline_ops.py OUT.json FILE...

Each file is imported as Alembic imports a revision file, then each of its functions runs
in a fresh offline (`--sql`) environment for SQLite, configured as the generic env.py
configures it (`literal_binds=True`, named paramstyle), so that every `op.*` call
renders its SQL into a buffer: the operations the file performs, in the words of
SQLAlchemy's SQLite dialect. Nothing runs against a database. Writes one JSON object:
{path: {"load": error or None, "upgrade": {"sql", "stdout", "error"}, "downgrade": {...}}}
where "sql" holds what the function printed too, where it printed it ("stdout" stays
empty), as the `--sql` output of the CLI interleaves them.

Errors are Python's class name and message. A file whose import fails (it imports its
application) has only "load".
"""

import contextlib
import importlib.util
import io
import json
import sys
import warnings

from alembic.config import Config
from alembic.operations import Operations
from alembic.runtime.environment import EnvironmentContext

warnings.simplefilter("ignore")


def run(module, name):
    buf = io.StringIO()
    # What the generic env.py's run_migrations_offline() configures.
    env = EnvironmentContext(Config(), None)
    env.configure(
        dialect_name="sqlite",
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        as_sql=True,
        output_buffer=buf,
    )
    result = {"sql": "", "stdout": "", "error": None}
    fn = getattr(module, name, None)
    if fn is None:
        result["error"] = f"AttributeError: no {name}()"
        return result
    # What the function prints goes where the SQL goes, interleaved, as `alembic upgrade
    # --sql` writes both to stdout.
    printed = buf
    with env, Operations.context(env.get_context()), contextlib.redirect_stdout(printed):
        try:
            fn()
        except BaseException as e:  # noqa: BLE001 - any failure is data here
            result["error"] = f"{type(e).__name__}: {e}"
    result["sql"] = buf.getvalue()
    return result


def main(out_path, paths):
    out = {}
    for i, path in enumerate(paths):
        entry = {"load": None}
        spec = importlib.util.spec_from_file_location(f"_retort_rev_{i}", path)
        module = importlib.util.module_from_spec(spec)
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                spec.loader.exec_module(module)
        except BaseException as e:  # noqa: BLE001
            entry["load"] = f"{type(e).__name__}: {e}"
            out[path] = entry
            continue
        entry["upgrade"] = run(module, "upgrade")
        entry["downgrade"] = run(module, "downgrade")
        out[path] = entry
    with open(out_path, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
