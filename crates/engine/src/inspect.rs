//! What a database looks like, and what changed between two looks: the schema of every
//! table (columns with types, nullability, defaults, keys; indexes; the stored DDL), its row
//! count, and the version table's rows.
//!
//! Used wherever Retort explains a step: the page's schema before/after, `--atomic`'s
//! report of what Alembic would have left behind, and the round-trip checks.

use std::collections::HashMap;
use std::fmt;

use crate::db::{Database, Result, SchemaObject};
use crate::sqlite::quote;
pub use crate::sqlite::reflect::{ColumnInfo, columns};

/// One index (automatic ones too, whose `sql` is `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexInfo {
    pub name: String,
    pub sql: Option<String>,
    pub unique: bool,
    pub columns: Vec<String>,
}

/// One foreign key of a table, as `PRAGMA foreign_key_list` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKeyInfo {
    pub columns: Vec<String>,
    pub referred_table: String,
    pub referred_columns: Vec<String>,
    pub on_delete: String,
    pub on_update: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableInfo {
    pub name: String,
    /// The `CREATE TABLE` text SQLite stores.
    pub sql: String,
    pub columns: Vec<ColumnInfo>,
    pub indexes: Vec<IndexInfo>,
    pub foreign_keys: Vec<ForeignKeyInfo>,
    pub rows: u64,
}

/// A view or trigger: compared by its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherObject {
    pub kind: String,
    pub name: String,
    pub sql: String,
}

/// The schema and row counts of a database, tables in `sqlite_master` order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snapshot {
    pub tables: Vec<TableInfo>,
    pub others: Vec<OtherObject>,
}

impl Snapshot {
    /// Reads the database: every table except SQLite's own (`sqlite_%`).
    pub fn take(db: &Database) -> Result<Snapshot> {
        Self::read(db, &|_| true, None)
    }

    /// Reads the tables (and views, triggers) whose table name passes `keep`.
    pub(crate) fn take_where(db: &Database, keep: impl Fn(&str) -> bool) -> Result<Snapshot> {
        Self::read(db, &keep, None)
    }

    /// The schema now, read again only where it changed since `before`: a table whose
    /// definition and indexes are as they were keeps what was read of it, but its row count.
    /// (A run of a thousand steps over a thousand tables read every table after each step.)
    pub fn take_since(db: &Database, before: &Snapshot) -> Result<Snapshot> {
        Self::read(db, &|_| true, Some(before))
    }

    fn read(
        db: &Database,
        keep: &dyn Fn(&str) -> bool,
        before: Option<&Snapshot>,
    ) -> Result<Snapshot> {
        let mut snap = Snapshot::default();
        let objects = db.schema()?;
        let mut indexes_of: HashMap<&str, Vec<&SchemaObject>> = HashMap::new();
        for o in objects.iter().filter(|o| o.kind == "index") {
            indexes_of.entry(&o.table).or_default().push(o);
        }
        let prior: HashMap<&str, &TableInfo> = before
            .map(|b| b.tables.iter().map(|t| (t.name.as_str(), t)).collect())
            .unwrap_or_default();
        for o in &objects {
            if o.name.starts_with("sqlite_") || !keep(&o.table) {
                continue;
            }
            match o.kind.as_str() {
                "table" => {
                    let indexes = indexes_of.get(o.name.as_str()).map_or(&[][..], |v| v);
                    let unchanged = prior.get(o.name.as_str()).filter(|t| {
                        Some(&t.sql) == o.sql.as_ref()
                            && t.indexes.len() == indexes.len()
                            && t.indexes
                                .iter()
                                .zip(indexes)
                                .all(|(a, b)| a.name == b.name && a.sql == b.sql)
                    });
                    snap.tables.push(match unchanged {
                        Some(t) => TableInfo {
                            rows: count_rows(db, &o.name)?,
                            ..(*t).clone()
                        },
                        None => read_table(db, o, indexes)?,
                    });
                }
                "view" | "trigger" => snap.others.push(OtherObject {
                    kind: o.kind.clone(),
                    name: o.name.clone(),
                    sql: o.sql.clone().unwrap_or_default(),
                }),
                _ => {}
            }
        }
        Ok(snap)
    }

    pub fn table(&self, name: &str) -> Option<&TableInfo> {
        self.tables.iter().find(|t| t.name == name)
    }
}

/// One difference between two snapshots.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Change {
    TableCreated {
        table: String,
        rows: u64,
    },
    TableDropped {
        table: String,
        rows: u64,
    },
    ColumnAdded {
        table: String,
        column: String,
    },
    ColumnDropped {
        table: String,
        column: String,
    },
    /// Type, nullability, default or key membership changed.
    ColumnChanged {
        table: String,
        column: String,
        before: String,
        after: String,
    },
    IndexCreated {
        table: String,
        index: String,
    },
    IndexDropped {
        table: String,
        index: String,
    },
    /// The table's stored DDL changed in a way the column and index lists do not show
    /// (constraints, column order).
    DefinitionChanged {
        table: String,
    },
    RowsChanged {
        table: String,
        before: u64,
        after: u64,
    },
    ObjectCreated {
        kind: String,
        name: String,
    },
    ObjectDropped {
        kind: String,
        name: String,
    },
    ObjectChanged {
        kind: String,
        name: String,
    },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows = |n: &u64| match n {
            0 => String::new(),
            1 => " (1 row)".to_owned(),
            n => format!(" ({n} rows)"),
        };
        match self {
            Change::TableCreated { table, rows: n } => {
                write!(f, "table `{table}` created{}", rows(n))
            }
            Change::TableDropped { table, rows: n } => {
                write!(f, "table `{table}` dropped{}", rows(n))
            }
            Change::ColumnAdded { table, column } => write!(f, "column `{table}.{column}` added"),
            Change::ColumnDropped { table, column } => {
                write!(f, "column `{table}.{column}` dropped")
            }
            Change::ColumnChanged {
                table,
                column,
                before,
                after,
            } => {
                write!(
                    f,
                    "column `{table}.{column}` changed from {before} to {after}"
                )
            }
            Change::IndexCreated { table, index } => {
                write!(f, "index `{index}` on `{table}` created")
            }
            Change::IndexDropped { table, index } => {
                write!(f, "index `{index}` on `{table}` dropped")
            }
            Change::DefinitionChanged { table } => {
                write!(f, "table `{table}` redefined (constraints or column order)")
            }
            Change::RowsChanged {
                table,
                before,
                after,
            } => {
                write!(f, "table `{table}` has {after} rows instead of {before}")
            }
            Change::ObjectCreated { kind, name } => write!(f, "{kind} `{name}` created"),
            Change::ObjectDropped { kind, name } => write!(f, "{kind} `{name}` dropped"),
            Change::ObjectChanged { kind, name } => write!(f, "{kind} `{name}` changed"),
        }
    }
}

/// How a column reads in a change: `VARCHAR(50) NOT NULL DEFAULT 'x'`.
pub(crate) fn column_summary(c: &ColumnInfo) -> String {
    let mut s = if c.decl_type.is_empty() {
        "(no type)".to_owned()
    } else {
        c.decl_type.clone()
    };
    if c.pk > 0 {
        s.push_str(" PRIMARY KEY");
    }
    if c.not_null {
        s.push_str(" NOT NULL");
    }
    if let Some(d) = &c.default {
        s.push_str(" DEFAULT ");
        s.push_str(d);
    }
    s
}

/// The changes that turn `before` into `after`, tables in `after`'s order (dropped ones
/// last). Tables whose only change is the row count report it when `rows` is set.
pub fn diff(before: &Snapshot, after: &Snapshot, rows: bool) -> Vec<Change> {
    let mut out = Vec::new();
    for t in &after.tables {
        let Some(b) = before.table(&t.name) else {
            out.push(Change::TableCreated {
                table: t.name.clone(),
                rows: t.rows,
            });
            continue;
        };
        let start = out.len();
        for c in &t.columns {
            match b.columns.iter().find(|x| x.name == c.name) {
                None => out.push(Change::ColumnAdded {
                    table: t.name.clone(),
                    column: c.name.clone(),
                }),
                Some(old) if old != c => {
                    let (before, after) = (column_summary(old), column_summary(c));
                    if before != after {
                        out.push(Change::ColumnChanged {
                            table: t.name.clone(),
                            column: c.name.clone(),
                            before,
                            after,
                        });
                    }
                }
                Some(_) => {}
            }
        }
        for c in &b.columns {
            if !t.columns.iter().any(|x| x.name == c.name) {
                out.push(Change::ColumnDropped {
                    table: t.name.clone(),
                    column: c.name.clone(),
                });
            }
        }
        for ix in &t.indexes {
            if !b
                .indexes
                .iter()
                .any(|x| x.name == ix.name && x.sql == ix.sql)
                && ix.sql.is_some()
            {
                out.push(Change::IndexCreated {
                    table: t.name.clone(),
                    index: ix.name.clone(),
                });
            }
        }
        for ix in &b.indexes {
            if !t
                .indexes
                .iter()
                .any(|x| x.name == ix.name && x.sql == ix.sql)
                && ix.sql.is_some()
            {
                out.push(Change::IndexDropped {
                    table: t.name.clone(),
                    index: ix.name.clone(),
                });
            }
        }
        if out.len() == start && b.sql != t.sql {
            out.push(Change::DefinitionChanged {
                table: t.name.clone(),
            });
        }
        if rows && b.rows != t.rows {
            out.push(Change::RowsChanged {
                table: t.name.clone(),
                before: b.rows,
                after: t.rows,
            });
        }
    }
    for b in &before.tables {
        if after.table(&b.name).is_none() {
            out.push(Change::TableDropped {
                table: b.name.clone(),
                rows: b.rows,
            });
        }
    }
    for o in &after.others {
        match before
            .others
            .iter()
            .find(|x| x.kind == o.kind && x.name == o.name)
        {
            None => out.push(Change::ObjectCreated {
                kind: o.kind.clone(),
                name: o.name.clone(),
            }),
            Some(x) if x.sql != o.sql => out.push(Change::ObjectChanged {
                kind: o.kind.clone(),
                name: o.name.clone(),
            }),
            Some(_) => {}
        }
    }
    for x in &before.others {
        if !after
            .others
            .iter()
            .any(|o| o.kind == x.kind && o.name == x.name)
        {
            out.push(Change::ObjectDropped {
                kind: x.kind.clone(),
                name: x.name.clone(),
            });
        }
    }
    out
}

/// One table of `objects` (the database's `sqlite_master` rows), read as [`Snapshot::take`]
/// reads each.
pub(crate) fn table_info(
    db: &Database,
    o: &SchemaObject,
    objects: &[SchemaObject],
) -> Result<TableInfo> {
    let indexes: Vec<&SchemaObject> = objects
        .iter()
        .filter(|x| x.kind == "index" && x.table == o.name)
        .collect();
    read_table(db, o, &indexes)
}

/// `SELECT count(*)` of a table.
fn count_rows(db: &Database, table: &str) -> Result<u64> {
    let n: i64 =
        db.connection()
            .query_row(&format!("SELECT count(*) FROM {}", quote(table)), [], |r| {
                r.get(0)
            })?;
    Ok(n as u64)
}

/// What a table is: `o`, with its indexes' objects.
fn read_table(
    db: &Database,
    o: &SchemaObject,
    index_objects: &[&SchemaObject],
) -> Result<TableInfo> {
    let conn = db.connection();
    let q = quote(&o.name);
    let columns = columns(db, &o.name)?;
    let mut indexes = Vec::new();
    for ix in index_objects {
        let mut stmt = conn.prepare(&format!("PRAGMA index_info({})", quote(&ix.name)))?;
        let cols = stmt
            .query_map([], |r| {
                Ok(r.get::<_, Option<String>>(2)?
                    .unwrap_or_else(|| "<expression>".into()))
            })?
            .collect::<Result<Vec<_>>>()?;
        let unique = conn.query_row(
            "SELECT \"unique\" FROM pragma_index_list(?1) WHERE name = ?2",
            [&o.name, &ix.name],
            |r| r.get::<_, i64>(0),
        )? != 0;
        indexes.push(IndexInfo {
            name: ix.name.clone(),
            sql: ix.sql.clone(),
            unique,
            columns: cols,
        });
    }
    let mut stmt = conn.prepare(&format!("PRAGMA foreign_key_list({q})"))?;
    let mut fks: Vec<(i64, ForeignKeyInfo)> = Vec::new();
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    for row in rows {
        let (id, table, from, to, on_update, on_delete) = row?;
        match fks.iter_mut().find(|(i, _)| *i == id) {
            Some((_, fk)) => {
                fk.columns.push(from);
                fk.referred_columns.extend(to);
            }
            None => fks.push((
                id,
                ForeignKeyInfo {
                    columns: vec![from],
                    referred_table: table,
                    referred_columns: to.into_iter().collect(),
                    on_delete,
                    on_update,
                },
            )),
        }
    }
    // PRAGMA foreign_key_list lists them last-declared first.
    fks.sort_by_key(|(id, _)| std::cmp::Reverse(*id));
    let rows = count_rows(db, &o.name)?;
    Ok(TableInfo {
        name: o.name.clone(),
        sql: o.sql.clone().unwrap_or_default(),
        columns,
        indexes,
        foreign_keys: fks.into_iter().map(|(_, f)| f).collect(),
        rows,
    })
}

/// A copy of the database in a new in-memory database (SQLite's online backup, in one pass).
pub fn copy_database(db: &Database) -> Result<Database> {
    let mut dst = rusqlite::Connection::open_in_memory()?;
    {
        let backup = rusqlite::backup::Backup::new(db.connection(), &mut dst)?;
        // All pages in one step: no sleeping between chunks (there is no thread to sleep on
        // in the browser).
        backup.step(-1)?;
    }
    Ok(Database::from_connection(dst))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(sql: &str) -> Database {
        let db = Database::open_in_memory().unwrap();
        db.execute_batch(sql).unwrap();
        db
    }

    /// Read again only where it changed, a snapshot reads what a whole one reads, whatever
    /// changed: rows, columns, indexes, a rename, a table gone, a table rebuilt.
    #[test]
    fn a_snapshot_since_another_reads_what_a_whole_one_reads() {
        let d = db("CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT);
                    CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a (id));
                    CREATE INDEX ix_b ON b (a_id); CREATE TABLE c (id INTEGER)");
        let mut before = Snapshot::take(&d).unwrap();
        for change in [
            "INSERT INTO a (x) VALUES ('one')",
            "ALTER TABLE a ADD COLUMN y INTEGER",
            "CREATE UNIQUE INDEX ix_a_x ON a (x)",
            "DROP INDEX ix_b; CREATE INDEX ix_b ON b (id, a_id)",
            "ALTER TABLE c RENAME TO d",
            "ALTER TABLE a RENAME COLUMN x TO z",
            "DELETE FROM a",
            "CREATE TABLE _b (id INTEGER PRIMARY KEY); DROP TABLE b; ALTER TABLE _b RENAME TO b",
            "DROP TABLE d",
        ] {
            d.execute_batch(change).unwrap();
            let since = Snapshot::take_since(&d, &before).unwrap();
            assert_eq!(since, Snapshot::take(&d).unwrap(), "after {change}");
            before = since;
        }
    }

    #[test]
    fn diff_names_tables_columns_indexes_and_rows() {
        let a = db(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT); INSERT INTO t VALUES (1, 'a');
                    CREATE TABLE gone (id INTEGER)",
        );
        let before = Snapshot::take(&a).unwrap();
        a.execute_batch(
            "ALTER TABLE t ADD COLUMN y INTEGER NOT NULL DEFAULT 0; CREATE INDEX ix_t_x ON t (x);
             INSERT INTO t VALUES (2, 'b', 1); DROP TABLE gone; CREATE TABLE new (id INTEGER)",
        )
        .unwrap();
        let after = Snapshot::take(&a).unwrap();
        let text: Vec<String> = diff(&before, &after, true)
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(
            text,
            [
                "column `t.y` added",
                "index `ix_t_x` on `t` created",
                "table `t` has 2 rows instead of 1",
                "table `new` created",
                "table `gone` dropped",
            ]
        );
        assert!(diff(&after, &after, true).is_empty());
    }

    #[test]
    fn copies_are_independent() {
        let a = db("CREATE TABLE t (x); INSERT INTO t VALUES (1)");
        let b = copy_database(&a).unwrap();
        b.execute_batch("DROP TABLE t").unwrap();
        assert_eq!(Snapshot::take(&a).unwrap().tables[0].rows, 1);
        assert!(Snapshot::take(&b).unwrap().tables.is_empty());
        let snap = Snapshot::take(&a).unwrap();
        assert_eq!(column_summary(&snap.tables[0].columns[0]), "(no type)");
    }
}
