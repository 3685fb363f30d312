//! `retort`: the Alembic command line, over the Retort engine.
//!
//! Argument types live in `args`; `project` reads a project from disk; `main` dispatches one
//! verb to one engine command. Only this crate knows clap, the file system and the terminal.

mod args;
mod project;

use std::io::Write;
use std::process::ExitCode;

use args::{Cli, Command};
use clap::Parser;
use retort_engine::Database;
use retort_engine::command;
use retort_engine::runtime::VersionTable;

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
            let current = if needs_db { Some(version_rows(&p)?) } else { None };
            command::history(&p.dir, rev_range.as_deref(), *verbose, current.as_deref())
        }
        Command::Branches { verbose } => {
            let p = project::load(cli)?;
            command::branches(&p.dir, *verbose)
        }
        Command::Show { rev } => {
            let p = project::load(cli)?;
            let current = if rev == "current" { Some(version_rows(&p)?) } else { None };
            command::show(&p.dir, rev, current.as_deref())
        }
        Command::Current { verbose } => {
            let p = project::load(cli)?;
            let rows = version_rows(&p)?;
            command::current(&p.dir, &rows, p.config.sqlalchemy_url.as_deref().unwrap_or(""), *verbose)
        }
        Command::Upgrade(_) | Command::Downgrade(_) | Command::EnsureVersion { .. } | Command::Stamp { .. } => {
            not_yet(cli.command.name(), 6)
        }
        Command::Merge { .. } | Command::Revision { .. } => not_yet(cli.command.name(), 5),
        Command::Check => Err(
            "`check` compares models with the database (autogenerate), which Retort does not do yet".into(),
        ),
        Command::Init { .. } | Command::ListTemplates | Command::Edit { .. } => Err(format!(
            "`{}` is not part of Retort: it manages files, not migrations; use alembic for it",
            cli.command.name()
        )),
    }
}

/// The rows of the version table in the configured SQLite database.
fn version_rows(p: &project::Project) -> Result<Vec<String>, String> {
    let url = p
        .config
        .sqlalchemy_url
        .as_deref()
        .ok_or("no sqlalchemy.url in the configuration: Retort needs a SQLite database URL")?;
    let db = match project::sqlite_path(url)? {
        Some(path) => {
            rusqlite::Connection::open(&path).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => rusqlite::Connection::open_in_memory().map_err(|e| e.to_string())?,
    };
    let db = Database::from_connection(db);
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
