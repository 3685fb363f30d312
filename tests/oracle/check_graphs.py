#!/usr/bin/env python3
"""Validates graphs.py against the real, pinned alembic (run it with the oracle venv's python):

    python check_graphs.py [--seeds 0:31] [--runs 2] [--keep DIR]

For each seed:
* every revision file is byte-identical to what alembic's own script.py.mako renders for the
  same parameters, and its file name is alembic's ScriptDirectory._rev_path();
* the project loads (`alembic heads` succeeds);
* graphs.py's prediction of the history ranges alembic crashes on is exact (checked
  in-process on at least 300 seeds);
* the command list runs `--runs` times, each time in a fresh copy with a different
  PYTHONHASHSEED; outputs (with the project directory replaced by {DIR}) and the rows of
  alembic_version after each command are compared across runs, raw and after the
  canonicalisation the Rust test applies (set-valued fields sorted; line order ignored for
  "unordered" commands). Raw differences are reported as nondeterminism; differences that
  survive canonicalisation are errors.
Prints per-seed statistics (shape, revisions, heads, commands, failures, oracle seconds).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import graphs  # noqa: E402

BIN = os.path.dirname(sys.executable)
ALEMBIC = os.path.join(BIN, "alembic")

LIST_LINE = re.compile(r"^(\s*(?:Branches into|Branch names): )(.*)$")
PAREN_GROUP = re.compile(r"\(([^()]*, [^()]*)\)")


def canonical_line(line: str) -> str:
    """Sort the items of the set-valued fields alembic prints in set order."""
    m = LIST_LINE.match(line)
    if m:
        return m.group(1) + ", ".join(sorted(m.group(2).split(", ")))
    return PAREN_GROUP.sub(lambda g: "(" + ", ".join(sorted(g.group(1).split(", "))) + ")", line)


def canonical(text: str, unordered: bool) -> list[str]:
    lines = [canonical_line(line) for line in text.split("\n")]
    return sorted(lines) if unordered else lines


def version_rows(db: str):
    if not os.path.exists(db):
        return None
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    try:
        return sorted(r[0] for r in con.execute("select version_num from alembic_version"))
    except sqlite3.OperationalError:
        return None
    finally:
        con.close()


def check_templates(seed: int, out: str) -> list[str]:
    """graphs.render == alembic's script.py.mako; file names == alembic's _rev_path."""
    from mako.template import Template
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from alembic.script import revision as revmod
    from alembic import util
    from pathlib import Path

    errors = []
    _, g = graphs.build(seed)
    template = Template(filename=os.path.join(out, "migrations", "script.py.mako"))
    cfg = Config(os.path.join(out, "alembic.ini"))
    sd = ScriptDirectory.from_config(cfg)
    versions = Path(out, "migrations", "versions")
    for rev in g.revs:
        deps = rev["deps"]
        expected = template.render_unicode(
            up_revision=rev["id"],
            down_revision=revmod.tuple_rev_as_scalar(
                tuple(graphs.parents_of(rev))
            ),
            branch_labels=util.to_tuple(rev["label"]),
            depends_on=revmod.tuple_rev_as_scalar(
                None if deps is None else ([deps] if isinstance(deps, str) else list(deps))
            ),
            create_date=rev["date"],
            comma=util.format_as_comma,
            message=rev["message"] if rev["message"] is not None else "empty message",
            imports=None, upgrades=None, downgrades=None,
        )
        path = sd._rev_path(versions, rev["id"], rev["message"], rev["date"])
        if not path.exists():
            errors.append("seed %d: %s: alembic would name it %s" % (seed, rev["id"], path.name))
            continue
        actual = path.read_text(encoding="utf-8")
        if actual != expected:
            errors.append("seed %d: %s renders differently:\n%r\n%r" % (seed, rev["id"], actual, expected))
    return errors


def check_range_predicate(seeds) -> list[str]:
    """graphs.Graph.history_range_crashes == whether alembic's walk_revisions hits its
    AssertionError, for every `A:` and `A:B` (A an ancestor of B) range of every seed."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from alembic import util

    errors = []
    for seed in seeds:
        _, g = graphs.build(seed)
        if not any(r["dep_ids"] for r in g.revs):
            continue  # no depends_on: no crash possible
        with tempfile.TemporaryDirectory() as d:
            graphs.write_project(d, g)
            sd = ScriptDirectory.from_config(Config(os.path.join(d, "alembic.ini")))
            cases = [(a, None) for a in g.by_id] + [
                (a, b) for b in g.by_id for a in g.ancestors(b, inclusive=False)
            ]
            for a, b in cases:
                try:
                    list(sd.walk_revisions(base=a, head=b or "heads"))
                    crashed = False
                except AssertionError:
                    crashed = True
                except util.CommandError:
                    crashed = False
                if crashed != g.history_range_crashes(a, b):
                    errors.append("seed %d: history -r %s:%s crashes=%s, predicted %s"
                                  % (seed, a, b or "", crashed, not crashed))
    return errors


def run_seed(seed: int, hashseed: int, keep: str | None):
    root = tempfile.mkdtemp(prefix="graphs-%d-" % seed, dir=keep)
    out = os.path.realpath(os.path.join(root, "p"))
    spec = json.loads(subprocess.run(
        [sys.executable, os.path.join(HERE, "graphs.py"), "--seed", str(seed), "--out", out],
        check=True, capture_output=True, text=True,
    ).stdout)
    env = dict(os.environ, PYTHONHASHSEED=str(hashseed), PYTHONDONTWRITEBYTECODE="1")
    results = []
    t0 = time.time()
    for c in spec["commands"]:
        p = subprocess.run(
            [ALEMBIC, "-c", os.path.join(out, "alembic.ini")] + c["args"],
            cwd=out, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL,
        )
        results.append({
            "args": c["args"],
            "unordered": c["unordered"],
            "ok": p.returncode == 0,
            "stdout": p.stdout.replace(out, "{DIR}"),
            "stderr": p.stderr.replace(out, "{DIR}"),
            "rows": version_rows(os.path.join(out, "db.sqlite")),
        })
    return spec, out, results, time.time() - t0, root


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="0:31")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--keep", default=None, help="directory for the projects (kept)")
    ap.add_argument("--dump", default=None, help="write run 0's results as JSON here")
    args = ap.parse_args()
    lo, hi = (int(x) for x in args.seeds.split(":"))

    errors = check_range_predicate(range(lo, max(hi, lo + 300)))
    nondeterministic = collections.Counter()
    shapes = collections.Counter()
    totals = collections.Counter()
    dump = {}
    for seed in range(lo, hi):
        runs = [run_seed(seed, 1000 + 17 * i + seed, args.keep) for i in range(args.runs)]
        spec, out, first, secs, _ = runs[0]
        errors += check_templates(seed, out)
        shapes[spec["shape"]] += 1
        dump[seed] = {"spec": spec, "results": first}
        if not first[0]["ok"]:
            errors.append("seed %d: `heads` fails:\n%s%s" % (seed, first[0]["stdout"], first[0]["stderr"]))
        fails = sum(1 for r in first if not r["ok"])
        totals["commands"] += len(first)
        totals["failures"] += fails
        for r in first:
            if "Traceback" in r["stderr"] or ("FAILED" not in r["stdout"] and not r["ok"]):
                errors.append("seed %d %s: crashed:\n%s" % (seed, r["args"], r["stderr"][-2000:]))
        for _, _, other, _, _ in runs[1:]:
            for a, b in zip(first, other):
                for field in ("ok", "rows"):
                    if a[field] != b[field]:
                        errors.append("seed %d %s: %s differs: %r vs %r" % (seed, a["args"], field, a[field], b[field]))
                for field in ("stdout",):
                    if a[field] != b[field]:
                        nondeterministic[" ".join(a["args"][:1] + [x for x in a["args"][1:] if x.startswith("-") and x != "-r"])] += 1
                        if canonical(a[field], a["unordered"]) != canonical(b[field], b["unordered"]):
                            errors.append("seed %d %s: %s differs after canonicalisation:\n%s\n---\n%s" % (seed, a["args"], field, a[field], b[field]))
                fa = [l for l in (a["stdout"] + a["stderr"]).splitlines() if l.startswith("FAILED:")]
                fb = [l for l in (b["stdout"] + b["stderr"]).splitlines() if l.startswith("FAILED:")]
                if fa != fb:
                    errors.append("seed %d %s: FAILED lines differ: %r vs %r" % (seed, a["args"], fa, fb))
        print("seed %3d %-9s revs=%2d heads=%d labels=%d cmds=%2d failed=%2d oracle=%.1fs" % (
            seed, spec["shape"], spec["revisions"], spec["heads"],
            sum(1 for f in os.listdir(os.path.join(out, "migrations", "versions"))
                if "branch_labels: Union[str, Sequence[str], None] = (" in open(os.path.join(out, "migrations", "versions", f), encoding="utf-8").read()),
            len(first), fails, secs), flush=True)
        if not args.keep:
            for run in runs:
                shutil.rmtree(run[4], ignore_errors=True)
    print("shapes:", dict(shapes))
    print("totals:", dict(totals))
    print("raw nondeterminism (command: occurrences):", dict(nondeterministic))
    if args.dump:
        with open(args.dump, "w") as f:
            json.dump(dump, f, indent=1, default=str)
    for e in errors:
        print("ERROR:", e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
