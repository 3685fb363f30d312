//! Differential tests: every program under `tests/python/` runs in Retort's interpreter and
//! in CPython (`python3`, at test time); their standard outputs must be identical, and both
//! must end the same way (normally, or with an uncaught exception).
//!
//! A `.py` file is a program on its own. A directory is a project: its `main.py` runs, and
//! its other files are importable — Retort finds them through a `ModuleResolver` over an
//! in-memory copy of the directory, CPython runs a copy in a temporary directory (paths in
//! CPython's output are made relative to it). Both see the same environment and working
//! directory (`Interp::set_environ`, `Interp::set_cwd`). `RETORT_DIFF=name` runs only the
//! programs whose name contains `name`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;

use retort_pyscript::{EvalResult, Interp, ModuleResolver, STACK_SIZE, Scope, SourceModule, Value};

/// A project's files, by path relative to its root (`app/models.py`).
#[derive(Clone)]
struct Tree(BTreeMap<String, String>);

impl ModuleResolver for Tree {
    fn resolve(&self, _: &mut Interp, _: &str) -> Option<EvalResult> {
        None
    }
    fn available(&self) -> Vec<String> {
        Vec::new()
    }
    fn find_source(&self, name: &str) -> Option<SourceModule> {
        let rel = name.replace('.', "/");
        let init = format!("{rel}/__init__.py");
        if let Some(text) = self.0.get(&init) {
            return Some(SourceModule::file(&init, text, true));
        }
        let file = format!("{rel}.py");
        if let Some(text) = self.0.get(&file) {
            return Some(SourceModule::file(&file, text, false));
        }
        let dir = format!("{rel}/");
        if self.0.keys().any(|k| k.starts_with(&dir)) {
            return Some(SourceModule::namespace(&rel));
        }
        None
    }
}

fn read_tree(root: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
    let mut entries: Vec<_> = std::fs::read_dir(root).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}{name}");
        if e.path().is_dir() {
            read_tree(&e.path(), &format!("{rel}/"), out);
        } else if name.ends_with(".py") {
            out.insert(rel, std::fs::read_to_string(e.path()).unwrap());
        }
    }
}

/// What a run printed, and whether it ended with an uncaught exception (its headline).
type Outcome = (String, Option<String>);

/// The environment both interpreters see: `python3` runs with exactly these variables (and
/// `PATH`), and Retort's `os.environ` is given the same.
fn environment() -> Vec<(String, String)> {
    vec![
        ("PYTHONDONTWRITEBYTECODE".into(), "1".into()),
        ("PYTHONHASHSEED".into(), "0".into()),
        ("RETORT_DIFF_VAR".into(), "from the host".into()),
        ("HOME".into(), "/home/retort".into()),
    ]
}

fn run_retort(tree: Tree, main: String, scratch: &Path) -> Outcome {
    let cwd = scratch.display().to_string();
    let prefix = format!("{cwd}/");
    let (output, failure) = std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let text = tree.0[&main].clone();
            let mut interp = Interp::default();
            interp.set_resolver(Rc::new(tree));
            interp.set_environ(environment());
            interp.set_cwd(&cwd);
            let module = match Interp::parse(&main, &text) {
                Ok(m) => m,
                Err(e) => return (String::new(), Some(e.to_string())),
            };
            let globals = Rc::new(Scope::default());
            globals.set("__name__", Value::str("__main__"));
            globals.set("__file__", Value::str(&main));
            globals.set("__package__", Value::None);
            let r = interp.exec_in(&module, globals);
            (interp.output.clone(), r.err().map(|e| e.to_string()))
        })
        .unwrap()
        .join()
        .unwrap_or_else(|_| (String::new(), Some("the interpreter panicked".to_owned())));
    (output.replace(&prefix, ""), failure)
}

fn run_cpython(tree: &Tree, main: &str, scratch: &Path) -> Outcome {
    let _ = std::fs::remove_dir_all(scratch);
    for (rel, text) in &tree.0 {
        let path = scratch.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let out = Command::new("python3")
        .arg(main)
        .current_dir(scratch)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(environment())
        .output()
        .expect("python3 runs");
    let _ = std::fs::remove_dir_all(scratch);
    let prefix = format!("{}/", scratch.display());
    let stdout = String::from_utf8_lossy(&out.stdout).replace(&prefix, "");
    let failure =
        (!out.status.success()).then(|| String::from_utf8_lossy(&out.stderr).into_owned());
    (stdout, failure)
}

fn programs() -> Vec<(String, Tree, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/python");
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    let mut out = Vec::new();
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        if e.path().is_dir() {
            let mut files = BTreeMap::new();
            read_tree(&e.path(), "", &mut files);
            out.push((name, Tree(files), "main.py".to_owned()));
        } else if name.ends_with(".py") {
            let text = std::fs::read_to_string(e.path()).unwrap();
            out.push((
                name.clone(),
                Tree(BTreeMap::from([(name.clone(), text)])),
                name,
            ));
        }
    }
    out
}

#[test]
fn python_programs_print_what_cpython_prints() {
    if Command::new("python3").arg("--version").output().is_err() {
        println!("note: python3 is not installed; the differential tests did not run");
        return;
    }
    let programs = programs();
    assert!(!programs.is_empty());
    let mut failures = Vec::new();
    for (name, tree, main) in programs {
        let scratch = std::env::temp_dir().join(format!(
            "retort-differential-{}-{}",
            std::process::id(),
            name.trim_end_matches(".py")
        ));
        if let Ok(only) = std::env::var("RETORT_DIFF")
            && !name.contains(&only)
        {
            continue;
        }
        let expected = run_cpython(&tree, &main, &scratch);
        let got = run_retort(tree, main, &scratch);
        if got.0 != expected.0 || got.1.is_some() != expected.1.is_some() {
            let diff = first_difference(&expected.0, &got.0);
            failures.push(format!(
                "== {name}: {diff}\n-- CPython{}:\n{}\n-- Retort{}:\n{}",
                expected
                    .1
                    .as_deref()
                    .map_or(String::new(), |e| format!(" (failed: {})", e.trim())),
                expected.0,
                got.1
                    .as_deref()
                    .map_or(String::new(), |e| format!(" (failed: {e})")),
                got.0
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn first_difference(expected: &str, got: &str) -> String {
    for (i, (a, b)) in expected.lines().zip(got.lines()).enumerate() {
        if a != b {
            return format!("line {}: expected {a:?}, got {b:?}", i + 1);
        }
    }
    format!(
        "{} lines expected, {} printed",
        expected.lines().count(),
        got.lines().count()
    )
}
