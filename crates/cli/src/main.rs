//! `retort`: the Alembic command line, over the Retort engine.
//!
//! Argument types live in `args`; `project` reads a project from disk; `main` dispatches one
//! verb to one engine command. Only this crate knows clap, the file system and the terminal.

mod args;

// A faster allocator than glibc's for the many small allocations of parsing and evaluating
// thousands of revision files (benchmarks in docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
mod generate;
mod project;
mod review;
mod verify;

use generate::new_revision;

use std::io::Write;
use std::process::ExitCode;

use args::{Cli, Command};
use clap::Parser;
use std::rc::Rc;

use retort_engine::Database;
use retort_engine::command;
use retort_engine::env::{EnvInput, EnvSettings, EnvUrl, install_step_context, read_env};
use retort_engine::operations::{MigrationContext, Mode};
use retort_engine::runtime::{self, VersionTable};

/// `mi_option_purge_delay` in mimalloc 3's `mimalloc.h` (the -sys crate names no constant).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // A command lives for a fraction of a second: memory mimalloc gives back to the system
    // (after 10 ms by default) is only faulted in again, each page zeroed by the kernel.
    // Measured on a 100,000-row data migration: a sixth of the run, gone with this.
    // SAFETY: sets an option before any other thread runs; mimalloc reads it on purging.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    let mut cli = Cli::parse();
    cli.normalize();
    let raiseerr = cli.raiseerr;
    let quiet = cli.quiet;
    let messages_only = cli.command.prints_messages_only();
    // The interpreter recurses per Python call; give it the stack its limits assume.
    let worker = std::thread::Builder::new()
        .stack_size(retort_pyscript::STACK_SIZE)
        .spawn(move || run(&cli));
    let result = match worker {
        Ok(handle) => handle
            .join()
            .unwrap_or_else(|_| Err(Failure::Command("internal error (panic)".into()))),
        Err(e) => Err(Failure::Command(format!(
            "cannot start the worker thread: {e}"
        ))),
    };
    match result {
        Ok(out) => {
            // `-q` silences what Alembic prints as messages (`Config.print_stdout`,
            // `util.msg`), not what a script printed, `--sql` output or the log.
            if !(quiet && messages_only) {
                let mut stdout = std::io::stdout().lock();
                let _ = stdout.write_all(out.as_bytes());
            }
            ExitCode::SUCCESS
        }
        Err(Failure::Command(err)) if raiseerr => {
            // `--raiseerr`: Alembic lets the CommandError propagate, so Python prints a
            // traceback ending in the exception and exits 1. Retort has no Python frames to
            // show, only the last line.
            eprintln!(
                "Traceback (most recent call last):\n  (Alembic's frames: Retort is not Python)\nalembic.util.exc.CommandError: {err}"
            );
            ExitCode::from(1)
        }
        Err(Failure::Command(err)) => {
            // Alembic logs the CommandError (`ERROR [alembic.util.messaging] ...`, seen once
            // env.py configured logging: when its INFO lines were printed), then prints
            // `FAILED: <message>` (not with `-q`) and exits 255; Retort keeps the words and
            // the code but writes `FAILED` to stderr (docs/divergences/cli.md).
            if LOGGING.load(std::sync::atomic::Ordering::Relaxed) {
                eprintln!("ERROR [alembic.util.messaging] {err}");
            }
            if !quiet {
                eprintln!("FAILED: {err}");
            }
            ExitCode::from(255)
        }
        Err(Failure::Findings(out)) => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(out.as_bytes());
            ExitCode::from(1)
        }
        Err(Failure::Script(traceback)) => {
            // An exception in a revision script: Python prints its traceback and exits 1.
            eprintln!("{}", traceback.trim_end());
            ExitCode::from(1)
        }
    }
}

/// Why a command failed.
enum Failure {
    /// Alembic's `CommandError`: `FAILED: ...`, exit 255.
    Command(String),
    /// An exception raised while a revision script ran: a traceback, exit 1.
    Script(String),
    /// `verify` found problems: its report goes to stdout, exit 1.
    Findings(String),
}

impl From<String> for Failure {
    fn from(s: String) -> Self {
        Failure::Command(s)
    }
}

impl From<project::LoadError> for Failure {
    fn from(e: project::LoadError) -> Self {
        match e {
            project::LoadError::Command(m) => Failure::Command(m),
            project::LoadError::Script(traceback, _) => Failure::Script(traceback),
        }
    }
}

impl From<&str> for Failure {
    fn from(s: &str) -> Self {
        Failure::Command(s.to_owned())
    }
}

/// Runs one verb; returns what goes to stdout.
fn run(cli: &Cli) -> Result<String, Failure> {
    match &cli.command {
        Command::Heads {
            verbose,
            resolve_dependencies,
        } => {
            let p = project::load(cli)?;
            command::heads(&p.dir, *verbose, *resolve_dependencies).map_err(Failure::from)
        }
        Command::History {
            rev_range,
            verbose,
            indicate_current,
        } => {
            let needs_db =
                *indicate_current || rev_range.as_deref().is_some_and(|r| r.contains("current"));
            let p = if needs_db {
                load_after_env(cli, Then::Read)?
            } else {
                project::load(cli)?
            };
            let current = if needs_db {
                Some(version_rows(cli, p)?)
            } else {
                None
            };
            command::history(
                &p.dir,
                rev_range.as_deref(),
                *verbose,
                current.as_deref(),
                *indicate_current,
            )
            .map_err(Failure::from)
        }
        Command::Branches { verbose } => {
            let p = project::load(cli)?;
            command::branches(&p.dir, *verbose).map_err(Failure::from)
        }
        Command::Show { rev } => {
            let p = if rev == "current" {
                load_after_env(cli, Then::Read)?
            } else {
                project::load(cli)?
            };
            let current = if rev == "current" {
                Some(version_rows(cli, p)?)
            } else {
                None
            };
            command::show(&p.dir, rev, current.as_deref()).map_err(Failure::from)
        }
        Command::Current { verbose } => {
            let p = load_after_env(cli, Then::Read)?;
            let rows = version_rows(cli, p)?;
            command::current(
                &p.dir,
                &rows,
                p.config.sqlalchemy_url.as_deref().unwrap_or(""),
                *verbose,
            )
            .map_err(Failure::from)
        }
        Command::Upgrade(a) | Command::Downgrade(a) if a.sql => {
            if a.copy_of.is_some() {
                return Err(
                    "--copy-of runs the migrations on a copy; with --sql nothing runs".into(),
                );
            }
            let p = load_after_env(cli, Then::Offline)?;
            let (heads, steps) =
                runtime::offline_plan(&p.dir.map, direction(&cli.command), &a.revision)?;
            offline(cli, p, &heads, &steps)
        }
        Command::Upgrade(a) | Command::Downgrade(a) => {
            if a.revision.contains(':') {
                return Err("Range revision not allowed".into());
            }
            let verb = match direction(&cli.command) {
                runtime::Direction::Downgrade => command::Verb::Downgrade(&a.revision),
                _ => command::Verb::Upgrade(&a.revision),
            };
            let mode = if a.atomic {
                Mode::Atomic
            } else {
                Mode::Alembic
            };
            match (&a.copy_of, &a.to) {
                (Some(from), Some(to)) => {
                    let copy = copy_for_run(from, to)?;
                    online_on(cli, verb, mode, Some(copy))
                }
                _ => online(cli, verb, mode),
            }
        }
        Command::Stamp {
            revisions,
            sql: true,
            ..
        } => {
            // As Alembic: `start:dest` ranges give the script's starting revision (one only).
            let mut start: Option<String> = None;
            let mut dests = Vec::new();
            for r in revisions {
                let dest = match r.split_once(':') {
                    Some((s, d)) => {
                        match &start {
                            None => start = Some(s.to_owned()),
                            Some(prev) if prev != s => {
                                return Err("Stamp operation with --sql only supports a single starting revision at a time".into());
                            }
                            Some(_) => {}
                        }
                        d.to_owned()
                    }
                    None => r.clone(),
                };
                dests.push(dest);
            }
            let p = project::load(cli)?;
            let heads = runtime::start_heads(&p.dir.map, start.as_deref())?;
            let steps = runtime::stamp_steps(&p.dir.map, &dests, &heads)?;
            offline(cli, p, &heads, &steps)
        }
        Command::EnsureVersion { sql } => {
            let p = project::load(cli)?;
            let env = env_settings(cli, p, *sql);
            if *sql {
                log("Context impl SQLiteImpl.");
                log("Generating static SQL");
                log(env.transactions.describe());
                return Ok(format!(
                    "{};\n\n",
                    env.version_table.create_sql().replace('\t', "    ")
                ));
            }
            let db = open_db(cli, p, &env)?;
            env.version_table.ensure(&db).map_err(|e| e.to_string())?;
            log("Context impl SQLiteImpl.");
            log(env.transactions.describe());
            Ok(String::new())
        }
        Command::Stamp {
            revisions, purge, ..
        } => online(
            cli,
            command::Verb::Stamp {
                revisions,
                purge: *purge,
            },
            Mode::Alembic,
        ),
        Command::Revision {
            autogenerate: true,
            sql: true,
            ..
        } => Err("Using --sql with --autogenerate does not make any sense".into()),
        Command::Revision { sql: true, .. } => not_yet("revision --sql", 6),
        Command::Revision {
            message,
            head,
            splice,
            branch_label,
            version_path,
            rev_id,
            depends_on,
            autogenerate,
            ..
        } => {
            let p = project::load(cli)?;
            let (mut message, mut rev_id) = (message.clone(), rev_id.clone());
            let bodies = match autogenerate {
                true => {
                    // Alembic makes the id first: env.py's process_revision_directives may
                    // change it, or empty the directives (then nothing is written).
                    let id = match rev_id.take() {
                        Some(id) => id,
                        None => generate::random_rev_id()?,
                    };
                    let (a, directive) = autogenerated(cli, p, &id, message.as_deref())?;
                    let Some((id, m)) = directive else {
                        return Ok(String::new());
                    };
                    (rev_id, message) = (Some(id), m);
                    Some((a.upgrades, a.downgrades, a.imports))
                }
                false => None,
            };
            new_revision(
                p,
                generate::Request {
                    message,
                    heads: vec![head.clone().unwrap_or_else(|| "head".into())],
                    splice: *splice,
                    branch_label: branch_label.clone(),
                    version_path: version_path.clone(),
                    rev_id,
                    depends_on: depends_on.clone(),
                    bodies,
                },
            )
            .map_err(Failure::from)
        }
        Command::Merge {
            revisions,
            message,
            branch_label,
            rev_id,
            splice,
        } => {
            let p = project::load(cli)?;
            new_revision(
                p,
                generate::Request {
                    message: message.clone(),
                    heads: revisions.clone(),
                    splice: *splice,
                    branch_label: branch_label.clone(),
                    version_path: None,
                    rev_id: rev_id.clone(),
                    depends_on: Vec::new(),
                    bodies: None,
                },
            )
            .map_err(Failure::from)
        }
        Command::Share {
            rev,
            base,
            base_url,
        } => {
            let p = project::load(cli)?;
            let fragment = match base {
                Some(base) => review::Pull::read(cli, p, base)?.fragment(),
                None => {
                    // The revision must exist here: a link to nowhere helps no reviewer.
                    runtime::upgrade_steps(&p.dir.map, rev, &[])?;
                    let files = project::shareable_files(cli, p)?;
                    retort_engine::share::encode(&files, Some(rev))
                }
            };
            if fragment.len() > retort_engine::share::MAX_FRAGMENT {
                eprintln!(
                    "retort: warning: the link is {} KB; some browsers and chat tools cut links this long",
                    fragment.len() / 1024
                );
            }
            Ok(format!("{}#{fragment}\n", base_url.trim_end_matches('#')))
        }
        Command::Verify(a) => match verify::run(cli, a)? {
            (out, false) => Ok(out),
            (out, true) => Err(Failure::Findings(out)),
        },
        Command::Review(a) => match review::run(cli, a)? {
            (out, false) => Ok(out),
            (out, true) => Err(Failure::Findings(out)),
        },
        Command::Drift { db, format } => drift(cli, db.as_deref(), format),
        Command::Check => {
            let p = project::load(cli)?;
            let (a, _) = autogenerated(cli, p, "", None)?;
            if a.is_empty() {
                Ok("No new upgrade operations detected.\n".into())
            } else {
                // Alembic's `AutogenerateDiffsDetected`, a CommandError: `FAILED: ...`.
                Err(Failure::Command(format!(
                    "New upgrade operations detected: [{}]",
                    a.diffs.join(", ")
                )))
            }
        }
        Command::Init { .. } | Command::ListTemplates | Command::Edit { .. } => Err(format!(
            "`{}` is not part of Retort: it manages files, not migrations; use alembic for it",
            cli.command.name()
        )
        .into()),
    }
}

/// `retort drift`: the database against its history replayed to the revisions it names.
fn drift(cli: &Cli, file: Option<&str>, format: &str) -> Result<String, Failure> {
    if !matches!(format, "human" | "json") {
        return Err(format!("--format {format}: use human or json").into());
    }
    let p = project::load_code(cli)?;
    let env = env_settings(cli, p, false);
    let path = match file {
        Some(f) => std::path::PathBuf::from(f),
        None => project::sqlite_path(&database_url(cli, p, &env)?)?
            .ok_or("drift compares a database file; the configured URL is an in-memory database")?,
    };
    let db = read_only(&path)?;
    let d = retort_engine::drift::drift(&p.dir, &env.version_table, &env.naming, &db)?;
    let differences = d.differences();
    let at = if d.revisions.is_empty() {
        "base".to_owned()
    } else {
        d.revisions.join(", ")
    };
    let name = path.display();
    let out = if format == "json" {
        serde_json::to_string_pretty(&serde_json::json!({
            "database": name.to_string(),
            "revisions": d.revisions,
            "differences": differences,
        }))
        .unwrap()
            + "\n"
    } else if differences.is_empty() {
        format!("No drift: {name} is what its history makes at {at}.\n")
    } else {
        let mut out = format!(
            "{name} differs from what its history makes at {at} ({} difference{}):\n",
            differences.len(),
            if differences.len() == 1 { "" } else { "s" }
        );
        for d in &differences {
            out.push_str(&format!("  - {d}\n"));
        }
        out
    };
    if differences.is_empty() {
        Ok(out)
    } else {
        Err(Failure::Findings(out))
    }
}

/// A SQLite file opened for reading only (never created).
fn read_only(path: &std::path::Path) -> Result<Database, String> {
    if !path.exists() {
        return Err(format!("{}: no such database file", path.display()));
    }
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Database::from_connection(conn))
}

/// `--copy-of FILE --to OUT`: OUT made a copy of FILE (SQLite's backup: a consistent copy
/// whatever FILE's journal), for the run to change; FILE is only read.
fn copy_for_run(from: &str, to: &str) -> Result<std::path::PathBuf, String> {
    let out = std::path::PathBuf::from(to);
    if out.exists() {
        return Err(format!(
            "--to {to}: the file exists; the copy is written to a new file (remove it, or choose another)"
        ));
    }
    let src = read_only(std::path::Path::new(from))?;
    let mut dst = rusqlite::Connection::open(&out).map_err(|e| format!("{to}: {e}"))?;
    rusqlite::backup::Backup::new(src.connection(), &mut dst)
        .and_then(|b| b.step(-1).map(|_| ()))
        .map_err(|e| format!("copying {from} to {to}: {e}"))?;
    Ok(out)
}

/// `upgrade`, `downgrade` or `stamp` on the configured database (or on `copy`, a copy made
/// by `--copy-of`).
fn online(cli: &Cli, verb: command::Verb, mode: Mode) -> Result<String, Failure> {
    online_on(cli, verb, mode, None)
}

fn online_on(
    cli: &Cli,
    verb: command::Verb,
    mode: Mode,
    copy: Option<std::path::PathBuf>,
) -> Result<String, Failure> {
    let p = if copy.is_none() {
        load_after_env(cli, Then::Write)?
    } else {
        project::load_code(cli)?
    };
    let env = env_settings(cli, p, false);
    let (db, url) = match copy {
        Some(path) => (
            Rc::new(Database::from_connection(
                rusqlite::Connection::open(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?,
            )),
            format!("sqlite:///{}", path.display()),
        ),
        None => (Rc::new(open_db(cli, p, &env)?), database_url(cli, p, &env)?),
    };
    let ctx = env.migration_context(db.clone(), mode);
    *ctx.url.borrow_mut() = url;
    let vt = &env.version_table;
    // Only `RETORT_TRACE` needs to know (a query of its own otherwise spared).
    let creates_table =
        std::env::var_os("RETORT_TRACE").is_some() && vt.heads(&db).is_ok_and(|h| h.is_empty());
    start(&ctx);
    let result = command::migrate(&ctx, &p.dir, vt, verb);
    report(p, &ctx, vt, creates_table, result)
}

/// Before a run: Alembic's first log lines (the implementation, the transaction setting);
/// `RETORT_ECHO` / `RETORT_TRACE` keep every parameter set the statements run with.
fn start(ctx: &MigrationContext) {
    if std::env::var_os("RETORT_ECHO").is_some() || std::env::var_os("RETORT_TRACE").is_some() {
        ctx.params_kept.set(usize::MAX);
    }
    log("Context impl SQLiteImpl.");
    if ctx.as_sql() {
        log("Generating static SQL");
    }
    log(ctx.transactions.get().describe());
}

/// Set once Alembic's log lines are printed: env.py has configured logging (with
/// `alembic.ini`'s loggers), so a CommandError is logged too.
static LOGGING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// A line of Alembic's log (stderr). `-q` does not silence the log, as in Alembic.
fn log(line: &str) {
    LOGGING.store(true, std::sync::atomic::Ordering::Relaxed);
    eprintln!("INFO  [alembic.runtime.migration] {line}");
}

/// Reports a run as Alembic does: a log line per step (stderr), the scripts' prints to
/// stdout, and on failure the failing step and Alembic's message or traceback.
/// `creates_table`: the run started without a version table row (for `RETORT_TRACE`).
fn report(
    p: &project::Project,
    ctx: &Rc<MigrationContext>,
    vt: &VersionTable,
    creates_table: bool,
    result: Result<Vec<command::AppliedStep>, command::RunError>,
) -> Result<String, Failure> {
    let mut out = String::new();
    let echo = std::env::var_os("RETORT_ECHO").is_some();
    let mut trace = std::env::var_os("RETORT_TRACE").map(|p| (p, String::new()));
    if let Some((_, text)) = &mut trace
        && creates_table
        && !ctx.as_sql()
    {
        // Created before the first step, outside the steps' statement logs.
        let line =
            serde_json::json!({ "step": "version table", "sql": vt.create_sql(), "params": [] });
        text.push_str(&line.to_string());
        text.push('\n');
    }
    let applied = match &result {
        Ok(a) => a.as_slice(),
        Err(e) => e.applied.as_slice(),
    };
    for a in applied {
        log(&format!("Running {}", a.log));
        for w in &a.warnings {
            eprintln!("UserWarning: {w}");
        }
        if echo {
            for st in &a.statements {
                eprintln!("{}\n{:?}", st.sql, st.params);
            }
        }
        if let Some((_, text)) = &mut trace {
            trace_step(text, a);
        }
        out.push_str(&a.output);
    }
    if let Some((path, text)) = &trace {
        std::fs::write(path, text).map_err(|e| format!("RETORT_TRACE: {e}"))?;
    }
    let e = match result {
        Ok(_) => return Ok(out),
        Err(e) => e,
    };
    print!("{out}{}", e.failed_output);
    // A revision without the step's function fails as Alembic builds its plan, before any
    // step is logged.
    if let Some(step) = e
        .failed_step
        .as_ref()
        .filter(|_| e.missing_function.is_none())
    {
        log(&format!("Running {}", command::describe(&p.dir, step)));
        if ctx.mode == Mode::Atomic {
            eprintln!(
                "retort: --atomic: `{}` was rolled back; the database is as it was before it",
                command::short_log(&p.dir, step)
            );
        }
    }
    if let Some(left) = &e.alembic_would_leave {
        eprintln!("retort: {}", left.sentence(vt));
    }
    match e.script_error {
        // Alembic's own CommandError, raised by an op: `FAILED: ...` as Alembic prints it.
        Some(err) if matches!(&err.kind, retort_pyscript::ErrorKind::Exception { class } if class == "CommandError") => {
            Err(Failure::Command(err.message.clone()))
        }
        Some(err) => Err(Failure::Script(err.to_string())),
        None => Err(Failure::Command(e.message)),
    }
}

/// Autogenerate on the configured database: env.py's models against it; for a revision
/// (`rev_id` not empty), the id and message env.py's `process_revision_directives` left
/// (`None`: write nothing).
type Directive = Option<(String, Option<String>)>;

fn autogenerated(
    cli: &Cli,
    p: &project::Project,
    rev_id: &str,
    message: Option<&str>,
) -> Result<(command::Autogenerated, Directive), Failure> {
    let env = env_settings(cli, p, false);
    let db = open_db(cli, p, &env)?;
    log("Context impl SQLiteImpl.");
    log(env.transactions.describe());
    let env_py = match &p.env_py {
        Some((path, _)) => project::absolute(std::path::Path::new(path))
            .display()
            .to_string(),
        None => "env.py".into(),
    };
    let hooks = env.hooks.as_ref().map(|h| &*h.0);
    let mut a = command::autogenerate(
        &db,
        &p.dir,
        &env.version_table,
        env.target_metadata.as_deref(),
        &env.autogenerate,
        &env_py,
        hooks,
    )?;
    for line in &a.log {
        eprintln!("{line}");
    }
    let directive = match rev_id {
        "" => None,
        _ => {
            let directive =
                command::revision_directives(&mut a, hooks, &env.autogenerate, rev_id, message)?;
            if let Some(h) = hooks {
                print!("{}", h.take_output());
            }
            directive
        }
    };
    Ok((a, directive))
}

/// `upgrade`/`downgrade` from the verb.
fn direction(c: &Command) -> runtime::Direction {
    match c {
        Command::Downgrade(_) => runtime::Direction::Downgrade,
        _ => runtime::Direction::Upgrade,
    }
}

/// An offline (`--sql`) run: the script, written from a scratch database that mirrors its DDL.
fn offline(
    cli: &Cli,
    p: &project::Project,
    heads: &[String],
    steps: &[runtime::Step],
) -> Result<String, Failure> {
    let env = env_settings(cli, p, true);
    let db = Rc::new(Database::open_in_memory().map_err(|e| e.to_string())?);
    let ctx = env.migration_context(db, Mode::Offline);
    *ctx.url.borrow_mut() = database_url(cli, p, &env).unwrap_or_default();
    start(&ctx);
    let vt = &env.version_table;
    let result = command::run_steps(&ctx, &p.dir, vt, heads, steps);
    if let Err(e) = report(p, &ctx, vt, heads.is_empty(), result) {
        // Alembic has written the script up to the failure.
        print!("{}", ctx.output.borrow());
        return Err(e);
    }
    let out = ctx.output.borrow().clone();
    Ok(out)
}

/// Runs the project's env.py as Alembic would before touching the database, for its
/// `context.configure(...)` settings; notes (e.g. the generic fallback) go to stderr.
pub(crate) fn env_settings(cli: &Cli, p: &project::Project, offline: bool) -> EnvSettings {
    let tag = match &cli.command {
        Command::Upgrade(a) | Command::Downgrade(a) => a.tag.as_deref(),
        _ => None,
    };
    let (path, text) = p
        .env_py
        .as_ref()
        .map_or(("env.py", ""), |(p, t)| (p.as_str(), t.as_str()));
    let input = EnvInput {
        path,
        text,
        offline,
        ini: Some(&p.ini),
        config_file_name: Some(&cli.config),
        ini_section: &cli.name,
        x_args: &cli.x,
        tag,
        project: p.dir.modules.project.clone(),
    };
    // Revision files may read `context.get_x_argument()` and the like while they run.
    install_step_context(&input, &p.dir.modules);
    if p.env_py.is_none() {
        return EnvSettings::default();
    }
    let settings = read_env(&input);
    for n in &settings.notes {
        eprintln!("retort: note: {n}");
    }
    settings
}

/// `RETORT_TRACE=file`: one JSON line per statement a step ran (`{"step", "sql", "params"}`),
/// for the benchmark's floor (`crates/cli/examples/floor.rs` replays them on bare SQLite).
fn trace_step(out: &mut String, a: &command::AppliedStep) {
    use retort_engine::sql::expr::SqlValue;
    let value = |v: &SqlValue| match v {
        SqlValue::Null => serde_json::Value::Null,
        SqlValue::Int(i) => (*i).into(),
        SqlValue::Float(f) => (*f).into(),
        SqlValue::Decimal(d) => SqlValue::decimal_f64(d).into(),
        SqlValue::Text(s) => s.as_str().into(),
        SqlValue::Blob(b) => serde_json::json!({ "blob": b }),
    };
    for st in &a.statements {
        let params: Vec<Vec<serde_json::Value>> = st
            .params
            .iter()
            .map(|set| set.iter().map(value).collect())
            .collect();
        let line = serde_json::json!({ "step": a.log, "sql": st.sql, "params": params });
        out.push_str(&line.to_string());
        out.push('\n');
    }
}

/// The database URL of a run: `--url`, else the one env.py connects to, else
/// `sqlalchemy.url`, as Alembic's env.py would find it.
fn database_url(cli: &Cli, p: &project::Project, env: &EnvSettings) -> Result<String, String> {
    if let Some(url) = &cli.url {
        return Ok(url.clone());
    }
    match &env.url {
        Some(EnvUrl::Known(url)) => return Ok(url.clone()),
        Some(EnvUrl::Unknown(from)) => {
            let env_path = p
                .env_py
                .as_ref()
                .map_or("env.py", |(path, _)| path.as_str());
            return Err(format!(
                "{env_path} connects to the URL it computes from {from}, which Retort cannot compute\nhint: give the database's URL: `retort --url sqlite:///path/to/app.db {}`",
                cli.command.name()
            ));
        }
        None => {}
    }
    p.config.sqlalchemy_url.clone().ok_or_else(|| {
        // Where Alembic would have found it: env.py's own code, when env.py stopped short.
        let env_part = if env.configured || p.env_py.is_none() {
            "env.py configures none that Retort can read".to_owned()
        } else {
            "env.py stopped before `context.configure(...)` (see the note above): under Alembic it would compute the URL there, from what the application's settings say".to_owned()
        };
        format!(
            "no sqlalchemy.url in {} and {env_part}: Retort needs a SQLite database URL\nhint: add `sqlalchemy.url = sqlite:///app.db` to the [{}] section, or run `retort --url sqlite:///path/to/app.db {}`",
            cli.config,
            cli.name,
            cli.command.name()
        )
    })
}

fn open_db(cli: &Cli, p: &project::Project, env: &EnvSettings) -> Result<Database, String> {
    let url = database_url(cli, p, env)?;
    let conn = match project::sqlite_path(&url)? {
        Some(path) => {
            rusqlite::Connection::open(&path).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => rusqlite::Connection::open_in_memory().map_err(|e| e.to_string())?,
    };
    Ok(Database::from_connection(conn))
}

/// The rows of the version table in the configured SQLite database (env.py names it).
/// Loads the project (with its code) for a verb that runs env.py before it reads the
/// revisions, as Alembic's do (it loads the revision map lazily): a revision that raises
/// while loading fails after env.py's context logged its first lines and, for the verbs that
/// write, created the version table.
fn load_after_env(cli: &Cli, then: Then) -> Result<&'static project::Project, Failure> {
    match project::load_code(cli) {
        Err(project::LoadError::Script(traceback, bare)) => {
            let env = env_settings(cli, bare, then == Then::Offline);
            if then == Then::Offline {
                log("Context impl SQLiteImpl.");
                log("Generating static SQL");
                log(env.transactions.describe());
            } else if let Ok(db) = open_db(cli, bare, &env) {
                log("Context impl SQLiteImpl.");
                log(env.transactions.describe());
                if then == Then::Write && env.version_table.heads(&db).is_ok_and(|h| h.is_empty()) {
                    let _ = env.version_table.ensure(&db);
                }
            }
            Err(Failure::Script(traceback))
        }
        p => Ok(p?),
    }
}

/// What a verb does after env.py, for [`load_after_env`].
#[derive(Clone, Copy, PartialEq)]
enum Then {
    /// Reads the version table (`current`, `history -i`).
    Read,
    /// Writes it (`upgrade`, `downgrade`): Alembic creates it first.
    Write,
    /// `--sql`: Alembic's offline context logs its three lines; nothing goes to stdout.
    Offline,
}

/// The version table's rows, for the verbs that read them (`current`, `history -i`, `show
/// current`): Alembic runs env.py for them, so its context logs the same first lines.
fn version_rows(cli: &Cli, p: &project::Project) -> Result<Vec<String>, String> {
    let env = env_settings(cli, p, false);
    let db = open_db(cli, p, &env)?;
    log("Context impl SQLiteImpl.");
    log(env.transactions.describe());
    env.version_table.heads(&db).map_err(|e| e.to_string())
}

fn not_yet(verb: &str, issue: u32) -> Result<String, Failure> {
    Err(Failure::Command(format!(
        "`retort {verb}` is not implemented yet (planned in issue {issue}); \
         the commands exist so scripts written for alembic fail clearly"
    )))
}
