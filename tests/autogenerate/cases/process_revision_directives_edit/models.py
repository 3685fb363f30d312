# A process_revision_directives hook that edits the revision: the message gets a prefix,
# the drop of a table is taken out of the upgrade (and its re-creation out of the downgrade).
import sqlalchemy as sa
from alembic import context
from alembic.operations import ops

target_metadata = sa.MetaData()
sa.Table("things", target_metadata, sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String(20)))


def process_revision_directives(migration_context, revision, directives):
    if not getattr(context.config.cmd_opts, "autogenerate", False):
        return
    script = directives[0]
    script.message = "reviewed " + script.message
    script.upgrade_ops.ops = [op for op in script.upgrade_ops.ops if not isinstance(op, ops.DropTableOp)]
    script.downgrade_ops.ops = [op for op in script.downgrade_ops.ops if type(op).__name__ != "CreateTableOp"]
