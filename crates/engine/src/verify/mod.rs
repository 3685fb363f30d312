//! `retort verify`: the migration guide's safety checklist, run on a throwaway database.
//!
//! One pass over the history, revision by revision, in upgrade order:
//! 1. every table gets a few generated rows (or keeps the rows of the database given);
//! 2. the upgrade runs in a transaction held open, so that its `op.*` calls (recorded with
//!    their file and line, `operations::OpCall`) can be looked at: when they could lose
//!    data or need a verdict, the transaction is rolled back, the rows of the tables they
//!    touch are read and the verdict queries run on the database as it was, then the step
//!    runs again and the rows are compared;
//! 3. the downgrade runs the same way, and the schema must be the one before the upgrade;
//! 4. the upgrade runs once more, and the schema must be the one after the first upgrade.
//!
//! Rules and their codes: [`rules`]. Nothing here knows a host: the CLI and the page render
//! [`Report`].

pub mod rules;
mod seed;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use rusqlite::types::Value;

use crate::Database;
use crate::command::{self, RunError, describe};
use crate::db::SchemaObject;
use crate::inspect::{Change, Snapshot, TableInfo, copy_database, diff, table_info};
use crate::operations::batch::BatchOp;
use crate::operations::{Executed, MigrationContext, Mode, Op, OpCall, Site};
use crate::runtime::{self, Step, VersionTable};
use crate::script::ScriptDirectory;
use crate::sql::schema::{ConstraintKind, IndexExpr, NamingConvention};
use crate::sqlite::quote;

pub use rules::{RULES, Rule, Severity};

/// One finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The revision it is about.
    pub revision: Option<String>,
    /// The step that shows it (`upgrade a -> b, message`).
    pub step: Option<String>,
    pub site: Option<Site>,
    /// More lines: a schema diff, an error message.
    pub detail: Vec<String>,
}

impl Finding {
    pub fn rule(&self) -> &'static Rule {
        rules::rule(self.code)
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    /// Rule codes not to report (the project's `[retort] disable = ...`, `--disable`).
    pub disabled: BTreeSet<String>,
    /// Rows to generate in every table (0: use only the rows the database has).
    pub rows: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            disabled: BTreeSet::new(),
            rows: 3,
        }
    }
}

impl Options {
    /// For a copy of a database with rows of its own: no generated rows.
    pub fn on_copy() -> Self {
        Options {
            rows: 0,
            ..Options::default()
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// Revisions in the project.
    pub revisions: usize,
    /// Revisions whose upgrade ran.
    pub checked: usize,
    /// Why the pass stopped early, if it did.
    pub stopped: Option<String>,
    /// What the pass could not do (a table it could not fill, ...).
    pub notes: Vec<String>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Verifies the history from the database's current revision (an empty database: from
/// base) to the heads. The database is changed: give it a throwaway one (or a copy).
pub fn verify(
    dir: &ScriptDirectory,
    vt: &VersionTable,
    naming: &NamingConvention,
    db: Rc<Database>,
    opts: &Options,
) -> Report {
    let mut v = Verifier {
        dir,
        vt,
        naming,
        db,
        opts,
        report: Report {
            revisions: dir.scripts.len(),
            ..Report::default()
        },
        seeded: HashMap::new(),
        suppress: Suppressions::read(dir),
        cache: Default::default(),
    };
    v.graph();
    let current = vt.heads(&v.db).unwrap_or_default();
    let steps = match runtime::upgrade_steps(&dir.map, "heads", &current) {
        Ok(s) => s,
        Err(e) => {
            v.report.stopped = Some(e);
            return v.report;
        }
    };
    for step in steps {
        let Step::Revision { rev, .. } = step else {
            continue;
        };
        v.report.checked += 1;
        if !v.revision(rev) {
            v.report.stopped = Some(format!(
                "stopped at {}: later revisions build on it",
                dir.map.rev(rev).revision
            ));
            break;
        }
    }
    v.report
}

/// `sqlite_master`: every row, and the user's objects sorted (what the round trip compares).
#[derive(Debug, PartialEq)]
struct Schema {
    all: Vec<SchemaObject>,
    user: Vec<SchemaObject>,
}

struct Verifier<'a> {
    dir: &'a ScriptDirectory,
    vt: &'a VersionTable,
    naming: &'a NamingConvention,
    db: Rc<Database>,
    opts: &'a Options,
    report: Report,
    /// Tables given rows, by name, with the DDL they had then.
    seeded: HashMap<String, String>,
    suppress: Suppressions,
    cache: std::cell::RefCell<Option<(i64, Rc<Schema>)>>,
}

/// What one run of a step did.
struct Ran {
    calls: Vec<OpCall>,
    statements: Vec<Executed>,
    /// It changed rows (INSERT / UPDATE / DELETE other than the version table's).
    dml: bool,
    result: Result<(), Box<RunError>>,
}

/// The rows of one table.
#[derive(Debug, Clone)]
struct Image {
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl<'a> Verifier<'a> {
    // ---- reporting ---------------------------------------------------------------------

    fn push(&mut self, rev: Option<usize>, step: Option<&Step>, f: Finding) {
        if self.opts.disabled.contains(f.code) {
            return;
        }
        let path = f
            .site
            .as_ref()
            .map(|s| s.path.clone())
            .or_else(|| rev.map(|r| self.dir.scripts[r].path.clone()));
        if let Some(p) = &path
            && self
                .suppress
                .silenced(p, f.site.as_ref().map(|s| s.line), f.code)
        {
            return;
        }
        let mut f = f;
        if f.revision.is_none() {
            f.revision = rev.map(|r| self.dir.map.rev(r).revision.clone());
        }
        if f.step.is_none() {
            f.step = step.map(|s| describe(self.dir, s));
        }
        if !self.report.findings.contains(&f) {
            self.report.findings.push(f);
        }
    }

    fn finding(&self, code: &'static str, message: String, site: Option<Site>) -> Finding {
        Finding {
            code,
            severity: rules::rule(code).severity,
            message,
            revision: None,
            step: None,
            site,
            detail: Vec::new(),
        }
    }

    /// A finding about a failed run: the error's first line in `message`, the rest as
    /// detail, at the script's line (else `fallback`).
    fn failure(
        &self,
        code: &'static str,
        message: String,
        e: &RunError,
        fallback: Option<Site>,
    ) -> Finding {
        let mut f = self.finding(code, message, error_site(e).or(fallback));
        f.detail = detail_lines(&e.message);
        f
    }

    /// Where `def <function>` is in the revision's file.
    fn def_site(&self, rev: usize, function: &str) -> Option<Site> {
        let script = &self.dir.scripts[rev];
        let text = script.text();
        let needle = format!("def {function}(");
        text.lines().enumerate().find_map(|(i, l)| {
            l.find(&needle).map(|col| Site {
                path: script.path.clone(),
                line: i + 1,
                column: col + 1,
            })
        })
    }

    // ---- the graph ---------------------------------------------------------------------

    fn graph(&mut self) {
        let map = &self.dir.map;
        let heads: Vec<usize> = map.iter().filter(|&i| map.rev(i).is_head()).collect();
        if heads.len() > 1 {
            let ids: Vec<String> = heads.iter().map(|&i| map.rev(i).revision.clone()).collect();
            let mut f = self.finding(
                "RT001",
                format!(
                    "{} heads: {} (`alembic upgrade head` fails; merge them)",
                    heads.len(),
                    ids.join(", ")
                ),
                None,
            );
            f.detail = heads
                .iter()
                .map(|&i| {
                    format!(
                        "{}  {}",
                        self.dir.scripts[i].path,
                        self.dir.scripts[i].doc()
                    )
                })
                .collect();
            self.push(None, None, f);
        }
        let bases: Vec<usize> = map
            .iter()
            .filter(|&i| map.rev(i).is_base() && map.rev(i).branch_labels.is_empty())
            .collect();
        if bases.len() > 1 {
            for &i in &bases[1..] {
                let r = map.rev(i);
                let f = self.finding(
                    "RT002",
                    format!(
                        "revision {} has no parent, like {}: a second history (an orphan?)",
                        r.revision,
                        map.rev(bases[0]).revision
                    ),
                    self.down_revision_site(i),
                );
                self.push(Some(i), None, f);
            }
        }
    }

    fn down_revision_site(&self, rev: usize) -> Option<Site> {
        let script = &self.dir.scripts[rev];
        script
            .text()
            .lines()
            .enumerate()
            .find(|(_, l)| l.trim_start().starts_with("down_revision"))
            .map(|(i, _)| Site {
                path: script.path.clone(),
                line: i + 1,
                column: 1,
            })
    }

    // ---- running -----------------------------------------------------------------------

    /// Runs one step in atomic mode; with `hold`, a successful step's transaction is left
    /// open (the caller commits or rolls back).
    fn run(&self, step: &Step, hold: bool) -> Ran {
        let ctx = MigrationContext::with_naming(self.db.clone(), Mode::Atomic, self.naming.clone());
        ctx.hold.set(hold);
        let current = self.vt.heads(&self.db).unwrap_or_default();
        let result = command::run_steps_once(
            &ctx,
            self.dir,
            self.vt,
            &current,
            std::slice::from_ref(step),
        )
        .map(|_| ())
        .map_err(Box::new);
        let statements = ctx.log.take();
        let dml = statements
            .iter()
            .any(|s| crate::sqlite::is_dml(&s.sql) && !s.sql.contains(&self.vt.name));
        Ran {
            calls: ctx.calls.take(),
            statements,
            dml,
            result,
        }
    }

    fn sql(&self, sql: &str) {
        let _ = self.db.execute_batch(sql);
    }

    /// `sqlite_master` as it is now, every object, read again only when SQLite's schema
    /// cookie moved (a 1,000-revision history has thousands of objects).
    fn objects(&self) -> Rc<Schema> {
        let version: i64 = self
            .db
            .connection()
            .query_row("PRAGMA schema_version", [], |r| r.get(0))
            .unwrap_or(-1);
        if let Some((v, s)) = &*self.cache.borrow()
            && *v == version
        {
            return s.clone();
        }
        let all = self.db.schema().unwrap_or_default();
        let mut user: Vec<SchemaObject> = all
            .iter()
            .filter(|o| !o.name.starts_with("sqlite_") && o.table != self.vt.name)
            .cloned()
            .collect();
        user.sort_by(|a, b| (&a.kind, &a.name).cmp(&(&b.kind, &b.name)));
        let s = Rc::new(Schema { all, user });
        *self.cache.borrow_mut() = Some((version, s.clone()));
        s
    }

    fn tables(&self) -> Vec<String> {
        self.objects()
            .user
            .iter()
            .filter(|o| o.kind == "table")
            .map(|o| o.name.clone())
            .collect()
    }

    /// The tables whose foreign keys reference `table` (SQLite's own catalog), sorted.
    fn referencing(&self, table: &str) -> Vec<String> {
        let conn = self.db.connection();
        let Ok(mut stmt) = conn.prepare(
            "SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f \
             WHERE m.type = 'table' AND m.name != ?1 AND f.\"table\" = ?1 COLLATE NOCASE \
             ORDER BY m.name",
        ) else {
            return Vec::new();
        };
        stmt.query_map([table], |r| r.get(0))
            .map(|rows| rows.filter_map(Result::ok).collect())
            .unwrap_or_default()
    }

    /// Gives rows to tables that are new (or were recreated) and empty.
    fn seed(&mut self) {
        if self.opts.rows == 0 {
            return;
        }
        let schema = self.objects();
        let objects = &schema.all;
        let fresh: Vec<&SchemaObject> = objects
            .iter()
            .filter(|o| {
                o.kind == "table"
                    && !o.name.starts_with("sqlite_")
                    && o.name != self.vt.name
                    && self.seeded.get(&o.name) != o.sql.as_ref()
            })
            .collect();
        let mut pending: Vec<TableInfo> = Vec::new();
        for o in fresh {
            self.seeded
                .insert(o.name.clone(), o.sql.clone().unwrap_or_default());
            if let Ok(t) = table_info(&self.db, o, objects) {
                pending.push(t);
            }
        }
        // Parents before children; whatever is left (cycles) in any order.
        while !pending.is_empty() {
            let ready = pending
                .iter()
                .position(|t| {
                    !t.foreign_keys.iter().any(|fk| {
                        fk.referred_table != t.name
                            && pending.iter().any(|p| p.name == fk.referred_table)
                    })
                })
                .unwrap_or(0);
            let t = pending.remove(ready);
            if t.rows > 0 {
                continue;
            }
            if let Err(e) = seed::fill(&self.db, &t, self.opts.rows) {
                self.report.notes.push(format!(
                    "could not generate rows for table `{}`: {e}",
                    t.name
                ));
            }
        }
    }

    /// Columns the upgrade added get values where they are NULL (generated rows only).
    fn fill_added_columns(&mut self, ran: &Ran) {
        if self.opts.rows == 0 {
            return;
        }
        let schema = self.objects();
        let objects = &schema.all;
        for c in &ran.calls {
            let (table, column) = match &*c.op {
                Op::AddColumn { table, column, .. }
                | Op::Batch {
                    table,
                    op: BatchOp::AddColumn { column, .. },
                } => (table, &column.name),
                _ => continue,
            };
            let Some(o) = objects
                .iter()
                .find(|o| o.kind == "table" && o.name == *table)
            else {
                continue;
            };
            if let Ok(t) = table_info(&self.db, o, objects) {
                let _ = seed::fill_column(&self.db, &t, column);
            }
        }
    }

    fn image(&self, table: &str) -> Option<Image> {
        let conn = self.db.connection();
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {}", quote(table)))
            .ok()?;
        let columns: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
        let n = columns.len();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| r.get::<_, Value>(i).map(|v| format!("{v:?}")))
                    .collect::<rusqlite::Result<Vec<String>>>()
            })
            .ok()?
            .collect::<rusqlite::Result<Vec<_>>>()
            .ok()?;
        Some(Image { columns, rows })
    }

    fn images(&self, tables: &BTreeSet<String>) -> BTreeMap<String, Image> {
        tables
            .iter()
            .filter_map(|t| self.image(t).map(|i| (t.clone(), i)))
            .collect()
    }

    /// `SELECT count(*)` of a table (`None` if it does not exist).
    fn row_count(&self, table: &str) -> Option<i64> {
        self.count(&format!("SELECT count(*) FROM {}", quote(table)))
    }

    fn count(&self, sql: &str) -> Option<i64> {
        self.db
            .connection()
            .query_row(sql, [], |r| r.get::<_, Option<i64>>(0))
            .ok()
            .flatten()
    }

    /// `rowids 1, 2, 5` of the first rows matching `condition`.
    fn rowids(&self, table: &str, condition: &str) -> String {
        let sql = format!(
            "SELECT rowid FROM {} WHERE {condition} ORDER BY rowid LIMIT 6",
            quote(table)
        );
        let conn = self.db.connection();
        let Ok(mut stmt) = conn.prepare(&sql) else {
            return String::new();
        };
        let ids: Vec<String> = stmt
            .query_map([], |r| r.get::<_, i64>(0))
            .map(|rows| rows.filter_map(Result::ok).map(|i| i.to_string()).collect())
            .unwrap_or_default();
        if ids.is_empty() {
            return String::new();
        }
        let more = if ids.len() > 5 { ", ..." } else { "" };
        format!(
            " (rowids {}{more})",
            ids.iter().take(5).cloned().collect::<Vec<_>>().join(", ")
        )
    }

    // ---- one revision ------------------------------------------------------------------

    /// Checks one revision; `false` when later revisions cannot be checked.
    fn revision(&mut self, rev: usize) -> bool {
        let up = Step::Revision {
            rev,
            is_upgrade: true,
        };
        let down = Step::Revision {
            rev,
            is_upgrade: false,
        };
        self.seed();
        let schema_before = self.objects();
        let Some(up_run) = self.step(rev, &up) else {
            return false;
        };
        let schema_after = self.objects();
        self.seed();
        self.fill_added_columns(&up_run);

        // Downgrade. It usually touches the tables the upgrade touched: their rows are read
        // now, so that the downgrade need not be rolled back and run again to read them (a
        // rollback of DDL makes SQLite parse the whole schema again).
        let tables_now = self.tables();
        let guess = touched(&up_run, &tables_now);
        let pre = self.images(&guess);
        let down_run = self.run(&down, true);
        if let Err(e) = &down_run.result {
            self.lint_downgrade(rev, &down, &down_run.calls);
            let message = error_message(e);
            // The script itself says it cannot go back (`raise NotImplementedError`), or
            // has no downgrade; an op that SQLite refuses is a failure (RT005).
            let raised_here = e
                .script_error
                .as_ref()
                .is_some_and(|s| s.source_line.trim_start().starts_with("raise"));
            let irreversible = raised_here || message.contains("has no downgrade() function");
            let f = if irreversible {
                let m = format!("downgrade of {} cannot run: {message}", self.id(rev));
                self.failure("RT008", m, e, self.def_site(rev, "downgrade"))
            } else {
                let m = format!("downgrade fails: {message}");
                self.failure("RT005", m, e, self.def_site(rev, "downgrade"))
            };
            self.push(Some(rev), Some(&down), f);
            return true;
        }
        let down_run = if !needs_data(&down_run) {
            self.sql("COMMIT");
            down_run
        } else if touched(&down_run, &tables_now).is_subset(&guess) {
            let after = self.images(&guess);
            self.sql("COMMIT");
            self.data_findings(rev, &down, &down_run, &pre, &after, &[], false);
            down_run
        } else {
            self.sql("ROLLBACK");
            self.with_data(rev, &down, down_run, false)
        };
        self.lint_downgrade(rev, &down, &down_run.calls);
        let schema_down = self.objects();
        if schema_down.user != schema_before.user {
            let SchemaDiff { changes, reordered } =
                schema_changes(&schema_before.user, &schema_down.user, &self.db, self.vt);
            for (table, before, after) in reordered {
                let mut f = self.finding(
                    "RT003",
                    format!(
                        "downgrade of {} restores the columns of `{table}` in another order",
                        self.id(rev)
                    ),
                    self.def_site(rev, "downgrade"),
                );
                f.severity = Severity::Info;
                f.detail = vec![
                    format!("before the upgrade: {}", before.join(", ")),
                    format!("after the downgrade: {}", after.join(", ")),
                    "batch_op.add_column(..., insert_after=\"...\") puts a column back where it was".into(),
                ];
                self.push(Some(rev), Some(&down), f);
            }
            let did_nothing = !down_run
                .statements
                .iter()
                .any(|s| !s.sql.contains(&self.vt.name));
            if !changes.is_empty() {
                let mut f = if did_nothing {
                    self.finding(
                        "RT008",
                        format!(
                            "downgrade of {} does nothing, but the upgrade changed the schema",
                            self.id(rev)
                        ),
                        self.def_site(rev, "downgrade"),
                    )
                } else {
                    self.finding(
                        "RT003",
                        format!(
                            "downgrade of {} does not restore the schema: {}",
                            self.id(rev),
                            summarize(&changes)
                        ),
                        self.def_site(rev, "downgrade"),
                    )
                };
                f.detail = changes
                    .iter()
                    .map(|c| format!("after the downgrade: {c}"))
                    .collect();
                self.push(Some(rev), Some(&down), f);
            }
        }
        let up_exec = up_run.calls.iter().find(|c| matches!(*c.op, Op::Execute));
        if let Some(call) = up_exec
            && !down_run.calls.iter().any(|c| matches!(*c.op, Op::Execute))
        {
            let f = self.finding(
                "RT108",
                "upgrade runs SQL with execute(); the downgrade runs none".into(),
                call.site.clone(),
            );
            self.push(Some(rev), Some(&up), f);
        }

        // Upgrade again.
        let down_tables: BTreeSet<String> = schema_down
            .user
            .iter()
            .filter(|o| o.kind == "table")
            .map(|o| o.name.clone())
            .collect();
        let again = self.run(&up, false);
        if let Err(e) = &again.result {
            let m = format!(
                "upgrading {} again after its downgrade fails: {}",
                self.id(rev),
                error_message(e)
            );
            let f = self.failure("RT004", m, e, self.def_site(rev, "upgrade"));
            self.push(Some(rev), Some(&up), f);
            return false;
        }
        // Tables the second upgrade created afresh get rows again.
        for t in self.tables() {
            if !down_tables.contains(&t) {
                self.seeded.remove(&t);
            }
        }
        if self.objects().user != schema_after.user {
            let SchemaDiff { changes, .. } =
                schema_changes(&schema_after.user, &self.objects().user, &self.db, self.vt);
            if !changes.is_empty() {
                let mut f = self.finding(
                    "RT004",
                    format!(
                        "upgrading {} again after its downgrade gives another schema: {}",
                        self.id(rev),
                        summarize(&changes)
                    ),
                    self.def_site(rev, "upgrade"),
                );
                f.detail = changes
                    .iter()
                    .map(|c| format!("second upgrade: {c}"))
                    .collect();
                self.push(Some(rev), Some(&up), f);
            }
        }
        true
    }

    fn id(&self, rev: usize) -> String {
        self.dir.map.rev(rev).revision.clone()
    }

    /// The upgrade: run held, lint, look at the data. `None` when it fails.
    fn step(&mut self, rev: usize, up: &Step) -> Option<Ran> {
        let ran = self.run(up, true);
        if let Err(e) = &ran.result {
            // Rolled back: the verdicts read the database as the step found it.
            self.lint(rev, up, &ran);
            let fallback = ran
                .calls
                .last()
                .and_then(|c| c.site.clone())
                .or_else(|| self.def_site(rev, "upgrade"));
            let m = format!("upgrade fails: {}", error_message(e));
            let f = self.failure("RT005", m, e, fallback);
            self.push(Some(rev), Some(up), f);
            return None;
        }
        if !needs_data(&ran) {
            self.sql("COMMIT");
            self.lint(rev, up, &ran);
            return Some(ran);
        }
        self.sql("ROLLBACK");
        self.lint(rev, up, &ran);
        Some(self.with_data(rev, up, ran, true))
    }

    /// Runs a held step again on the database as it was before it (the caller rolled
    /// back) and reports what it did to the rows of the tables its calls touch.
    fn with_data(&mut self, rev: usize, step: &Step, first: Ran, upgrade: bool) -> Ran {
        let touched = touched(&first, &self.tables());
        let before = self.images(&touched);
        let ran = self.run(step, true);
        if ran.result.is_err() {
            // Not deterministic: report what the first run saw.
            return first;
        }
        let mut after_tables = touched.clone();
        let mut renames = Vec::new();
        for c in &ran.calls {
            if let Op::RenameTable { old, new } = &*c.op {
                after_tables.insert(new.clone());
                renames.push((old.clone(), new.clone()));
            }
        }
        let after = self.images(&after_tables);
        self.sql("COMMIT");
        self.data_findings(rev, step, &ran, &before, &after, &renames, upgrade);
        ran
    }

    #[allow(clippy::too_many_arguments)]
    fn data_findings(
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
                if !upgrade || !linted(ran, "RT101", table, None) {
                    losses.push(format!("table `{table}` ({})", rows(b.rows.len())));
                }
                continue;
            };
            for (i, c) in b.columns.iter().enumerate() {
                if a.columns.contains(c) {
                    continue;
                }
                let values = b.rows.iter().filter(|r| r[i] != "Null").count();
                if values > 0 && (!upgrade || !linted(ran, "RT102", table, Some(c))) {
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
                    "RT006",
                    format!("upgrade deletes {}", losses.join(", ")),
                    site.clone(),
                );
                self.push(Some(rev), Some(step), f);
            }
            if !changed.is_empty() {
                let mut f = self.finding(
                    "RT006",
                    format!("upgrade changes values of {}", changed.join(", ")),
                    site,
                );
                f.severity = Severity::Info;
                self.push(Some(rev), Some(step), f);
            }
        } else if !losses.is_empty() {
            let f = self.finding(
                "RT007",
                format!("downgrade of {} loses {}", self.id(rev), losses.join(", ")),
                site.or_else(|| self.def_site(rev, "downgrade")),
            );
            self.push(Some(rev), Some(step), f);
        }
    }

    // ---- lint --------------------------------------------------------------------------

    fn lint_downgrade(&mut self, rev: usize, down: &Step, calls: &[OpCall]) {
        for c in calls {
            if let Some(f) = self.outside_batch(c) {
                self.push(Some(rev), Some(down), f);
            }
        }
    }

    fn outside_batch(&self, c: &OpCall) -> Option<Finding> {
        let message = match &*c.op {
            Op::AlterConstraint { op: name } => {
                format!("op.{name}() outside batch mode: SQLite cannot ALTER constraints")
            }
            Op::AlterColumn(a)
                if a.nullable.is_some() || a.type_.is_some() || a.server_default.is_some() =>
            {
                let mut what = Vec::new();
                if a.type_.is_some() {
                    what.push("its type");
                }
                if a.nullable.is_some() {
                    what.push("its nullability");
                }
                if a.server_default.is_some() {
                    what.push("its default");
                }
                format!(
                    "op.alter_column(\"{}\", \"{}\") changes {} outside batch mode: SQLite cannot ALTER COLUMN",
                    a.table,
                    a.column,
                    what.join(" and ")
                )
            }
            _ => return None,
        };
        Some(self.finding("RT105", message, c.site.clone()))
    }

    /// The lint rules over an upgrade's calls. The database is as the step found it.
    fn lint(&mut self, rev: usize, up: &Step, ran: &Ran) {
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
                Op::DropTable { table, .. } => {
                    let t = &table.name;
                    let n = self.row_count(t);
                    let verdict = match n {
                        Some(0) => " (empty here)".to_owned(),
                        Some(n) => format!(": {} lost", rows(n as usize)),
                        None => String::new(),
                    };
                    out.push(self.finding("RT101", format!("drops table `{t}`{verdict}"), site));
                }
                Op::DropColumn { table, column, .. }
                | Op::Batch {
                    table,
                    op: BatchOp::DropColumn { name: column, .. },
                } => out.push(self.drop_column(table, column, site)),
                Op::AddColumn { table, column, .. } if adds_null_column(column) => {
                    out.push(self.finding(
                        "RT103",
                        format!(
                            "adds NOT NULL column `{table}.{}` without a server_default: SQLite refuses it (\"Cannot add a NOT NULL column with default value NULL\")",
                            column.name
                        ),
                        site,
                    ));
                }
                Op::Batch {
                    table,
                    op: BatchOp::AddColumn { column, .. },
                } if adds_null_column(column) && !recreated(table) => {
                    out.push(self.finding(
                        "RT103",
                        format!(
                            "adds NOT NULL column `{table}.{}` without a server_default: batch mode uses ALTER here, and SQLite refuses it (\"Cannot add a NOT NULL column with default value NULL\")",
                            column.name
                        ),
                        site,
                    ));
                }
                Op::Batch {
                    table,
                    op: BatchOp::AddColumn { column, .. },
                } if adds_null_column(column) => {
                    let n = self.row_count(table).unwrap_or(0);
                    let verdict = if n == 0 {
                        "the table is empty here; the copy fails as soon as it has rows".to_owned()
                    } else {
                        format!(
                            "fails on {} existing {}{}",
                            n,
                            plural_word(n as usize, "row"),
                            self.rowids(table, "1")
                        )
                    };
                    out.push(self.finding(
                        "RT103",
                        format!(
                            "adds NOT NULL column `{table}.{}` without a server_default: {verdict}",
                            column.name
                        ),
                        site,
                    ));
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
                    if a.nullable == Some(false) && a.server_default.is_none() {
                        let cond = format!("{} IS NULL", quote(&a.column));
                        let n = self
                            .count(&format!(
                                "SELECT count(*) FROM {} WHERE {cond}",
                                quote(&table)
                            ))
                            .unwrap_or(0);
                        if n > 0 {
                            out.push(self.finding(
                                "RT103",
                                format!(
                                    "makes `{table}.{}` NOT NULL: fails on {} where it is NULL{}",
                                    a.column,
                                    rows(n as usize),
                                    self.rowids(&table, &cond)
                                ),
                                site.clone(),
                            ));
                        }
                    }
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
                    let referencing = backticked(&self.referencing(old));
                    if !referencing.is_empty() {
                        out.push(self.finding(
                            "RT110",
                            format!(
                                "renames table `{old}` to `{new}`; foreign keys of {referencing} reference it"
                            ),
                            site,
                        ));
                    }
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

    fn drop_column(&self, table: &str, column: &str, site: Option<Site>) -> Finding {
        let q = quote(column);
        let values = self.count(&format!("SELECT count({q}) FROM {}", quote(table)));
        let verdict = match values {
            Some(0) => " (no values here)".to_owned(),
            Some(n) => format!(": {} lost", plural(n as usize, "value")),
            None => String::new(),
        };
        self.finding(
            "RT102",
            format!("drops column `{table}.{column}`{verdict}"),
            site,
        )
    }

    fn unique(
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
            "RT107",
            format!(
                "{what} on `{table}` ({}) over existing rows: {verdict}",
                cols.join(", ")
            ),
            site,
        ))
    }

    fn narrowing(
        &self,
        table: &str,
        column: &str,
        new: &crate::sql::types::SqlType,
        site: Option<Site>,
    ) -> Option<Finding> {
        let new_decl = crate::sqlite::render_type(new).ok()?;
        let old_decl: String = self
            .db
            .connection()
            .query_row(
                "SELECT type FROM pragma_table_xinfo(?1) WHERE name = ?2",
                [table, column],
                |r| r.get(0),
            )
            .ok()?;
        let (old, new_t) = (TypeShape::of(&old_decl), TypeShape::of(&new_decl));
        let q = quote(column);
        let (why, cond) = match (old, new_t) {
            (TypeShape::Text(o), TypeShape::Text(Some(n))) if o.is_none_or(|o| n < o) => {
                (format!("{n} characters"), format!("length({q}) > {n}"))
            }
            (TypeShape::Text(_), TypeShape::Integer(_) | TypeShape::Real) => (
                "a number".to_owned(),
                format!("{q} IS NOT NULL AND typeof({q}) = 'text'"),
            ),
            (TypeShape::Real, TypeShape::Integer(_)) => (
                "an integer".to_owned(),
                format!("{q} IS NOT NULL AND {q} != CAST({q} AS INTEGER)"),
            ),
            (TypeShape::Integer(o), TypeShape::Integer(n)) if n < o => (
                format!("{} bits", n),
                format!(
                    "{q} IS NOT NULL AND abs({q}) > {}",
                    (1i64 << (n - 1).min(62)) - 1
                ),
            ),
            _ => return None,
        };
        let n = self
            .count(&format!(
                "SELECT count(*) FROM {} WHERE {cond}",
                quote(table)
            ))
            .unwrap_or(0);
        let verdict = if n == 0 {
            "every value here fits".to_owned()
        } else {
            format!(
                "{} {} not fit{}",
                plural(n as usize, "value"),
                if n == 1 { "does" } else { "do" },
                self.rowids(table, &cond)
            )
        };
        Some(self.finding(
            "RT104",
            format!("narrows `{table}.{column}` from {old_decl} to {new_decl} ({why}): {verdict}"),
            site,
        ))
    }

    /// RT106: the batch rebuild of `table`, replayed on a copy with foreign keys enforced.
    fn rebuild_referenced(&self, table: &str, up: &Step, site: Option<Site>) -> Option<Finding> {
        let referencing = self.referencing(table);
        if referencing.is_empty() {
            return None;
        }
        let copy = Rc::new(copy_database(&self.db).ok()?);
        copy.execute_batch("PRAGMA foreign_keys = ON").ok()?;
        let counts = |db: &Database| -> BTreeMap<String, i64> {
            referencing
                .iter()
                .filter_map(|t| {
                    db.connection()
                        .query_row(&format!("SELECT count(*) FROM {}", quote(t)), [], |r| {
                            r.get::<_, i64>(0)
                        })
                        .ok()
                        .map(|n| (t.to_string(), n))
                })
                .collect()
        };
        let before = counts(&copy);
        let ctx = MigrationContext::with_naming(copy.clone(), Mode::Atomic, self.naming.clone());
        let current = self.vt.heads(&copy).unwrap_or_default();
        let r =
            command::run_steps_once(&ctx, self.dir, self.vt, &current, std::slice::from_ref(up));
        let list = backticked(&referencing);
        let verdict = match r {
            Err(e) => format!(
                "with PRAGMA foreign_keys=ON the step fails: {}",
                error_message(&e)
            ),
            Ok(_) => {
                let after = counts(&copy);
                let lost: Vec<String> = before
                    .iter()
                    .filter_map(|(t, b)| {
                        let a = after.get(t).copied().unwrap_or(0);
                        (a < *b).then(|| format!("{} of `{t}`", rows((b - a) as usize)))
                    })
                    .collect();
                if lost.is_empty() {
                    "with PRAGMA foreign_keys=ON no row is lost here".to_owned()
                } else {
                    format!(
                        "with PRAGMA foreign_keys=ON the rebuild deletes {} (ON DELETE CASCADE)",
                        lost.join(", ")
                    )
                }
            }
        };
        Some(self.finding(
            "RT106",
            format!("batch mode rebuilds `{table}`, which {list} reference: {verdict}"),
            site,
        ))
    }

    /// RT109: a SELECT without WHERE or LIMIT run through the connection.
    fn whole_table_reads(&self, ran: &Ran) -> Vec<Finding> {
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
                    "RT109",
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

/// The shape of a declared type, for narrowing.
#[derive(Clone, Copy, Debug)]
enum TypeShape {
    /// Character types, with their length if any.
    Text(Option<u64>),
    /// Integer types, by bits.
    Integer(u32),
    Real,
    Other,
}

impl TypeShape {
    fn of(decl: &str) -> TypeShape {
        let up = decl.to_ascii_uppercase();
        let len = up
            .split_once('(')
            .and_then(|(_, r)| r.trim_end_matches(')').split(',').next())
            .and_then(|n| n.trim().parse().ok());
        if up.contains("BOOL") {
            TypeShape::Integer(1)
        } else if up.contains("SMALLINT") {
            TypeShape::Integer(16)
        } else if up.contains("BIGINT") {
            TypeShape::Integer(64)
        } else if up.contains("INT") {
            TypeShape::Integer(32)
        } else if up.contains("CHAR") || up.contains("TEXT") || up.contains("CLOB") {
            TypeShape::Text(len)
        } else if up.contains("REAL")
            || up.contains("FLOA")
            || up.contains("DOUB")
            || up.contains("NUMERIC")
            || up.contains("DECIMAL")
        {
            TypeShape::Real
        } else {
            TypeShape::Other
        }
    }
}

/// Whether a step's calls need the rows of the database before it: they may lose data or
/// the lint needs a verdict from the rows.
fn needs_data(ran: &Ran) -> bool {
    ran.dml
        || ran.calls.iter().any(|c| match &*c.op {
            Op::CreateTable { .. }
            | Op::AlterConstraint { .. }
            | Op::DropIndex { .. }
            | Op::CreateTableComment { .. }
            | Op::DropTableComment { .. }
            | Op::BulkInsert { .. } => false,
            Op::CreateIndex { index, .. } => index.unique,
            Op::AddColumn { column, .. } => adds_null_column(column),
            _ => true,
        })
}

/// The tables whose rows a step may change.
fn touched(ran: &Ran, tables: &[String]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for c in &ran.calls {
        match &*c.op {
            Op::Execute => {}
            Op::DropTable { table, .. } => {
                out.insert(table.name.clone());
            }
            Op::RenameTable { old, .. } => {
                out.insert(old.clone());
            }
            Op::AddColumn { table, .. }
            | Op::DropColumn { table, .. }
            | Op::Batch { table, .. } => {
                out.insert(table.clone());
            }
            Op::CreateIndex { index, .. } => {
                out.insert(index.table.clone());
            }
            Op::AlterColumn(a) => {
                out.insert(a.table.clone());
            }
            Op::CreateTable { .. }
            | Op::AlterConstraint { .. }
            | Op::DropIndex { .. }
            | Op::CreateTableComment { .. }
            | Op::DropTableComment { .. }
            | Op::BulkInsert { .. } => {}
        }
    }
    if ran.dml || ran.calls.iter().any(|c| matches!(*c.op, Op::Execute)) {
        out.extend(tables.iter().cloned());
    }
    out.retain(|t| tables.contains(t));
    out
}

fn adds_null_column(c: &crate::sql::schema::Column) -> bool {
    !c.nullable && c.server_default.is_none() && !c.primary_key
}

/// Whether a lint already reported the loss (so RT006 does not repeat it).
fn linted(ran: &Ran, code: &str, table: &str, column: Option<&str>) -> bool {
    ran.calls.iter().any(|c| match (&*c.op, code) {
        (Op::DropTable { table: t, .. }, "RT101") => t.name == table,
        (
            Op::DropColumn {
                table: t,
                column: col,
                ..
            },
            "RT102",
        )
        | (
            Op::Batch {
                table: t,
                op: BatchOp::DropColumn { name: col, .. },
            },
            "RT102",
        ) => t == table && Some(col.as_str()) == column,
        _ => false,
    })
}

/// The statements that the `i`-th call of a run ran (up to the next call).
fn call_statements(ran: &Ran, i: usize) -> &[Executed] {
    let end = ran
        .calls
        .get(i + 1)
        .map_or(ran.statements.len(), |n| n.log_index);
    ran.statements
        .get(ran.calls[i].log_index..end)
        .unwrap_or(&[])
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

/// `` `a`, `b` ``.
fn backticked(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
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

/// How a schema differs from another.
#[derive(Default)]
struct SchemaDiff {
    changes: Vec<Change>,
    /// Tables with the same columns in another order: (table, before, after).
    reordered: Vec<(String, Vec<String>, Vec<String>)>,
}

/// DDL without quoting and layout: `CREATE TABLE "t" (\n\tid INTEGER, ...` and
/// `CREATE TABLE t (id INTEGER, ...` read the same.
fn normalized_ddl(sql: &str) -> String {
    sql.chars()
        .filter(|c| !matches!(c, '"' | '`' | '[' | ']') && !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The schema changes between `before` (sqlite_master rows) and the database now, as the
/// page shows them (rebuilt from the DDL on a scratch database). A table whose DDL differs
/// only in quoting and layout is the same table; one whose columns only moved is reported
/// apart.
fn schema_changes(
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

fn summarize(changes: &[Change]) -> String {
    let mut s: Vec<String> = changes.iter().take(3).map(|c| c.to_string()).collect();
    if changes.len() > 3 {
        s.push(format!("and {} more", changes.len() - 3));
    }
    s.join(", ")
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or("").trim().to_owned()
}

/// The error without its location (the finding carries it): `OperationalError: ...`.
fn error_message(e: &RunError) -> String {
    match &e.script_error {
        Some(s) => first_line(&s.headline()),
        None => first_line(&e.message),
    }
}

fn detail_lines(message: &str) -> Vec<String> {
    message.lines().skip(1).map(str::to_owned).collect()
}

fn error_site(e: &RunError) -> Option<Site> {
    let s = e.script_error.as_ref()?;
    Some(Site {
        path: s.path.clone(),
        line: s.line,
        column: s.column,
    })
}

fn rows(n: usize) -> String {
    plural(n, "row")
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {}", plural_word(n, word))
}

fn plural_word(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

/// `# retort: disable=RT101,RT102` comments: on a line of their own, for the whole file;
/// after code, for that line.
#[derive(Debug, Default)]
struct Suppressions {
    files: HashMap<String, BTreeSet<String>>,
    lines: HashMap<(String, usize), BTreeSet<String>>,
}

impl Suppressions {
    fn read(dir: &ScriptDirectory) -> Suppressions {
        let mut s = Suppressions::default();
        for script in &dir.scripts {
            for (i, line) in script.text().lines().enumerate() {
                let Some(at) = line.find("# retort: disable=") else {
                    continue;
                };
                let codes: BTreeSet<String> = line[at + 18..]
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|c| !c.is_empty())
                    .map(|c| {
                        rules::find(c)
                            .map(|r| r.code.to_owned())
                            .unwrap_or_else(|| c.to_owned())
                    })
                    .collect();
                if line[..at].trim().is_empty() {
                    s.files
                        .entry(script.path.clone())
                        .or_default()
                        .extend(codes);
                } else {
                    s.lines
                        .entry((script.path.clone(), i + 1))
                        .or_default()
                        .extend(codes);
                }
            }
        }
        s
    }

    fn silenced(&self, path: &str, line: Option<usize>, code: &str) -> bool {
        self.files.get(path).is_some_and(|c| c.contains(code))
            || line.is_some_and(|l| {
                self.lines
                    .get(&(path.to_owned(), l))
                    .is_some_and(|c| c.contains(code))
            })
    }
}
