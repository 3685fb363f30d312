//! ARCHITECTURE.md's invariants, checked on the tree: the codemap names every module, the
//! engine does no I/O and has no browser forks, the interpreter knows nothing of Alembic or
//! SQL, `revision` is a pure graph, and only the hosts know their frameworks.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `(path relative to the root, text)` of the files under `dir` ending in `ext`.
fn files(dir: &str, ext: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut todo = vec![root().join(dir)];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|e| e == ext) {
                let rel = p
                    .strip_prefix(root())
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

/// A source file without its unit tests (`#[cfg(test)]` modules sit at the end of a file,
/// and tests may read fixtures from disk).
fn code(text: &str) -> &str {
    match text.find("\n#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    }
}

/// Every identifier-like word inside a backtick span of ARCHITECTURE.md.
fn codemap_words() -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    text.split('`')
        .skip(1)
        .step_by(2)
        .flat_map(|span| {
            span.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_codemap_names_every_module_of_the_engine_and_the_interpreter() {
    let words = codemap_words();
    let mut missing = Vec::new();
    for dir in ["crates/engine/src", "crates/pyscript/src"] {
        for (path, _) in files(dir, "rs") {
            let stem = Path::new(&path)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if matches!(stem.as_str(), "lib" | "mod" | "tests") || stem.ends_with("_tests") {
                continue;
            }
            if !words.contains(&stem) {
                missing.push(path);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "modules ARCHITECTURE.md does not name: {missing:?}"
    );
}

#[test]
fn the_engine_does_no_io_beyond_a_sqlite_connection() {
    let forbidden = [
        "std::fs",
        "std::net",
        "std::process",
        "std::env::",
        "std::io::stdin",
        "std::io::stdout",
        "std::time::SystemTime",
    ];
    let mut found = Vec::new();
    for (path, text) in files("crates/engine/src", "rs") {
        // A module's tests in a file of their own (`#[cfg(test)] mod tests;`) are test code.
        if path.ends_with("/tests.rs") {
            continue;
        }
        for f in forbidden {
            if code(&text).contains(f) {
                found.push(format!("{path}: {f}"));
            }
        }
    }
    assert!(found.is_empty(), "I/O in the engine: {found:?}");
}

#[test]
fn no_cfg_forks_of_engine_logic_for_the_browser() {
    let mut found = Vec::new();
    for dir in ["crates/engine/src", "crates/pyscript/src"] {
        for (path, text) in files(dir, "rs") {
            for f in [
                "target_arch",
                "target_family",
                "target_os",
                "feature = \"web\"",
            ] {
                if text.contains(f) {
                    found.push(format!("{path}: {f}"));
                }
            }
        }
    }
    assert!(found.is_empty(), "cfg forks: {found:?}");
}

#[test]
fn the_interpreter_knows_nothing_of_alembic_sql_or_sqlite() {
    let manifest = std::fs::read_to_string(root().join("crates/pyscript/Cargo.toml")).unwrap();
    for dep in ["rusqlite", "retort-engine", "sqlite"] {
        assert!(!manifest.contains(dep), "crates/pyscript depends on {dep}");
    }
    let mut found = Vec::new();
    for (path, text) in files("crates/pyscript/src", "rs") {
        for f in ["retort_engine", "rusqlite", "sqlalchemy::", "alembic::"] {
            if code(&text).contains(f) {
                found.push(format!("{path}: {f}"));
            }
        }
    }
    for (path, text) in files("crates/pyscript/src/python", "py") {
        for f in [
            "import alembic",
            "import sqlalchemy",
            "from alembic",
            "from sqlalchemy",
        ] {
            if text.contains(f) {
                found.push(format!("{path}: {f}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the interpreter reaches past its hosts: {found:?}"
    );
}

#[test]
fn revision_is_a_pure_graph() {
    let text = std::fs::read_to_string(root().join("crates/engine/src/revision.rs")).unwrap();
    for f in [
        "crate::db",
        "rusqlite",
        "retort_pyscript",
        "crate::host",
        "crate::operations",
        "crate::script",
        "crate::sqlite",
    ] {
        assert!(!code(&text).contains(f), "revision.rs uses {f}");
    }
}

#[test]
fn only_the_hosts_know_their_frameworks() {
    // (dependency, the crates that may have it): the hosts, never the engine or interpreter.
    let owners: [(&str, &[&str]); 7] = [
        ("clap", &["crates/cli"]),
        ("annotate-snippets", &["crates/cli"]),
        ("leptos", &["web"]),
        ("web-sys", &["web"]),
        ("js-sys", &["web", "crates/engine-js"]),
        ("wasm-bindgen", &["web", "crates/engine-js"]),
        ("tsify", &["crates/engine-js"]),
    ];
    let manifests = [
        "crates/pyscript",
        "crates/engine",
        "crates/engine-js",
        "crates/cli",
        "web",
        "tests/oracle",
    ];
    let mut found = Vec::new();
    for m in manifests {
        let text = std::fs::read_to_string(root().join(m).join("Cargo.toml")).unwrap();
        let deps: String = text
            .lines()
            .skip_while(|l| !l.starts_with("[dependencies]"))
            .take_while(|l| !l.starts_with("[dev-dependencies]"))
            .collect::<Vec<_>>()
            .join("\n");
        for (dep, hosts) in owners {
            let declared = deps
                .lines()
                .any(|l| l.split(['=', ' ', '.']).next() == Some(dep));
            if declared && !hosts.contains(&m) {
                found.push(format!("{m} depends on {dep}"));
            }
        }
    }
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn the_page_has_the_stack_the_native_hosts_give_the_interpreter() {
    let config = std::fs::read_to_string(root().join(".cargo/config.toml")).unwrap();
    let size: usize = config
        .split("-zstack-size=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|n| n.parse().ok())
        .expect("-zstack-size in .cargo/config.toml");
    assert_eq!(size, retort_pyscript::STACK_SIZE);
    assert!(retort_pyscript::Limits::default().max_stack_bytes < size);
}

/// The engine's top-level modules each file's code names (`crate::x`, `use crate::{x, ..}`),
/// comments aside.
fn engine_uses() -> Vec<(String, BTreeSet<String>)> {
    let mut uses: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    for (path, text) in files("crates/engine/src", "rs") {
        let rel = path.strip_prefix("crates/engine/src/").unwrap();
        let module = rel.split(['/', '.']).next().unwrap().to_owned();
        let set = uses.entry(module.clone()).or_default();
        let code: String = code(&text)
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let words = |s: &str| -> Vec<String> {
            s.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect()
        };
        for part in code.split("crate::").skip(1) {
            if let Some(group) = part.strip_prefix('{') {
                // `use crate::{a, b::c, d}`: the first word of each item.
                let group = &group[..group.find('}').unwrap_or(group.len())];
                for item in group.split(',') {
                    set.extend(words(item).into_iter().next());
                }
            } else {
                set.extend(words(part).into_iter().next());
            }
        }
        set.remove(&module);
    }
    uses.into_iter().collect()
}

#[test]
fn the_engine_modules_are_layered_as_the_codemap_says() {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let block = text
        .split("```layers\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("ARCHITECTURE.md has a ```layers block");
    // Line 0 is the top.
    let level: std::collections::BTreeMap<&str, usize> = block
        .lines()
        .enumerate()
        .flat_map(|(i, l)| l.split_whitespace().map(move |m| (m, i)))
        .collect();
    // `crate::Database` is `db`'s: the crate root's re-exports, by the module they come from.
    let lib = std::fs::read_to_string(root().join("crates/engine/src/lib.rs")).unwrap();
    let reexported: std::collections::BTreeMap<String, String> = lib
        .lines()
        .filter_map(|l| {
            l.strip_prefix("pub use ")?
                .strip_suffix(';')?
                .split_once("::")
        })
        .map(|(m, item)| (item.to_owned(), m.to_owned()))
        .collect();
    let uses: Vec<(String, BTreeSet<String>)> = engine_uses()
        .into_iter()
        .map(|(m, used)| {
            let used = used
                .into_iter()
                .map(|u| reexported.get(&u).cloned().unwrap_or(u))
                .filter(|u| *u != m)
                .collect();
            (m, used)
        })
        .collect();
    let mut problems = Vec::new();
    for (module, used) in &uses {
        if module == "lib" {
            continue;
        }
        let Some(&mine) = level.get(module.as_str()) else {
            problems.push(format!("`{module}` is on no line of the layers"));
            continue;
        };
        for u in used {
            match level.get(u.as_str()) {
                Some(&theirs) if theirs > mine => {}
                Some(_) => problems.push(format!("`{module}` uses `{u}`, which is not below it")),
                // Not a module of the engine: a macro, or a name of the crate root.
                None => {}
            }
        }
    }
    for m in level.keys() {
        if !uses.iter().any(|(u, _)| u == m) {
            problems.push(format!("the layers name `{m}`, which is not a module"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn files_are_modules_not_banners() {
    // `revision.rs` is a port of Alembic's `revision.py`, kept whole to be read beside it.
    let mut long = Vec::new();
    for dir in ["crates", "web/src"] {
        for (path, text) in files(dir, "rs") {
            let lines = text.lines().count();
            if lines > 1000 && !path.ends_with("engine/src/revision.rs") {
                long.push(format!("{path}: {lines} lines"));
            }
        }
    }
    assert!(long.is_empty(), "split these into modules: {long:?}");
}
