//! The lessons of Learn mode, as data: web/lessons/*.lesson, turned into [`LESSONS`] by
//! build.rs (which refuses a lesson that does not parse or names an unknown check). Adding a
//! lesson is adding a file; the page's code does not change.

/// One lesson: its text, where it starts, and what shows the task was done.
pub struct Lesson {
    /// The file's name without `.lesson` (`01-history`): its key in what the page keeps.
    pub slug: &'static str,
    pub title: &'static str,
    pub task: &'static str,
    /// The revision the example's database starts at (`base`, or a revision id).
    pub start: &'static str,
    /// Files added to (or replacing files of) the example project: (path, text).
    pub files: &'static [(&'static str, &'static str)],
    /// Rows added once the database stands at `start` (INSERT statements, in order).
    pub seed: &'static [&'static str],
    pub checks: &'static [Check],
    /// Alembic's documentation: (label, https URL).
    pub links: &'static [(&'static str, &'static str)],
    /// The text, a paragraph each; `code` in backticks.
    pub paragraphs: &'static [&'static str],
}

/// Something the page observes; the lesson's task is done when all its checks hold.
pub struct Check {
    pub kind: Kind,
    pub arg: &'static str,
    /// What it means, in the learner's words.
    pub label: &'static str,
}

/// What a check looks at (`model::learn` evaluates them).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// The database stands at `arg` (`base`, `head`: all the heads, or a revision).
    At,
    /// The tab `arg` was opened since the lesson started.
    Tab,
    /// A step of `arg` (`upgrade`, `downgrade`, `stamp`) ran since the lesson started.
    Ran,
    /// A run failed since the lesson started, its message containing `arg`.
    Failed,
    /// `alembic_version` held `arg` rows at some moment since the lesson started.
    Versions,
    /// The history has `arg` heads.
    Heads,
    /// `arg` is `table.column`, or `table.column TYPE`: the database has that column.
    Column,
    /// A file changed or added since the lesson started contains `arg`.
    File,
    /// A Verify run since the lesson started found `arg` (a rule's code, `RT003`).
    Finding,
    /// The last Verify run found no `arg`, after one that did.
    Clean,
    /// `SQL = value`: the read-only query's first value was `value` at some moment since the
    /// lesson started.
    Query,
    /// `SQL = value`: after a failed run, the query's first value is `value` (nothing lost).
    Kept,
}

pub static LESSONS: &[Lesson] = include!(concat!(env!("OUT_DIR"), "/lessons.rs"));
