#!/usr/bin/env python3
"""Run one conformance set under real Alembic and print the observed states as JSON.

Usage (with the pinned venv: alembic 1.20.1, SQLAlchemy 2.1.9):

    ~/.cache/retort/venv/bin/python tests/conformance/oracle.py tests/conformance/sets/types

The set directory is copied into a fresh temporary directory (so the set itself is
never written to and ``db.sqlite`` starts absent), then, in this process, through
``alembic.config.Config`` + ``alembic.command``:

1. ``upgrade +1`` until the database is at head,
2. ``downgrade -1`` until it is at base,
3. ``upgrade head``,
4. ``downgrade base``,

with a snapshot of the database after every command, and finally the offline
scripts of ``upgrade base:head --sql`` and ``downgrade head:base --sql``.

If an online command raises, its step is recorded with ``ok: false`` and the walk
stops there (the offline scripts are still recorded).

Output: one JSON document on stdout; see tests/conformance/README.md for the format.

Normalisation (everything else is alembic's output verbatim):
- Any occurrence of the temporary directory's path (in error texts, stdout, log
  lines or offline text) is replaced by ``<SET>``.  Alembic itself prints nothing
  time-dependent for these commands: the offline scripts contain no timestamps,
  and the ``Create Date`` of a revision is only in its docstring.
- Trailing whitespace is kept; line endings are whatever alembic wrote ("\\n").
- Python warnings (e.g. SQLAlchemy's "SAWarning: Skipped unsupported reflection of
  expression-based index ...") are written to the step's ``log`` as
  ``Category: message`` lines, without the file:line prefix Python normally adds
  (it names a file of the local Python install), and every time they occur (the
  default filter would print each only once per process, and this script runs
  all commands in one process).
"""

import contextlib
import io
import json
import math
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import warnings

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

DB_NAME = "db.sqlite"
PLACEHOLDER = "<SET>"


def encode_value(v):
    """Encode one SQLite value losslessly as JSON."""
    if v is None or isinstance(v, (int, str)):
        return v
    if isinstance(v, float):
        if math.isfinite(v):
            return v
        return {"float": repr(v)}  # 'inf', '-inf', 'nan'
    if isinstance(v, (bytes, bytearray, memoryview)):
        return {"blob": bytes(v).hex()}
    raise TypeError(f"unexpected sqlite value {v!r}")


def quote_ident(name):
    return '"' + name.replace('"', '""') + '"'


def snapshot(db_path):
    """(version, master, data) of the database file; empty if it does not exist."""
    if not os.path.exists(db_path):
        return [], [], {}
    con = sqlite3.connect(db_path)
    try:
        master = [
            list(r)
            for r in con.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master"
            )
        ]
        master.sort(key=lambda r: (r[0], r[1]))
        data = {}
        tables = sorted(
            r[1]
            for r in master
            if r[0] == "table" and not r[1].startswith("sqlite_")
        )
        for t in tables:
            q = quote_ident(t)
            try:
                rows = con.execute(f"SELECT * FROM {q} ORDER BY _rowid_").fetchall()
            except sqlite3.OperationalError:
                # WITHOUT ROWID table: order by every column.
                ncols = len(con.execute(f"SELECT * FROM {q} LIMIT 0").description)
                order = ", ".join(str(i + 1) for i in range(ncols))
                rows = con.execute(f"SELECT * FROM {q} ORDER BY {order}").fetchall()
            data[t] = [[encode_value(v) for v in row] for row in rows]
        version = []
        if "alembic_version" in tables:
            version = sorted(
                r[0] for r in con.execute("SELECT version_num FROM alembic_version")
            )
        return version, master, data
    finally:
        con.close()


class Runner:
    def __init__(self, workdir):
        self.workdir = workdir
        self.ini = os.path.join(workdir, "alembic.ini")
        self.db = os.path.join(workdir, DB_NAME)

    def norm(self, text):
        if text is None:
            return None
        real = os.path.realpath(self.workdir)
        text = text.replace(self.workdir, PLACEHOLDER)
        if real != self.workdir:
            text = text.replace(real, PLACEHOLDER)
        return text

    def run(self, fn, *args, **kw):
        """Run one alembic command; return (ok, error, stdout, log)."""
        out = io.StringIO()
        log = io.StringIO()
        cfg = Config(self.ini, stdout=out)
        ok, error = True, None
        # stdout: config.print_stdout, print() in revision files, and in --sql mode
        # the SQL itself (alembic's default output_buffer is sys.stdout), all
        # interleaved as `alembic` on a terminal would show them.
        # stderr: env.py's fileConfig binds its StreamHandler to sys.stderr, so the
        # INFO log lines land in `log`.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(log):
            try:
                fn(cfg, *args, **kw)
            except BaseException as e:  # noqa: BLE001 - SystemExit etc. too
                if isinstance(e, KeyboardInterrupt):
                    raise
                ok = False
                error = f"{type(e).__name__}: {e}"
        return ok, self.norm(error), self.norm(out.getvalue()), self.norm(log.getvalue())

    def heads(self):
        script = ScriptDirectory.from_config(Config(self.ini))
        return sorted(script.get_heads()), len(list(script.walk_revisions()))


def _showwarning(message, category, filename, lineno, file=None, line=None):
    (file or sys.stderr).write(f"{category.__name__}: {message}\n")


def main(argv):
    if len(argv) != 2:
        print("usage: oracle.py SET_DIR", file=sys.stderr)
        return 2
    warnings.simplefilter("always")
    warnings.showwarning = _showwarning
    set_dir = os.path.abspath(argv[1])
    name = os.path.basename(set_dir.rstrip("/"))
    t0 = time.perf_counter()
    tmp = tempfile.mkdtemp(prefix="retort-conf-")
    try:
        work = os.path.join(tmp, name)
        shutil.copytree(
            set_dir,
            work,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", DB_NAME, DB_NAME + "-*"),
        )
        r = Runner(work)
        heads, nrevs = r.heads()
        steps = []

        def step(cmd, fn, *args, **kw):
            ok, error, out, log = r.run(fn, *args, **kw)
            version, master, data = snapshot(r.db)
            steps.append(
                {
                    "command": cmd,
                    "ok": ok,
                    "error": error,
                    "version": version,
                    "master": master,
                    "data": data,
                    "stdout": out,
                    "log": log,
                }
            )
            return ok, version

        def walk():
            version = snapshot(r.db)[0]
            for _ in range(nrevs + 1):
                if version == heads:
                    break
                ok, version = step(["upgrade", "+1"], command.upgrade, "+1")
                if not ok:
                    return False
            for _ in range(nrevs + 1):
                if version == []:
                    break
                ok, version = step(["downgrade", "-1"], command.downgrade, "-1")
                if not ok:
                    return False
            if not step(["upgrade", "head"], command.upgrade, "head")[0]:
                return False
            return step(["downgrade", "base"], command.downgrade, "base")[0]

        walk()

        offline = {}
        for key, fn, rng in (
            ("upgrade", command.upgrade, "base:head"),
            ("downgrade", command.downgrade, "head:base"),
        ):
            ok, error, out, _log = r.run(fn, rng, sql=True)
            offline[key] = {
                "command": [key, rng, "--sql"],
                "ok": ok,
                "text": out if ok else error,
                "partial": None if ok else out,
            }

        doc = {
            "set": name,
            "steps": steps,
            "offline": offline,
        }
        json.dump(doc, sys.stdout, indent=1, ensure_ascii=False, allow_nan=False)
        sys.stdout.write("\n")
        print(
            f"oracle: {name}: {len(steps)} steps in {time.perf_counter() - t0:.2f}s",
            file=sys.stderr,
        )
        return 0 if all(s["ok"] for s in steps) else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
