//! What each `op.*` operation writes on SQLite, in Alembic's own test style: the operation
//! as a script writes it, and the SQL text it produces (`upgrade --sql`) or the error it
//! raises. The cases live in `operations.txt`; `tests/oracle/test_operations.py` runs the
//! same file through real Alembic, so the expected text is Alembic's.
//!
//! `RETORT_BLESS=1` rewrites the expected text from Retort's output (for new cases; the
//! oracle test then says whether Alembic agrees).

use retort_engine::ProjectFiles;
use retort_engine::runtime::Direction;
use retort_engine::session::Session;

mod cases;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/operations.txt");

/// What Retort writes for `source` as the body of one revision's `upgrade()`: the
/// statements of the step, or `error: ` and the exception.
fn run(source: &str) -> String {
    let body = cases::body(source);
    let mut files = ProjectFiles::new();
    files.insert(
        "versions/r1.py",
        format!(
            "from alembic import op\nimport sqlalchemy as sa\n\nrevision = 'r1'\ndown_revision = None\n\n\ndef upgrade():\n{body}\n\ndef downgrade():\n    pass\n"
        ),
    );
    let session = Session::open(files).unwrap();
    match session.offline_sql(Direction::Upgrade, "r1") {
        Ok(out) => {
            let start = out
                .find("-- Running upgrade  -> r1\n\n")
                .expect("step marker")
                + "-- Running upgrade  -> r1\n\n".len();
            let end = out
                .find("INSERT INTO alembic_version")
                .expect("version insert");
            out[start..end].trim_end().to_owned()
        }
        Err(message) => format!("error: {}", exception(&message)),
    }
}

/// The exception of a diagnostic (`path:line:column: NotImplementedError: ...`, then the
/// source and its caret): `NotImplementedError: ...`.
fn exception(message: &str) -> &str {
    let first = message.lines().next().unwrap_or_default();
    first
        .strip_prefix("versions/r1.py:")
        .and_then(|rest| rest.splitn(3, ':').nth(2))
        .map_or(first, str::trim_start)
}

#[test]
fn each_operation_writes_what_alembic_writes() {
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    let cases = cases::parse(&text);
    assert!(
        cases.len() >= 30,
        "operations.txt has {} cases",
        cases.len()
    );
    if std::env::var_os("RETORT_BLESS").is_some() {
        let mut out = cases::head(&text).to_owned();
        for c in &cases {
            out += &format!("\n### {}\n{}\n---\n{}\n", c.name, c.source, run(&c.source));
        }
        std::fs::write(FIXTURE, out).unwrap();
        return;
    }
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            let got = run(&c.source);
            (got != c.expected).then(|| {
                format!(
                    "### {}\n{}\n--- expected\n{}\n--- got\n{got}\n",
                    c.name, c.source, c.expected
                )
            })
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
