//! RT102 `drop-column`: a column is dropped with its values.

use super::{Code, Rule, Severity};
use crate::operations::Site;
use crate::sqlite::quote;
use crate::verify::{Finding, Verifier, plural};

/// ## What it does
/// Checks for `op.drop_column` / `batch_op.drop_column`, and counts the non-NULL values lost.
///
/// ## Why is this bad?
/// The column's values are lost, and the downgrade re-adds it empty.
///
/// ## Example
/// ```python
/// def upgrade():
///     op.drop_column("users", "email")
/// ```
pub(super) const RULE: Rule = Rule {
    code: Code::DropColumn.as_str(),
    name: "drop-column",
    severity: Severity::Warning,
    summary: "a column is dropped with its values",
    explain: "`op.drop_column` / `batch_op.drop_column` lose the column's values, and the \
downgrade re-adds it empty. Retort counts the non-NULL values lost.",
};

impl Verifier<'_> {
    pub(in crate::verify) fn drop_column(
        &self,
        table: &str,
        column: &str,
        site: Option<Site>,
    ) -> Finding {
        let q = quote(column);
        let values = self.count(&format!("SELECT count({q}) FROM {}", quote(table)));
        let verdict = match values {
            Some(0) => " (no values here)".to_owned(),
            Some(n) => format!(": {} lost", plural(n as usize, "value")),
            None => String::new(),
        };
        self.finding(
            Code::DropColumn,
            format!("drops column `{table}.{column}`{verdict}"),
            site,
        )
    }
}
