//! RT004 `re-upgrade`: the upgrade run again after the downgrade must give the schema the
//! first upgrade gave.

use super::{Code, Rule, Severity};
use crate::command::RunError;
use crate::runtime::Step;
use crate::verify::schema::{SchemaDiff, schema_changes, summarize};
use crate::verify::{Schema, Verifier, error_message};

/// ## What it does
/// After upgrade and downgrade, upgrades once more: the schema must be the one the first upgrade
/// gave.
///
/// ## Why is this bad?
/// It fails when the downgrade leaves something the upgrade then trips over (a table that still
/// exists, an index name in use).
///
/// ## Example
/// The downgrade keeps the index, and the second `create_index` fails: it already exists.
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
/// Make the downgrade remove everything the upgrade creates.
pub(super) const RULE: Rule = Rule {
    code: Code::ReUpgrade.as_str(),
    name: "re-upgrade",
    severity: Severity::Error,
    summary: "upgrading again after the downgrade fails or gives another schema",
    explain: "After upgrade and downgrade, Retort upgrades once more: the schema must be \
the one the first upgrade gave. It fails when the downgrade leaves something the upgrade \
then trips over (a table that still exists, an index name in use).\n\nFix: make the downgrade \
remove everything the upgrade creates.",
};

impl Verifier<'_> {
    /// The second upgrade failed.
    pub(in crate::verify) fn re_upgrade_fails(&mut self, rev: usize, up: &Step, e: &RunError) {
        let m = format!(
            "upgrading {} again after its downgrade fails: {}",
            self.id(rev),
            error_message(e)
        );
        let f = self.failure(Code::ReUpgrade, m, e, self.def_site(rev, "upgrade"));
        self.push(Some(rev), Some(up), f);
    }

    /// The schema after the second upgrade, compared with the one after the first.
    pub(in crate::verify) fn re_upgrade(&mut self, rev: usize, up: &Step, schema_after: &Schema) {
        if self.objects().user != schema_after.user {
            let SchemaDiff { changes, .. } =
                schema_changes(&schema_after.user, &self.objects().user, &self.db, self.vt);
            if !changes.is_empty() {
                let mut f = self.finding(
                    Code::ReUpgrade,
                    format!(
                        "upgrading {} again after its downgrade gives another schema: {}",
                        self.id(rev),
                        summarize(&changes)
                    ),
                    self.def_site(rev, "upgrade"),
                );
                f.detail = changes
                    .iter()
                    .map(|c| format!("second upgrade: {c}"))
                    .collect();
                self.push(Some(rev), Some(up), f);
            }
        }
    }
}
