#!/usr/bin/env python3
"""Seeded random Alembic projects, for differential tests of `retort` against `alembic`.

    python graphs.py --seed N --out DIR

writes an Alembic project into DIR (created if missing; it should be empty):

    DIR/alembic.ini                 [alembic] + the generic template's logging sections
                                    (logger_alembic at WARN, so INFO lines stay off stderr)
    DIR/migrations/env.py           alembic 1.20.1's generic template env.py, verbatim
    DIR/migrations/script.py.mako   the generic template's script.py.mako, verbatim
    DIR/migrations/versions/*.py    revision files, rendered byte for byte as
                                    `alembic revision` / `alembic merge` render them from
                                    script.py.mako (file names `<rev>_<slug>.py`)

and prints one JSON object on stdout:

    {"seed": N, "generator": "<sha256 of this file>", "alembic": "1.20.1",
     "sqlalchemy": "2.1.9", "shape": "...", "revisions": 12,
     "commands": [{"args": ["heads", "-v"], "unordered": false}, ...]}

`commands` are alembic command lines (what follows `alembic -c DIR/alembic.ini`), to be
run in sequence in DIR: read-only commands first, then upgrade/downgrade/stamp ones whose
effect on `alembic_version` the caller compares after each command. Some fail on purpose
(multiple heads, ambiguous or unknown revisions, impossible ranges and walks); a failure's
`FAILED: ...` text is part of what is compared.

Nondeterminism in alembic's output (checked by running every seed under several
PYTHONHASHSEED values, see check_graphs.py):

* Set-valued fields are printed in set iteration order, which varies from run to run: the
  "Branches into: ..." line (Revision.nextrev is a frozenset of str) and the branch labels
  of a revision ("Branch names: ..." and the "(a, b)" group after a revision id in
  heads/history/branches; Revision.branch_labels is a set). A revision has several labels
  when it descends from (or is an ancestor up to a branch point of) more than one labelled
  revision. Callers canonicalise the order of items inside these fields, for every command.
* Line order is arbitrary for `current` (ScriptDirectory.get_all_current returns a set of
  Script objects, ordered by id()) and for `branches` (the "-> child" lines iterate
  nextrev). Such commands carry "unordered": true: compare their lines as sorted lists.
* Everything else (heads order, history order, error texts, alembic_version rows) is
  deterministic for the graphs and commands generated here: alembic orders by the
  revision map, i.e. by file name (sorted) within versions/. Two things are avoided
  because they are not: a revision with two or more `depends_on` (the history order
  then follows a tuple(set)), and `downgrade -1` / `<label>@-1` from several current
  heads (alembic walks from the first row of alembic_version, whose insertion order
  follows set iteration during `upgrade heads`; `<label>@-1` with two current heads on
  the label's lineage even fails an `assert`).
* Commands alembic crashes on (a traceback, no FAILED line) are not generated: `history
  -r A:` / `-r A:B` ranges that hit `assert not todo` in its topological sort (see
  Graph.history_range_crashes; `-r current:` only runs in graphs without depends_on) and
  `<label>@-1` from two current heads on that label.

Only the standard library is used; run it with any Python 3.9+ (the oracle venv's python
also reports the installed alembic/SQLAlchemy versions, which callers use in cache keys).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import random
import re
import sys

ALEMBIC_INI = """\
[alembic]
script_location = %(here)s/migrations
prepend_sys_path = .
path_separator = os
sqlalchemy.url = sqlite:///%(here)s/db.sqlite


# Logging configuration (alembic's generic template, with alembic at WARN)
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
level = WARN
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

# alembic 1.20.1's templates/generic/env.py and script.py.mako, verbatim.
ENV_PY = r'''from logging.config import fileConfig

from sqlalchemy import engine_from_config
from sqlalchemy import pool

from alembic import context

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Interpret the config file for Python logging.
# This line sets up loggers basically.
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
target_metadata = None

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def run_migrations_offline() -> None:
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )

    with connectable.connect() as connection:
        context.configure(
            connection=connection, target_metadata=target_metadata
        )

        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''

SCRIPT_PY_MAKO = r'''"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision: str = ${repr(up_revision)}
down_revision: Union[str, Sequence[str], None] = ${repr(down_revision)}
branch_labels: Union[str, Sequence[str], None] = ${repr(branch_labels)}
depends_on: Union[str, Sequence[str], None] = ${repr(depends_on)}


def upgrade() -> None:
    """Upgrade schema."""
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    """Downgrade schema."""
    ${downgrades if downgrades else "pass"}
'''

SHAPES = ["linear", "branch", "merge", "multibase", "mixed", "labelled"]

# Branch labels: none starts with three hex digits, so no hex prefix of length >= 3 is
# also a prefix of a label (alembic's partial lookup also matches labels of length > 3).
LABELS = [
    "users", "billing", "search", "reports", "auth", "mailer", "inventory",
    "analytics", "payments", "shipping", "orders", "geo", "network",
]

SHORT_MESSAGES = [
    "Add users table", "Create orders", "Add index on email", "Drop legacy column",
    "Rename accounts to members", "Add status to orders", "Seed reference data",
    "Widen name column", "Add audit log", "Add tags", "Create sessions table",
    "Backfill created_at", "Add unique constraint on slug", "Remove unused table",
    "Add foreign key to customers", "init", "v2: tidy up -- misc.",
    "add   spaced    words", "Add users, roles and permissions",
]
LONG_MESSAGES = [
    "Add a composite index on orders customer_id and created_at for the dashboard",
    "Split the address column into street, city, postal code and country columns",
    "Replace the boolean is_active flag with a status enum that supports suspension",
    "Move user preferences out of the JSON blob into their own table with defaults",
    "Ajoute la colonne prénom et la table café pour les réservations du week-end",
]
# Messages whose docstring has more lines: a blank line splits `doc` (first paragraph,
# shown by heads/history) from the rest of `longdoc` (shown by -v and show).
MULTI_PARAGRAPH = [
    "Add payments table\n\nStores one row per captured payment.\nRefunds live elsewhere.",
    "Create invoices\n\nSee ticket OPS-42 for the reasoning.",
    "Drop the old search index\n\nIt was replaced by the trigram index.\n\nSafe to run online.",
]
# A single newline stays inside `doc`, so even one-line listings span two lines.
MULTI_LINE = [
    "Normalize phone numbers\nand strip spaces",
    "Add currency column\nto prices and invoices",
]
MERGE_MESSAGES = ["merge heads", "Merge branches", "merge feature work into main"]

HEX = "0123456789abcdef"


def slug_for(message):
    """ScriptDirectory._rev_path's slug: \\w+ runs joined by _, lowercased, cut at 40."""
    slug = "_".join(re.findall(r"\w+", message or "")).lower()
    if len(slug) > 40:
        slug = slug[:40].rsplit("_", 1)[0] + "_"
    return slug


def comma(value):
    """alembic.util.format_as_comma, as the template's `comma` filter."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return ", ".join(value)


def render(rev):
    """script.py.mako rendered as ScriptDirectory.generate_revision renders it:
    down_revision via tuple_rev_as_scalar (None, a str, or a tuple for merges),
    branch_labels via util.to_tuple (a 1-tuple), depends_on via tuple_rev_as_scalar of
    a list (a str, or a list), create_date as str(datetime), message None -> "empty
    message"."""
    message = rev["message"] if rev["message"] is not None else "empty message"
    return (
        '"""%s\n'
        "\n"
        "Revision ID: %s\n"
        "Revises: %s\n"
        "Create Date: %s\n"
        "\n"
        '"""\n'
        "from typing import Sequence, Union\n"
        "\n"
        "from alembic import op\n"
        "import sqlalchemy as sa\n"
        "\n"
        "\n"
        "# revision identifiers, used by Alembic.\n"
        "revision: str = %r\n"
        "down_revision: Union[str, Sequence[str], None] = %r\n"
        "branch_labels: Union[str, Sequence[str], None] = %r\n"
        "depends_on: Union[str, Sequence[str], None] = %r\n"
        "\n"
        "\n"
        "def upgrade() -> None:\n"
        '    """Upgrade schema."""\n'
        "    pass\n"
        "\n"
        "\n"
        "def downgrade() -> None:\n"
        '    """Downgrade schema."""\n'
        "    pass\n"
    ) % (
        message,
        rev["id"],
        comma(rev["down"]),
        str(rev["date"]),
        rev["id"],
        rev["down"],
        (rev["label"],) if rev["label"] else None,
        rev["deps"],
    )


def parents_of(rev):
    down = rev["down"]
    if down is None:
        return ()
    if isinstance(down, str):
        return (down,)
    return tuple(down)


class Graph:
    def __init__(self, rng, share_prefix):
        self.rng = rng
        self.revs = []
        self.by_id = {}
        self.label_owner = {}
        self.labels = list(LABELS)
        rng.shuffle(self.labels)
        # Force some ids to share a prefix with an earlier one: 3 characters makes that
        # prefix ambiguous; 5 makes the 4-character prefix ambiguous too.
        self.share_prefix = share_prefix
        self.date = datetime.datetime(
            2021 + rng.randrange(4), 1 + rng.randrange(12), 1 + rng.randrange(28),
            rng.randrange(24), rng.randrange(60), rng.randrange(60),
            rng.randrange(1000000),
        )

    # -- construction ---------------------------------------------------------------
    def new_id(self):
        rng = self.rng
        while True:
            rid = "".join(rng.choice(HEX) for _ in range(12))
            if self.revs and self.share_prefix and rng.random() < self.share_prefix:
                other = rng.choice(self.revs)["id"]
                n = rng.choice([3, 3, 5])
                rid = other[:n] + rid[n:]
            if rid not in self.by_id:
                return rid

    def new_label(self):
        return self.labels.pop() if self.labels else None

    def message(self):
        rng = self.rng
        r = rng.random()
        if r < 0.55:
            return rng.choice(SHORT_MESSAGES)
        if r < 0.72:
            return rng.choice(LONG_MESSAGES)
        if r < 0.84:
            return rng.choice(MULTI_PARAGRAPH)
        if r < 0.92:
            return rng.choice(MULTI_LINE)
        return None  # `alembic revision` without -m

    def add(self, down, label=None, deps=None, message=False):
        rng = self.rng
        if isinstance(down, (list, tuple)):
            down = tuple(down) if len(down) > 1 else down[0]
        if message is False:
            message = self.message()
        step = datetime.timedelta(
            minutes=rng.randrange(1, 6000), seconds=rng.randrange(60),
            microseconds=rng.randrange(1000000),
        )
        self.date = self.date + step
        date = self.date
        if rng.random() < 0.1:
            date = date.replace(microsecond=0)  # str() then omits the fraction
        rev = {
            "id": self.new_id(), "down": down, "label": label, "deps": None,
            "dep_ids": (), "message": message, "date": date,
        }
        if deps:
            refs = []
            for dep in deps:
                target = self.by_id[dep]
                if target["label"] and rng.random() < 0.5:
                    refs.append(target["label"])  # `--depends-on <label>` keeps the label
                else:
                    refs.append(dep)
            rev["deps"] = refs[0] if len(refs) == 1 else refs
            rev["dep_ids"] = tuple(deps)
        self.revs.append(rev)
        self.by_id[rev["id"]] = rev
        if label:
            self.label_owner[label] = rev["id"]
        return rev["id"]

    def chain(self, down, n, label=None, dep_p=0.0):
        """n revisions in a line on top of `down` (None: a new base)."""
        prev = down
        for i in range(n):
            deps = None
            if i > 0 and self.rng.random() < dep_p:
                deps = self.pick_deps([prev])
            prev = self.add(prev, label=label if i == 0 else None, deps=deps)
        return prev

    # -- queries --------------------------------------------------------------------
    def children(self, rid):
        return [r["id"] for r in self.revs if rid in parents_of(r)]

    def heads(self):
        """Heads by down_revision only, in file-name order (alembic's order)."""
        return sorted(r["id"] for r in self.revs if not self.children(r["id"]))

    def ancestors(self, rid, deps=False, inclusive=True):
        seen = set()
        todo = [rid]
        while todo:
            cur = todo.pop()
            if cur in seen:
                continue
            seen.add(cur)
            rev = self.by_id[cur]
            todo.extend(parents_of(rev))
            if deps:
                todo.extend(rev["dep_ids"])
        if not inclusive:
            seen.discard(rid)
        return seen

    def pick_deps(self, parents):
        """An earlier revision that is not an ancestor of `parents`.

        Only one: alembic keeps a revision's dependencies that are not already ancestors
        as tuple(set(...)), and walks them in that order when it sorts history, so with
        two or more the order of `history` depends on PYTHONHASHSEED."""
        anc = set()
        for p in parents:
            if p is not None:
                anc |= self.ancestors(p, deps=True)
        candidates = [r["id"] for r in self.revs if r["id"] not in anc]
        if not candidates:
            return None
        return [self.rng.choice(candidates)]

    def descendants(self, rid):
        seen = set()
        todo = [rid]
        while todo:
            cur = todo.pop()
            if cur in seen:
                continue
            seen.add(cur)
            todo.extend(self.children(cur))
        return seen

    def dependents(self, rid):
        return [r["id"] for r in self.revs if rid in r["dep_ids"]]

    def real_heads(self):
        """alembic's "heads" target: no child by down_revision nor by depends_on."""
        return [r["id"] for r in self.revs
                if not self.children(r["id"]) and not self.dependents(r["id"])]

    def normalized_down(self, rid):
        """Revision._normalized_down_revisions: down_revision, plus the dependencies
        that no (down_revision) ancestor already depends on."""
        rev = self.by_id[rid]
        deps = set(rev["dep_ids"])
        for a in self.ancestors(rid, inclusive=False):
            deps -= set(self.by_id[a]["dep_ids"])
        return list(parents_of(rev)) + sorted(deps - set(parents_of(rev)))

    def history_range_crashes(self, lower, upper):
        """Whether `alembic history -r lower:upper` (upper None: heads) dies on `assert
        not todo` in RevisionMap._topological_sort (alembic 1.20.1).

        The range is the upper revision's ancestors (depends_on included) minus lower's,
        plus lower, cut to lower's descendants by down_revision only; the sort walks down
        from the targets that are in that set. With depends_on across lines, part of the
        set can be unreachable (e.g. `-r <base>:` where the line above the base ends in
        an "effective head" that another line depends on): alembic then crashes.
        Checked against alembic's walk_revisions on every range of seeds 0..300."""
        targets = self.real_heads() if upper is None else [upper]
        required = set()
        for t in targets:
            required |= self.ancestors(t, deps=True)
        if lower not in required:
            return False  # RangeNotAncestorError: a clean failure
        todo = (required - self.ancestors(lower, deps=True)) | {lower}
        todo &= self.descendants(lower)
        seen = set()
        stack = [t for t in targets if t in todo]
        while stack:
            cur = stack.pop()
            if cur in seen:
                continue
            seen.add(cur)
            stack.extend(d for d in self.normalized_down(cur) if d in todo)
        return seen != todo

    def lineage(self, rid):
        """What alembic's _shares_lineage accepts for rid: its ancestors and descendants
        along down_revision (not depends_on), itself included."""
        return self.ancestors(rid) | self.descendants(rid)


def split(rng, total, parts):
    """`total` split into `parts` positive integers."""
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    bounds = [0] + cuts + [total]
    return [bounds[i + 1] - bounds[i] for i in range(parts)]


def build(seed):
    rng = random.Random(seed)
    shape = SHAPES[seed % len(SHAPES)]
    share_prefix = rng.choice([0, 0, 0, 0.15, 0.3])
    g = Graph(rng, share_prefix)
    maybe_label = lambda p: g.new_label() if rng.random() < p else None  # noqa: E731

    if shape == "linear":
        small = (seed // len(SHAPES)) % 4 == 1 or rng.random() < 0.3  # seeds 6, 30, ...
        n = rng.choice([1, 2, 3]) if small else rng.randint(1, 25)
        g.chain(None, n, label=maybe_label(0.3))

    elif shape == "branch":
        n = rng.randint(3, 25)
        trunk = rng.randint(1, n - 2)
        k = min(rng.choice([2, 2, 3]), n - trunk)
        bp = g.chain(None, trunk, label=maybe_label(0.2))
        lengths = split(rng, n - trunk, k)
        tips = []
        label_p = rng.choice([0, 0.5, 1])
        for length in lengths:
            tips.append(g.chain(bp, length, label=maybe_label(label_p)))
        if rng.random() < 0.4 and n < 25:
            # a cross-branch dependency on the tip of another branch
            g.add(tips[0], deps=[tips[-1]])

    elif shape == "merge":
        n = rng.randint(4, 25)
        k = 3 if n >= 6 and rng.random() < 0.35 else 2
        trunk = rng.randint(1, n - k - 1)
        rest = n - trunk - 1
        tail = rng.randint(0, rest - k)
        bp = g.chain(None, trunk, label=maybe_label(0.25))
        label_p = rng.choice([0, 0.5])
        tips = [g.chain(bp, length, label=maybe_label(label_p))
                for length in split(rng, rest - tail, k)]
        merged = list(tips)
        if k == 3 and rng.random() < 0.4:
            merged = rng.sample(tips, 2)  # one branch stays unmerged: two heads
        rng.shuffle(merged)
        msg = rng.choice(MERGE_MESSAGES + [None])
        m = g.add(merged, message=msg)
        g.chain(m, tail)

    elif shape == "multibase":
        n = rng.randint(2, 25)
        m = min(rng.choice([2, 2, 3]), n)
        merge_roots = m >= 2 and n >= m + 1 and rng.random() < 0.3
        budget = n - 1 if merge_roots else n
        tips = []
        for i, length in enumerate(split(rng, budget, m)):
            tips.append(g.chain(None, length, label=maybe_label(0.7),
                                dep_p=0.25 if i > 0 else 0.0))
        if merge_roots:
            g.add(rng.sample(tips, 2), message=rng.choice(MERGE_MESSAGES))

    else:  # mixed / labelled: random operations
        labelled = shape == "labelled"
        n = rng.randint(2, 25)
        g.add(None, label=maybe_label(0.8 if labelled else 0.2))
        while len(g.revs) < n:
            heads = g.heads()
            r = rng.random()
            if r < 0.5:
                # extend a head, sometimes with a dependency on another line
                h = rng.choice(heads)
                deps = g.pick_deps([h]) if rng.random() < (0.3 if labelled else 0.12) else None
                g.add(h, deps=deps)
            elif r < 0.65:
                # a new branch from any revision (a second child makes a branch point)
                p = rng.choice(g.revs)["id"]
                g.add(p, label=maybe_label(0.6 if labelled else 0.3))
            elif r < 0.8 and len(heads) >= 2:
                ways = 3 if len(heads) >= 3 and rng.random() < 0.25 else 2
                g.add(rng.sample(heads, ways),
                      message=rng.choice(MERGE_MESSAGES + [None]))
            elif r < 0.92:
                # a new, independent base (`alembic revision --head=base`)
                deps = g.pick_deps([]) if labelled and rng.random() < 0.3 else None
                g.add(None, label=maybe_label(0.8 if labelled else 0.3), deps=deps)
            else:
                h = rng.choice(heads)
                g.add(h)
    return shape, g


# -- commands ---------------------------------------------------------------------------

def unique_prefix(g, rid, minimum=4):
    """The shortest prefix (at least `minimum` long) that alembic resolves to rid alone.

    alembic's partial lookup matches every key of the revision map longer than 3 chars
    (revision ids and branch labels) that starts with the given text."""
    keys = [k for k in list(g.by_id) + list(g.label_owner) if len(k) > 3]
    for n in range(minimum, len(rid) + 1):
        p = rid[:n]
        if [k for k in keys if k.startswith(p)] == [rid]:
            return p
    return rid


def ambiguous_prefixes(g):
    """Prefixes of length >= 3 that start at least two revision ids."""
    out = set()
    ids = sorted(g.by_id)
    for a, b in zip(ids, ids[1:]):
        n = 0
        while n < 12 and a[n] == b[n]:
            n += 1
        if n >= 3:
            out.add(a[:3])
            if n >= 4:
                out.add(a[:4])
    return sorted(out)


def commands(seed, g):
    rng = random.Random(seed * 7919 + 1)
    ids = [r["id"] for r in g.revs]
    heads = g.heads()
    labels = sorted(g.label_owner)
    cmds = []

    def cmd(*args, unordered=False):
        cmds.append({"args": list(args), "unordered": unordered})

    def ref(rid):
        """A full id or a unique prefix, at random."""
        return unique_prefix(g, rid) if rng.random() < 0.4 else rid

    # read-only ----------------------------------------------------------------------
    cmd("heads")
    cmd("heads", "-v")
    cmd("heads", "--resolve-dependencies")
    cmd("branches", unordered=True)
    cmd("branches", "-v", unordered=True)
    cmd("history")
    cmd("history", "-v")
    # Ranges with a lower bound avoid the ones alembic crashes on (see
    # Graph.history_range_crashes): a traceback is no contract.
    lowers = [i for i in ids if not g.history_range_crashes(i, None)]
    if lowers:
        cmd("history", "-r", ref(rng.choice(lowers)) + ":")
    cmd("history", "-r", ":" + ref(rng.choice(ids)))
    pairs = [(a, b) for b in ids for a in g.ancestors(b, inclusive=False)
             if not g.history_range_crashes(a, b)]
    if pairs:
        a, b = rng.choice(sorted(pairs))
        cmd("history", "-r", "%s:%s" % (ref(a), ref(b)))
        if rng.random() < 0.4:
            cmd("history", "-r", "%s:%s" % (b, a))  # not an ancestor: fails
    if rng.random() < 0.3:
        cmd("history", "-r", "base:heads")
    if labels and rng.random() < 0.5:
        cmd("history", "-r", ":%s@head" % rng.choice(labels))
    cmd("show", rng.choice(ids))
    cmd("show", "head")  # fails with multiple heads
    if len(heads) > 1 or rng.random() < 0.3:
        cmd("show", "heads")
    prefix_target = rng.choice(ids)
    cmd("show", unique_prefix(g, prefix_target))
    amb = ambiguous_prefixes(g)
    if amb:
        # RevisionMap says "Multiple revisions start with ...", but ScriptDirectory turns
        # every ResolutionError into "Can't locate revision identified by '<arg>'".
        cmd("show", rng.choice(amb))
    elif rng.random() < 0.3:
        cmd("show", prefix_target[:3])  # unique even below four characters
    if labels:
        label = rng.choice(labels)
        cmd("show", label)
        if rng.random() < 0.5:
            cmd("show", "%s@head" % label)
        if len(label) > 4 and rng.random() < 0.4:
            cmd("show", label[:4])  # the partial lookup also matches branch labels
    cmd("show", "zzzz")  # unknown
    if rng.random() < 0.3:
        cmd("show", "zz")  # unknown and short (the four-characters hint is lost too)
    cmd("current", unordered=True)

    # state-changing ---------------------------------------------------------------
    if len(heads) > 1:
        cmd("upgrade", "head")  # fails: multiple heads
    target = rng.choice(ids)
    cmd("upgrade", ref(target))
    cmd("current", unordered=True)
    cmd("current", "-v", unordered=True)
    cmd("history", "-i")
    # `current:` is a range with a lower bound too; without depends_on it cannot crash.
    if rng.random() < 0.5 and not any(r["dep_ids"] for r in g.revs):
        cmd("history", "-r", "current:")
    if rng.random() < 0.4:
        cmd("upgrade", "+1")
    if labels and rng.random() < 0.5:
        cmd("upgrade", "%s@head" % rng.choice(labels))
    cmd("upgrade", "heads")
    cmd("current", unordered=True)
    # `downgrade -1` from several current heads warns and walks down from the first row
    # of alembic_version, whose order comes from set iteration during `upgrade heads`:
    # nondeterministic. So it only runs from a single current head.
    if len(heads) > 1:
        cmd("stamp", "--purge", rng.choice(heads))
    cmd("downgrade", "-1")  # fails at a merge point ("Ambiguous walk")
    if labels:
        # `<label>@-1` walks down from the current heads on the label's lineage; alembic
        # asserts there is exactly one (AssertionError otherwise), so stamp one first.
        label = rng.choice(labels)
        cmd("stamp", "--purge", rng.choice(sorted(g.lineage(g.label_owner[label]))))
        cmd("downgrade", "%s@-1" % label)
    cmd("stamp", rng.choice(ids))
    if len(heads) > 1 and rng.random() < 0.4:
        cmd("stamp", *rng.sample(heads, 2))
    cmd("stamp", "--purge", ref(rng.choice(ids)))
    if rng.random() < 0.3:
        cmd("upgrade", "zzzz")  # unknown
    if amb and rng.random() < 0.5:
        cmd("upgrade", rng.choice(amb))  # ambiguous: fails like an unknown revision
    cmd("downgrade", "base")
    cmd("current", unordered=True)
    return cmds


def write_project(out, g):
    versions = os.path.join(out, "migrations", "versions")
    os.makedirs(versions, exist_ok=True)
    files = {
        "alembic.ini": ALEMBIC_INI,
        os.path.join("migrations", "env.py"): ENV_PY,
        os.path.join("migrations", "script.py.mako"): SCRIPT_PY_MAKO,
    }
    for rev in g.revs:
        name = "%s_%s.py" % (rev["id"], slug_for(rev["message"]))
        files[os.path.join("migrations", "versions", name)] = render(rev)
    for rel, text in files.items():
        with open(os.path.join(out, rel), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)


def installed(dist):
    try:
        from importlib import metadata

        return metadata.version(dist)
    except Exception:  # not in a venv that has it
        return None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)

    shape, g = build(args.seed)
    write_project(args.out, g)
    with open(os.path.abspath(__file__), "rb") as f:
        generator = hashlib.sha256(f.read()).hexdigest()
    json.dump(
        {
            "seed": args.seed,
            "generator": generator,
            "alembic": installed("alembic"),
            "sqlalchemy": installed("sqlalchemy"),
            "shape": shape,
            "revisions": len(g.revs),
            "heads": len(g.heads()),
            "commands": commands(args.seed, g),
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
