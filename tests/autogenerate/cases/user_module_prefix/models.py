# user_module_prefix: a project's own type written with the prefix rather than its module.
import json

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

user_module_prefix = "myapp.types."


class JSONList(TypeDecorator):
    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return json.dumps(value)


target_metadata = sa.MetaData()
sa.Table(
    "docs",
    target_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("tags", JSONList()),
)
