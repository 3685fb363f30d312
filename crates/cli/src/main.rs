//! `retort`: the Alembic command line, over the Retort engine.
//!
//! Argument types live in `args`; `main` dispatches one verb to one function. Only this crate
//! knows clap and the terminal.

mod args;

use std::process::ExitCode;

use args::{Cli, Command};
use clap::Parser;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // Alembic prints `FAILED: <message>` for a CommandError; Retort keeps the words but
            // sends them to stderr, where errors belong (see docs/divergences/).
            eprintln!("FAILED: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> Result<(), String> {
    match &cli.command {
        Command::EnsureVersion { sql } if !sql => not_yet("ensure_version", 6),
        Command::Upgrade { .. } | Command::Downgrade { .. } | Command::EnsureVersion { .. } => {
            not_yet(cli.command.name(), 6)
        }
        Command::Heads { .. }
        | Command::History { .. }
        | Command::Current { .. }
        | Command::Branches { .. }
        | Command::Show { .. }
        | Command::Stamp { .. }
        | Command::Merge { .. }
        | Command::Revision { .. } => not_yet(cli.command.name(), 5),
        Command::Check => Err(
            "`check` compares models with the database (autogenerate), which Retort does not do yet"
                .into(),
        ),
        Command::Init { .. } | Command::ListTemplates | Command::Edit { .. } => Err(format!(
            "`{}` is not part of Retort: it manages files, not migrations; use alembic for it",
            cli.command.name()
        )),
    }
}

fn not_yet(verb: &str, issue: u32) -> Result<(), String> {
    Err(format!(
        "`retort {verb}` is not implemented yet (planned in issue {issue}); \
         the commands exist so scripts written for alembic fail clearly"
    ))
}
