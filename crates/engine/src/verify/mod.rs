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

mod lint;
pub mod rules;
mod schema;
mod seed;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use rusqlite::types::Value;

use crate::Database;
use crate::command::{self, RunError, describe};
use crate::db::SchemaObject;
use crate::inspect::{TableInfo, table_info};
use crate::operations::batch::BatchOp;
use crate::operations::{Executed, MigrationContext, Mode, Op, OpCall, Site};
use crate::runtime::{self, Step, VersionTable};
use crate::script::ScriptDirectory;
use crate::sql::schema::NamingConvention;
use crate::sqlite::quote;
use rules::{Code, adds_null_column};

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
    /// env.py's `target_metadata`, autogenerate's settings and callables: the models are
    /// compared with the database at head (RT009).
    pub models: Option<(
        Vec<crate::sql::schema::Table>,
        crate::autogenerate::Options,
        Option<crate::env::EnvHooksRef>,
    )>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            disabled: BTreeSet::new(),
            rows: 3,
            models: None,
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
    // From an empty database with generated rows, a revision the pass cannot go on from can
    // be replayed past; a user's own database cannot be built again.
    let replayable = current.is_empty() && opts.rows > 0;
    let steps = match runtime::upgrade_steps(&dir.map, "heads", &current) {
        Ok(s) => s,
        Err(e) => {
            v.report.stopped = Some(e);
            return v.report;
        }
    };
    for (i, step) in steps.iter().enumerate() {
        let Step::Revision { rev, .. } = *step else {
            continue;
        };
        v.report.checked += 1;
        let id = &dir.map.rev(rev).revision;
        match v.revision(rev) {
            Next::Continue => {}
            Next::Replay if replayable => match v.replay(&steps[..=i]) {
                Ok(()) => v.report.notes.push(format!(
                    "{id}: upgrading it again after its downgrade failed; the pass went on from the database its first upgrade gives (the history replayed from the base, with new rows)"
                )),
                Err(e) => {
                    v.report.stopped = Some(format!(
                        "stopped at {id}: upgrading it again failed, and so did replaying the history to it: {e}"
                    ));
                    break;
                }
            },
            Next::Replay | Next::Stop => {
                v.report.stopped = Some(format!("stopped at {id}: later revisions build on it"));
                break;
            }
        }
    }
    if v.report.stopped.is_none() {
        v.models_match();
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

/// Where the pass goes after a revision.
enum Next {
    Continue,
    /// Its upgrade failed: later revisions build on what it did not do.
    Stop,
    /// Its second upgrade failed: the database is neither before nor after it.
    Replay,
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

    fn finding(&self, code: Code, message: String, site: Option<Site>) -> Finding {
        Finding {
            code: code.as_str(),
            severity: rules::rule(code.as_str()).severity,
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
        code: Code,
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
        self.multiple_heads();
        self.multiple_bases();
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
    /// A fresh database with `steps` run on it, in place of the pass's: the state the last
    /// one's first upgrade left, to go on from. Rows are generated again as the pass goes.
    fn replay(&mut self, steps: &[Step]) -> Result<(), String> {
        let db = Rc::new(Database::open_in_memory().map_err(|e| e.to_string())?);
        let ctx = MigrationContext::with_naming(db.clone(), Mode::Atomic, self.naming.clone());
        command::run_steps_once(&ctx, self.dir, self.vt, &[], steps).map_err(|e| e.message)?;
        self.db = db;
        self.seeded.clear();
        *self.cache.borrow_mut() = None;
        Ok(())
    }

    fn revision(&mut self, rev: usize) -> Next {
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
            return Next::Stop;
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
            self.downgrade_fails(rev, &down, e);
            return Next::Continue;
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
        self.round_trip(rev, &down, &down_run, &schema_before, &schema_down);
        self.execute_without_counterpart(rev, &up, &up_run, &down_run);

        // Upgrade again.
        let down_tables: BTreeSet<String> = schema_down
            .user
            .iter()
            .filter(|o| o.kind == "table")
            .map(|o| o.name.clone())
            .collect();
        let again = self.run(&up, false);
        if let Err(e) = &again.result {
            self.re_upgrade_fails(rev, &up, e);
            return Next::Replay;
        }
        // Tables the second upgrade created afresh get rows again.
        for t in self.tables() {
            if !down_tables.contains(&t) {
                self.seeded.remove(&t);
            }
        }
        self.re_upgrade(rev, &up, &schema_after);
        Next::Continue
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
            self.upgrade_fails(rev, up, &ran, e);
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
}

/// Whether a step's calls need the rows of the database before it: they may lose data or
/// the lint needs a verdict from the rows.
fn needs_data(ran: &Ran) -> bool {
    ran.dml
        || ran.calls.iter().any(|c| match &*c.op {
            Op::CreateTable { .. }
            | Op::AlterConstraint { .. }
            | Op::AddConstraint { .. }
            | Op::DropConstraint { .. }
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
            | Op::AddConstraint { .. }
            | Op::DropConstraint { .. }
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

/// `` `a`, `b` ``.
fn backticked(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
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
