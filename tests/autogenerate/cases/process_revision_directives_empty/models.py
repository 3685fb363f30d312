# Flask-Migrate's env.py hook: no changes, no file.
import logging

import sqlalchemy as sa
from alembic import context

logger = logging.getLogger("alembic.env")
config = context.config

target_metadata = sa.MetaData()
sa.Table("things", target_metadata, sa.Column("id", sa.Integer, primary_key=True))


def process_revision_directives(context, revision, directives):
    if getattr(config.cmd_opts, "autogenerate", False):
        script = directives[0]
        if script.upgrade_ops.is_empty():
            directives[:] = []
            print("No changes in schema detected.")
