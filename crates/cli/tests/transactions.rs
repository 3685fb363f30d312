//! env.py's `transactional_ddl=` and `transaction_per_migration=`: where Alembic's
//! transactions end on SQLite, online (what a failing run leaves) and in `--sql` scripts
//! (their BEGIN/COMMIT lines), compared with real Alembic.

use std::path::Path;

use retort_oracle_tests::{Output, Workspace};

const R1: &str = r#"from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = None


def upgrade():
    op.create_table("a", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO a (id) VALUES (1)")
    op.create_table("a2", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("a2")
    op.drop_table("a")
"#;

const R2: &str = r#"from alembic import op
import sqlalchemy as sa

revision = "r2"
down_revision = "r1"


def upgrade():
    op.create_table("b", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO a (id) VALUES (2)")
    op.create_table("c", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("SELECT * FROM no_such_table")


def downgrade():
    op.drop_table("b")
"#;

/// The generic env.py, its two `configure(...)` calls given `extra` keywords.
fn project(extra: &str) -> Workspace {
    let ws = Workspace::with_revisions("tables", &[("r1.py", R1), ("r2.py", R2)]);
    let env_py = ws.path().join("tables/env.py");
    let env = std::fs::read_to_string(&env_py).unwrap();
    let env = env
        .replace(
            "dialect_opts={\"paramstyle\": \"named\"},",
            &format!("dialect_opts={{\"paramstyle\": \"named\"}},{extra}"),
        )
        .replace(
            "connection=connection, target_metadata=target_metadata",
            &format!("connection=connection, target_metadata=target_metadata,{extra}"),
        );
    if !extra.is_empty() {
        assert_eq!(
            env.matches(extra).count(),
            2,
            "both configure() calls changed"
        );
    }
    std::fs::write(env_py, env).unwrap();
    ws
}

fn retort(ws: &Workspace, args: &[&str]) -> Output {
    ws.run(env!("CARGO_BIN_EXE_retort"), args)
}

/// Tables, version rows and the rows of `a`.
fn state(dir: &Path) -> (Vec<String>, Vec<String>, Vec<i64>) {
    let conn = rusqlite::Connection::open(dir.join("tables/db.sqlite")).unwrap();
    let col = |sql: &str| -> Vec<rusqlite::types::Value> {
        let Ok(mut st) = conn.prepare(sql) else {
            return vec![];
        };
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let text = |v: Vec<rusqlite::types::Value>| {
        v.into_iter()
            .map(|v| match v {
                rusqlite::types::Value::Text(s) => s,
                other => format!("{other:?}"),
            })
            .collect()
    };
    (
        text(col(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid",
        )),
        text(col("SELECT version_num FROM alembic_version")),
        col("SELECT id FROM a ORDER BY id")
            .into_iter()
            .map(|v| match v {
                rusqlite::types::Value::Integer(i) => i,
                other => panic!("{other:?}"),
            })
            .collect(),
    )
}

#[test]
fn a_failing_run_leaves_what_alembic_leaves_and_scripts_carry_its_begin_and_commit() {
    let configs = [
        "",
        " transactional_ddl=True,",
        " transactional_ddl=True, transaction_per_migration=True,",
        " transactional_ddl=False, transaction_per_migration=True,",
    ];
    let mut leftovers = Vec::new();
    for extra in configs {
        let oracle = project(extra);
        let ours = project(extra);
        let args = ["-c", "tables/alembic.ini", "upgrade", "head"];
        let expected = oracle.alembic(&args);
        assert!(!expected.ok, "the run fails under Alembic ({extra})");
        let run = retort(&ours, &args);
        assert!(!run.ok, "the run fails under Retort ({extra})");
        let err = run.stderr;
        let want = if extra.contains("transactional_ddl=True") {
            "Will assume transactional DDL."
        } else {
            "Will assume non-transactional DDL."
        };
        assert!(
            expected.stderr.contains(want) && err.contains(want),
            "{extra}: {err}"
        );
        let left = state(oracle.path());
        assert_eq!(
            left,
            state(ours.path()),
            "what the failing run left ({extra})"
        );
        leftovers.push(left);

        let sql = ["-c", "tables/alembic.ini", "upgrade", "head", "--sql"];
        let expected = oracle.alembic_ok(&sql);
        let out = retort(&ours, &sql);
        assert!(out.ok, "{}", out.stderr);
        let (actual, err) = (out.stdout, out.stderr);
        assert_eq!(expected.stdout, actual, "the --sql script ({extra})");
        let info = |s: &str| -> Vec<String> {
            s.lines()
                .filter(|l| l.starts_with("INFO"))
                .map(str::to_owned)
                .collect()
        };
        assert_eq!(
            info(&expected.stderr),
            info(&err),
            "the --sql log ({extra})"
        );
    }
    // The settings matter: a whole-run transaction loses the first migration too.
    assert_ne!(leftovers[0], leftovers[1]);
}

/// `--atomic` rolls the failing step back and says what Alembic would have left instead,
/// under each transaction layout: with a whole-run transaction that includes undoing the
/// migration before the failing one (measured by replaying the run from its start).
#[test]
fn atomic_runs_report_what_alembic_would_leave_under_each_transaction_layout() {
    let cases = [
        ("", "table `b` created"),
        (
            " transactional_ddl=True,",
            "table `a` has 0 rows instead of 1, table `a2` dropped",
        ),
        (
            " transactional_ddl=True, transaction_per_migration=True,",
            "table `b` created",
        ),
    ];
    for (extra, changes) in cases {
        let oracle = project(extra);
        let ours = project(extra);
        let args = ["-c", "tables/alembic.ini", "upgrade", "head"];
        assert!(!oracle.alembic(&args).ok);
        let (_, version, _) = state(oracle.path());
        let version = match version.is_empty() {
            true => "alembic_version empty".to_owned(),
            false => format!("alembic_version at {}", version.join(", ")),
        };
        let run = retort(
            &ours,
            &["-c", "tables/alembic.ini", "upgrade", "head", "--atomic"],
        );
        assert!(!run.ok);
        let note =
            format!("retort: under Alembic this failure would leave {changes}, and {version}\n");
        assert!(
            run.stderr.contains(&note),
            "{extra}: expected {note:?} in\n{}",
            run.stderr
        );
        // What the atomic run itself left: the first migration, whole.
        let (tables, version_rows, a_rows) = state(ours.path());
        assert_eq!(version_rows, ["r1"], "{extra}");
        assert_eq!(a_rows, [1], "{extra}");
        assert!(!tables.contains(&"b".to_owned()), "{extra}: {tables:?}");
    }
}

/// The page's `--sql` view (the engine's `Session`) runs env.py's offline branch for its
/// settings, as `alembic upgrade --sql` does: here only the offline `configure(...)` names
/// another version table and asks for transactional DDL.
#[test]
fn the_pages_offline_script_uses_the_offline_configure_call() {
    let ws = Workspace::with_revisions("tables", &[("r1.py", R1), ("r2.py", R2)]);
    let env_py = ws.path().join("tables/env.py");
    let env = std::fs::read_to_string(&env_py).unwrap().replace(
        "dialect_opts={\"paramstyle\": \"named\"},",
        "dialect_opts={\"paramstyle\": \"named\"}, version_table=\"offline_versions\", transactional_ddl=True,",
    );
    assert!(env.contains("offline_versions"));
    std::fs::write(&env_py, env).unwrap();
    let args = ["-c", "tables/alembic.ini", "upgrade", "head", "--sql"];
    let expected = ws.alembic_ok(&args).stdout;
    assert!(
        expected.contains("CREATE TABLE offline_versions"),
        "{expected}"
    );
    assert!(expected.contains("BEGIN;"), "{expected}");

    let mut files = retort_engine::ProjectFiles::new();
    for entry in std::fs::read_dir(ws.path().join("tables"))
        .unwrap()
        .flatten()
    {
        let path = entry.path();
        if path.is_file() {
            let name = format!("tables/{}", entry.file_name().to_string_lossy());
            files.insert(name, std::fs::read_to_string(&path).unwrap());
        }
    }
    for entry in std::fs::read_dir(ws.path().join("tables/versions"))
        .unwrap()
        .flatten()
    {
        let name = format!("tables/versions/{}", entry.file_name().to_string_lossy());
        files.insert(name, std::fs::read_to_string(entry.path()).unwrap());
    }
    let session = retort_engine::session::Session::open(files).unwrap();
    let script = session
        .offline_sql(retort_engine::runtime::Direction::Upgrade, "head")
        .unwrap();
    assert_eq!(expected, script);
}
