//! How two schemas differ, as the round trip compares them: the DDL of the tables that differ
//! rebuilt on a scratch database and diffed, columns that only moved told apart.

use std::collections::{BTreeSet, HashSet};

use crate::Database;
use crate::db::SchemaObject;
use crate::inspect::{Change, Snapshot, diff};
use crate::runtime::VersionTable;

/// How a schema differs from another.
#[derive(Default)]
pub(super) struct SchemaDiff {
    pub(super) changes: Vec<Change>,
    /// Tables with the same columns in another order: (table, before, after).
    pub(super) reordered: Vec<(String, Vec<String>, Vec<String>)>,
}

/// DDL without quoting and layout: `CREATE TABLE "t" (\n\tid INTEGER, ...` and
/// `CREATE TABLE t (id INTEGER, ...` read the same.
pub(super) fn normalized_ddl(sql: &str) -> String {
    sql.chars()
        .filter(|c| !matches!(c, '"' | '`' | '[' | ']') && !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The schema changes between `before` (sqlite_master rows) and the database now, as the
/// page shows them (rebuilt from the DDL on a scratch database). A table whose DDL differs
/// only in quoting and layout is the same table; one whose columns only moved is reported
/// apart.
pub(super) fn schema_changes(
    before: &[SchemaObject],
    now: &[SchemaObject],
    db: &Database,
    vt: &VersionTable,
) -> SchemaDiff {
    // Only the tables whose objects differ are rebuilt and compared.
    let in_before: HashSet<&SchemaObject> = before.iter().collect();
    let in_now: HashSet<&SchemaObject> = now.iter().collect();
    let differ: BTreeSet<&str> = before
        .iter()
        .filter(|o| !in_now.contains(o))
        .chain(now.iter().filter(|o| !in_before.contains(o)))
        .map(|o| o.table.as_str())
        .collect();
    let Ok(scratch) = Database::open_in_memory() else {
        return SchemaDiff::default();
    };
    for kind in ["table", "index", "view", "trigger"] {
        for o in before
            .iter()
            .filter(|o| o.kind == kind && differ.contains(o.table.as_str()))
        {
            if let Some(sql) = &o.sql {
                let _ = scratch.execute_batch(sql);
            }
        }
    }
    let (Ok(b), Ok(a)) = (
        Snapshot::take(&scratch),
        Snapshot::take_where(db, |t| differ.contains(t)),
    ) else {
        return SchemaDiff::default();
    };
    let mut out = SchemaDiff::default();
    for c in diff(&b, &a, false) {
        match &c {
            Change::TableCreated { table, .. } | Change::TableDropped { table, .. }
                if *table == vt.name => {}
            Change::DefinitionChanged { table } => {
                let (Some(tb), Some(ta)) = (b.table(table), a.table(table)) else {
                    continue;
                };
                if normalized_ddl(&tb.sql) == normalized_ddl(&ta.sql) {
                    continue;
                }
                let names = |t: &crate::inspect::TableInfo| -> Vec<String> {
                    t.columns.iter().map(|c| c.name.clone()).collect()
                };
                let (nb, na) = (names(tb), names(ta));
                let mut sb = nb.clone();
                let mut sa = na.clone();
                sb.sort();
                sa.sort();
                if nb != na && sb == sa && same_but_order(&tb.sql, &ta.sql) {
                    out.reordered.push((table.clone(), nb, na));
                } else {
                    out.changes.push(c);
                }
            }
            _ => out.changes.push(c),
        }
    }
    out
}

/// Whether two CREATE TABLE texts have the same lines (column and constraint clauses) in
/// another order.
fn same_but_order(a: &str, b: &str) -> bool {
    let clauses = |s: &str| -> Vec<String> {
        let body = s.split_once('(').map_or(s, |(_, r)| r);
        let body = body.rsplit_once(')').map_or(body, |(l, _)| l);
        let mut v: Vec<String> = body
            .split(",\n")
            .flat_map(|l| l.split(", "))
            .map(normalized_ddl)
            .filter(|l| !l.is_empty())
            .collect();
        v.sort();
        v
    };
    clauses(a) == clauses(b)
}

pub(super) fn summarize(changes: &[Change]) -> String {
    let mut s: Vec<String> = changes.iter().take(3).map(|c| c.to_string()).collect();
    if changes.len() > 3 {
        s.push(format!("and {} more", changes.len() - 3));
    }
    s.join(", ")
}
