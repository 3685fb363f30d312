//! Alembic's `operations/ops.py`: one value per operation a revision script asks for, with
//! all its arguments. The host builds them from `op.*` / `batch_op.*` calls;
//! [`MigrationContext::invoke`](super::MigrationContext::invoke) records and runs them;
//! `verify` reads the recorded ones; `reverse` gives the operation that undoes one, where
//! Alembic's `MigrateOperation.reverse()` can.

use crate::sql::expr::{SqlValue, TableRef};
use crate::sql::schema::{Column, Constraint, ConstraintName, Index, ServerDefault, Table};
use crate::sql::types::SqlType;

use super::batch::BatchOp;

/// An operation of a migration script.
#[derive(Debug, Clone)]
pub enum Op {
    /// `op.create_table(name, *columns_and_constraints, if_not_exists=...)`.
    CreateTable {
        table: Table,
        if_not_exists: bool,
    },
    /// `op.drop_table(name, if_exists=...)`: the table holds only the name and keyword
    /// arguments the call gave, unless the operation was made from a known table.
    DropTable {
        table: Table,
        if_exists: bool,
    },
    RenameTable {
        old: String,
        new: String,
    },
    AddColumn {
        table: String,
        column: Column,
        if_not_exists: bool,
    },
    DropColumn {
        table: String,
        column: String,
        if_exists: bool,
        /// The column as it was, when known (Alembic's `_reverse`): what `reverse` adds back.
        removed: Option<Column>,
    },
    AlterColumn(AlterColumn),
    CreateIndex {
        index: Index,
        if_not_exists: bool,
    },
    DropIndex {
        name: ConstraintName,
        table: Option<String>,
        if_exists: bool,
        /// The index as it was, when known (Alembic's `_reverse`).
        removed: Option<Index>,
    },
    /// `op.create_unique_constraint`, `op.create_foreign_key`, `op.create_check_constraint`,
    /// `op.create_primary_key`, `op.drop_constraint`, ... outside batch mode, by name:
    /// SQLite cannot ALTER constraints, and Alembic raises before reading the arguments.
    AlterConstraint {
        op: String,
    },
    /// What autogenerate writes as `op.create_unique_constraint(...)` /
    /// `op.create_foreign_key(...)`: the whole constraint (run on SQLite, it fails as
    /// [`Op::AlterConstraint`] does).
    AddConstraint {
        table: String,
        constraint: Constraint,
    },
    /// `op.drop_constraint(name, table, type_=...)` as autogenerate writes it.
    DropConstraint {
        table: String,
        constraint: Constraint,
    },
    CreateTableComment {
        table: String,
        comment: Option<String>,
        existing_comment: Option<String>,
    },
    DropTableComment {
        table: String,
        existing_comment: Option<String>,
    },
    BulkInsert {
        table: TableRef,
        rows: Vec<Vec<(String, SqlValue)>>,
        multiinsert: bool,
    },
    /// `op.execute(...)`, or `execute` on `op.get_bind()`: the statements are in the
    /// context's log.
    Execute,
    /// One operation inside `batch_alter_table(table)`; the block's operations run together
    /// when it ends.
    Batch {
        table: String,
        op: BatchOp,
    },
}

/// The arguments of `op.alter_column`: what changes (`None`: unchanged) and what the
/// column was (`existing_*`, which only informs).
#[derive(Debug, Clone, Default)]
pub struct AlterColumn {
    pub table: String,
    pub column: String,
    pub nullable: Option<bool>,
    /// `Some(None)`: drop the default.
    pub server_default: Option<Option<ServerDefault>>,
    pub type_: Option<SqlType>,
    pub new_name: Option<String>,
    pub comment: Option<Option<String>>,
    pub existing_type: Option<SqlType>,
    pub existing_nullable: Option<bool>,
    pub existing_server_default: Option<Option<ServerDefault>>,
    pub existing_comment: Option<Option<String>>,
    /// `autoincrement=` (one of Alembic's `**kw`; autogenerate sets it, SQLite ignores it).
    pub autoincrement: Option<bool>,
}

impl Op {
    /// The operation that undoes this one, as Alembic's `reverse()` builds it; `None` where
    /// Alembic raises (`NotImplementedError`, or "operation is not reversible" when a drop
    /// does not know what it dropped).
    pub fn reverse(&self) -> Option<Op> {
        Some(match self {
            Op::CreateTable { table, .. } => Op::DropTable {
                table: table.clone(),
                if_exists: false,
            },
            Op::DropTable { table, .. } => Op::CreateTable {
                table: table.clone(),
                if_not_exists: false,
            },
            Op::AddColumn {
                table,
                column,
                if_not_exists,
            } => Op::DropColumn {
                table: table.clone(),
                column: column.name.clone(),
                if_exists: *if_not_exists,
                removed: Some(column.clone()),
            },
            Op::DropColumn {
                table,
                if_exists,
                removed,
                ..
            } => Op::AddColumn {
                table: table.clone(),
                column: removed.clone()?,
                if_not_exists: *if_exists,
            },
            Op::CreateIndex { index, .. } => Op::DropIndex {
                name: index.name.clone(),
                table: Some(index.table.clone()),
                if_exists: false,
                removed: Some(index.clone()),
            },
            Op::DropIndex { removed, .. } => Op::CreateIndex {
                index: removed.clone()?,
                if_not_exists: false,
            },
            Op::AlterColumn(a) => Op::AlterColumn(a.reverse()),
            Op::CreateTableComment {
                table,
                comment,
                existing_comment,
            } => match existing_comment {
                None => Op::DropTableComment {
                    table: table.clone(),
                    existing_comment: comment.clone(),
                },
                Some(existing) => Op::CreateTableComment {
                    table: table.clone(),
                    comment: Some(existing.clone()),
                    existing_comment: comment.clone(),
                },
            },
            Op::DropTableComment {
                table,
                existing_comment,
            } => Op::CreateTableComment {
                table: table.clone(),
                comment: existing_comment.clone(),
                existing_comment: None,
            },
            Op::AddConstraint { table, constraint } => Op::DropConstraint {
                table: table.clone(),
                constraint: constraint.clone(),
            },
            Op::DropConstraint { table, constraint } => Op::AddConstraint {
                table: table.clone(),
                constraint: constraint.clone(),
            },
            Op::RenameTable { .. }
            | Op::AlterConstraint { .. }
            | Op::BulkInsert { .. }
            | Op::Execute
            | Op::Batch { .. } => return None,
        })
    }
}

impl AlterColumn {
    /// Alembic's `AlterColumnOp.reverse()`: each changed attribute swapped with its
    /// `existing_*` value. As in Alembic, a rename is not carried into the reverse.
    pub fn reverse(&self) -> AlterColumn {
        let mut r = self.clone();
        r.new_name = None;
        if self.nullable.is_some() {
            r.nullable = self.existing_nullable;
            r.existing_nullable = self.nullable;
        }
        if self.type_.is_some() {
            r.type_ = self.existing_type.clone();
            r.existing_type = self.type_.clone();
        }
        if self.server_default.is_some() {
            r.server_default = self.existing_server_default.clone();
            r.existing_server_default = self.server_default.clone();
        }
        if self.comment.is_some() {
            r.comment = self.existing_comment.clone();
            r.existing_comment = self.comment.clone();
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alter(nullable: Option<bool>, existing_nullable: Option<bool>) -> AlterColumn {
        AlterColumn {
            table: "t".into(),
            column: "c".into(),
            nullable,
            existing_nullable,
            new_name: Some("d".into()),
            ..Default::default()
        }
    }

    #[test]
    fn alter_column_reverses_what_it_changes_and_not_a_rename() {
        let r = alter(Some(false), Some(true)).reverse();
        assert_eq!((r.nullable, r.existing_nullable), (Some(true), Some(false)));
        assert_eq!((r.column.as_str(), r.new_name), ("c", None));
        // What it does not change stays as it was known.
        let r = alter(None, Some(true)).reverse();
        assert_eq!((r.nullable, r.existing_nullable), (None, Some(true)));
    }

    #[test]
    fn a_table_comment_reverses_to_the_existing_one_or_its_drop() {
        let create = |existing: Option<&str>| Op::CreateTableComment {
            table: "t".into(),
            comment: Some("new".into()),
            existing_comment: existing.map(str::to_owned),
        };
        match create(None).reverse() {
            Some(Op::DropTableComment {
                existing_comment, ..
            }) => assert_eq!(existing_comment.as_deref(), Some("new")),
            other => panic!("{other:?}"),
        }
        match create(Some("old")).reverse() {
            Some(Op::CreateTableComment {
                comment,
                existing_comment,
                ..
            }) => assert_eq!(
                (comment.as_deref(), existing_comment.as_deref()),
                (Some("old"), Some("new"))
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn what_alembic_cannot_reverse_has_no_reverse() {
        let drop = Op::DropColumn {
            table: "t".into(),
            column: "c".into(),
            if_exists: false,
            removed: None,
        };
        assert!(
            drop.reverse().is_none(),
            "a drop that does not know the column"
        );
        assert!(
            Op::RenameTable {
                old: "a".into(),
                new: "b".into()
            }
            .reverse()
            .is_none()
        );
        assert!(Op::Execute.reverse().is_none());
    }
}
