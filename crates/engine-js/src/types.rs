//! The values that cross to JavaScript: plain objects, their TypeScript types derived by
//! tsify. They are the package's surface, kept apart from the engine's own types (which
//! can change without breaking a user's code) and built from them here.

use std::collections::BTreeMap;

use retort_engine::inspect::Snapshot;
use retort_engine::session::{RevisionItem, RunReport, StepFailure, StepReport};
use retort_engine::verify::{self, Report};
use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::error::Location;

/// A project's files: path (`alembic.ini`, `migrations/env.py`, ...) to text.
#[derive(Tsify, Serialize, Deserialize, Default)]
#[tsify(hashmap_as_object)]
pub struct Files(pub BTreeMap<String, String>);

/// One revision, as `alembic history` lists it (newest first).
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Revision {
    pub revision: String,
    /// Its parents (`down_revision`): none for a base, two or more for a merge.
    pub down_revisions: Vec<String>,
    /// The first line of its docstring (the `-m` message).
    pub doc: String,
    pub path: String,
    pub branch_labels: Vec<String>,
    pub is_head: bool,
    pub is_merge: bool,
    pub is_branch_point: bool,
}

impl From<RevisionItem> for Revision {
    fn from(r: RevisionItem) -> Revision {
        Revision {
            revision: r.revision,
            down_revisions: r.down_revision,
            doc: r.doc,
            path: r.path,
            branch_labels: r.branch_labels,
            is_head: r.is_head,
            is_merge: r.is_merge,
            is_branch_point: r.is_branch_point,
        }
    }
}

/// What going to a revision would run, without running it.
#[derive(Tsify, Serialize)]
pub struct Plan {
    #[tsify(type = "\"upgrade\" | \"downgrade\"")]
    pub direction: &'static str,
    /// Alembic's log line of each step (`upgrade a -> b, message`), in order.
    pub steps: Vec<String>,
}

/// One statement a step ran.
#[derive(Tsify, Serialize)]
pub struct Statement {
    pub sql: String,
    /// How many times it ran (once per parameter set of an `executemany`).
    pub runs: usize,
}

/// One step that ran (and was committed).
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// Alembic's log line: `upgrade a -> b, message`.
    pub description: String,
    pub statements: Vec<Statement>,
    /// What changed in the schema and rows, a sentence each (``table `users` created``).
    pub changes: Vec<String>,
    /// What the step's script printed.
    pub output: String,
    pub warnings: Vec<String>,
    /// The rows of `alembic_version` after the step.
    pub version: Vec<String>,
    /// What `--sql` writes for this step, or why it cannot be written (`offlineError`).
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offline_sql: Option<String>,
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offline_error: Option<String>,
}

impl From<StepReport> for Step {
    fn from(s: StepReport) -> Step {
        let (offline_sql, offline_error) = match s.offline {
            Ok(sql) => (Some(sql), None),
            Err(e) => (None, Some(e)),
        };
        Step {
            description: s.description,
            statements: s
                .statements
                .into_iter()
                .map(|e| Statement {
                    sql: e.sql,
                    runs: e.runs,
                })
                .collect(),
            changes: s.changes.iter().map(ToString::to_string).collect(),
            output: s.output,
            warnings: s.warnings,
            version: s.version,
            offline_sql,
            offline_error,
        }
    }
}

/// The step that failed: rolled back whole, the database as it was before it.
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The error as `retort` prints it (for a script error: file:line:column, the line, a
    /// caret, the hint).
    pub message: String,
    /// Where it points, when that is one of the project's files (1-based line and column),
    /// and what to do about it, when Retort knows (the fields of a `RetortError`).
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// What the step would have left behind under Alembic, which commits DDL as it runs.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alembic_would_leave: Option<String>,
    /// What the step's script printed before it failed.
    pub output: String,
}

impl Failure {
    pub fn new(f: StepFailure, paths: &[String]) -> Failure {
        let Location {
            file,
            line,
            column,
            hint,
        } = Location::find(&f.message, paths);
        Failure {
            file,
            line,
            column,
            hint,
            description: f.description,
            message: f.message,
            alembic_would_leave: f.alembic_would_leave,
            output: f.output,
        }
    }
}

/// What `upgrade` / `downgrade` / `stamp` did: the steps that ran, and the one that failed.
#[derive(Tsify, Serialize)]
pub struct RunResult {
    pub steps: Vec<Step>,
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<Failure>,
}

impl RunResult {
    pub fn new(r: RunReport, paths: &[String]) -> RunResult {
        RunResult {
            steps: r.steps.into_iter().map(Step::from).collect(),
            failure: r.failure.map(|f| Failure::new(f, paths)),
        }
    }
}

/// One column, as `PRAGMA table_xinfo` reports it.
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    pub name: String,
    /// The declared type (`VARCHAR(50)`), as written in the `CREATE TABLE`.
    #[serde(rename = "type")]
    pub decl_type: String,
    pub not_null: bool,
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// 1-based position in the primary key, 0 if not part of it.
    pub primary_key: u32,
}

#[derive(Tsify, Serialize)]
pub struct Index {
    pub name: String,
    pub unique: bool,
    pub columns: Vec<String>,
    /// Absent for the indexes SQLite makes itself (for a UNIQUE or PRIMARY KEY).
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sql: Option<String>,
}

#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub referred_table: String,
    pub referred_columns: Vec<String>,
    pub on_delete: String,
    pub on_update: String,
}

#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Table {
    pub name: String,
    /// The `CREATE TABLE` text SQLite keeps.
    pub sql: String,
    pub columns: Vec<Column>,
    pub indexes: Vec<Index>,
    pub foreign_keys: Vec<ForeignKey>,
    pub rows: u64,
}

/// One row of `sqlite_master`.
#[derive(Tsify, Serialize)]
pub struct SchemaObject {
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub tbl_name: String,
    /// The DDL exactly as SQLite keeps it; absent for automatic indexes.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sql: Option<String>,
}

/// The database's schema: its tables (the version table too) and `sqlite_master`.
#[derive(Tsify, Serialize)]
pub struct Schema {
    pub tables: Vec<Table>,
    pub master: Vec<SchemaObject>,
}

impl Schema {
    pub fn new(snapshot: Snapshot, master: Vec<retort_engine::SchemaObject>) -> Schema {
        Schema {
            tables: snapshot
                .tables
                .into_iter()
                .map(|t| Table {
                    name: t.name,
                    sql: t.sql,
                    columns: t
                        .columns
                        .into_iter()
                        .map(|c| Column {
                            name: c.name,
                            decl_type: c.decl_type,
                            not_null: c.not_null,
                            default: c.default,
                            primary_key: c.pk,
                        })
                        .collect(),
                    indexes: t
                        .indexes
                        .into_iter()
                        .map(|i| Index {
                            name: i.name,
                            unique: i.unique,
                            columns: i.columns,
                            sql: i.sql,
                        })
                        .collect(),
                    foreign_keys: t
                        .foreign_keys
                        .into_iter()
                        .map(|f| ForeignKey {
                            columns: f.columns,
                            referred_table: f.referred_table,
                            referred_columns: f.referred_columns,
                            on_delete: f.on_delete,
                            on_update: f.on_update,
                        })
                        .collect(),
                    rows: t.rows,
                })
                .collect(),
            master: master
                .into_iter()
                .map(|o| SchemaObject {
                    kind: o.kind,
                    name: o.name,
                    tbl_name: o.table,
                    sql: o.sql,
                })
                .collect(),
        }
    }
}

/// What a read-only query returned: values rendered as text (`NULL` for null).
#[derive(Tsify, Serialize)]
pub struct QueryResult {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Tsify, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct VerifyOptions {
    /// On a copy of this database, from its revision, with its rows (else: from base, on a
    /// throwaway database with generated rows).
    #[serde(default)]
    #[tsify(optional)]
    pub from_here: bool,
}

/// One finding of `verify` (the rules: docs/rules.md).
#[derive(Tsify, Serialize)]
pub struct VerifyFinding {
    pub code: &'static str,
    #[tsify(type = "\"error\" | \"warning\" | \"info\"")]
    pub severity: &'static str,
    pub message: String,
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    /// The step that shows it (`upgrade a -> b, message`).
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// Where it points, when that is one of the project's files (1-based line and column),
    /// and what to do about it, when Retort knows (the fields of a `RetortError`).
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// More lines: a schema diff, an error message.
    pub detail: Vec<String>,
}

impl From<verify::Finding> for VerifyFinding {
    fn from(f: verify::Finding) -> VerifyFinding {
        let Location {
            file,
            line,
            column,
            hint,
        } = f.site.map(Location::from).unwrap_or_default();
        VerifyFinding {
            file,
            line,
            column,
            hint,
            code: f.code,
            severity: f.severity.as_str(),
            message: f.message,
            revision: f.revision,
            step: f.step,
            detail: f.detail,
        }
    }
}

/// `retort verify`'s report.
#[derive(Tsify, Serialize)]
pub struct VerifyReport {
    pub findings: Vec<VerifyFinding>,
    /// Revisions in the project, and those whose upgrade ran.
    pub revisions: usize,
    pub checked: usize,
    /// Why the pass stopped early, if it did.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
    pub notes: Vec<String>,
}

impl From<Report> for VerifyReport {
    fn from(r: Report) -> VerifyReport {
        VerifyReport {
            findings: r.findings.into_iter().map(VerifyFinding::from).collect(),
            revisions: r.revisions,
            checked: r.checked,
            stopped: r.stopped,
            notes: r.notes,
        }
    }
}

#[derive(Tsify, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct RevisionOptions {
    /// The new revision's id (12 random hex digits if not given).
    #[serde(default)]
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rev_id: Option<String>,
    /// When it was made, in milliseconds since the epoch (`Date.now()` if not given).
    #[serde(default)]
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<f64>,
}

/// A revision file `revision` or `autogenerate` wrote (nothing is added to the project).
#[derive(Tsify, Serialize)]
pub struct NewRevision {
    pub path: String,
    pub text: String,
    /// What Alembic logs while autogenerating (`Detected added column 'users.email'`).
    pub log: Vec<String>,
}
