//! `retort verify`: runs `engine::verify` on a throwaway database and prints its report for
//! people (source snippets, colour when the terminal has it), as JSON, or as SARIF 2.1.0.

use std::path::Path;
use std::rc::Rc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use retort_engine::Database;
use retort_engine::script::ScriptDirectory;
use retort_engine::verify::{self, Finding, Report, Severity, rules};
use serde_json::json;

use crate::args::{Cli, VerifyArgs};
use crate::project::{self, Project};

/// Runs the verification; `Ok((output, failed))`.
pub fn run(cli: &Cli, a: &VerifyArgs) -> Result<(String, bool), String> {
    if let Some(which) = &a.explain {
        if which == "all" {
            return Ok((rules::rules_markdown(), false));
        }
        let r = rules::find(which)
            .ok_or_else(|| format!("no rule {which}; `retort verify --explain all` lists them"))?;
        return Ok((rules::explain(r), false));
    }
    // Arguments first: a typo should not wait for the whole history to run.
    let threshold = match a.fail_on.as_str() {
        "never" => None,
        s => Some(Severity::parse(s).ok_or("--fail-on takes error, warning, info or never")?),
    };
    if !matches!(a.format.as_str(), "human" | "json" | "sarif") {
        return Err(format!("--format {}: use human, json or sarif", a.format));
    }
    let p = project::load_code(cli)?;
    let env = crate::env_settings(cli, p, false);
    let mut opts = match a.db {
        Some(_) => verify::Options::on_copy(),
        None => verify::Options::default(),
    };
    let project_disabled = p
        .ini
        .get("retort", "disable")
        .ok()
        .flatten()
        .unwrap_or_default();
    for code in project_disabled
        .split([',', ' ', '\n', '\t'])
        .chain(a.disable.iter().map(String::as_str))
        .filter(|c| !c.is_empty())
    {
        let r = rules::find(code).ok_or_else(|| format!("unknown rule in disable list: {code}"))?;
        opts.disabled.insert(r.code.to_owned());
    }
    let db = match &a.db {
        Some(path) => {
            let src = rusqlite::Connection::open_with_flags(
                path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )
            .map_err(|e| format!("{path}: {e}"))?;
            let src = Database::from_connection(src);
            retort_engine::inspect::copy_database(&src).map_err(|e| format!("{path}: {e}"))?
        }
        None => Database::open_in_memory().map_err(|e| e.to_string())?,
    };
    if let Some(rows) = a.rows {
        opts.rows = rows;
    }
    opts.models = env
        .target_metadata
        .clone()
        .map(|tables| (tables, env.autogenerate.clone(), env.hooks.clone()));
    if !cli.quiet && a.format == "human" {
        eprintln!(
            "retort: verifying {} revisions on {} ...",
            p.dir.scripts.len(),
            match &a.db {
                Some(path) => format!("a copy of {path}"),
                None => format!("an empty database ({} generated rows per table)", opts.rows),
            }
        );
    }
    let report = verify::verify(&p.dir, &env.version_table, &env.naming, Rc::new(db), &opts);
    let failed = threshold.is_some_and(|t| report.findings.iter().any(|f| f.severity >= t));
    let out = match a.format.as_str() {
        "json" => serde_json::to_string_pretty(&to_json(&report)).unwrap() + "\n",
        "sarif" => serde_json::to_string_pretty(&to_sarif(&report)).unwrap() + "\n",
        _ => human(p, &report),
    };
    Ok((out, failed))
}

/// Paths as the user knows them: relative to the working directory when under it.
fn display_path(path: &str) -> String {
    let cwd = std::env::current_dir().ok();
    let real_cwd = cwd.as_ref().and_then(|c| c.canonicalize().ok());
    for base in [real_cwd, cwd].into_iter().flatten() {
        if let Ok(rel) = Path::new(path).strip_prefix(&base) {
            return rel.to_string_lossy().into_owned();
        }
    }
    path.to_owned()
}

fn source_of<'d>(dir: &'d ScriptDirectory, path: &str) -> Option<&'d str> {
    dir.scripts
        .iter()
        .find(|s| s.path == path)
        .map(|s| s.text())
}

fn human(p: &Project, report: &Report) -> String {
    let renderer = if anstream::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for f in &report.findings {
        let level = match f.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::NOTE,
        };
        let rule = f.rule();
        let id = format!("{} {}", rule.code, rule.name);
        let title = level.primary_title(f.message.as_str()).id(id.as_str());
        let mut group = Group::with_title(title);
        let display;
        if let Some(site) = &f.site {
            display = display_path(&site.path);
            match source_of(&p.dir, &site.path).and_then(|t| line_span(t, site.line)) {
                Some((text, span)) => {
                    group = group.element(
                        Snippet::source(text)
                            .line_start(site.line)
                            .path(display.as_str())
                            .annotation(AnnotationKind::Primary.span(span)),
                    );
                }
                None => {
                    group = group.element(
                        annotate_snippets::Origin::path(display.as_str())
                            .line(site.line)
                            .char_column(site.column),
                    );
                }
            }
        }
        let mut notes: Vec<String> = f.detail.iter().map(|d| d.to_string()).collect();
        if let Some(step) = &f.step {
            notes.push(format!("step: {step}"));
        }
        for n in &notes {
            group = group.element(Level::NOTE.message(n.as_str()));
        }
        let h = format!("{} (retort verify --explain {})", rule.hint(), rule.code);
        group = group.element(Level::HELP.message(h.as_str()));
        out += &renderer.render(&[group]).to_string();
        out += "\n\n";
    }
    for n in &report.notes {
        out += &format!("note: {n}\n");
    }
    if let Some(s) = &report.stopped {
        out += &format!("note: {s}\n");
    }
    out += &format!(
        "verified {} of {} revisions: {} errors, {} warnings, {} notes\n",
        report.checked,
        report.revisions,
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info)
    );
    out
}

/// The line `line` (1-based) of `text` and the span of its code (indentation excluded).
fn line_span(text: &str, line: usize) -> Option<(&str, std::ops::Range<usize>)> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let start = l.len() - l.trim_start().len();
    let end = l.trim_end().len().max(start + 1).min(l.len());
    Some((l, start..end.max(start)))
}

pub(crate) fn finding_json(f: &Finding) -> serde_json::Value {
    let rule = f.rule();
    json!({
        "code": f.code,
        "name": rule.name,
        "severity": f.severity.as_str(),
        "message": f.message,
        "revision": f.revision,
        "step": f.step,
        "path": f.site.as_ref().map(|s| display_path(&s.path)),
        "line": f.site.as_ref().map(|s| s.line),
        "column": f.site.as_ref().map(|s| s.column),
        "detail": f.detail,
        "hint": rule.hint(),
    })
}

fn to_json(report: &Report) -> serde_json::Value {
    json!({
        "revisions": report.revisions,
        "checked": report.checked,
        "stopped": report.stopped,
        "notes": report.notes,
        "summary": {
            "error": report.count(Severity::Error),
            "warning": report.count(Severity::Warning),
            "info": report.count(Severity::Info),
        },
        "findings": report.findings.iter().map(finding_json).collect::<Vec<_>>(),
    })
}

fn to_sarif(report: &Report) -> serde_json::Value {
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    let rules: Vec<serde_json::Value> = verify::RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.explain },
                "help": { "text": r.hint(), "markdown": rules::explain(r) },
                "defaultConfiguration": { "level": level(r.severity) },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut r = json!({
                "ruleId": f.code,
                "ruleIndex": verify::RULES.iter().position(|r| r.code == f.code),
                "level": level(f.severity),
                "message": { "text": f.message },
            });
            if let Some(s) = &f.site {
                r["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": { "uri": display_path(&s.path) },
                        "region": { "startLine": s.line, "startColumn": s.column },
                    }
                }]);
            }
            r
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "retort verify",
                "version": retort_engine::VERSION,
                "rules": rules,
            }},
            "results": results,
        }],
    })
}
