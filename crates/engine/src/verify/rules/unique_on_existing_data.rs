//! RT107 `unique-on-existing-data`: a unique index or constraint is created on a table that
//! already has rows.

use super::{Code, Rule, Severity};
use crate::operations::Site;
use crate::sqlite::quote;
use crate::verify::{Finding, Verifier, plural, rows};

/// ## What it does
/// Checks for a unique index or constraint created on a table that already has rows, and counts
/// the duplicate groups in the verification rows.
///
/// ## Why is this bad?
/// Creating a unique index fails on duplicate values.
///
/// ## Example
/// ```python
/// def upgrade():
///     op.create_index("ix_name", "users", ["name"], unique=True)
/// ```
///
/// ## Fix
/// Deduplicate in the same revision, before creating the index.
pub(super) const RULE: Rule = Rule {
    code: Code::UniqueOnExistingData.as_str(),
    name: "unique-on-existing-data",
    severity: Severity::Warning,
    summary: "a unique index or constraint is created on a table that already has rows",
    explain: "Creating a unique index fails on duplicate values. Retort counts the \
duplicate groups in the verification rows.\n\nFix: deduplicate in the same revision, before \
creating the index.",
};

impl Verifier<'_> {
    pub(in crate::verify) fn unique(
        &self,
        table: &str,
        cols: &[String],
        what: &str,
        site: Option<Site>,
    ) -> Option<Finding> {
        let rows_here = self.row_count(table)?;
        if rows_here == 0 {
            return None;
        }
        let list: Vec<String> = cols.iter().map(|c| quote(c)).collect();
        let list = list.join(", ");
        let dups = self
            .count(&format!(
                "SELECT count(*) FROM (SELECT 1 FROM {} WHERE {} GROUP BY {list} HAVING count(*) > 1)",
                quote(table),
                cols.iter()
                    .map(|c| format!("{} IS NOT NULL", quote(c)))
                    .collect::<Vec<_>>()
                    .join(" AND ")
            ))
            .unwrap_or(0);
        let verdict = if dups == 0 {
            format!("no duplicates in the {} here", rows(rows_here as usize))
        } else {
            format!("fails: {} duplicated", plural(dups as usize, "value"))
        };
        Some(self.finding(
            Code::UniqueOnExistingData,
            format!(
                "{what} on `{table}` ({}) over existing rows: {verdict}",
                cols.join(", ")
            ),
            site,
        ))
    }
}
