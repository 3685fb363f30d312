# env.py's include_object and include_name: tables the models do not know are kept (not
# dropped), a reflected table skipped by name, an index left alone by name, a model column
# not compared.
import sqlalchemy as sa

target_metadata = sa.MetaData()

sa.Table(
    "accounts",
    target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(200), nullable=False, index=True),
    sa.Column("nickname", sa.String(40)),
    sa.Column("legacy_flag", sa.Boolean, nullable=False),
)
sa.Table(
    "orders",
    target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id")),
    sa.Column("total", sa.Numeric(10, 2)),
)

seen = []


def include_name(name, type_, parent_names):
    seen.append((name, type_, sorted(parent_names.items())))
    if type_ == "table":
        return not name.startswith("tmp_")
    return True


def include_object(object, name, type_, reflected, compare_to):
    # Tables only in the database (Alembic's cookbook): left alone.
    if type_ == "table" and reflected and compare_to is None:
        return False
    if type_ == "index" and name is not None and name.startswith("ix_legacy"):
        return False
    if type_ == "column" and name == "legacy_flag":
        return False
    if type_ == "foreign_key_constraint" and object.name == "fk_keep":
        return False
    return True
