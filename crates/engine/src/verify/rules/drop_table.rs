//! RT101 `drop-table`: `op.drop_table` drops a table and its rows.

use super::{Code, Rule, Severity};
use crate::operations::Site;
use crate::verify::{Finding, Verifier, rows};

/// ## What it does
/// Checks for `op.drop_table`, and states how many rows the verification database had.
///
/// ## Why is this bad?
/// Dropping a table loses every row in it, and the downgrade can only recreate it empty.
///
/// ## Example
/// ```python
/// def upgrade():
///     op.drop_table("users")
/// ```
///
/// ## Fix
/// Keep the table (rename it) until its data is archived, or copy the rows elsewhere in the
/// same revision.
pub(super) const RULE: Rule = Rule {
    code: Code::DropTable.as_str(),
    name: "drop-table",
    severity: Severity::Warning,
    summary: "op.drop_table drops a table and its rows",
    explain: "Dropping a table loses every row in it, and the downgrade can only recreate \
it empty. Retort states how many rows the verification database had.\n\nFix: keep the table \
(rename it) until its data is archived, or copy the rows elsewhere in the same revision.",
};

impl Verifier<'_> {
    /// `op.drop_table(t)`.
    pub(in crate::verify) fn drop_table(&self, t: &str, site: Option<Site>) -> Finding {
        let n = self.row_count(t);
        let verdict = match n {
            Some(0) => " (empty here)".to_owned(),
            Some(n) => format!(": {} lost", rows(n as usize)),
            None => String::new(),
        };
        self.finding(Code::DropTable, format!("drops table `{t}`{verdict}"), site)
    }
}
