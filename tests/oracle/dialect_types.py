"""Writes one revision file per type class of SQLAlchemy's dialects, for
tests/oracle/tests/dialect_types.rs.

Usage: dialect_types.py OUTDIR

Every type class that `sqlalchemy.dialects.<d>` exports (postgresql, mysql, mssql,
oracle, sqlite), and the generic ones of `sqlalchemy`, gets a file whose upgrade() creates
a table with a column of that type and whose downgrade() names it as the existing type of
a batch `alter_column` (constructed, never rendered). `tests/corpus/offline_ops.py` then
renders them offline for SQLite, as Alembic does, and Retort must render or refuse each as
SQLAlchemy does. Prints the files' paths, one per line.
"""

import inspect
import os
import sys

import sqlalchemy as sa
from sqlalchemy.dialects import mssql, mysql, oracle, postgresql, sqlite
from sqlalchemy.types import TypeEngine

# Bases and placeholders that are not column types of their own.
ABSTRACT = {
    "AbstractMultiRange", "AbstractRange", "AbstractSingleRange", "NamedType", "TupleType",
    "TypeEngine", "TypeDecorator", "UserDefinedType", "Variant", "_Binary", "Concatenable",
    "Indexable", "NullType", "MatchType", "SchemaType", "Emulated", "NativeForEmulated",
    "ExternalType", "TypeEngineMixin",
}
# Arguments a constructor requires.
ARGS = {"ARRAY": "sa.Integer()", "DOMAIN": '"positive_int", sa.Integer()'}

TEMPLATE = '''"""{expr}

Revision ID: {rev}
Revises:
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mssql, mysql, oracle, postgresql, sqlite

revision = "{rev}"
down_revision = None


def upgrade():
    op.create_table("t", sa.Column("c", {expr}))


def downgrade():
    with op.batch_alter_table("t", copy_from=sa.Table("t", sa.MetaData(), sa.Column("c", sa.Integer()))) as batch_op:
        batch_op.alter_column("c", existing_type={expr}, nullable=False)
'''


def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    n = 0
    for modname, mod in [("postgresql", postgresql), ("mysql", mysql), ("mssql", mssql),
                         ("oracle", oracle), ("sqlite", sqlite), ("sa", sa)]:
        for name in sorted(dir(mod)):
            obj = getattr(mod, name)
            if not (inspect.isclass(obj) and issubclass(obj, TypeEngine)) or name in ABSTRACT:
                continue
            expr = f"{modname}.{name}({ARGS.get(name, '')})"
            rev = f"t{n:04d}"
            path = os.path.join(outdir, f"{rev}_{modname}_{name}.py")
            with open(path, "w") as f:
                f.write(TEMPLATE.format(expr=expr, rev=rev))
            print(path)
            n += 1


if __name__ == "__main__":
    main(sys.argv[1])
