#!/usr/bin/env python3
"""Real projects' whole Alembic histories, fetched from PyPI and laid out to run.

    projects.py fetch [NAME ...]      download and extract the pinned archives (cached)
    projects.py assemble NAME DEST    write a runnable project for NAME into DEST
    projects.py list                  the names in manifest.tsv

Nothing third-party is committed to this repository: `manifest.tsv` pins each archive by
version and sha256; `fetch` downloads it with pip into
`${RETORT_TOOLS:-~/.cache/retort}/projects/src/<archive>/`, checks the hash and extracts
the archive's Python files (the revisions and the application modules they import).

`assemble` writes what `alembic init` writes (the generic env.py and script.py.mako of
tests/conformance/sets/data) and an
alembic.ini whose `version_locations` are the project's own version directories in the
cache and whose `prepend_sys_path` is the archive's package root, so that revision files
import the application as they do in its virtualenv. The database is `db.sqlite` beside
alembic.ini. A project's `standins` column (the libraries its application imports that
neither the oracle's virtualenv nor Retort has) is written to `[retort_oracle]` in the
ini, which Alembic and Retort ignore and tests/conformance/oracle.py reads
(docs/decisions/0003). Standard library only; Python 3.9+.
"""

import csv
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
MANIFEST = os.path.join(HERE, "manifest.tsv")
CACHE = os.path.join(
    os.environ.get("RETORT_TOOLS")
    or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "retort"),
    "projects",
)

# `alembic init`'s generic env.py and script.py.mako, as the conformance sets have them.
TEMPLATES = os.path.join(HERE, "..", "conformance", "sets", "data")

INI = """[alembic]
script_location = %(here)s
path_separator = os
version_locations = {versions}
prepend_sys_path = {sys_path}
sqlalchemy.url = sqlite:///%(here)s/db.sqlite

[retort_oracle]
project = {name}
standins = {standins}

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
"""


def log(msg):
    print(f"projects: {msg}", file=sys.stderr)


def manifest():
    with open(MANIFEST, newline="") as f:
        return [r for r in csv.DictReader(f, delimiter="\t") if not r["name"].startswith("#")]


def src_dir(row):
    return os.path.join(CACHE, "src", row["filename"])


def pip_select(row):
    """pip options that pick exactly the pinned archive, whatever Python runs pip."""
    if row["kind"] == "sdist":
        return ["--no-binary", ":all:"]
    args = ["--only-binary", ":all:", "--python-version", "3.11"]
    stem = row["filename"][: -len(".whl")]
    plat = stem.rsplit("-", 1)[1]
    abi = stem.rsplit("-", 2)[1]
    py = stem.rsplit("-", 3)[1]
    if plat != "any":
        for p in plat.split("."):
            args += ["--platform", p]
        args += ["--implementation", py[:2], "--abi", abi.split(".")[0]]
    return args


def fetch_one(row):
    dest = src_dir(row)
    stamp = os.path.join(dest, ".done")
    if os.path.exists(stamp) and open(stamp).read().strip() == row["sha256"]:
        return dest
    log(f"{row['package']} {row['version']}: downloading {row['filename']}")
    os.makedirs(os.path.join(CACHE, "src"), exist_ok=True)
    with tempfile.TemporaryDirectory(dir=os.path.join(CACHE, "src")) as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
             "--ignore-requires-python", "-q", *pip_select(row), "-d", tmp,
             f"{row['package']}=={row['version']}"],
            check=True, stdout=sys.stderr,
        )
        archive = os.path.join(tmp, row["filename"])
        if not os.path.exists(archive):
            sys.exit(f"projects: {row['package']}: pip fetched {os.listdir(tmp)}, not {row['filename']}")
        h = hashlib.sha256(open(archive, "rb").read()).hexdigest()
        if h != row["sha256"]:
            sys.exit(f"projects: sha256 mismatch for {row['filename']}: got {h}")
        out = os.path.join(tmp, "out")
        n = 0
        def keep(name):
            norm = os.path.normpath(name)
            if norm.startswith(("/", "..")):
                sys.exit(f"projects: unsafe path in {row['filename']}: {name!r}")
            return norm.endswith(".py")
        def write(name, data):
            path = os.path.join(out, os.path.normpath(name))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
        if archive.endswith((".whl", ".zip")):
            with zipfile.ZipFile(archive) as z:
                for info in z.infolist():
                    if not info.is_dir() and keep(info.filename):
                        write(info.filename, z.read(info))
                        n += 1
        else:
            with tarfile.open(archive) as t:
                for m in t.getmembers():
                    if m.isfile() and keep(m.name):
                        write(m.name, t.extractfile(m).read())
                        n += 1
        with open(os.path.join(out, ".done"), "w") as f:
            f.write(row["sha256"] + "\n")
        shutil.rmtree(dest, ignore_errors=True)
        os.replace(out, dest)
        log(f"{row['package']} {row['version']}: {n} Python files")
    return dest


def fetch(names):
    rows = [r for r in manifest() if not names or r["name"] in names]
    seen = set()
    for r in rows:
        if r["filename"] not in seen:
            fetch_one(r)
            seen.add(r["filename"])
    print(f"projects: {len(rows)} histories from {len(seen)} archives in {os.path.join(CACHE, 'src')}")


def assemble(name, dest):
    rows = [r for r in manifest() if r["name"] == name]
    if not rows:
        sys.exit(f"projects: no project {name!r} in {MANIFEST}")
    row = rows[0]
    src = fetch_one(row)
    os.makedirs(dest, exist_ok=True)
    versions = ":".join(os.path.join(src, v) for v in row["versions"].split())
    with open(os.path.join(dest, "alembic.ini"), "w") as f:
        f.write(INI.format(
            versions=versions,
            sys_path=os.path.join(src, row["sys_path"]).rstrip("/."),
            name=name,
            standins=row["standins"] if row["standins"] != "-" else "",
        ))
    for name in ("env.py", "script.py.mako"):
        shutil.copyfile(os.path.join(TEMPLATES, name), os.path.join(dest, name))


def main(argv):
    if argv[:1] == ["fetch"]:
        fetch(set(argv[1:]))
    elif argv[:1] == ["assemble"] and len(argv) == 3:
        assemble(argv[1], argv[2])
    elif argv[:1] == ["list"]:
        for r in manifest():
            print(r["name"])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
