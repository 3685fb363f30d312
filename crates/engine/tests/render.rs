//! Autogenerate's rendering: the operations a script's `op.*` calls make, written back as
//! Alembic's autogenerate writes them. The cases live in `render.txt`, written by real
//! Alembic (`tests/oracle/render_ops.py --write`), which `tests/oracle/tests/render.rs`
//! checks again on every run.

use std::rc::Rc;

use retort_engine::Database;
use retort_engine::autogenerate::render_ops;
use retort_engine::command::call_with_op;
use retort_engine::host::HostModules;
use retort_engine::operations::{MigrationContext, Mode, Op};
use retort_engine::script::Loader;
use retort_engine::sql::schema::NamingConvention;

mod cases;

/// The operations the calls in `source` make (run offline: nothing touches a database).
fn ops_of(source: &str) -> Vec<Op> {
    let body = cases::body(source);
    let text = format!(
        "from alembic import op\nimport sqlalchemy as sa\n\nrevision = 'r1'\ndown_revision = None\n\n\ndef upgrade():\n{body}"
    );
    let modules = HostModules::default();
    let mut loader = Loader::new(modules.clone());
    let (script, _) = loader
        .load("r1.py", &text, retort_pyscript::Syntax::parse(&text))
        .unwrap();
    let code = script.code().unwrap();
    let ctx = MigrationContext::with_naming(
        Rc::new(Database::open_in_memory().unwrap()),
        Mode::Offline,
        NamingConvention::default(),
    );
    let upgrade = code.globals.get("upgrade").unwrap();
    let (result, _) = call_with_op(&ctx, &modules, loader.interp(), &upgrade);
    result.unwrap();
    ctx.calls.borrow().iter().map(|c| (*c.op).clone()).collect()
}

#[test]
fn operations_render_as_alembic_autogenerate_writes_them() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/render.txt")).unwrap();
    let cases = cases::parse(&text);
    let mut failures = Vec::new();
    for case in &cases {
        let got = match render_ops(&ops_of(&case.source)) {
            Ok(text) => text,
            Err(e) => format!("error: {e}"),
        };
        if got != case.expected {
            failures.push(format!(
                "### {}\n--- Alembic\n{}\n--- Retort\n{got}\n",
                case.name, case.expected
            ));
        }
    }
    assert!(cases.len() >= 19, "render.txt has {} cases", cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
