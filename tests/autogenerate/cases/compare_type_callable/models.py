# compare_type as a function: one column's type change ignored, one forced, the rest left
# to Alembic (None).
import sqlalchemy as sa

target_metadata = sa.MetaData()
sa.Table(
    "items",
    target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(50)),
    sa.Column("price", sa.Numeric(12, 2)),
    sa.Column("label", sa.String(30)),
    sa.Column("note", sa.Text),
)


def compare_type(context, inspected_column, metadata_column, inspected_type, metadata_type):
    if metadata_column.name == "code":
        return False
    if metadata_column.name == "note":
        return True
    return None
