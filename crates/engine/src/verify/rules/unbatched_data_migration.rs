//! RT109 `unbatched-data-migration`: a data migration reads a whole table at once.

use std::collections::BTreeSet;

use super::{Code, Rule, Severity};
use crate::operations::Op;
use crate::verify::{Finding, Ran, Verifier, call_statements, rows};

/// ## What it does
/// Checks for a data migration that reads a whole table at once: a SELECT without WHERE or LIMIT
/// run through the connection.
///
/// ## Why is this bad?
/// `op.get_bind().execute(select(...)).fetchall()` without a WHERE or LIMIT loads every row into
/// memory and holds one long transaction; on a large table that is slow and memory-hungry.
///
/// ## Example
/// ```python
/// def upgrade():
///     rows = op.get_bind().execute(sa.text("SELECT id, name FROM users")).fetchall()
/// ```
///
/// ## Fix
/// Page through the table by key (`WHERE id > :last ORDER BY id LIMIT 1000`), or do the change
/// in one `UPDATE` statement.
pub(super) const RULE: Rule = Rule {
    code: Code::UnbatchedDataMigration.as_str(),
    name: "unbatched-data-migration",
    severity: Severity::Info,
    summary: "a data migration reads a whole table at once",
    explain: "`op.get_bind().execute(select(...)).fetchall()` without a WHERE or LIMIT \
loads every row into memory and holds one long transaction; on a large table that is \
slow and memory-hungry.\n\nFix: page through the table by key (`WHERE id > :last ORDER BY id \
LIMIT 1000`), or do the change in one `UPDATE` statement.",
};

impl Verifier<'_> {
    /// RT109: a SELECT without WHERE or LIMIT run through the connection.
    pub(in crate::verify) fn whole_table_reads(&self, ran: &Ran) -> Vec<Finding> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, c) in ran.calls.iter().enumerate() {
            if !matches!(*c.op, Op::Execute) {
                continue;
            }
            for s in call_statements(ran, i) {
                let up = s.sql.to_ascii_uppercase();
                if !up.trim_start().starts_with("SELECT")
                    || up.contains(" WHERE ")
                    || up.contains("\nWHERE ")
                    || up.contains(" LIMIT ")
                    || up.contains("\nLIMIT ")
                {
                    continue;
                }
                let Some(table) = from_table(&s.sql) else {
                    continue;
                };
                if !seen.insert(table.clone()) {
                    continue;
                }
                let n = self.row_count(&table).unwrap_or(0);
                out.push(self.finding(
                    Code::UnbatchedDataMigration,
                    format!(
                        "reads every row of `{table}` at once ({} here); page through a large table by key",
                        rows(n as usize)
                    ),
                    c.site.clone(),
                ));
            }
        }
        out
    }
}

/// The table after the first FROM of a statement.
fn from_table(sql: &str) -> Option<String> {
    let up = sql.to_ascii_uppercase();
    let i = up.find("FROM")?;
    let rest = sql[i + 4..].trim_start();
    let name: String = if let Some(q) = rest.strip_prefix('"') {
        q.split('"').next()?.to_owned()
    } else {
        rest.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    (!name.is_empty()).then_some(name)
}
