//! The cases of `crates/engine/tests/operations.txt` (each `op.*` operation and the SQL it
//! writes on SQLite, or its error) run through real Alembic offline by
//! `tests/corpus/offline_ops.py`: the expected text that Retort's own unit test checks is
//! Alembic's.

use retort_oracle_tests::{repo_root, venv};

#[path = "../../../crates/engine/tests/cases/mod.rs"]
mod cases;

#[test]
fn the_operation_cases_are_what_alembic_writes() {
    let fixture = repo_root().join("crates/engine/tests/operations.txt");
    let text = std::fs::read_to_string(&fixture).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut written = Vec::new();
    for (i, case) in cases::parse(&text).into_iter().enumerate() {
        let path = dir.path().join(format!("case_{i}.py"));
        std::fs::write(
            &path,
            format!(
                "from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n{}\n",
                cases::body(&case.source)
            ),
        )
        .unwrap();
        written.push((case.name, path, case.expected));
    }
    let json = dir.path().join("oracle.json");
    let status = std::process::Command::new(venv().join("bin/python"))
        .arg(repo_root().join("tests/corpus/offline_ops.py"))
        .arg(&json)
        .args(written.iter().map(|(_, p, _)| p))
        .status()
        .expect("running offline_ops.py");
    assert!(status.success());
    let oracle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let mut problems = Vec::new();
    for (name, path, expected) in &written {
        let up = &oracle[path.to_str().unwrap()]["upgrade"];
        let alembic = match up["error"].as_str() {
            Some(e) => format!("error: {e}"),
            None => up["sql"].as_str().unwrap().trim_end().to_owned(),
        };
        if &alembic != expected {
            problems.push(format!(
                "### {name}\n--- operations.txt\n{expected}\n--- Alembic\n{alembic}\n"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
