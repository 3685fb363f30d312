//! RT105 `alter-outside-batch`: an ALTER that SQLite cannot do, outside batch mode.

use super::{Code, Rule, Severity};
use crate::operations::{Op, OpCall};
use crate::verify::{Finding, Verifier};

/// ## What it does
/// Checks for the operations SQLite's ALTER TABLE cannot do, outside batch mode:
/// `op.alter_column` (other than a rename) and `op.create_unique_constraint`,
/// `op.create_foreign_key`, `op.create_check_constraint`, `op.create_primary_key`,
/// `op.drop_constraint`.
///
/// ## Why is this bad?
/// SQLite's ALTER TABLE can add, rename and drop columns and rename tables; nothing else. These
/// operations fail on SQLite, as Alembic says.
///
/// ## Example
/// ```python
/// def upgrade():
///     op.alter_column("users", "name", nullable=False)
/// ```
///
/// Use instead:
/// ```python
/// def upgrade():
///     with op.batch_alter_table("users") as batch_op:
///         batch_op.alter_column("name", nullable=False)
/// ```
///
/// ## Fix
/// `with op.batch_alter_table("t") as batch_op:` and call the same operation on `batch_op` (or
/// set `render_as_batch=True` in env.py so autogenerate writes it that way).
pub(super) const RULE: Rule = Rule {
    code: Code::AlterOutsideBatch.as_str(),
    name: "alter-outside-batch",
    severity: Severity::Error,
    summary: "an ALTER that SQLite cannot do, outside batch mode",
    explain: "SQLite's ALTER TABLE can add, rename and drop columns and rename tables; \
nothing else. `op.alter_column` (other than a rename) and `op.create_unique_constraint`, \
`op.create_foreign_key`, `op.create_check_constraint`, `op.create_primary_key`, \
`op.drop_constraint` fail on SQLite, as Alembic says.\n\nFix: \
`with op.batch_alter_table(\"t\") as batch_op:` and call the same operation on `batch_op` \
(or set `render_as_batch=True` in env.py so autogenerate writes it that way).",
};

impl Verifier<'_> {
    pub(in crate::verify) fn outside_batch(&self, c: &OpCall) -> Option<Finding> {
        let message = match &*c.op {
            Op::AlterConstraint { op: name } => {
                format!("op.{name}() outside batch mode: SQLite cannot ALTER constraints")
            }
            Op::AlterColumn(a)
                if a.nullable.is_some() || a.type_.is_some() || a.server_default.is_some() =>
            {
                let mut what = Vec::new();
                if a.type_.is_some() {
                    what.push("its type");
                }
                if a.nullable.is_some() {
                    what.push("its nullability");
                }
                if a.server_default.is_some() {
                    what.push("its default");
                }
                format!(
                    "op.alter_column(\"{}\", \"{}\") changes {} outside batch mode: SQLite cannot ALTER COLUMN",
                    a.table,
                    a.column,
                    what.join(" and ")
                )
            }
            _ => return None,
        };
        Some(self.finding(Code::AlterOutsideBatch, message, c.site.clone()))
    }
}
