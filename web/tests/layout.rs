//! The page's half of ARCHITECTURE.md, checked on web/src: the `web/` section names every
//! module, only `storage` touches localStorage (and only the model calls it), every file
//! opens with a `//!` comment and stays under 1,000 lines, and the engine's worker starts the
//! page's own module.

use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// `(path relative to web/src, text)` of every Rust file of the page.
fn files() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut todo = vec![src()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                let rel = p
                    .strip_prefix(src())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// A file without its unit tests (a `#[cfg(test)]` module sits at the end of a file).
fn code(text: &str) -> &str {
    text.find("\n#[cfg(test)]").map_or(text, |i| &text[..i])
}

#[test]
fn every_file_says_what_it_is_and_stays_short() {
    for (path, text) in files() {
        assert!(
            text.starts_with("//! "),
            "{path} does not open with a //! comment"
        );
        let lines = text.lines().count();
        assert!(lines <= 1000, "{path} has {lines} lines");
    }
}

#[test]
fn only_storage_touches_local_storage() {
    for (path, text) in files() {
        if path == "storage.rs" {
            continue;
        }
        for f in ["local_storage", "session_storage", "web_sys::Storage"] {
            assert!(!code(&text).contains(f), "{path} uses {f}");
        }
        // The model decides what is kept; views call the model.
        if !path.starts_with("model") {
            assert!(!code(&text).contains("storage::"), "{path} calls storage");
        }
    }
}

#[test]
fn the_codemap_names_every_module_of_the_page() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../ARCHITECTURE.md"))
            .unwrap();
    let section = text
        .split("\n## `web/`\n")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("a `web/` section in ARCHITECTURE.md");
    let words: Vec<&str> = section.split('`').skip(1).step_by(2).collect();
    let mut missing = Vec::new();
    for (path, _) in files() {
        let stem = Path::new(&path)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if matches!(stem.as_str(), "main" | "mod") {
            continue;
        }
        if !words.iter().any(|w| *w == stem) {
            missing.push(path);
        }
    }
    assert!(
        missing.is_empty(),
        "modules the web/ section does not name: {missing:?}"
    );
}

/// The page drives a project only through the engine's `Session`; beside it, it uses the
/// engine's value modules (what a share link or a zip holds, the diagram's geometry, a
/// schema look, a verify report, a PR's review, a revision's date) and nothing of the machinery underneath
/// (operations, runtime, host, sqlite, env).
#[test]
fn the_page_reaches_the_engine_through_the_session_and_its_value_modules() {
    const ALLOWED: [&str; 10] = [
        "session",
        "review",
        "share",
        "archive",
        "diagram",
        "inspect",
        "verify",
        "script",
        "ProjectFiles",
        "VERSION",
    ];
    let mut found = Vec::new();
    for (path, text) in files() {
        for (i, _) in text.match_indices("retort_engine::") {
            let rest = &text[i + "retort_engine::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if name.is_empty() {
                // `retort_engine::{...}`: each item of the group.
                let group = &rest[1..rest.find('}').unwrap_or(rest.len())];
                for item in group.split(',') {
                    let item = item.trim().split("::").next().unwrap_or("").trim();
                    if !item.is_empty() && !ALLOWED.contains(&item) {
                        found.push(format!("{path}: retort_engine::{item}"));
                    }
                }
            } else if !ALLOWED.contains(&name.as_str()) {
                found.push(format!("{path}: retort_engine::{name}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the page reaches past the session: {found:?}"
    );
}

/// The worker runs the page's own module, sent to it compiled (ARCHITECTURE.md's invariant):
/// `web/worker.js` names no wasm file of its own and imports only the glue the page names;
/// the page's code has no `cfg` that would build it otherwise for the worker.
#[test]
fn the_worker_starts_the_pages_own_module() {
    let js =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("worker.js")).unwrap();
    assert!(!js.contains(".wasm"), "worker.js names a wasm file");
    assert!(
        js.contains("await import(glue)"),
        "worker.js imports another glue"
    );
    assert!(
        js.contains("module_or_path: module"),
        "worker.js starts another module"
    );
    for (path, text) in files() {
        let forks = code(&text)
            .match_indices("cfg(")
            .filter(|(i, _)| !code(&text)[*i..].starts_with("cfg(test)"))
            .count();
        assert_eq!(forks, 0, "{path} has a cfg");
    }
}
