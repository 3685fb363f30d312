//! The expected text of `crates/engine/tests/render.txt` is what real Alembic's
//! autogenerate renders: `tests/oracle/render_ops.py` renders every case again, and each
//! must be the text the file holds (Retort's own test checks Retort against the file).

use retort_oracle_tests::{repo_root, venv};

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
    let mut problems = Vec::new();
    let mut count = 0;
    for block in text.split("\n### ").skip(1) {
        let (name, rest) = block.split_once('\n').unwrap();
        let (_, expected) = rest.split_once("\n---\n").unwrap();
        let got = alembic[name.trim()].as_str().unwrap_or("(missing)");
        count += 1;
        if got != expected.trim_end() {
            problems.push(format!(
                "### {name}\n--- render.txt\n{}\n--- Alembic\n{got}\n",
                expected.trim_end()
            ));
        }
    }
    assert!(count >= 19, "render.txt has {count} cases");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
