//! Drift: how a database differs from what its history says it should be (what Prisma calls
//! drift; no Alembic command reports it). The history is replayed on an empty database to the
//! revisions the database's version table names, and the two schemas are compared: a column
//! added by hand, an index dropped by hand, a type changed outside any revision.

use std::rc::Rc;

use crate::command::{self, Verb};
use crate::db::Database;
use crate::inspect::{Change, Snapshot, diff};
use crate::operations::{MigrationContext, Mode};
use crate::runtime::VersionTable;
use crate::script::ScriptDirectory;
use crate::sql::schema::NamingConvention;

/// What was compared, and how the database differs.
#[derive(Debug, Clone)]
pub struct Drift {
    /// The revisions the database's version table names (empty: base).
    pub revisions: Vec<String>,
    /// From the history's schema at those revisions to the database's.
    pub changes: Vec<Change>,
}

impl Drift {
    /// The differences, said from the database's side.
    pub fn differences(&self) -> Vec<String> {
        self.changes.iter().map(describe).collect()
    }
}

/// Compares `db` with its history replayed to the revisions its version table names. `db` is
/// only read. `Err`: the version table cannot be read, names a revision the project does not
/// have (Alembic's own message), or the history fails on the way there.
pub fn drift(
    dir: &ScriptDirectory,
    vt: &VersionTable,
    naming: &NamingConvention,
    db: &Database,
) -> Result<Drift, String> {
    let revisions = vt.heads(db).map_err(|e| e.to_string())?;
    let scratch = Rc::new(Database::open_in_memory().map_err(|e| e.to_string())?);
    let ctx = MigrationContext::with_naming(scratch.clone(), Mode::Atomic, naming.clone());
    for rev in &revisions {
        command::migrate(&ctx, dir, vt, Verb::Upgrade(rev)).map_err(|e| e.message)?;
    }
    let history = Snapshot::take(&scratch).map_err(|e| e.to_string())?;
    let yours = Snapshot::take(db).map_err(|e| e.to_string())?;
    Ok(Drift {
        revisions,
        changes: diff(&history, &yours, false),
    })
}

/// One difference, from the database's side.
fn describe(c: &Change) -> String {
    match c {
        Change::TableCreated { table, .. } => {
            format!("table `{table}` exists in your database but in no revision")
        }
        Change::TableDropped { table, .. } => {
            format!("table `{table}` is missing from your database")
        }
        Change::ColumnAdded { table, column } => {
            format!("column `{table}.{column}` exists in your database but in no revision")
        }
        Change::ColumnDropped { table, column } => {
            format!("column `{table}.{column}` is missing from your database")
        }
        Change::ColumnChanged {
            table,
            column,
            before,
            after,
        } => format!(
            "column `{table}.{column}` is {after} in your database, {before} in the history"
        ),
        Change::IndexCreated { table, index } => {
            format!("index `{index}` on `{table}` exists in your database but in no revision")
        }
        Change::IndexDropped { table, index } => {
            format!("index `{index}` on `{table}` is missing from your database")
        }
        Change::DefinitionChanged { table } => format!(
            "table `{table}` is defined differently in your database (constraints or column order)"
        ),
        Change::ObjectCreated { kind, name } => {
            format!("{kind} `{name}` exists in your database but in no revision")
        }
        Change::ObjectDropped { kind, name } => {
            format!("{kind} `{name}` is missing from your database")
        }
        Change::ObjectChanged { kind, name } => {
            format!("{kind} `{name}` is defined differently in your database")
        }
        Change::RowsChanged { .. } => c.to_string(),
    }
}
