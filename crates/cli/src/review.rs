//! `retort review`: what a pull request's revisions do, for the comment a reviewer reads. The
//! base's revision files come from git (`git show REF:path`) or from a directory holding the
//! base's checkout; the engine reviews the head's project (`engine::review`): up to the
//! base's heads, then through the new revisions, with their SQL, the schema before and after
//! them, and Verify's findings on them. Here: the base's files, the link, the comment.

use std::path::Path;
use std::process::Command as Process;

use retort_engine::ProjectFiles;
use retort_engine::review::Review;
use retort_engine::session::Session;
use retort_engine::verify::Severity;
use serde_json::json;

use crate::args::{Cli, ReviewArgs};
use crate::project;
use crate::verify::finding_json;

/// Runs the review; `Ok((output, failed))`, `failed` by `--fail-on`.
pub fn run(cli: &Cli, a: &ReviewArgs) -> Result<(String, bool), String> {
    let threshold = match a.fail_on.as_str() {
        "never" => None,
        s => Some(Severity::parse(s).ok_or("--fail-on takes error, warning, info or never")?),
    };
    if !matches!(a.format.as_str(), "markdown" | "json") {
        return Err(format!("--format {}: use markdown or json", a.format));
    }
    let p = project::load(cli)?;
    let pull = Pull::read(cli, p, &a.base)?;
    let review =
        retort_engine::review::review(pull.files.clone(), &pull.base_heads, &pull.base_ids)?;
    let link = format!("{}#{}", a.base_url.trim_end_matches('#'), pull.fragment());
    let failed = review.failure.is_some()
        || threshold.is_some_and(|t| review.findings.iter().any(|f| f.severity >= t));
    let out = match a.format.as_str() {
        "json" => serde_json::to_string_pretty(&to_json(&review, &link)).unwrap() + "\n",
        _ => markdown(&review, &link),
    };
    Ok((out, failed))
}

/// A pull request: the head's project files, and the revisions and heads its base has.
pub struct Pull {
    pub files: ProjectFiles,
    pub base_heads: Vec<String>,
    pub base_ids: Vec<String>,
}

impl Pull {
    /// Reads the head's files (the project `retort` runs in) and the base's revisions.
    pub fn read(cli: &Cli, p: &project::Project, base: &str) -> Result<Pull, String> {
        let files = project::shareable_files(cli, p)?;
        let base_files = base_files(base, &files, p)?;
        let opened = Session::open(base_files).map_err(|e| format!("the base ({base}): {e}"))?;
        let revisions = opened.revisions();
        let base_heads = revisions
            .iter()
            .filter(|r| r.is_head)
            .map(|r| r.revision.clone())
            .collect();
        let base_ids = revisions.into_iter().map(|r| r.revision).collect();
        Ok(Pull {
            files,
            base_heads,
            base_ids,
        })
    }

    /// The share link's fragment: the head's files, opened at the base's heads, with the
    /// review above them (`review HEADS`: a line older pages skip).
    pub fn fragment(&self) -> String {
        let mut position: Vec<String> = self
            .base_heads
            .iter()
            .map(|h| format!("upgrade {h}"))
            .collect();
        position.push(format!("review {}", self.base_heads.join(" ")));
        retort_engine::share::encode(&self.files, Some(&position.join("\n")))
    }
}

/// The base's project files: those of the head's project (config, env.py, template) as the
/// base has them, and every revision file in the base's version locations.
fn base_files(
    base: &str,
    head: &ProjectFiles,
    p: &project::Project,
) -> Result<ProjectFiles, String> {
    let dirs: Vec<String> = p
        .version_locations
        .iter()
        .map(|d| relative(d))
        .collect::<Result<_, _>>()?;
    let mut files = ProjectFiles::new();
    let folder = Path::new(base);
    if folder.is_dir() {
        for path in head
            .paths()
            .filter(|p| !p.ends_with(".py") || p.ends_with("env.py"))
        {
            if let Ok(text) = std::fs::read_to_string(folder.join(path)) {
                files.insert(path, text);
            }
        }
        for d in &dirs {
            for e in std::fs::read_dir(folder.join(d))
                .into_iter()
                .flatten()
                .flatten()
            {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.ends_with(".py")
                    && let Ok(text) = std::fs::read_to_string(e.path())
                {
                    files.insert(format!("{d}/{name}"), text);
                }
            }
        }
        return Ok(files);
    }
    let git = |args: &[&str]| -> Result<String, String> {
        let out = Process::new("git")
            .args(args)
            .output()
            .map_err(|e| format!("--base {base}: not a directory, and git did not run: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "--base {base}: git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        String::from_utf8(out.stdout).map_err(|e| e.to_string())
    };
    git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{base}^{{commit}}"),
    ])
    .map_err(|_| format!("--base {base}: neither a directory nor a git commit"))?;
    for path in head
        .paths()
        .filter(|p| !p.ends_with(".py") || p.ends_with("env.py"))
    {
        if let Ok(text) = git(&["show", &format!("{base}:./{path}")]) {
            files.insert(path, text);
        }
    }
    for d in &dirs {
        for path in git(&["ls-tree", "--name-only", base, "--", &format!("{d}/")])?.lines() {
            if path.ends_with(".py") {
                files.insert(path, git(&["show", &format!("{base}:./{path}")])?);
            }
        }
    }
    Ok(files)
}

/// A path relative to the working directory (as share links and git's `./` paths take it).
fn relative(path: &Path) -> Result<String, String> {
    let root = project::absolute(Path::new("."));
    let root = root.canonicalize().unwrap_or(root);
    let real = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    real.strip_prefix(&root)
        .map(|r| r.to_string_lossy().replace('\\', "/"))
        .map_err(|_| {
            format!(
                "{} is outside the working directory: run `retort review` from the repository",
                real.display()
            )
        })
}

fn to_json(r: &Review, link: &str) -> serde_json::Value {
    json!({
        "link": link,
        "base_heads": r.base_heads,
        "heads": r.heads,
        "needs_merge": r.heads.len() > 1,
        "new_revisions": r.new.iter().map(|n| json!({
            "revision": n.item.revision,
            "message": n.item.doc,
            "path": n.item.path,
            "step": n.step,
            "sql": n.sql,
        })).collect::<Vec<_>>(),
        "schema_changes": r.changes.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "failure": r.failure.as_ref().map(|(step, message)| json!({"step": step, "message": message})),
        "findings": r.findings.iter().map(finding_json).collect::<Vec<_>>(),
    })
}

fn markdown(r: &Review, link: &str) -> String {
    let mut out = String::new();
    let n = r.new.len();
    out.push_str(&format!(
        "## Retort review: {n} new revision{}\n\n",
        if n == 1 { "" } else { "s" }
    ));
    out.push_str(&format!(
        "[Open in the Retort playground]({}): the database at the base's head ({}), the new revisions above it to step through. Nothing is uploaded: the link carries the files.\n\n",
        link,
        code_list(&r.base_heads, "base")
    ));
    if n > 0 {
        out.push_str("| revision | message | file |\n| --- | --- | --- |\n");
        for x in &r.new {
            out.push_str(&format!(
                "| `{}` | {} | `{}` |\n",
                x.item.revision,
                x.item.doc.replace('|', "\\|"),
                x.item.path
            ));
        }
        out.push('\n');
    }
    match r.heads.len() {
        0 | 1 => out.push_str(&format!(
            "**Heads:** one ({}).\n\n",
            code_list(&r.heads, "none")
        )),
        _ => out.push_str(&format!(
            "**Heads:** {} ({}): the history needs a merge revision (`alembic merge heads`).\n\n",
            r.heads.len(),
            code_list(&r.heads, "")
        )),
    }
    if let Some((step, message)) = &r.failure {
        out.push_str(&format!(
            "**Failed:** `{step}`, on a database at the base's head:\n\n```\n{message}\n```\n\n"
        ));
    }
    out.push_str("### Schema changes\n\n");
    if r.changes.is_empty() {
        out.push_str("None.\n\n");
    } else {
        for c in &r.changes {
            out.push_str(&format!("- {c}\n"));
        }
        out.push('\n');
    }
    let count = |s: Severity| r.findings.iter().filter(|f| f.severity == s).count();
    out.push_str(&format!(
        "### Findings: {} error{}, {} warning{}, {} note{}\n\n",
        count(Severity::Error),
        if count(Severity::Error) == 1 { "" } else { "s" },
        count(Severity::Warning),
        if count(Severity::Warning) == 1 {
            ""
        } else {
            "s"
        },
        count(Severity::Info),
        if count(Severity::Info) == 1 { "" } else { "s" },
    ));
    for f in &r.findings {
        let at = f
            .site
            .as_ref()
            .map(|s| format!(" `{}:{}`", s.path, s.line))
            .unwrap_or_default();
        out.push_str(&format!(
            "- **{}** {} {}{at}: {}\n",
            f.severity.as_str(),
            f.code,
            f.rule().name,
            f.message
        ));
    }
    if !r.findings.is_empty() {
        out.push('\n');
    }
    out.push_str("### SQL\n\n");
    for x in r.new.iter().filter(|x| !x.step.is_empty()) {
        out.push_str(&format!(
            "<details><summary><code>{}</code></summary>\n\n```sql\n{}\n```\n\n</details>\n\n",
            html_escape(&x.step),
            x.sql
                .iter()
                .map(|s| format!("{s};"))
                .collect::<Vec<_>>()
                .join("\n\n")
        ));
    }
    out.push_str("<sub>`retort review` — Retort runs the revisions in its own engine, beside what Alembic does on SQLite.</sub>\n");
    out
}

fn code_list(items: &[String], empty: &str) -> String {
    if items.is_empty() {
        return empty.to_owned();
    }
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
