"""Alembic's ``alembic.operations.ops`` as autogenerate hands it to env.py's
``process_revision_directives``: the ``MigrationScript`` about to be written, its
``UpgradeOps`` / ``DowngradeOps`` and their operations, under Alembic's class names. A hook
may read them, drop or reorder operations, change ``rev_id`` and ``message``, or empty the
directives; operations are not built from Python here (Retort's engine holds them)."""


class MigrateOperation:
    def __init__(self, _retort_index=None):
        self._retort_index = _retort_index

    @property
    def info(self):
        return {}

    def __repr__(self):
        return f"<{type(self).__name__}>"


class AddColumnOp(MigrateOperation):
    pass


class AlterColumnOp(MigrateOperation):
    pass


class CreateIndexOp(MigrateOperation):
    pass


class CreateTableOp(MigrateOperation):
    pass


class DropColumnOp(MigrateOperation):
    pass


class DropConstraintOp(MigrateOperation):
    pass


class AddConstraintOp(MigrateOperation):
    pass


class CreateForeignKeyOp(AddConstraintOp):
    pass


class CreateUniqueConstraintOp(AddConstraintOp):
    pass


class DropIndexOp(MigrateOperation):
    pass


class DropTableOp(MigrateOperation):
    pass


class OpContainer(MigrateOperation):
    def __init__(self, ops=()):
        super().__init__()
        self.ops = list(ops)

    def is_empty(self):
        return not self.ops


class ModifyTableOps(OpContainer):
    def __init__(self, table_name, ops, schema=None, _retort_index=None):
        super().__init__(ops)
        self.table_name = table_name
        self.schema = schema
        self._retort_index = _retort_index


class UpgradeOps(OpContainer):
    def __init__(self, ops=(), upgrade_token="upgrades"):
        super().__init__(ops)
        self.upgrade_token = upgrade_token


class DowngradeOps(OpContainer):
    def __init__(self, ops=(), downgrade_token="downgrades"):
        super().__init__(ops)
        self.downgrade_token = downgrade_token


class MigrationScript(MigrateOperation):
    def __init__(self, rev_id, upgrade_ops, downgrade_ops, message=None, imports=None, head=None, splice=None, branch_label=None, version_path=None, depends_on=None):
        super().__init__()
        self.rev_id = rev_id
        self.message = message
        self.imports = imports if imports is not None else set()
        self.head = head
        self.splice = splice
        self.branch_label = branch_label
        self.version_path = version_path
        self.depends_on = depends_on
        self.upgrade_ops = upgrade_ops
        self.downgrade_ops = downgrade_ops

    @property
    def upgrade_ops_list(self):
        return [self.upgrade_ops]

    @property
    def downgrade_ops_list(self):
        return [self.downgrade_ops]
