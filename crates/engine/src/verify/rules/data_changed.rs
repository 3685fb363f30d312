//! RT006 `data-changed` and RT007 `downgrade-loses-data`: the rows of the tables a step
//! touches, before and after it. One comparison serves both: an upgrade's losses and changes
//! are RT006, a downgrade's losses RT007.

use std::collections::{BTreeMap, HashMap};

use super::{Code, Rule, Severity};
use crate::operations::batch::BatchOp;
use crate::operations::{Op, Site};
use crate::runtime::Step;
use crate::verify::schema::normalized_ddl;
use crate::verify::{Image, Ran, Verifier, call_statements, plural, rows};

/// ## What it does
/// Compares the rows of every table the step touches before and after it.
///
/// ## Why is this bad?
/// Deleted rows are a warning; changed values are reported as information (a data migration
/// changes values on purpose). Drops of whole tables and columns are reported by RT101 and
/// RT102 instead.
///
/// ## Example
/// ```python
/// def upgrade():
///     op.execute("DELETE FROM users WHERE id = 1")
/// ```
pub(super) const DATA_CHANGED: Rule = Rule {
    code: Code::DataChanged.as_str(),
    name: "data-changed",
    severity: Severity::Warning,
    summary: "an upgrade deletes rows or changes values",
    explain: "Retort compares the rows of every table the step touches before and after \
it. Deleted rows are a warning; changed values are reported as information (a data \
migration changes values on purpose). Drops of whole tables and columns are reported by \
RT101 and RT102 instead.",
};

/// ## What it does
/// Measures, on the verification rows, the tables, columns and rows that hold data and that a
/// downgrade drops.
///
/// ## Why is this bad?
/// Downgrades often cannot keep what the upgrade added: a dropped column loses its values. This
/// is not a mistake, but it is what a rollback in production costs.
///
/// ## Example
/// ```python
/// def upgrade():
///     op.add_column("users", sa.Column("age", sa.Integer))
///
///
/// def downgrade():
///     op.drop_column("users", "age")
/// ```
pub(super) const DOWNGRADE_LOSES_DATA: Rule = Rule {
    code: Code::DowngradeLosesData.as_str(),
    name: "downgrade-loses-data",
    severity: Severity::Info,
    summary: "a downgrade drops tables, columns or rows that hold data",
    explain: "Downgrades often cannot keep what the upgrade added: a dropped column \
loses its values. This is not a mistake, but it is what a rollback in production costs; \
the finding says how much, measured on the verification rows.",
};

impl Verifier<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(in crate::verify) fn data_findings(
        &mut self,
        rev: usize,
        step: &Step,
        ran: &Ran,
        before: &BTreeMap<String, Image>,
        after: &BTreeMap<String, Image>,
        renames: &[(String, String)],
        upgrade: bool,
    ) {
        let mut losses = Vec::new();
        let mut changed = Vec::new();
        let mut changed_tables = Vec::new();
        for (table, b) in before {
            if b.rows.is_empty() {
                continue;
            }
            let renamed = renames.iter().find(|(o, _)| o == table).map(|(_, n)| n);
            let Some(a) = after.get(renamed.unwrap_or(table)) else {
                if !upgrade || !linted(ran, Code::DropTable, table, None) {
                    losses.push(format!("table `{table}` ({})", rows(b.rows.len())));
                }
                continue;
            };
            for (i, c) in b.columns.iter().enumerate() {
                if a.columns.contains(c) {
                    continue;
                }
                let values = b.rows.iter().filter(|r| r[i] != "Null").count();
                if values > 0 && (!upgrade || !linted(ran, Code::DropColumn, table, Some(c))) {
                    losses.push(format!(
                        "column `{table}.{c}` ({})",
                        plural(values, "value")
                    ));
                }
            }
            if a.rows.len() < b.rows.len() {
                losses.push(format!(
                    "{} of `{table}`",
                    rows(b.rows.len() - a.rows.len())
                ));
            }
            for (i, c) in b.columns.iter().enumerate() {
                let Some(j) = a.columns.iter().position(|x| x == c) else {
                    continue;
                };
                let mut left: HashMap<&str, usize> = HashMap::new();
                for r in &b.rows {
                    *left.entry(r[i].as_str()).or_default() += 1;
                }
                for r in &a.rows {
                    if let Some(n) = left.get_mut(r[j].as_str())
                        && *n > 0
                    {
                        *n -= 1;
                    }
                }
                let gone: usize = left.values().sum();
                let kept = b.rows.len().saturating_sub(a.rows.len());
                if gone > kept {
                    changed_tables.push(table.clone());
                    changed.push(format!("`{table}.{c}` in {}", rows(gone - kept)));
                }
            }
        }
        let site = changed_tables
            .iter()
            .find_map(|t| dml_site(ran, t))
            .or_else(|| {
                ran.calls
                    .iter()
                    .find(|c| !matches!(*c.op, Op::CreateTable { .. } | Op::CreateIndex { .. }))
                    .and_then(|c| c.site.clone())
            });
        if upgrade {
            if !losses.is_empty() {
                let f = self.finding(
                    Code::DataChanged,
                    format!("upgrade deletes {}", losses.join(", ")),
                    site.clone(),
                );
                self.push(Some(rev), Some(step), f);
            }
            if !changed.is_empty() {
                let mut f = self.finding(
                    Code::DataChanged,
                    format!("upgrade changes values of {}", changed.join(", ")),
                    site,
                );
                f.severity = Severity::Info;
                self.push(Some(rev), Some(step), f);
            }
        } else if !losses.is_empty() {
            let f = self.finding(
                Code::DowngradeLosesData,
                format!("downgrade of {} loses {}", self.id(rev), losses.join(", ")),
                site.or_else(|| self.def_site(rev, "downgrade")),
            );
            self.push(Some(rev), Some(step), f);
        }
    }
}

/// Whether a lint already reported the loss (so RT006 does not repeat it).
fn linted(ran: &Ran, code: Code, table: &str, column: Option<&str>) -> bool {
    ran.calls.iter().any(|c| match (&*c.op, code) {
        (Op::DropTable { table: t, .. }, Code::DropTable) => t.name == table,
        (
            Op::DropColumn {
                table: t,
                column: col,
                ..
            },
            Code::DropColumn,
        )
        | (
            Op::Batch {
                table: t,
                op: BatchOp::DropColumn { name: col, .. },
            },
            Code::DropColumn,
        ) => t == table && Some(col.as_str()) == column,
        _ => false,
    })
}

/// The `execute` call whose statements write `table` (INSERT / UPDATE / DELETE).
fn dml_site(ran: &Ran, table: &str) -> Option<Site> {
    let t = table.to_ascii_lowercase();
    ran.calls.iter().enumerate().find_map(|(i, c)| {
        if !matches!(*c.op, Op::Execute) {
            return None;
        }
        call_statements(ran, i)
            .iter()
            .any(|s| {
                let l = normalized_ddl(&s.sql);
                crate::sqlite::is_dml(&s.sql)
                    && (l.starts_with(&format!("update{t}"))
                        || l.starts_with(&format!("insertinto{t}"))
                        || l.starts_with(&format!("deletefrom{t}")))
            })
            .then(|| c.site.clone())
            .flatten()
    })
}
