"""A project whose models have N tables and whose database has none of them: the first
`revision --autogenerate` of an application (benchmarks, docs/benchmarks.md).

    python bench/gen_models.py 100 OUT

Each table has an integer key, a few typed columns (strings, a nullable text, a numeric,
a boolean with a server default, a datetime), an index, and (after the first) a foreign key
to the table before it, as SQLAlchemy 2.0 declarative models write them.
"""
import os
import sys

n, out = int(sys.argv[1]), sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
project = os.path.join(here, "..", "tests", "autogenerate", "project")
os.makedirs(os.path.join(out, "migrations", "versions"), exist_ok=True)
for name in ("alembic.ini", "migrations/env.py", "migrations/script.py.mako"):
    with open(os.path.join(project, name)) as src, open(os.path.join(out, name), "w") as dst:
        dst.write(src.read())

lines = [
    "import datetime",
    "from decimal import Decimal",
    "from typing import Optional",
    "",
    "import sqlalchemy as sa",
    "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column",
    "",
    "",
    "class Base(DeclarativeBase):",
    "    pass",
    "",
]
for i in range(n):
    lines += [
        "",
        f"class Model{i}(Base):",
        f'    __tablename__ = "table_{i:04d}"',
        f'    __table_args__ = (sa.Index("ix_table_{i:04d}_code_created", "code", "created_at"),)',
        "    id: Mapped[int] = mapped_column(primary_key=True)",
        "    code: Mapped[str] = mapped_column(sa.String(32), unique=True)",
        "    title: Mapped[Optional[str]] = mapped_column(sa.String(200))",
        "    body: Mapped[Optional[str]] = mapped_column(sa.Text)",
        "    amount: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))",
        '    active: Mapped[bool] = mapped_column(server_default=sa.text("1"))',
        "    created_at: Mapped[datetime.datetime] = mapped_column(server_default=sa.func.now())",
    ]
    if i:
        lines.append(
            f'    parent_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("table_{i - 1:04d}.id", ondelete="SET NULL"), index=True)'
        )
lines += ["", "", "target_metadata = Base.metadata", ""]
with open(os.path.join(out, "models.py"), "w") as f:
    f.write("\n".join(lines))
