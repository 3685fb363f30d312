//! The public corpus (tests/corpus: real revision files of PyPI packages, downloaded by
//! `tests/corpus/fetch.sh`): every file must load — parse, run its top level, yield its
//! revision header — or fail with a clear diagnostic for a reason listed below.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use retort_engine::script::{ScriptError, load_revision_file};

fn corpus_dir() -> PathBuf {
    let tools = std::env::var_os("RETORT_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let cache = std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cache"));
            cache.join("retort")
        });
    tools.join("corpus")
}

fn py_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        // `.tmp.*`: a package fetch.sh is extracting.
        if p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        if p.is_dir() {
            py_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "py") && !p.ends_with("__init__.py") {
            out.push(p);
        }
    }
}

/// The corpus's revision files, sorted, fetched first (`tests/corpus/fetch.sh`).
fn fetched_corpus() -> Vec<PathBuf> {
    // This file's tests run on threads: one fetch at a time, or, on a cold cache, one test
    // lists a package another is extracting (or replacing). A fresh machine met it.
    static FETCH: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = FETCH.lock().unwrap_or_else(|e| e.into_inner());
    let status = std::process::Command::new("bash")
        .arg(retort_oracle_tests::repo_root().join("tests/corpus/fetch.sh"))
        .status()
        .expect("running tests/corpus/fetch.sh");
    assert!(status.success(), "tests/corpus/fetch.sh failed");
    let mut files = Vec::new();
    py_files(&corpus_dir(), &mut files);
    files.sort();
    files
}

/// Standard-library modules the sandbox withholds on purpose (environment, files) or does
/// not provide yet; files importing them are reported, not failed. Keep in step with
/// docs/pyscript.md.
const STDLIB_WITHHELD: &[&str] = &["subprocess", "socket"];

/// Why a file may not load: it imports its application's own modules or another
/// third-party package (Alembic would need them installed too), or a standard-library module
/// the sandbox withholds. Anything else is a Retort defect.
fn acceptable(err: &ScriptError) -> bool {
    let ScriptError::Python(e) = err else {
        return false;
    };
    let Some(module) = e.missing_module() else {
        return false;
    };
    let top = module.split('.').next().unwrap_or(module);
    // A module Python ships that Retort should provide (any but the withheld) is a defect.
    const PYTHON_STDLIB: &[&str] = &[
        "abc",
        "argparse",
        "array",
        "ast",
        "base64",
        "binascii",
        "bisect",
        "calendar",
        "collections",
        "contextlib",
        "copy",
        "csv",
        "dataclasses",
        "datetime",
        "decimal",
        "difflib",
        "enum",
        "fnmatch",
        "fractions",
        "functools",
        "gettext",
        "hashlib",
        "heapq",
        "hmac",
        "html",
        "inspect",
        "io",
        "ipaddress",
        "itertools",
        "json",
        "keyword",
        "locale",
        "logging",
        "math",
        "numbers",
        "operator",
        "pickle",
        "pprint",
        "random",
        "re",
        "secrets",
        "shlex",
        "statistics",
        "string",
        "struct",
        "textwrap",
        "time",
        "types",
        "typing",
        "unicodedata",
        "uuid",
        "warnings",
        "weakref",
        "zlib",
    ];
    !PYTHON_STDLIB.contains(&top) || STDLIB_WITHHELD.contains(&top)
}

#[test]
fn every_corpus_file_loads_or_fails_for_an_application_import() {
    let files = fetched_corpus();
    assert!(files.len() >= 200, "corpus has {} files", files.len());
    let mut ok = 0;
    let mut app_imports: BTreeMap<String, usize> = BTreeMap::new();
    let mut defects = Vec::new();
    let run = |files: Vec<PathBuf>| {
        let mut results = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            let r = load_revision_file(&f.to_string_lossy(), &text).map(|_| ());
            results.push((f, r));
        }
        results
    };
    let results = std::thread::Builder::new()
        .stack_size(retort_pyscript::STACK_SIZE)
        .spawn(move || run(files))
        .unwrap()
        .join()
        .unwrap();
    for (f, r) in &results {
        match r {
            Ok(()) => ok += 1,
            Err(e) if acceptable(e) => {
                let ScriptError::Python(pe) = e else {
                    unreachable!()
                };
                *app_imports.entry(pe.message.clone()).or_default() += 1;
            }
            Err(e) => defects.push(format!("{}\n{e}", f.display())),
        }
    }
    eprintln!(
        "corpus: {} files, {ok} load, {} import application modules, {} defects",
        results.len(),
        app_imports.values().sum::<usize>(),
        defects.len()
    );
    for (m, n) in &app_imports {
        eprintln!("  {n:4}  {m}");
    }
    assert!(
        defects.is_empty(),
        "{} files fail to load:\n\n{}",
        defects.len(),
        defects.join("\n\n")
    );
}

/// `retort verify` over each corpus project whose revision files all load: it must finish
/// without a crash. Most of these projects target PostgreSQL or MySQL, so a run usually
/// stops at the first step SQLite refuses (RT005), after checking the revisions before it.
#[test]
fn verify_runs_on_every_loadable_corpus_project() {
    use retort_engine::ProjectFiles;
    use retort_engine::session::Session;
    let files = fetched_corpus();
    // One project per folder of revision files.
    let mut projects: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for f in files {
        projects
            .entry(f.parent().unwrap().to_path_buf())
            .or_default()
            .push(f);
    }
    let run = move || {
        let mut lines = Vec::new();
        let mut verified = 0;
        for (folder, files) in &projects {
            // The files that load (the others import their application), less those whose
            // ancestry then misses a revision: the part of the history Alembic itself would
            // accept as a project.
            let mut loaded = Vec::new();
            for f in files {
                let text = std::fs::read_to_string(f).unwrap();
                if let Ok((_, spec)) = load_revision_file(&f.to_string_lossy(), &text) {
                    loaded.push((f, text, spec));
                }
            }
            loop {
                let ids: std::collections::HashSet<String> =
                    loaded.iter().map(|(_, _, s)| s.revision.clone()).collect();
                let before = loaded.len();
                loaded.retain(|(_, _, s)| {
                    s.down_revision
                        .iter()
                        .chain(&s.depends_on)
                        .all(|d| ids.contains(d))
                });
                if loaded.len() == before {
                    break;
                }
            }
            let left_out = files.len() - loaded.len();
            let mut pf = ProjectFiles::new();
            for (f, text, _) in loaded {
                let rel = f.strip_prefix(folder).unwrap().to_string_lossy();
                pf.insert(format!("versions/{rel}"), text);
            }
            let name = folder
                .strip_prefix(corpus_dir())
                .unwrap()
                .display()
                .to_string();
            let s = match Session::open(pf) {
                Ok(s) => s,
                Err(e) => {
                    let e = e.lines().next().unwrap_or("").to_owned();
                    lines.push(format!(
                        "{name}: not verified, {left_out} files left out: {e}"
                    ));
                    continue;
                }
            };
            let r = s.verify(false);
            verified += 1;
            let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
            for f in &r.findings {
                *codes.entry(f.code).or_default() += 1;
            }
            lines.push(format!(
                "{name}: {} of {} revisions checked ({left_out} files left out), findings {codes:?}{}",
                r.checked,
                r.revisions,
                r.findings
                    .iter()
                    .find(|f| f.code == "RT005")
                    .map(|f| format!("; stopped: {}", f.message))
                    .unwrap_or_default()
            ));
        }
        (verified, lines)
    };
    let (verified, lines) = std::thread::Builder::new()
        .stack_size(retort_pyscript::STACK_SIZE)
        .spawn(run)
        .unwrap()
        .join()
        .expect("verify panicked on a corpus project");
    for l in &lines {
        eprintln!("{l}");
    }
    assert!(
        verified >= 5,
        "only {verified} corpus projects could be verified"
    );
}

/// Functions whose output differs from Alembic's on purpose, with the reason. Each must still
/// differ (an entry that no longer matches fails the test, so the list stays true).
const DELIBERATE: &[(&str, &str)] = &[(
    "octavia/db/migration/alembic_migrations/versions/46d914b2a5e5_seed_the_spares_pool_table.py upgrade",
    "inserts datetime.datetime.now(): the sandbox's clock is fixed (2025-01-01) so runs are reproducible (docs/pyscript.md)",
)];

/// What real Alembic renders offline for each corpus file's `upgrade()` and `downgrade()`
/// (`tests/corpus/offline_ops.py`: a fresh `--sql` MigrationContext for SQLite per function),
/// against Retort doing the same: the same SQL, byte for byte, and the same printed output —
/// that is, the same operations with the same arguments. Where Alembic fails, Retort must fail
/// too, except where it deliberately does better (`batch_alter_table` offline, which Retort
/// renders from the schema the script built: docs/operations.md).
#[test]
fn corpus_offline_sql_matches_alembic() {
    use retort_engine::Database;
    use retort_engine::command::call_with_op;
    use retort_engine::host::HostModules;
    use retort_engine::operations::{MigrationContext, Mode};
    use retort_engine::script::Loader;
    use retort_engine::sql::schema::NamingConvention;
    use std::rc::Rc;

    let files = fetched_corpus();
    let out = tempfile::NamedTempFile::new().unwrap();
    let status = std::process::Command::new(retort_oracle_tests::venv().join("bin/python"))
        .arg(retort_oracle_tests::repo_root().join("tests/corpus/offline_ops.py"))
        .arg(out.path())
        .args(&files)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("running tests/corpus/offline_ops.py");
    assert!(status.success(), "offline_ops.py failed");
    let oracle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path()).unwrap()).unwrap();

    let run = move || {
        let (mut same, mut both_fail, mut better) = (0, 0, 0);
        let mut mismatches = Vec::new();
        let mut deliberate = Vec::new();
        for f in &files {
            let path = f.to_string_lossy().into_owned();
            let expected = &oracle[&path];
            if !expected["load"].is_null() {
                continue; // the file imports its application: not comparable
            }
            let text = std::fs::read_to_string(f).unwrap();
            let modules = HostModules::default();
            let mut loader = Loader::new(modules.clone());
            let script = match loader.load(&path, &text, retort_pyscript::Syntax::parse(&text)) {
                Ok((script, _)) => script,
                Err(e) if acceptable(&e) => continue, // a package Alembic had and Retort lacks
                Err(e) => {
                    mismatches.push(format!("{path}: loads under Alembic, not Retort: {e}"));
                    continue;
                }
            };
            let code = script.code().unwrap();
            // `alembic.context` while the functions run: an offline run with no -x or tag.
            let input = retort_engine::env::EnvInput {
                path: "env.py",
                text: "",
                offline: true,
                ini: None,
                config_file_name: None,
                ini_section: "alembic",
                x_args: &[],
                tag: None,
                project: None,
            };
            retort_engine::env::install_step_context(&input, &modules);
            for name in ["upgrade", "downgrade"] {
                let want = &expected[name];
                let want_error = want["error"].as_str();
                let (want_sql, want_out) = (
                    want["sql"].as_str().unwrap_or(""),
                    want["stdout"].as_str().unwrap_or(""),
                );
                let db = Rc::new(Database::open_in_memory().unwrap());
                let ctx = Rc::new(MigrationContext::with_naming(
                    db,
                    Mode::Offline,
                    NamingConvention::default(),
                ));
                let (result, printed) = match code.globals.get(name) {
                    Some(function) => call_with_op(&ctx, &modules, loader.interp(), &function),
                    None => continue,
                };
                // Prints land in the script where they were printed; what the function
                // printed after its last operation comes at the end.
                let sql = ctx.output.borrow().clone() + &printed;
                let printed = String::new();
                let before = mismatches.len();
                match (want_error, result) {
                    (None, Ok(_)) if sql == want_sql && printed == want_out => same += 1,
                    (None, Ok(_)) => mismatches.push(format!(
                        "{path} {name}(): different output\n--- alembic\n{want_sql}{want_out}\n--- retort\n{sql}{printed}"
                    )),
                    (None, Err(e)) => mismatches.push(format!(
                        "{path} {name}(): fails under Retort only\n--- alembic\n{want_sql}\n--- retort\n{e}"
                    )),
                    (Some(_), Err(_)) => both_fail += 1,
                    (Some(w), Ok(_)) if w.contains("batch mode with dialect sqlite requires a live database connection") => better += 1,
                    (Some(w), Ok(_)) => mismatches.push(format!(
                        "{path} {name}(): fails under Alembic only: {w}\n--- retort\n{sql}"
                    )),
                }
                let key = format!("{path} {name}");
                if mismatches.len() > before
                    && let Some(d) = DELIBERATE.iter().find(|(k, _)| key.ends_with(k))
                {
                    mismatches.pop();
                    deliberate.push(d.0);
                }
            }
        }
        for (k, why) in DELIBERATE {
            if !deliberate.contains(k) {
                mismatches.push(format!(
                    "DELIBERATE lists {k} ({why}), which no longer differs"
                ));
            }
        }
        (same, both_fail, better, mismatches)
    };
    let (same, both_fail, better, mismatches) = std::thread::Builder::new()
        .stack_size(retort_pyscript::STACK_SIZE)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
    eprintln!(
        "corpus offline: {same} functions render the same SQL, {both_fail} fail under both, {better} batch functions only Retort renders, {} differ on purpose, {} differ",
        DELIBERATE.len(),
        mismatches.len()
    );
    assert!(
        same >= 400,
        "only {same} functions compared equal: the comparison is not running"
    );
    assert!(
        mismatches.is_empty(),
        "{} functions differ from Alembic:\n\n{}",
        mismatches.len(),
        mismatches.join("\n\n")
    );
}
