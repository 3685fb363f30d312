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

use generate::new_revision;

use std::io::Write;
use std::process::ExitCode;

use args::{Cli, Command};
use clap::Parser;
use retort_engine::Database;
use retort_engine::command;
use retort_engine::runtime::{self, VersionTable};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The interpreter recurses per Python call; give it the stack its limits assume.
    let worker = std::thread::Builder::new()
        .stack_size(retort_pyscript::STACK_SIZE)
        .spawn(move || run(&cli));
    let result = match worker {
        Ok(handle) => handle
            .join()
            .unwrap_or_else(|_| Err("internal error (panic)".into())),
        Err(e) => Err(format!("cannot start the worker thread: {e}")),
    };
    match result {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(out.as_bytes());
            ExitCode::SUCCESS
        }
        Err(err) => {
            // Alembic prints `FAILED: <message>` for a CommandError and exits 255; Retort keeps
            // the words and the code but writes to stderr (docs/divergences/cli.md).
            eprintln!("FAILED: {err}");
            ExitCode::from(255)
        }
    }
}

/// Runs one verb; returns what goes to stdout.
fn run(cli: &Cli) -> Result<String, String> {
    match &cli.command {
        Command::Heads { verbose, resolve_dependencies } => {
            let p = project::load(cli)?;
            command::heads(&p.dir, *verbose, *resolve_dependencies)
        }
        Command::History { rev_range, verbose, indicate_current } => {
            let p = project::load(cli)?;
            let needs_db = *indicate_current || rev_range.as_deref().is_some_and(|r| r.contains("current"));
            let current = if needs_db { Some(version_rows(p)?) } else { None };
            command::history(&p.dir, rev_range.as_deref(), *verbose, current.as_deref(), *indicate_current)
        }
        Command::Branches { verbose } => {
            let p = project::load(cli)?;
            command::branches(&p.dir, *verbose)
        }
        Command::Show { rev } => {
            let p = project::load(cli)?;
            let current = if rev == "current" { Some(version_rows(p)?) } else { None };
            command::show(&p.dir, rev, current.as_deref())
        }
        Command::Current { verbose } => {
            let p = project::load(cli)?;
            let rows = version_rows(p)?;
            command::current(&p.dir, &rows, p.config.sqlalchemy_url.as_deref().unwrap_or(""), *verbose)
        }
        Command::Upgrade(a) | Command::Downgrade(a) if a.sql => not_yet(&format!("{} --sql", cli.command.name()), 6),
        Command::Upgrade(a) | Command::Downgrade(a) => {
            if a.revision.contains(':') {
                return Err("Range revision not allowed".into());
            }
            let p = project::load(cli)?;
            let db = open_db(p)?;
            let vt = VersionTable::default();
            let heads = vt.heads(&db).map_err(|e| e.to_string())?;
            // Alembic creates the version table before it plans the steps.
            vt.ensure(&db).map_err(|e| e.to_string())?;
            let steps = if matches!(cli.command, Command::Upgrade(_)) {
                runtime::upgrade_steps(&p.dir.map, &a.revision, &heads)?
            } else {
                runtime::downgrade_steps(&p.dir.map, &a.revision, &heads)?
            };
            run_steps(cli, p, &db, &vt, &steps)
        }
        Command::Stamp { revisions, sql, purge, .. } => {
            if *sql {
                return not_yet("stamp --sql", 6);
            }
            let p = project::load(cli)?;
            let db = open_db(p)?;
            let vt = VersionTable::default();
            let heads = if *purge {
                vt.ensure(&db).map_err(|e| e.to_string())?;
                db.execute_batch(&format!("DELETE FROM {}", vt.name)).map_err(|e| e.to_string())?;
                Vec::new()
            } else {
                let heads = vt.heads(&db).map_err(|e| e.to_string())?;
                vt.ensure(&db).map_err(|e| e.to_string())?;
                heads
            };
            let steps = runtime::stamp_steps(&p.dir.map, revisions, &heads)?;
            run_steps(cli, p, &db, &vt, &steps)
        }
        Command::EnsureVersion { .. } => not_yet(cli.command.name(), 6),
        Command::Revision { autogenerate: true, .. } => Err(
            "`revision --autogenerate` compares models with the database, which Retort does not do yet".into(),
        ),
        Command::Revision { sql: true, .. } => not_yet("revision --sql", 6),
        Command::Revision {
            message,
            head,
            splice,
            branch_label,
            version_path,
            rev_id,
            depends_on,
            ..
        } => {
            let p = project::load(cli)?;
            new_revision(
                p,
                generate::Request {
                    message: message.clone(),
                    heads: vec![head.clone().unwrap_or_else(|| "head".into())],
                    splice: *splice,
                    branch_label: branch_label.clone(),
                    version_path: version_path.clone(),
                    rev_id: rev_id.clone(),
                    depends_on: depends_on.clone(),
                },
            )
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
                },
            )
        }
        Command::Check => Err(
            "`check` compares models with the database (autogenerate), which Retort does not do yet".into(),
        ),
        Command::Init { .. } | Command::ListTemplates | Command::Edit { .. } => Err(format!(
            "`{}` is not part of Retort: it manages files, not migrations; use alembic for it",
            cli.command.name()
        )),
    }
}

/// Runs steps, logging as Alembic does (stderr) and passing the scripts' prints to stdout.
fn run_steps(
    cli: &Cli,
    p: &project::Project,
    db: &Database,
    vt: &VersionTable,
    steps: &[runtime::Step],
) -> Result<String, String> {
    let log = |line: &str| {
        if !cli.quiet {
            eprintln!("INFO  [alembic.runtime.migration] {line}");
        }
    };
    log("Context impl SQLiteImpl.");
    log("Will assume non-transactional DDL.");
    let mut out = String::new();
    let result = runtime::run_steps(db, &p.dir, vt, steps);
    let applied = match &result {
        Ok(a) => a.as_slice(),
        Err(e) => e.applied.as_slice(),
    };
    for a in applied {
        log(&format!("Running {}", a.log));
        out.push_str(&a.output);
    }
    match result {
        Ok(_) => Ok(out),
        Err(e) => {
            print!("{out}");
            Err(e.message)
        }
    }
}

fn open_db(p: &project::Project) -> Result<Database, String> {
    let url = p
        .config
        .sqlalchemy_url
        .as_deref()
        .ok_or("no sqlalchemy.url in the configuration: Retort needs a SQLite database URL")?;
    let conn = match project::sqlite_path(url)? {
        Some(path) => {
            rusqlite::Connection::open(&path).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => rusqlite::Connection::open_in_memory().map_err(|e| e.to_string())?,
    };
    Ok(Database::from_connection(conn))
}

/// The rows of the version table in the configured SQLite database.
fn version_rows(p: &project::Project) -> Result<Vec<String>, String> {
    let db = open_db(p)?;
    VersionTable::default()
        .heads(&db)
        .map_err(|e| e.to_string())
}

fn not_yet(verb: &str, issue: u32) -> Result<String, String> {
    Err(format!(
        "`retort {verb}` is not implemented yet (planned in issue {issue}); \
         the commands exist so scripts written for alembic fail clearly"
    ))
}
