//! RT106 `batch-rebuild-referenced`: batch mode rebuilds a table other tables reference by
//! foreign key.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::{Code, Rule, Severity};
use crate::Database;
use crate::command;
use crate::inspect::copy_database;
use crate::operations::{MigrationContext, Mode, Site};
use crate::runtime::Step;
use crate::sqlite::quote;
use crate::verify::{Finding, Verifier, backticked, error_message, rows};

/// ## What it does
/// Checks for batch mode rebuilding a table other tables reference by foreign key. Runs the step
/// on a copy of the verification database with foreign keys enforced and reports what happened to
/// every table.
///
/// ## Why is this bad?
/// Batch mode copies the table, drops the original and renames the copy. With `PRAGMA
/// foreign_keys=ON` (many applications enable it on connect) the DROP deletes the referencing
/// rows through `ON DELETE CASCADE`, or fails.
///
/// ## Example
/// With `posts.user_id` a foreign key to `users.id`, `ondelete="CASCADE"`:
/// ```python
/// def upgrade():
///     with op.batch_alter_table("users", recreate="always") as batch_op:
///         batch_op.alter_column("name", existing_type=sa.String(50), nullable=True)
/// ```
///
/// ## Fix
/// Run the migration with foreign keys off (Alembic's default connection has them off), or
/// recreate the referencing tables in the same batch.
pub(super) const RULE: Rule = Rule {
    code: Code::BatchRebuildReferenced.as_str(),
    name: "batch-rebuild-referenced",
    severity: Severity::Warning,
    summary: "batch mode rebuilds a table other tables reference by foreign key",
    explain: "Batch mode copies the table, drops the original and renames the copy. With \
`PRAGMA foreign_keys=ON` (many applications enable it on connect) the DROP deletes the \
referencing rows through `ON DELETE CASCADE`, or fails. Retort runs the step on a copy of \
the verification database with foreign keys enforced and reports what happened to every \
table.\n\nFix: run the migration with foreign keys off (Alembic's default connection has them \
off), or recreate the referencing tables in the same batch.",
};

impl Verifier<'_> {
    /// RT106: the batch rebuild of `table`, replayed on a copy with foreign keys enforced.
    pub(in crate::verify) fn rebuild_referenced(
        &self,
        table: &str,
        up: &Step,
        site: Option<Site>,
    ) -> Option<Finding> {
        let referencing = self.referencing(table);
        if referencing.is_empty() {
            return None;
        }
        let copy = Rc::new(copy_database(&self.db).ok()?);
        copy.execute_batch("PRAGMA foreign_keys = ON").ok()?;
        let counts = |db: &Database| -> BTreeMap<String, i64> {
            referencing
                .iter()
                .filter_map(|t| {
                    db.connection()
                        .query_row(&format!("SELECT count(*) FROM {}", quote(t)), [], |r| {
                            r.get::<_, i64>(0)
                        })
                        .ok()
                        .map(|n| (t.to_string(), n))
                })
                .collect()
        };
        let before = counts(&copy);
        let ctx = MigrationContext::with_naming(copy.clone(), Mode::Atomic, self.naming.clone());
        let current = self.vt.heads(&copy).unwrap_or_default();
        let r =
            command::run_steps_once(&ctx, self.dir, self.vt, &current, std::slice::from_ref(up));
        let list = backticked(&referencing);
        let verdict = match r {
            Err(e) => format!(
                "with PRAGMA foreign_keys=ON the step fails: {}",
                error_message(&e)
            ),
            Ok(_) => {
                let after = counts(&copy);
                let lost: Vec<String> = before
                    .iter()
                    .filter_map(|(t, b)| {
                        let a = after.get(t).copied().unwrap_or(0);
                        (a < *b).then(|| format!("{} of `{t}`", rows((b - a) as usize)))
                    })
                    .collect();
                if lost.is_empty() {
                    "with PRAGMA foreign_keys=ON no row is lost here".to_owned()
                } else {
                    format!(
                        "with PRAGMA foreign_keys=ON the rebuild deletes {} (ON DELETE CASCADE)",
                        lost.join(", ")
                    )
                }
            }
        };
        Some(self.finding(
            Code::BatchRebuildReferenced,
            format!("batch mode rebuilds `{table}`, which {list} reference: {verdict}"),
            site,
        ))
    }
}
