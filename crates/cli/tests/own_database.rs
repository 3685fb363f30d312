//! A user's own database (#21), from the CLI: `retort drift` against a database real Alembic
//! made at a middle revision (then changed by hand), and `upgrade --copy-of FILE --to OUT`,
//! which leaves FILE as it was and OUT as real Alembic leaves a copy of FILE.

use std::path::Path;
use std::process::Command;

use retort_oracle_tests::venv;

fn run(dir: &Path, program: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env_remove("ALEMBIC_CONFIG")
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const ENV: &str = "from alembic import context\nfrom sqlalchemy import engine_from_config, pool\n\nconfig = context.config\nconnectable = engine_from_config(config.get_section(config.config_ini_section), prefix='sqlalchemy.', poolclass=pool.NullPool)\nwith connectable.connect() as connection:\n    context.configure(connection=connection)\n    with context.begin_transaction():\n        context.run_migrations()\n";

fn revision(id: &str, down: &str, up: &str, down_body: &str) -> String {
    format!(
        "from alembic import op\nimport sqlalchemy as sa\n\nrevision = '{id}'\ndown_revision = {down}\n\n\ndef upgrade():\n{up}\n\n\ndef downgrade():\n{down_body}\n"
    )
}

/// Three revisions: posts, an index on them, a NOT NULL column with a server default.
fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(
        d,
        "alembic.ini",
        "[alembic]\nscript_location = migrations\nsqlalchemy.url = sqlite:///app.db\n",
    );
    write(d, "migrations/env.py", ENV);
    write(d, "migrations/script.py.mako", "");
    write(
        d,
        "migrations/versions/a1.py",
        &revision(
            "a1",
            "None",
            "    op.create_table('posts', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('title', sa.String(80)))",
            "    op.drop_table('posts')",
        ),
    );
    write(
        d,
        "migrations/versions/b2.py",
        &revision(
            "b2",
            "'a1'",
            "    op.create_index('ix_posts_title', 'posts', ['title'])",
            "    op.drop_index('ix_posts_title', table_name='posts')",
        ),
    );
    write(
        d,
        "migrations/versions/c3.py",
        &revision(
            "c3",
            "'b2'",
            "    with op.batch_alter_table('posts') as b:\n        b.add_column(sa.Column('status', sa.String(10), nullable=False, server_default='draft'))",
            "    with op.batch_alter_table('posts') as b:\n        b.drop_column('status')",
        ),
    );
    tmp
}

fn sql(db: &Path, statements: &str) {
    rusqlite::Connection::open(db)
        .unwrap()
        .execute_batch(statements)
        .unwrap();
}

fn master(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid")
        .unwrap();
    let rows: Vec<String> = st
        .query_map([], |r| {
            Ok(format!(
                "{} {} {}\n{}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?.unwrap_or_default()
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let versions: Vec<String> = c
        .prepare("SELECT version_num FROM alembic_version")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let posts: Vec<String> = c
        .prepare("SELECT * FROM posts ORDER BY id")
        .unwrap()
        .query_map([], |r| {
            Ok(format!(
                "{:?}",
                (0..r.as_ref().column_count())
                    .map(|i| r.get_ref(i).map(|v| format!("{v:?}")).unwrap())
                    .collect::<Vec<_>>()
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    format!(
        "{}\nversion: {versions:?}\nposts: {posts:?}",
        rows.join("\n")
    )
}

#[test]
fn drift_names_what_a_database_has_that_its_history_does_not() {
    let tmp = project();
    let d = tmp.path();
    let alembic = venv().join("bin/alembic");
    let retort = Path::new(env!("CARGO_BIN_EXE_retort"));
    let (code, _, err) = run(d, &alembic, &["upgrade", "b2"]);
    assert_eq!(code, 0, "{err}");
    sql(
        &d.join("app.db"),
        "INSERT INTO posts (title) VALUES ('one'), ('two')",
    );

    // As Alembic left it: no drift (the configured database, and the same by --db).
    let (code, out, err) = run(d, retort, &["drift"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.starts_with("No drift: ") && out.ends_with(" is what its history makes at b2.\n"),
        "{out}"
    );
    let (code, _, _) = run(d, retort, &["drift", "--db", "app.db"]);
    assert_eq!(code, 0);

    // Changed by hand: a column added, the index dropped.
    sql(
        &d.join("app.db"),
        "ALTER TABLE posts ADD COLUMN legacy_code TEXT; DROP INDEX ix_posts_title",
    );
    let (code, out, err) = run(d, retort, &["drift", "--db", "app.db"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        out,
        "app.db differs from what its history makes at b2 (2 differences):\n  \
         - column `posts.legacy_code` exists in your database but in no revision\n  \
         - index `ix_posts_title` on `posts` is missing from your database\n"
    );
    let (code, json, _) = run(d, retort, &["drift", "--db", "app.db", "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["revisions"], serde_json::json!(["b2"]));
    assert_eq!(v["differences"].as_array().unwrap().len(), 2);

    // A revision the project does not have: Alembic's own message.
    sql(
        &d.join("app.db"),
        "UPDATE alembic_version SET version_num = 'zz'",
    );
    let (code, out, err) = run(d, retort, &["drift"]);
    assert_eq!(code, 255);
    assert!(
        format!("{out}{err}").contains("Can't locate revision identified by 'zz'"),
        "{out}{err}"
    );
    // A file that is not there is not created.
    let (code, _, _) = run(d, retort, &["drift", "--db", "missing.db"]);
    assert_eq!(code, 255);
    assert!(!d.join("missing.db").exists());
}

#[test]
fn upgrade_on_a_copy_leaves_the_file_and_matches_alembic_on_a_copy() {
    let tmp = project();
    let d = tmp.path();
    let alembic = venv().join("bin/alembic");
    let retort = Path::new(env!("CARGO_BIN_EXE_retort"));
    assert_eq!(run(d, &alembic, &["upgrade", "b2"]).0, 0);
    sql(
        &d.join("app.db"),
        "INSERT INTO posts (title) VALUES ('one'), ('two')",
    );
    let original = std::fs::read(d.join("app.db")).unwrap();

    let (code, out, err) = run(
        d,
        retort,
        &["upgrade", "head", "--copy-of", "app.db", "--to", "tried.db"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("Running upgrade b2 -> c3"), "{err}");
    assert_eq!(
        std::fs::read(d.join("app.db")).unwrap(),
        original,
        "the file is only read"
    );

    // Real Alembic on the same file (which Retort left as it was).
    let (code, _, err) = run(d, &alembic, &["upgrade", "head"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(master(&d.join("tried.db")), master(&d.join("app.db")));

    // The copy is never written over.
    let (code, out, err) = run(
        d,
        retort,
        &["upgrade", "head", "--copy-of", "app.db", "--to", "tried.db"],
    );
    assert_eq!(code, 255);
    assert!(
        format!("{out}{err}").contains("--to tried.db: the file exists"),
        "{out}{err}"
    );
}
