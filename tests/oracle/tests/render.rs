//! The expected text of `crates/engine/tests/render.txt` is what real Alembic's
//! autogenerate renders: `tests/oracle/render_ops.py` renders every case again, and each
//! must be the text the file holds (Retort's own test checks Retort against the file).

use retort_oracle_tests::{repo_root, venv};

#[path = "../../../crates/engine/tests/cases/mod.rs"]
mod cases;

#[test]
fn the_render_cases_are_what_alembic_renders() {
    let fixture = repo_root().join("crates/engine/tests/render.txt");
    let out = std::process::Command::new(venv().join("bin/python"))
        .arg(repo_root().join("tests/oracle/render_ops.py"))
        .arg(&fixture)
        .output()
        .expect("running render_ops.py");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let alembic: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = std::fs::read_to_string(&fixture).unwrap();
    let cases = cases::parse(&text);
    let mut problems = Vec::new();
    for case in &cases {
        let got = alembic[&case.name].as_str().unwrap_or("(missing)");
        if got != case.expected {
            problems.push(format!(
                "### {}\n--- render.txt\n{}\n--- Alembic\n{got}\n",
                case.name, case.expected
            ));
        }
    }
    assert!(cases.len() >= 19, "render.txt has {} cases", cases.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
