//! Every type class of SQLAlchemy's dialects (postgresql, mysql, mssql, oracle, sqlite) and
//! the generic ones, in a column created offline for SQLite, as real Alembic renders it or
//! refuses it: `tests/oracle/dialect_types.py` writes one revision file per type (listed by
//! asking SQLAlchemy, so a type a new SQLAlchemy adds is tested too), `tests/corpus/
//! offline_ops.py` renders them, and Retort must give the same SQL or the same error.

use std::path::PathBuf;

use retort_engine::Database;
use retort_engine::command::call_with_op;
use retort_engine::host::HostModules;
use retort_engine::operations::{MigrationContext, Mode};
use retort_engine::script::Loader;
use retort_engine::sql::schema::NamingConvention;
use retort_oracle_tests::{repo_root, venv};

/// SQLAlchemy's messages name compiler objects by address (`object at 0x7f...>`); Retort's
/// do not.
fn without_addresses(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(" at 0x") {
        out.push_str(&rest[..i]);
        rest = rest[i + 6..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    out + rest
}

#[test]
fn every_dialect_type_renders_or_fails_as_in_sqlalchemy() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(venv().join("bin/python"))
        .arg(repo_root().join("tests/oracle/dialect_types.py"))
        .arg(dir.path())
        .output()
        .expect("running dialect_types.py");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files: Vec<PathBuf> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(PathBuf::from)
        .collect();
    let json = dir.path().join("oracle.json");
    let status = std::process::Command::new(venv().join("bin/python"))
        .arg(repo_root().join("tests/corpus/offline_ops.py"))
        .arg(&json)
        .args(&files)
        .status()
        .expect("running offline_ops.py");
    assert!(status.success());
    let oracle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();

    let run = move || {
        let mut problems = Vec::new();
        let mut compared = 0;
        for f in &files {
            let path = f.to_string_lossy().into_owned();
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(f).unwrap();
            let modules = HostModules::default();
            let mut loader = Loader::new(modules.clone());
            let script = match loader.load(&path, &text, retort_pyscript::Syntax::parse(&text)) {
                Ok((script, _)) => script,
                Err(e) => {
                    problems.push(format!("{name}: does not load: {e}"));
                    continue;
                }
            };
            let code = script.code().unwrap();
            for function in ["upgrade", "downgrade"] {
                let want = &oracle[&path][function];
                let ctx = std::rc::Rc::new(MigrationContext::with_naming(
                    std::rc::Rc::new(Database::open_in_memory().unwrap()),
                    Mode::Offline,
                    NamingConvention::default(),
                ));
                let f = code.globals.get(function).unwrap();
                let (result, _) = call_with_op(&ctx, &modules, loader.interp(), &f);
                let sql = ctx.output.borrow().clone();
                let got = match &result {
                    Ok(_) => None,
                    // `type(e).__name__: message`, as offline_ops.py writes it.
                    Err(e) => {
                        let h = e.headline();
                        let (class, message) = h.split_once(": ").unwrap_or((&h, ""));
                        Some(format!("{}: {message}", class.rsplit('.').next().unwrap()))
                    }
                };
                let want_error = want["error"].as_str().map(without_addresses);
                compared += 1;
                match (want_error, got) {
                    (None, None) if sql == want["sql"].as_str().unwrap() => {}
                    (Some(w), Some(g)) if w == g => {}
                    (w, g) => problems.push(format!(
                        "{name} {function}(): alembic {} / retort {}",
                        w.unwrap_or_else(|| format!("renders {:?}", want["sql"].as_str().unwrap())),
                        g.unwrap_or_else(|| format!("renders {sql:?}"))
                    )),
                }
            }
        }
        (compared, problems)
    };
    let (compared, problems) = std::thread::Builder::new()
        .stack_size(retort_pyscript::STACK_SIZE)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
    assert!(compared > 300, "only {compared} functions compared");
    assert!(
        problems.is_empty(),
        "{} of {compared} differ from SQLAlchemy:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
