//! Alembic's `command` module: the verbs that change the database (`migrate`: upgrade,
//! downgrade, stamp) and the read-only ones (`heads`, `history`, `branches`, `show`,
//! `current`), with Alembic's exact output: each read-only function returns the text Alembic
//! prints on stdout, or the `CommandError` message it prints after `FAILED: `.

mod migrate;
mod run;

pub use migrate::{Plan, Verb, migrate, plan};

pub use run::{
    AlembicLeftovers, AppliedStep, RunError, call_with_op, describe, run_steps, run_steps_once,
    short_log,
};

use crate::revision::{Node, RevisionError, Target};
use crate::script::{Script, ScriptDirectory};

pub type CommandResult = Result<String, String>;

/// Output collected line by line, as `config.print_stdout` writes it.
#[derive(Default)]
struct Out(String);

impl Out {
    fn line(&mut self, s: &str) {
        self.0.push_str(s);
        self.0.push('\n');
    }
}

fn comma(items: &[String]) -> String {
    items.join(", ")
}

/// How a revision is printed in listings (`Script._head_only` / `log_entry`).
pub struct Formatter<'a> {
    dir: &'a ScriptDirectory,
    /// Revisions in the database (for `(current)` markers).
    current: Vec<usize>,
}

impl<'a> Formatter<'a> {
    pub fn new(dir: &'a ScriptDirectory) -> Self {
        Formatter {
            dir,
            current: Vec::new(),
        }
    }

    fn script(&self, i: usize) -> &Script {
        &self.dir.scripts[i]
    }

    fn down_revision(&self, i: usize) -> String {
        let r = self.dir.map.rev(i);
        if r.down_revision.is_empty() {
            "<base>".into()
        } else {
            comma(&r.down_revision)
        }
    }

    fn is_current(&self, i: usize) -> bool {
        self.current.contains(&i)
    }

    /// `Script._head_only`.
    pub fn head_only(
        &self,
        i: usize,
        include_branches: bool,
        include_doc: bool,
        include_parents: bool,
        tree_indicators: bool,
    ) -> String {
        let r = self.dir.map.rev(i);
        let mut text = r.revision.clone();
        if include_parents {
            text = if r.has_dependencies() {
                format!(
                    "{} ({}) -> {text}",
                    self.down_revision(i),
                    comma(&r.dependencies)
                )
            } else {
                format!("{} -> {text}", self.down_revision(i))
            };
        }
        if include_branches && !r.branch_labels.is_empty() {
            text += &format!(" ({})", comma(&r.branch_labels));
        }
        if r.is_real_head() {
            text += " (head)";
        }
        if r.is_head() && !r.is_real_head() {
            text += " (effective head)";
        }
        if self.is_current(i) {
            text += " (current)";
        }
        if tree_indicators {
            if r.is_branch_point() {
                text += " (branchpoint)";
            }
            if r.is_merge_point() {
                text += " (mergepoint)";
            }
        }
        if include_doc {
            text += &format!(", {}", self.script(i).doc());
        }
        text
    }

    /// `Script.log_entry`.
    pub fn log_entry(&self, i: usize) -> String {
        let r = self.dir.map.rev(i);
        let mut e = format!(
            "Rev: {}{}{}{}{}\n",
            r.revision,
            if r.is_head() { " (head)" } else { "" },
            if r.is_branch_point() {
                " (branchpoint)"
            } else {
                ""
            },
            if r.is_merge_point() {
                " (mergepoint)"
            } else {
                ""
            },
            if self.is_current(i) { " (current)" } else { "" },
        );
        if r.is_merge_point() {
            e += &format!("Merges: {}\n", self.down_revision(i));
        } else {
            e += &format!("Parent: {}\n", self.down_revision(i));
        }
        if r.has_dependencies() {
            e += &format!("Also depends on: {}\n", comma(&r.dependencies));
        }
        if r.is_branch_point() {
            e += &format!("Branches into: {}\n", comma(&self.dir.map.ids(&r.nextrev)));
        }
        if !r.branch_labels.is_empty() {
            e += &format!("Branch names: {}\n", comma(&r.branch_labels));
        }
        e += &format!("Path: {}\n", self.script(i).path);
        let doc: Vec<String> = self
            .script(i)
            .longdoc
            .lines()
            .map(|p| format!("    {p}"))
            .collect();
        e += &format!("\n{}\n", doc.join("\n"));
        e
    }

    /// `Script.cmd_format`.
    pub fn cmd_format(
        &self,
        i: usize,
        verbose: bool,
        include_branches: bool,
        include_doc: bool,
        include_parents: bool,
        tree_indicators: bool,
    ) -> String {
        if verbose {
            self.log_entry(i)
        } else {
            self.head_only(
                i,
                include_branches,
                include_doc,
                include_parents,
                tree_indicators,
            )
        }
    }
}

fn revs_of(nodes: Vec<Option<Node>>) -> Vec<usize> {
    nodes
        .into_iter()
        .filter_map(|n| match n {
            Some(Node::Rev(i)) => Some(i),
            _ => None,
        })
        .collect()
}

fn caught(e: RevisionError, start: Option<&str>, end: Option<&str>) -> String {
    e.command_message(start, end)
}

/// `alembic heads [-v] [--resolve-dependencies]`.
pub fn heads(dir: &ScriptDirectory, verbose: bool, resolve_dependencies: bool) -> CommandResult {
    let f = Formatter::new(dir);
    let heads = if resolve_dependencies {
        revs_of(
            dir.map
                .get_revisions(Some("heads"))
                .map_err(|e| caught(e, None, None))?,
        )
    } else {
        dir.map.heads.clone()
    };
    let mut out = Out::default();
    for h in heads {
        out.line(&f.cmd_format(h, verbose, true, false, false, false));
    }
    Ok(out.0)
}

/// `ScriptDirectory.walk_revisions(base, head)`.
pub fn walk_revisions(dir: &ScriptDirectory, base: &str, head: &str) -> Result<Vec<usize>, String> {
    walk_between(dir, &Target::id(base), &Target::id(head), base, head)
}

fn walk_between(
    dir: &ScriptDirectory,
    base: &Target,
    head: &Target,
    base_s: &str,
    head_s: &str,
) -> Result<Vec<usize>, String> {
    dir.map
        .iterate_revisions(head, base, false, true, false, false)
        .map_err(|e| caught(e, Some(base_s), Some(head_s)))
}

/// `alembic history [-r a:b] [-v] [-i]`. `current` holds the database's revisions when the
/// command reads them (`-i`, or `current` as a bound of the range); only `-i` marks them.
pub fn history(
    dir: &ScriptDirectory,
    rev_range: Option<&str>,
    verbose: bool,
    current: Option<&[String]>,
    indicate_current: bool,
) -> CommandResult {
    let (base, head) = match rev_range {
        Some(r) => {
            let Some((b, h)) = r.trim().split_once(':') else {
                return Err("History range requires [start]:[end], [start]:, or :[end]".into());
            };
            (b.to_owned(), h.to_owned())
        }
        None => (String::new(), String::new()),
    };
    let mut f = Formatter::new(dir);
    let cur: Vec<String> = current.unwrap_or(&[]).to_vec();
    // `current` as a bound is the tuple of the database's heads.
    let bound = |s: &str, default: &str| -> (Target, String) {
        match s {
            "" => (Target::id(default), default.to_owned()),
            "current" => (
                Target::Ids(cur.clone()),
                format!(
                    "({})",
                    cur.iter()
                        .map(|c| format!("'{c}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            other => (Target::id(other), other.to_owned()),
        }
    };
    let (base_t, base_s) = bound(&base, "base");
    let (head_t, head_s) = bound(&head, "heads");
    if indicate_current {
        f.current = revs_of(
            dir.map
                .get_revisions_many(&cur)
                .map_err(|e| caught(e, None, None))?,
        );
    }
    let mut out = Out::default();
    for i in walk_between(dir, &base_t, &head_t, &base_s, &head_s)? {
        out.line(&f.cmd_format(i, verbose, true, true, true, true));
    }
    Ok(out.0)
}

/// `alembic branches [-v]`.
pub fn branches(dir: &ScriptDirectory, verbose: bool) -> CommandResult {
    let f = Formatter::new(dir);
    let mut out = Out::default();
    for i in walk_revisions(dir, "base", "heads")? {
        let r = dir.map.rev(i);
        if !r.is_branch_point() {
            continue;
        }
        let pad = " ".repeat(r.revision.chars().count());
        let children: Vec<String> = r
            .nextrev
            .iter()
            .map(|&c| {
                format!(
                    "{pad} -> {}",
                    f.cmd_format(c, false, true, verbose, false, true)
                )
            })
            .collect();
        out.line(&format!(
            "{}\n{}\n",
            f.cmd_format(i, verbose, true, false, false, true),
            children.join("\n")
        ));
    }
    Ok(out.0)
}

/// `alembic show REV` (`current` is resolved by the caller into the database's revisions).
pub fn show(dir: &ScriptDirectory, rev: &str, current: Option<&[String]>) -> CommandResult {
    let f = Formatter::new(dir);
    let revs = match (rev, current) {
        ("current", Some(cur)) => dir.map.get_revisions_many(cur),
        _ => dir.map.get_revisions(Some(rev)),
    }
    .map_err(|e| caught(e, None, None))?;
    let mut out = Out::default();
    for i in revs_of(revs) {
        out.line(&f.log_entry(i));
    }
    Ok(out.0)
}

/// `alembic current [-v]`, given the version table's rows and the database URL.
pub fn current(dir: &ScriptDirectory, rows: &[String], url: &str, verbose: bool) -> CommandResult {
    let f = Formatter::new(dir);
    let mut out = Out::default();
    if verbose {
        out.line(&format!(
            "Current revision(s) for {}:",
            obfuscate_url_pw(url)
        ));
    }
    for i in dir
        .map
        .all_current(rows)
        .map_err(|e| caught(e, None, None))?
    {
        out.line(&f.cmd_format(i, verbose, false, false, false, true));
    }
    Ok(out.0)
}

/// SQLAlchemy's `URL.render_as_string(hide_password=True)` for the forms SQLite uses.
pub fn obfuscate_url_pw(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://")
        && let Some((cred, host)) = rest.split_once('@')
        && let Some((user, _pw)) = cred.split_once(':')
    {
        return format!("{scheme}://{user}:***@{host}");
    }
    url.to_owned()
}
