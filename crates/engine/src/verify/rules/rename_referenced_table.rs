//! RT110 `rename-referenced-table`: a table that foreign keys reference is renamed.

use super::{Code, Rule, Severity};
use crate::operations::Site;
use crate::verify::{Finding, Verifier, backticked};

/// ## What it does
/// Checks for a table that foreign keys reference being renamed.
///
/// ## Why is this bad?
/// SQLite 3.26+ rewrites the references of other tables (unless `legacy_alter_table=ON`); older
/// SQLite and raw SQL, views in other databases and application code keep the old name.
///
/// ## Example
/// With `posts.user_id` a foreign key to `users.id`:
/// ```python
/// def upgrade():
///     op.rename_table("users", "accounts")
/// ```
pub(super) const RULE: Rule = Rule {
    code: Code::RenameReferencedTable.as_str(),
    name: "rename-referenced-table",
    severity: Severity::Warning,
    summary: "a table that foreign keys reference is renamed",
    explain: "SQLite 3.26+ rewrites the references of other tables (unless \
`legacy_alter_table=ON`); older SQLite and raw SQL, views in other databases and \
application code keep the old name.",
};

impl Verifier<'_> {
    /// `op.rename_table(old, new)`.
    pub(in crate::verify) fn rename_referenced_table(
        &self,
        old: &str,
        new: &str,
        site: Option<Site>,
    ) -> Option<Finding> {
        let referencing = backticked(&self.referencing(old));
        if referencing.is_empty() {
            return None;
        }
        Some(self.finding(
            Code::RenameReferencedTable,
            format!("renames table `{old}` to `{new}`; foreign keys of {referencing} reference it"),
            site,
        ))
    }
}
