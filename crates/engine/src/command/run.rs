//! Running steps against the database: each step's script (`upgrade()` / `downgrade()`)
//! called with `op` bound to the step's context, the version table updated as Alembic's
//! `HeadMaintainer` does, what changed in the schema, and what Alembic would have left
//! behind when a step fails (`--atomic` rolls it all back instead).

use crate::Database;
use crate::runtime::{HeadMaintainer, Step, VersionChange, VersionTable};
use std::rc::Rc;

use retort_pyscript::{Interp, Value};

use crate::host::HostModules;
use crate::host::op::Operations;
use crate::inspect::{Change, Snapshot, copy_database, diff};
use crate::operations::{Executed, MigrationContext, Mode};
use crate::script::ScriptDirectory;

/// What one step did.
#[derive(Debug, Clone)]
pub struct AppliedStep {
    pub step: Step,
    /// Alembic's log line for the step (`Running upgrade a -> b, doc`).
    pub log: String,
    pub changes: Vec<VersionChange>,
    /// What the step's script printed.
    pub output: String,
    /// The statements the step ran (or wrote, offline), version table included.
    pub statements: Vec<Executed>,
    /// Warnings Alembic would print (e.g. constraints SQLite cannot ALTER in).
    pub warnings: Vec<String>,
}

/// A failed run: the message, and the steps that completed before it.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct RunError {
    pub message: String,
    pub applied: Vec<AppliedStep>,
    /// The script's exception (with its traceback), when the step's Python raised.
    pub script_error: Option<Box<retort_pyscript::Error>>,
    /// The function the revision lacks (`"downgrade"`), when that is why the step failed.
    pub missing_function: Option<&'static str>,
    pub failed_step: Option<Box<Step>>,
    /// What the failing step's script printed before it failed (Alembic's stdout has it).
    pub failed_output: String,
    /// In atomic mode, what the failing step would have left behind under Alembic (which
    /// commits DDL as it runs): the changes, and the version table's rows. Measured by
    /// replaying the step the Alembic way on a copy of the database.
    pub alembic_would_leave: Option<Box<AlembicLeftovers>>,
}

impl RunError {
    /// A run that failed before any step (planning, the version table).
    pub fn new(message: String) -> Self {
        RunError {
            message,
            applied: Vec::new(),
            script_error: None,
            missing_function: None,
            failed_step: None,
            failed_output: String::new(),
            alembic_would_leave: None,
        }
    }

    fn at(mut self, step: &Step) -> Self {
        self.failed_step = Some(Box::new(step.clone()));
        self
    }
}

/// What a failing step leaves under Alembic, compared with the database before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlembicLeftovers {
    pub changes: Vec<crate::inspect::Change>,
    pub version: Vec<String>,
}

impl AlembicLeftovers {
    /// `under Alembic this failure would leave table `x` created and alembic_version at abc`.
    pub fn sentence(&self, vt: &VersionTable) -> String {
        let version = if self.version.is_empty() {
            format!("{} empty", vt.name)
        } else {
            format!("{} at {}", vt.name, self.version.join(", "))
        };
        if self.changes.is_empty() {
            return format!(
                "under Alembic this failure would leave the schema unchanged and {version}"
            );
        }
        let changes: Vec<String> = self.changes.iter().map(|c| c.to_string()).collect();
        format!(
            "under Alembic this failure would leave {}, and {version}",
            changes.join(", ")
        )
    }
}

/// `MigrationStep.short_log`: `upgrade a -> b` (the `--sql` comment lines).
pub fn short_log(dir: &ScriptDirectory, step: &Step) -> String {
    let map = &dir.map;
    let (name, from, to) = match step {
        Step::Revision { rev, is_upgrade } => {
            let r = map.rev(*rev);
            let me = vec![r.revision.clone()];
            if *is_upgrade {
                ("upgrade", r.down_revision.clone(), me)
            } else {
                ("downgrade", me, r.down_revision.clone())
            }
        }
        Step::Stamp { from, to, .. } => ("stamp_revision", from.clone(), to.clone()),
    };
    format!("{name} {} -> {}", from.join(", "), to.join(", "))
}

/// `MigrationStep.__str__`: `upgrade a -> b, doc` (the log lines).
pub fn describe(dir: &ScriptDirectory, step: &Step) -> String {
    let short = short_log(dir, step);
    match step {
        Step::Revision { rev, .. } if !dir.scripts[*rev].doc().is_empty() => {
            format!("{short}, {}", dir.scripts[*rev].doc())
        }
        _ => short,
    }
}

/// Runs `steps` through `ctx`: each revision's `upgrade()`/`downgrade()` through the
/// interpreter with `op` bound to the context's operations, then the version-table changes.
/// `current` are the heads the run starts from (the version table's rows online, the
/// range's start offline); the version table is created first if there are none (online).
///
/// Transactions are the context's: in [`Mode::Alembic`](crate::operations::Mode::Alembic) each step is committed at its end
/// and a failing step rolls back only its data changes (pysqlite opens a transaction at the
/// first INSERT/UPDATE/DELETE; DDL before it is already committed); in [`Mode::Atomic`](crate::operations::Mode::Atomic) a
/// failing step rolls back whole.
pub fn run_steps(
    ctx: &Rc<MigrationContext>,
    dir: &ScriptDirectory,
    vt: &VersionTable,
    current: &[String],
    steps: &[Step],
) -> Result<Vec<AppliedStep>, RunError> {
    // With transactional DDL and no transaction per migration, Alembic runs the whole run
    // in one transaction, so a failure also takes back the steps before it: what it would
    // leave is measured from the database as the run found it.
    let whole_run =
        ctx.mode == Mode::Atomic && ctx.transactions.get().whole_run() && steps.len() > 1;
    let start = match whole_run {
        true => copy_database(&ctx.db).ok(),
        false => None,
    };
    let mut err = match run_steps_once(ctx, dir, vt, current, steps) {
        Ok(applied) => return Ok(applied),
        Err(e) => e,
    };
    // What Alembic would leave is said only where Alembic fails too: not for a gap in
    // Retort's own coverage.
    let retort_gap = err.script_error.as_ref().is_some_and(|e| e.retort_gap);
    if ctx.mode == Mode::Atomic
        && !retort_gap
        && let Some(step) = err.failed_step.clone()
    {
        let replay = match &start {
            Some(start) => copy_database(start).map(|db| (db, current.to_vec(), steps)),
            None => copy_database(&ctx.db).map(|db| {
                let heads = match err.applied.last() {
                    Some(_) => vt.heads(&ctx.db).unwrap_or_default(),
                    None => current.to_vec(),
                };
                (db, heads, std::slice::from_ref(&*step))
            }),
        };
        err.alembic_would_leave = replay
            .map_err(|e| e.to_string())
            .and_then(|(db, heads, steps)| alembic_leftovers(ctx, dir, vt, db, &heads, steps))
            .ok()
            .map(Box::new);
    }
    Err(err)
}

/// Replays `steps` from `heads` the Alembic way (with the run's transaction settings) on
/// `copy`, a copy of the database they start from, and reports what differs afterwards from
/// the database as it is now (atomic mode: as before the failing step).
fn alembic_leftovers(
    ctx: &Rc<MigrationContext>,
    dir: &ScriptDirectory,
    vt: &VersionTable,
    copy: Database,
    heads: &[String],
    steps: &[Step],
) -> Result<AlembicLeftovers, String> {
    let before = Snapshot::take(&ctx.db).map_err(|e| e.to_string())?;
    let copy = Rc::new(copy);
    let replay = MigrationContext::with_naming(copy.clone(), Mode::Alembic, ctx.naming.clone());
    replay.transactions.set(ctx.transactions.get());
    // The replay is expected to fail the same way; only the database it leaves matters.
    let _ = run_steps_once(&replay, dir, vt, heads, steps);
    let after = Snapshot::take(&copy).map_err(|e| e.to_string())?;
    Ok(AlembicLeftovers {
        changes: diff(&before, &after, true)
            .into_iter()
            .filter(|c| !matches!(c, Change::RowsChanged { table, .. } if *table == vt.name))
            .collect(),
        version: vt.heads(&copy).map_err(|e| e.to_string())?,
    })
}

/// Calls a revision's `upgrade` or `downgrade` function with `op` bound to `ctx`'s
/// operations, as Alembic's `Operations.context(...)` does; returns its result and what it
/// printed.
pub fn call_with_op(
    ctx: &Rc<MigrationContext>,
    modules: &HostModules,
    interp: &mut Interp,
    function: &Value,
) -> (Result<Value, Box<retort_pyscript::Error>>, String) {
    *modules.op_slot.borrow_mut() = Some(Operations::value(ctx.clone()));
    interp.reset_budget();
    let args = ctx.migration_args.borrow().clone();
    let r = interp.call_value(function, args);
    *modules.op_slot.borrow_mut() = None;
    (r, std::mem::take(&mut interp.output))
}

/// Python's `AttributeError` for a revision module without `upgrade` (or `downgrade`), as
/// Alembic meets it: the module is named after its file (`1a2b_x.py` is `1a2b_x_py`).
fn missing_function(
    script: &crate::script::Script,
    is_upgrade: bool,
) -> Option<Box<retort_pyscript::Error>> {
    let name = if is_upgrade { "upgrade" } else { "downgrade" };
    let code = script.code().ok()?;
    if code.globals.get(name).is_some() {
        return None;
    }
    let file = script.path.rsplit('/').next().unwrap_or(&script.path);
    let module: String = file
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let first_line = code
        .module
        .source
        .text
        .lines()
        .next()
        .unwrap_or("")
        .to_owned();
    Some(Box::new(retort_pyscript::Error {
        kind: retort_pyscript::ErrorKind::Exception {
            class: "AttributeError".into(),
        },
        message: format!("module '{module}' has no attribute '{name}'"),
        path: script.path.clone(),
        line: 1,
        column: 1,
        span_len: first_line.chars().count().max(1),
        source_line: first_line,
        hint: Some(format!(
            "the revision file defines no `{name}()`; Alembic needs one to run this step"
        )),
        retort_gap: false,
        traceback: Vec::new(),
    }))
}

/// Runs `steps` like [`run_steps`], without measuring what a failure would leave under
/// Alembic.
pub fn run_steps_once(
    ctx: &Rc<MigrationContext>,
    dir: &ScriptDirectory,
    vt: &VersionTable,
    current: &[String],
    steps: &[Step],
) -> Result<Vec<AppliedStep>, RunError> {
    let fail = |message: String, applied: &[AppliedStep]| RunError {
        applied: applied.to_vec(),
        ..RunError::new(message)
    };
    // Alembic resolves every step's `upgrade` / `downgrade` when it builds the plan: a
    // revision without the function fails the whole run before anything runs.
    for step in steps {
        if let Step::Revision { rev, is_upgrade } = step
            && let Some(error) = missing_function(&dir.scripts[*rev], *is_upgrade)
        {
            let mut err = fail(error.to_string().trim_end().to_owned(), &[]).at(step);
            err.script_error = Some(error);
            err.missing_function = Some(if *is_upgrade { "upgrade" } else { "downgrade" });
            return Err(err);
        }
    }
    if current.is_empty() && !ctx.as_sql() {
        vt.ensure(&ctx.db).map_err(|e| fail(e.to_string(), &[]))?;
    }
    let mut maintainer = HeadMaintainer::new(current);
    let mut applied = Vec::new();
    let tx = ctx.transactions.get();
    // Alembic's `begin_transaction()`: offline, transactional DDL writes its BEGIN/COMMIT;
    // online (not `--atomic`), one transaction for the whole run commits only at its end.
    let whole_run = tx.whole_run() && ctx.mode != Mode::Atomic;
    let script_per_migration = ctx.as_sql() && tx.transactional_ddl && tx.per_migration;
    if ctx.as_sql() && whole_run {
        ctx.static_output("BEGIN;");
    }
    for step in steps {
        let log_start = ctx.log.borrow().len();
        let mut output = String::new();
        if let Err(e) = ctx.begin_step() {
            return Err(fail(e.class_and_message().1, &applied).at(step));
        }
        if ctx.as_sql() {
            if script_per_migration {
                ctx.static_output("BEGIN;");
            }
            if maintainer.heads.is_empty() && applied.is_empty() {
                ctx.static_output(&format!("{};", vt.create_sql().replace('\t', "    ")));
            }
            ctx.static_output(&format!("-- Running {}", short_log(dir, step)));
        }
        if let Step::Revision { rev, is_upgrade } = step {
            let fname = if *is_upgrade { "upgrade" } else { "downgrade" };
            let script = &dir.scripts[*rev];
            let code = match script.code() {
                Ok(code) => code,
                Err(message) => {
                    ctx.rollback_step();
                    return Err(fail(message, &applied).at(step));
                }
            };
            let Some(f) = code.globals.get(fname) else {
                ctx.rollback_step();
                let mut err = fail(
                    format!("{}: the revision has no {fname}() function", script.path),
                    &applied,
                )
                .at(step);
                err.missing_function = Some(fname);
                return Err(err);
            };
            let (r, printed) = call_with_op(ctx, &dir.modules, &mut dir.interp.borrow_mut(), &f);
            output = printed;
            if ctx.as_sql() {
                // Offline, prints are part of the script (see `host::op::flush_prints`).
                ctx.output
                    .borrow_mut()
                    .push_str(&std::mem::take(&mut output));
            }
            if let Err(e) = r {
                ctx.rollback_step();
                let mut err = fail(e.to_string().trim_end().to_owned(), &applied).at(step);
                err.script_error = Some(e);
                err.failed_output = output;
                return Err(err);
            }
        }
        let changes = maintainer.update_to_step(&dir.map, step);
        for c in &changes {
            if ctx.as_sql() {
                ctx.static_output(&format!("{};", c.sql(&crate::sqlite::quote(&vt.name))));
                continue;
            }
            // The INSERT carries Alembic's `RETURNING version_num`: rows are read and dropped.
            let affected = match ctx.exec_counting(&c.sql(&crate::sqlite::quote(&vt.name))) {
                Ok(n) => n,
                Err(e) => {
                    ctx.rollback_step();
                    return Err(fail(e.class_and_message().1, &applied).at(step));
                }
            };
            let expected_one = matches!(c, VersionChange::Delete(_) | VersionChange::Update { .. });
            if expected_one && affected != 1 {
                ctx.rollback_step();
                let what = match c {
                    VersionChange::Delete(v) => format!("deleting '{v}'"),
                    VersionChange::Update { from, to } => format!("updating '{from}' to '{to}'"),
                    VersionChange::Insert(_) => unreachable!(),
                };
                return Err(fail(
                    format!(
                        "Online migration expected to match one row when {what} in '{}'; {affected} found",
                        vt.name
                    ),
                    &applied,
                )
                .at(step));
            }
        }
        if script_per_migration {
            ctx.static_output("COMMIT;");
        }
        if !whole_run && let Err(e) = ctx.commit_step() {
            ctx.rollback_step();
            return Err(fail(e.class_and_message().1, &applied).at(step));
        }
        applied.push(AppliedStep {
            step: step.clone(),
            log: describe(dir, step),
            changes,
            output,
            statements: ctx.log.borrow()[log_start..].to_vec(),
            warnings: std::mem::take(&mut *ctx.warnings.borrow_mut()),
        });
    }
    if whole_run {
        if ctx.as_sql() {
            ctx.static_output("COMMIT;");
        } else if let Err(e) = ctx.commit_step() {
            ctx.rollback_step();
            return Err(fail(e.class_and_message().1, &applied));
        }
    }
    Ok(applied)
}
