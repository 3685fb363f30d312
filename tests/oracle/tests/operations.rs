//! The cases of `crates/engine/tests/operations.txt` (each `op.*` operation and the SQL it
//! writes on SQLite, or its error) run through real Alembic offline by
//! `tests/corpus/offline_ops.py`: the expected text that Retort's own unit test checks is
//! Alembic's.

use retort_oracle_tests::{repo_root, venv};

#[test]
fn the_operation_cases_are_what_alembic_writes() {
    let fixture = repo_root().join("crates/engine/tests/operations.txt");
    let text = std::fs::read_to_string(&fixture).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut cases = Vec::new();
    for (i, block) in text.split("\n### ").skip(1).enumerate() {
        let (name, rest) = block.split_once('\n').unwrap();
        let (source, expected) = rest.split_once("\n---\n").unwrap();
        let body: String = source
            .trim()
            .lines()
            .map(|l| format!("    {l}\n"))
            .collect();
        let path = dir.path().join(format!("case_{i}.py"));
        std::fs::write(
            &path,
            format!(
                "from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n{body}\n"
            ),
        )
        .unwrap();
        cases.push((name.trim().to_owned(), path, expected.trim_end().to_owned()));
    }
    let json = dir.path().join("oracle.json");
    let status = std::process::Command::new(venv().join("bin/python"))
        .arg(repo_root().join("tests/corpus/offline_ops.py"))
        .arg(&json)
        .args(cases.iter().map(|(_, p, _)| p))
        .status()
        .expect("running offline_ops.py");
    assert!(status.success());
    let oracle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let mut problems = Vec::new();
    for (name, path, expected) in &cases {
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
