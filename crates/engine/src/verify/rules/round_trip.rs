//! RT003 `round-trip` and RT008 `irreversible-downgrade`: what the downgrade leaves of the
//! schema the upgrade started from. One comparison decides between them: a downgrade that ran
//! nothing is irreversible, one that ran something and left differences does not round-trip.

use super::{Code, Rule, Severity};
use crate::command::RunError;
use crate::runtime::Step;
use crate::verify::schema::{SchemaDiff, schema_changes, summarize};
use crate::verify::{Ran, Schema, Verifier, error_message};

/// ## What it does
/// For every revision, runs upgrade, then downgrade, and compares the schema (`sqlite_master`,
/// `PRAGMA table_xinfo`, indexes, foreign keys) with the one before the upgrade. The finding
/// lists the differences.
///
/// ## Why is this bad?
/// A downgrade that does not restore the schema leaves a column it forgot to drop, an index it
/// does not recreate, a table it leaves behind.
///
/// ## Example
/// ```python
/// def upgrade():
///     op.create_index("ix_users_name", "users", ["name"])
///
///
/// def downgrade():
///     op.execute("SELECT 1")
/// ```
///
/// ## Fix
/// Make `downgrade()` undo each operation of `upgrade()`, in reverse order.
pub(super) const ROUND_TRIP: Rule = Rule {
    code: Code::RoundTrip.as_str(),
    name: "round-trip",
    severity: Severity::Error,
    summary: "the downgrade does not restore the schema the upgrade started from",
    explain: "For every revision Retort runs upgrade, then downgrade, and compares the \
schema (`sqlite_master`, `PRAGMA table_xinfo`, indexes, foreign keys) with the one before the \
upgrade. The finding lists the differences: a column the downgrade forgot to drop, an index \
it does not recreate, a table it leaves behind.\n\nFix: make `downgrade()` undo each operation \
of `upgrade()`, in reverse order.",
};

/// ## What it does
/// Checks for a downgrade that is missing, does nothing, or raises, while the upgrade changed
/// the schema.
///
/// ## Why is this bad?
/// A `downgrade()` that is `pass` (or raises `NotImplementedError`) makes the revision
/// irreversible: `alembic downgrade -1` "succeeds" and leaves the schema as it was.
///
/// ## Example
/// ```python
/// def upgrade():
///     op.create_table("users", sa.Column("id", sa.Integer, primary_key=True))
///
///
/// def downgrade():
///     pass
/// ```
///
/// ## Fix
/// If the revision truly cannot be undone, say so in the downgrade with a raise and silence the
/// rule for the file (`# retort: disable=RT008`).
pub(super) const IRREVERSIBLE_DOWNGRADE: Rule = Rule {
    code: Code::IrreversibleDowngrade.as_str(),
    name: "irreversible-downgrade",
    severity: Severity::Error,
    summary: "the downgrade is missing, does nothing, or raises, while the upgrade changed the schema",
    explain: "A `downgrade()` that is `pass` (or raises `NotImplementedError`) makes the \
revision irreversible: `alembic downgrade -1` \"succeeds\" and leaves the schema as it was. \
If the revision truly cannot be undone, say so in the downgrade with a raise and silence \
the rule for the file (`# retort: disable=RT008`).",
};

impl Verifier<'_> {
    /// A downgrade that failed: RT008 when the script itself refuses (it raises, or has no
    /// `downgrade()`), else RT005.
    pub(in crate::verify) fn downgrade_fails(&mut self, rev: usize, down: &Step, e: &RunError) {
        let message = error_message(e);
        // The script itself says it cannot go back (`raise NotImplementedError`), or
        // has no downgrade; an op that SQLite refuses is a failure (RT005).
        let raised_here = e
            .script_error
            .as_ref()
            .is_some_and(|s| s.source_line.trim_start().starts_with("raise"));
        let irreversible = raised_here || e.missing_function == Some("downgrade");
        let f = if irreversible {
            let m = format!("downgrade of {} cannot run: {message}", self.id(rev));
            self.failure(
                Code::IrreversibleDowngrade,
                m,
                e,
                self.def_site(rev, "downgrade"),
            )
        } else {
            let m = format!("downgrade fails: {message}");
            self.failure(Code::StepFails, m, e, self.def_site(rev, "downgrade"))
        };
        self.push(Some(rev), Some(down), f);
    }

    /// The schema after the downgrade, compared with the one before the upgrade.
    pub(in crate::verify) fn round_trip(
        &mut self,
        rev: usize,
        down: &Step,
        down_run: &Ran,
        schema_before: &Schema,
        schema_down: &Schema,
    ) {
        if schema_down.user != schema_before.user {
            let SchemaDiff { changes, reordered } =
                schema_changes(&schema_before.user, &schema_down.user, &self.db, self.vt);
            for (table, before, after) in reordered {
                let mut f = self.finding(
                    Code::RoundTrip,
                    format!(
                        "downgrade of {} restores the columns of `{table}` in another order",
                        self.id(rev)
                    ),
                    self.def_site(rev, "downgrade"),
                );
                f.severity = Severity::Info;
                f.detail = vec![
                    format!("before the upgrade: {}", before.join(", ")),
                    format!("after the downgrade: {}", after.join(", ")),
                    "batch_op.add_column(..., insert_after=\"...\") puts a column back where it was".into(),
                ];
                self.push(Some(rev), Some(down), f);
            }
            let did_nothing = !down_run
                .statements
                .iter()
                .any(|s| !s.sql.contains(&self.vt.name));
            if !changes.is_empty() {
                let mut f = if did_nothing {
                    self.finding(
                        Code::IrreversibleDowngrade,
                        format!(
                            "downgrade of {} does nothing, but the upgrade changed the schema",
                            self.id(rev)
                        ),
                        self.def_site(rev, "downgrade"),
                    )
                } else {
                    self.finding(
                        Code::RoundTrip,
                        format!(
                            "downgrade of {} does not restore the schema: {}",
                            self.id(rev),
                            summarize(&changes)
                        ),
                        self.def_site(rev, "downgrade"),
                    )
                };
                f.detail = changes
                    .iter()
                    .map(|c| format!("after the downgrade: {c}"))
                    .collect();
                self.push(Some(rev), Some(down), f);
            }
        }
    }
}
