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

import ast
import configparser
import contextlib
import importlib.util
import inspect
import io
import json
import math
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import types
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


# ---------------------------------------------------------------------------------------
# Stand-ins (docs/decisions/0003): the libraries a real project imports that neither this
# virtualenv nor Retort has. A project lists them in alembic.ini's [retort_oracle] section
# (tests/projects/projects.py writes it). A listed library imported outside a `try` that
# catches ImportError is an inert stand-in, as in Retort: attributes, calls, subscripts,
# decorators and subclasses work; while migrations run, a stand-in whose *value* is needed
# (truth, comparison, iteration, arithmetic, text) raises RetortStandInError, and one that
# reaches SQLAlchemy fails there.

# Set while `run_migrations` runs (the steps), as Retort tells loading from running.
MIGRATING = [False]


class RetortStandInError(Exception):
    pass


def _needs_value(standin, what):
    if MIGRATING[0]:
        raise RetortStandInError(
            f"{what} `{standin._standin_name}`, a stand-in for a library Retort does not run"
        )


class StandIn:
    """An inert value of a library that is not there."""

    __slots__ = ("_standin_name",)

    def __init__(self, name):
        object.__setattr__(self, "_standin_name", name)

    def __getattr__(self, attr):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return StandIn(f"{self._standin_name}.{attr}")

    def __setattr__(self, attr, value):
        pass

    def __call__(self, *args, **kwargs):
        # A decorator returns what it decorates.
        if len(args) == 1 and not kwargs and (inspect.isfunction(args[0]) or inspect.isclass(args[0])):
            return args[0]
        return StandIn(f"{self._standin_name}()")

    def __getitem__(self, key):
        return StandIn(f"{self._standin_name}[...]")

    def __iter__(self):
        _needs_value(self, "iterating over")
        return iter(())

    def __len__(self):
        _needs_value(self, "the length of")
        return 0

    def __bool__(self):
        _needs_value(self, "the truth of")
        return True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __eq__(self, other):
        _needs_value(self, "comparing")
        return self is other

    def __ne__(self, other):
        _needs_value(self, "comparing")
        return self is not other

    def __hash__(self):
        return id(self)

    def __repr__(self):
        return f"<stand-in {self._standin_name}>"

    def __str__(self):
        _needs_value(self, "the text of")
        return repr(self)

    def __mro_entries__(self, bases):
        # One class per stand-in, so that a class may derive from two of them.
        cls = _STANDIN_CLASSES.get(id(self))
        if cls is None:
            cls = type(self._standin_name.rsplit(".", 1)[-1], (StandInBase,), {})
            _STANDIN_CLASSES[id(self)] = (self, cls)
        else:
            cls = cls[1]
        return (cls,)

    def _same(self, *other):
        _needs_value(self, "computing with")
        return self

    def _unordered(self, other):
        # Like NaN: a stand-in is neither less nor greater than anything.
        _needs_value(self, "comparing")
        return False

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = _same
    __or__ = __ror__ = __and__ = __rand__ = __neg__ = __pos__ = __invert__ = _same
    __lt__ = __le__ = __gt__ = __ge__ = _unordered


_STANDIN_CLASSES = {}


class StandInBase:
    """What a class that derives from a stand-in derives from: it takes any arguments, and
    its instances have every attribute (a stand-in) the library would have set."""

    def __init_subclass__(cls, **kwargs):
        pass

    def __init__(self, *args, **kwargs):
        pass

    def __getattr__(self, attr):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return StandIn(f"{type(self).__name__}().{attr}")


class StandInFinder:
    """A meta path finder, last on sys.meta_path: the listed libraries (nothing else finds
    them), unless imported inside a `try` that catches ImportError."""

    def __init__(self, libraries):
        self.libraries = set(libraries)

    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] not in self.libraries:
            return None
        frame = inspect.currentframe()
        while frame and frame.f_code.co_filename.startswith("<frozen"):
            frame = frame.f_back
        frame = frame and frame.f_back  # past this method
        while frame and frame.f_code.co_filename.startswith("<frozen"):
            frame = frame.f_back
        if frame is None:
            return None
        importer = os.path.realpath(frame.f_code.co_filename)
        if _import_is_guarded(importer, frame.f_lineno):
            return None
        return importlib.util.spec_from_loader(fullname, self, is_package=True)

    def create_module(self, spec):
        module = types.ModuleType(spec.name)
        module.__path__ = []
        module.__getattr__ = lambda attr: StandIn(f"{spec.name}.{attr}")
        return module

    def exec_module(self, module):
        pass


def _import_is_guarded(path, line):
    """Whether the import at `path:line` sits in a `try` whose handlers catch ImportError."""
    try:
        with open(path) as f:
            tree = ast.parse(f.read())
    except (OSError, SyntaxError):
        return False
    catches = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Try):
            continue
        if not any(n.lineno <= line <= (n.end_lineno or n.lineno) for n in node.body):
            continue
        for h in node.handlers:
            names = []
            if h.type is None:
                return True
            for t in (h.type.elts if isinstance(h.type, ast.Tuple) else [h.type]):
                names.append(t.attr if isinstance(t, ast.Attribute) else getattr(t, "id", ""))
            if catches & set(names):
                return True
    return False


def install_standins(ini):
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ini)
    libraries = [
        x.strip()
        for x in parser.get("retort_oracle", "standins", fallback="").split(",")
        if x.strip()
    ]
    if not libraries:
        return
    sys.meta_path.append(StandInFinder(libraries))
    # Steps run inside `run_migrations`: stand-ins stop being inert there.
    from alembic.runtime.migration import MigrationContext

    run = MigrationContext.run_migrations

    def run_migrations(self, **kw):
        MIGRATING[0] = True
        try:
            return run(self, **kw)
        finally:
            MIGRATING[0] = False

    MigrationContext.run_migrations = run_migrations
    # Alembic loads revision files lazily, inside `run_migrations`: while a file (and what
    # it imports) loads, stand-ins stay inert, as Retort's rule says (decision 0003).
    from alembic.script.base import Script

    from_path = Script._from_path.__func__

    def _from_path(cls, *args, **kw):
        migrating = MIGRATING[0]
        MIGRATING[0] = False
        try:
            return from_path(cls, *args, **kw)
        finally:
            MIGRATING[0] = migrating

    Script._from_path = classmethod(_from_path)


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
        install_standins(r.ini)
        try:
            heads, nrevs = r.heads()
        except BaseException as e:  # noqa: BLE001 - a revision file that does not load
            doc = {
                "set": name,
                "load_error": r.norm(f"{type(e).__name__}: {e}"),
                "queries": {},
                "steps": [],
                "offline": {},
            }
            json.dump(doc, sys.stdout, indent=1, ensure_ascii=False, allow_nan=False)
            sys.stdout.write("\n")
            return 1
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
            if not step(["upgrade", top], command.upgrade, top)[0]:
                return False
            queries["current"] = r.run(command.current)[2]
            return step(["downgrade", "base"], command.downgrade, "base")[0]

        # A history with several heads is upgraded to `heads` (`head` is an error there).
        top = "heads" if len(heads) > 1 else "head"
        queries = {
            "heads": r.run(command.heads)[2],
            "history": r.run(command.history)[2],
        }
        walk()

        offline = {}
        for key, fn, rng in (
            ("upgrade", command.upgrade, f"base:{top}"),
            ("downgrade", command.downgrade, f"{top}:base"),
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
            "queries": queries,
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
