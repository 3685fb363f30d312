//! The lint pass: each `op.*` call a step recorded, handed to the rules that look at it
//! (`rules`).

use std::collections::BTreeSet;

use super::rules::adds_null_column;
use super::{Ran, Verifier};
use crate::operations::batch::BatchOp;
use crate::operations::{Op, OpCall};
use crate::runtime::Step;
use crate::sql::schema::{ConstraintKind, IndexExpr};

impl Verifier<'_> {
    pub(super) fn lint_downgrade(&mut self, rev: usize, down: &Step, calls: &[OpCall]) {
        for c in calls {
            if let Some(f) = self.outside_batch(c) {
                self.push(Some(rev), Some(down), f);
            }
        }
    }

    /// The lint rules over an upgrade's calls. The database is as the step found it.
    pub(super) fn lint(&mut self, rev: usize, up: &Step, ran: &Ran) {
        let mut out = Vec::new();
        let recreated = |table: &str| {
            let tmp = format!("_alembic_tmp_{table}");
            ran.statements
                .iter()
                .any(|s| s.sql.starts_with("CREATE TABLE") && s.sql.contains(&tmp))
        };
        let mut batch_tables = BTreeSet::new();
        for c in &ran.calls {
            if let Some(f) = self.outside_batch(c) {
                out.push(f);
            }
            let site = c.site.clone();
            match &*c.op {
                Op::DropTable { table, .. } => out.push(self.drop_table(&table.name, site)),
                Op::DropColumn { table, column, .. }
                | Op::Batch {
                    table,
                    op: BatchOp::DropColumn { name: column, .. },
                } => out.push(self.drop_column(table, column, site)),
                Op::AddColumn { table, column, .. } if adds_null_column(column) => {
                    out.push(self.add_not_null_column(table, column, site));
                }
                Op::Batch {
                    table,
                    op: BatchOp::AddColumn { column, .. },
                } if adds_null_column(column) && !recreated(table) => {
                    out.push(self.batch_add_not_null_column_alter(table, column, site));
                }
                Op::Batch {
                    table,
                    op: BatchOp::AddColumn { column, .. },
                } if adds_null_column(column) => {
                    out.push(self.batch_add_not_null_column_copy(table, column, site));
                }
                Op::AlterColumn(a)
                | Op::Batch {
                    op: BatchOp::AlterColumn(a),
                    ..
                } => {
                    let table = match &*c.op {
                        Op::Batch { table, .. } => table.clone(),
                        _ => a.table.clone(),
                    };
                    out.extend(self.makes_not_null(&table, a, site.clone()));
                    if let Some(new) = &a.type_
                        && let Some(f) = self.narrowing(&table, &a.column, new, site)
                    {
                        out.push(f);
                    }
                }
                Op::CreateIndex { index, .. }
                | Op::Batch {
                    op: BatchOp::CreateIndex(index, _),
                    ..
                } if index.unique => {
                    let table = &index.table;
                    let cols: Option<Vec<String>> = index
                        .expressions
                        .iter()
                        .map(|e| match e {
                            IndexExpr::Column(c) => Some(c.clone()),
                            IndexExpr::Expr(_) => None,
                        })
                        .collect();
                    if let Some(cols) = cols {
                        out.extend(self.unique(table, &cols, "unique index", site));
                    }
                }
                Op::Batch {
                    table,
                    op: BatchOp::AddConstraint(con),
                } => {
                    if let ConstraintKind::Unique { columns } = &con.kind {
                        out.extend(self.unique(table, columns, "unique constraint", site));
                    }
                }
                Op::RenameTable { old, new } => {
                    out.extend(self.rename_referenced_table(old, new, site));
                }
                _ => {}
            }
            if let Op::Batch { table, .. } = &*c.op
                && recreated(table)
                && batch_tables.insert(table.clone())
                && let Some(f) = self.rebuild_referenced(table, up, c.site.clone())
            {
                out.push(f);
            }
        }
        out.extend(self.whole_table_reads(ran));
        for f in out {
            self.push(Some(rev), Some(up), f);
        }
    }
}
