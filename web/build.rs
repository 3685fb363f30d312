//! The lessons (web/lessons/*.lesson) become Rust data at build time: a lesson that does not
//! parse, or names a check the page does not know, fails the build with its file and line.
//!
//! A lesson file: `key: value` lines (`title`, `task`, `start`, `check: KIND ARG | label`,
//! `link: label | url`, `seed: SQL` (rows added at the start), `file: PATH` followed by the
//! file between `<<<` and `>>>` lines),
//! then a blank line and the text, paragraphs separated by blank lines.

use std::fmt::Write as _;
use std::path::Path;

/// The checks the page knows (`model::learn`), and whether each takes an argument.
const CHECKS: &[(&str, &str)] = &[
    ("at", "At"),
    ("tab", "Tab"),
    ("ran", "Ran"),
    ("failed", "Failed"),
    ("versions", "Versions"),
    ("heads", "Heads"),
    ("column", "Column"),
    ("file", "File"),
    ("finding", "Finding"),
    ("clean", "Clean"),
    ("query", "Query"),
    ("kept", "Kept"),
];
const TABS: &[&str] = &[
    "steps", "schema", "data", "offline", "history", "files", "verify",
];

fn main() {
    // Read when the script runs (not `env!`: a script compiled for another checkout would
    // read that checkout's lessons).
    let dir = Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("lessons");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("web/lessons")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "lesson"))
        .collect();
    names.sort();
    let mut out = String::from("&[\n");
    for path in &names {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(path).unwrap();
        let slug = path.file_stem().unwrap().to_string_lossy().into_owned();
        match lesson(&slug, &text) {
            Ok(code) => out.push_str(&code),
            Err((line, why)) => panic!("{}:{line}: {why}", path.display()),
        }
    }
    out.push_str("]\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("lessons.rs");
    std::fs::write(dest, out).unwrap();
}

fn lesson(slug: &str, text: &str) -> Result<String, (usize, String)> {
    let (mut title, mut task, mut start) = (None, None, None);
    let (mut checks, mut links, mut files) = (String::new(), String::new(), String::new());
    let mut seed = String::new();
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let mut body_from = None;
    while let Some((n, line)) = lines.next() {
        if line.trim().is_empty() {
            body_from = Some(n);
            break;
        }
        let (key, value) = line
            .split_once(": ")
            .ok_or((n, format!("expected `key: value`, found {line:?}")))?;
        match key {
            "title" => title = Some(value.to_owned()),
            "task" => task = Some(value.to_owned()),
            "start" => start = Some(value.to_owned()),
            "check" => {
                let (spec, label) = value
                    .split_once(" | ")
                    .ok_or((n, "a check is `KIND ARG | what it means`".to_owned()))?;
                let (kind, arg) = spec.split_once(' ').unwrap_or((spec, ""));
                let Some((_, variant)) = CHECKS.iter().find(|(k, _)| *k == kind) else {
                    let known: Vec<_> = CHECKS.iter().map(|(k, _)| *k).collect();
                    return Err((n, format!("unknown check {kind:?}; known: {known:?}")));
                };
                if kind == "tab" && !TABS.contains(&arg) {
                    return Err((n, format!("no tab {arg:?}; tabs: {TABS:?}")));
                }
                if arg.is_empty() {
                    return Err((n, format!("check {kind:?} needs an argument")));
                }
                if matches!(kind, "query" | "kept") && !arg.contains(" = ") {
                    return Err((n, format!("check {kind:?} is `SQL = value`")));
                }
                writeln!(
                    checks,
                    "Check {{ kind: Kind::{variant}, arg: {arg:?}, label: {label:?} }},"
                )
                .unwrap();
            }
            "seed" => writeln!(seed, "{value:?},").unwrap(),
            "link" => {
                let (label, url) = value
                    .split_once(" | ")
                    .ok_or((n, "a link is `label | https://...`".to_owned()))?;
                if !url.starts_with("https://") {
                    return Err((n, format!("links go to https:// pages, not {url:?}")));
                }
                writeln!(links, "({label:?}, {url:?}),").unwrap();
            }
            "file" => {
                match lines.next() {
                    Some((_, "<<<")) => {}
                    _ => return Err((n + 1, "a file's text starts with a `<<<` line".into())),
                }
                let mut body = String::new();
                loop {
                    match lines.next() {
                        Some((_, ">>>")) => break,
                        Some((_, l)) => {
                            body.push_str(l);
                            body.push('\n');
                        }
                        None => return Err((n, "a file's text ends with a `>>>` line".into())),
                    }
                }
                writeln!(files, "({value:?}, {body:?}),").unwrap();
            }
            other => return Err((n, format!("unknown key {other:?}"))),
        }
    }
    let body_from = body_from.ok_or((1, "no text: a blank line, then paragraphs".to_owned()))?;
    let paragraphs: Vec<String> = text
        .lines()
        .skip(body_from)
        .collect::<Vec<_>>()
        .split(|l| l.trim().is_empty())
        .filter(|p| !p.is_empty())
        .map(|p| p.join(" "))
        .collect();
    let need = |v: Option<String>, what: &str| v.ok_or((1, format!("no `{what}:` line")));
    let (title, task, start) = (
        need(title, "title")?,
        need(task, "task")?,
        need(start, "start")?,
    );
    if checks.is_empty() {
        return Err((1, "a lesson needs at least one `check:`".into()));
    }
    Ok(format!(
        "Lesson {{ slug: {slug:?}, title: {title:?}, task: {task:?}, start: {start:?},\n\
         files: &[{files}], seed: &[{seed}], checks: &[{checks}], links: &[{links}], paragraphs: &{paragraphs:?} }},\n"
    ))
}
