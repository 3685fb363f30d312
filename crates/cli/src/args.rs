//! The command line, shaped like Alembic's: the same verbs, options and defaults.

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "retort",
    version = concat!(env!("CARGO_PKG_VERSION"), " (speaks alembic 1.20.1 on SQLite)"),
    about = "Alembic's migration engine for SQLite, in Rust: the same commands, the same results",
    propagate_version = true
)]
pub struct Cli {
    /// Alternate config file; defaults to value of ALEMBIC_CONFIG environment variable, or "alembic.ini"
    #[arg(
        short,
        long,
        global = true,
        env = "ALEMBIC_CONFIG",
        default_value = "alembic.ini"
    )]
    pub config: String,
    /// Name of section in .ini file to use for Alembic config
    #[arg(short, long, global = true, default_value = "alembic")]
    pub name: String,
    /// Additional arguments consumed by custom env.py scripts, e.g. -x setting1=somesetting
    #[arg(short = 'x', global = true, action = clap::ArgAction::Append)]
    pub x: Vec<String>,
    /// Raise a full stack trace on error
    #[arg(long, global = true)]
    pub raiseerr: bool,
    /// Do not log to std output
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// (Retort) The database's URL, when env.py computes it from something Retort does not
    /// run (an application's settings object); overrides env.py and `sqlalchemy.url`
    #[arg(long, global = true, env = "RETORT_URL")]
    pub url: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Revision identifier
    #[arg(allow_hyphen_values = true)]
    pub revision: String,
    /// Don't emit SQL to database - dump to standard output instead
    #[arg(long)]
    pub sql: bool,
    /// Arbitrary 'tag' name - can be used by custom env.py scripts
    #[arg(long)]
    pub tag: Option<String>,
    /// Run each step in a transaction: a failing step leaves the database as it was
    #[arg(long)]
    pub atomic: bool,
    /// (Retort) Run on a copy of this SQLite file (only read), written to `--to`.
    #[arg(long, value_name = "FILE", requires = "to")]
    pub copy_of: Option<String>,
    /// (Retort) Where `--copy-of` writes the copy the run changes (must not exist).
    #[arg(long, value_name = "OUT", requires = "copy_of")]
    pub to: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show current branch points.
    Branches {
        #[arg(short, long)]
        verbose: bool,
    },
    /// Check if revision command with autogenerate has pending upgrade ops.
    Check,
    /// (Retort) Print a link to the playground page that opens this project's revisions at
    /// REV, with everything in the link's fragment: no server keeps anything.
    Share {
        /// The revision the page opens at (upgraded from an empty database).
        #[arg(long, default_value = "heads", conflicts_with = "base")]
        rev: String,
        /// A review link instead: the page opens at the heads of this base (a git commit or a
        /// directory holding its checkout) and reviews the revisions above them, as the link
        /// of `retort review` does.
        #[arg(long)]
        base: Option<String>,
        /// Where the playground page is served.
        #[arg(
            long,
            env = "RETORT_PAGE_URL",
            default_value = "http://127.0.0.1:8080/"
        )]
        base_url: String,
    },
    /// (Retort) Verify the history on a throwaway SQLite: one head, every downgrade undoing
    /// its upgrade, data kept, and SQLite lint rules (docs/rules.md).
    Verify(VerifyArgs),
    /// (Retort) What a pull request's revisions change, for its review: the revisions new
    /// since a base (a git commit, or a directory holding the base's checkout), their SQL,
    /// the schema changes, Verify's findings on them, and a link that opens the page at the
    /// base.
    Review(ReviewArgs),
    /// (Retort) How a database differs from its history: the history replayed on an empty
    /// database to the revisions the database's version table names, and the two schemas
    /// compared. Exit 1 when they differ, as `check` does when models and history differ.
    Drift {
        /// The SQLite file to compare (only read) [default: the configured database].
        #[arg(long)]
        db: Option<String>,
        /// Output format: human or json.
        #[arg(long, default_value = "human")]
        format: String,
    },
    /// Display the current revision for a database.
    Current {
        #[arg(short, long)]
        verbose: bool,
    },
    /// Revert to a previous version.
    Downgrade(RunArgs),
    /// Edit revision script(s) using $EDITOR.
    Edit { rev: String },
    /// Create the alembic version table if it doesn't exist already.
    #[command(name = "ensure_version")]
    EnsureVersion {
        #[arg(long)]
        sql: bool,
    },
    /// Show current available heads in the script directory.
    Heads {
        #[arg(short, long)]
        verbose: bool,
        #[arg(long)]
        resolve_dependencies: bool,
    },
    /// List changeset scripts in chronological order.
    History {
        #[arg(short = 'r', long = "rev-range", allow_hyphen_values = true)]
        rev_range: Option<String>,
        #[arg(short, long)]
        verbose: bool,
        #[arg(short, long = "indicate-current")]
        indicate_current: bool,
    },
    /// Initialize a new scripts directory.
    Init { directory: String },
    /// List available templates.
    #[command(name = "list_templates")]
    ListTemplates,
    /// Merge two revisions together. Creates a new migration file.
    Merge {
        #[arg(required = true)]
        revisions: Vec<String>,
        #[arg(short, long)]
        message: Option<String>,
        #[arg(long)]
        branch_label: Option<String>,
        #[arg(long)]
        rev_id: Option<String>,
        #[arg(long)]
        splice: bool,
    },
    /// Create a new revision file.
    Revision {
        #[arg(short, long)]
        message: Option<String>,
        #[arg(long)]
        autogenerate: bool,
        #[arg(long)]
        sql: bool,
        #[arg(long)]
        head: Option<String>,
        #[arg(long)]
        splice: bool,
        #[arg(long)]
        branch_label: Option<String>,
        #[arg(long)]
        version_path: Option<String>,
        #[arg(long)]
        rev_id: Option<String>,
        #[arg(long)]
        depends_on: Vec<String>,
    },
    /// Show the revision(s) denoted by the given symbol.
    Show {
        #[arg(allow_hyphen_values = true)]
        rev: String,
    },
    /// 'stamp' the revision table with the given revision; don't run any migrations.
    Stamp {
        #[arg(required = true, allow_hyphen_values = true)]
        revisions: Vec<String>,
        #[arg(long)]
        sql: bool,
        #[arg(long)]
        tag: Option<String>,
        #[arg(long)]
        purge: bool,
    },
    /// Upgrade to a later version.
    Upgrade(RunArgs),
}

impl Command {
    /// Whether all the verb prints to stdout is Alembic's messages (`Config.print_stdout`,
    /// `util.status`), which `-q` silences: not a migration's own prints nor `--sql` output.
    pub fn prints_messages_only(&self) -> bool {
        matches!(
            self,
            Command::Heads { .. }
                | Command::History { .. }
                | Command::Branches { .. }
                | Command::Show { .. }
                | Command::Current { .. }
                | Command::Check
                | Command::Revision { .. }
                | Command::Merge { .. }
        )
    }
}

impl Cli {
    /// `stamp` takes revisions that may start with `-` (`stamp -1`), so clap hands it the
    /// flags that follow them too (`stamp head --sql`); take those back, as argparse does.
    pub fn normalize(&mut self) {
        if let Command::Stamp {
            revisions,
            sql,
            purge,
            ..
        } = &mut self.command
        {
            revisions.retain(|r| match r.as_str() {
                "--sql" => {
                    *sql = true;
                    false
                }
                "--purge" => {
                    *purge = true;
                    false
                }
                _ => true,
            });
        }
    }
}

impl Command {
    /// The verb as typed on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Branches { .. } => "branches",
            Command::Check => "check",
            Command::Current { .. } => "current",
            Command::Downgrade(_) => "downgrade",
            Command::Edit { .. } => "edit",
            Command::EnsureVersion { .. } => "ensure_version",
            Command::Heads { .. } => "heads",
            Command::History { .. } => "history",
            Command::Init { .. } => "init",
            Command::ListTemplates => "list_templates",
            Command::Merge { .. } => "merge",
            Command::Revision { .. } => "revision",
            Command::Share { .. } => "share",
            Command::Show { .. } => "show",
            Command::Verify(_) => "verify",
            Command::Review(_) => "review",
            Command::Drift { .. } => "drift",
            Command::Stamp { .. } => "stamp",
            Command::Upgrade(_) => "upgrade",
        }
    }
}

#[derive(Args, Debug)]
pub struct ReviewArgs {
    /// The base: a git commit (branch, tag, sha) or a directory holding its checkout.
    #[arg(long)]
    pub base: String,
    /// Output format: markdown (a pull request comment) or json.
    #[arg(long, default_value = "markdown")]
    pub format: String,
    /// Exit with 1 when a new revision's finding is at least this severe (error, warning,
    /// info or never), or when a new revision fails.
    #[arg(long, default_value = "error")]
    pub fail_on: String,
    /// Where the playground page is served.
    #[arg(
        long,
        env = "RETORT_PAGE_URL",
        default_value = "http://127.0.0.1:8080/"
    )]
    pub base_url: String,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// Start from a copy of this SQLite database (its rows and revision) instead of an empty
    /// one; the file is only read.
    #[arg(long)]
    pub db: Option<String>,
    /// Rows to generate in every empty table [default: 3, or 0 with --db].
    #[arg(long)]
    pub rows: Option<usize>,
    /// Output format: human, json or sarif.
    #[arg(long, default_value = "human")]
    pub format: String,
    /// Rules not to report: codes or names, comma-separated (adds to alembic.ini's
    /// `[retort] disable`).
    #[arg(long, value_delimiter = ',')]
    pub disable: Vec<String>,
    /// Exit with 1 when a finding is at least this severe: error, warning, info or never.
    #[arg(long, default_value = "error")]
    pub fail_on: String,
    /// Print the documentation of a rule (code or name, or `all`) and exit.
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,
}
