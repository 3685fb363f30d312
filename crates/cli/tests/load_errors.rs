//! A revision file that raises while it loads, beside real Alembic: `heads` ends in the
//! exception (exit 1, no `FAILED:`); `upgrade` first runs env.py, whose context logs its lines
//! and creates the version table, then loads the revisions lazily and fails the same way,
//! leaving the empty version table behind.

use std::path::Path;
use std::process::Command;

use retort_oracle_tests::venv;

const ENV: &str = "from logging.config import fileConfig\n\nfrom alembic import context\nfrom sqlalchemy import engine_from_config, pool\n\nconfig = context.config\nfileConfig(config.config_file_name)\nconnectable = engine_from_config(config.get_section(config.config_ini_section), prefix='sqlalchemy.', poolclass=pool.NullPool)\nwith connectable.connect() as connection:\n    context.configure(connection=connection)\n    with context.begin_transaction():\n        context.run_migrations()\n";

fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let write = |p: &str, t: &str| {
        let p = d.join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, t).unwrap();
    };
    write(
        "alembic.ini",
        "[alembic]\nscript_location = migrations\nsqlalchemy.url = sqlite:///app.db\n\n[loggers]\nkeys = root,alembic\n\n[handlers]\nkeys = console\n\n[formatters]\nkeys = generic\n\n[logger_root]\nlevel = WARNING\nhandlers = console\n\n[logger_alembic]\nlevel = INFO\nhandlers =\nqualname = alembic\n\n[handler_console]\nclass = StreamHandler\nargs = (sys.stderr,)\nlevel = NOTSET\nformatter = generic\n\n[formatter_generic]\nformat = %(levelname)-5.5s [%(name)s] %(message)s\n",
    );
    write("migrations/env.py", ENV);
    write("migrations/script.py.mako", "");
    write(
        "migrations/versions/a1.py",
        "import os\nfrom alembic import op\n\nrevision = 'a1'\ndown_revision = None\nSETTING = os.no_such_attribute\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n",
    );
    tmp
}

/// Exit code, stdout, the log lines and the exception's line of stderr.
fn run(dir: &Path, program: &Path, args: &[&str]) -> (i32, String, Vec<String>) {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env_remove("ALEMBIC_CONFIG")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines = stderr
        .lines()
        .filter(|l| {
            l.starts_with("INFO  [")
                || l.starts_with("FAILED")
                || l.contains("AttributeError: module 'os' has no attribute 'no_such_attribute'")
        })
        .map(|l| {
            // Retort's diagnostic leads with path:line:col, Python's traceback ends with the class.
            l.rsplit_once(": AttributeError: ")
                .map_or(l.to_owned(), |(_, m)| format!("AttributeError: {m}"))
        })
        .collect();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        lines,
    )
}

fn tables(dir: &Path) -> Option<Vec<(String, i64)>> {
    let c = rusqlite::Connection::open(dir.join("app.db")).ok()?;
    let names: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    Some(
        names
            .into_iter()
            .map(|n| {
                let count = c
                    .query_row(&format!("SELECT count(*) FROM \"{n}\""), [], |r| r.get(0))
                    .unwrap();
                (n, count)
            })
            .collect(),
    )
}

#[test]
fn a_revision_that_raises_while_loading_fails_as_under_alembic() {
    let alembic = venv().join("bin/alembic");
    let retort = Path::new(env!("CARGO_BIN_EXE_retort"));
    let (a, r) = (project(), project());
    for args in [
        &["heads"][..],
        &["upgrade", "head", "--sql"],
        &["upgrade", "head"],
        &["current"],
    ] {
        let expected = run(a.path(), &alembic, args);
        let actual = run(r.path(), retort, args);
        assert_eq!(actual, expected, "{args:?}");
        assert_eq!(tables(r.path()), tables(a.path()), "{args:?}");
    }
    assert_eq!(
        tables(r.path()),
        Some(vec![("alembic_version".into(), 0)]),
        "the version table env.py's run created, empty"
    );
}
