//! `from alembic import context` inside a revision file: while migrations run it is the
//! environment of the run, as under Alembic (`-x`, `--tag`, `is_offline_mode()`, `config`,
//! `get_bind()`), online and with `--sql`.

use std::path::Path;

use retort_oracle_tests::{Output, Workspace};

const REVISION: &str = r#""""seed, if asked

Revision ID: a1
Revises:
Create Date: 2025-01-01 00:00:00

"""
from alembic import context, op
import sqlalchemy as sa

revision = "a1"
down_revision = None
branch_labels = None
depends_on = None


def put(v):
    op.execute(sa.text("INSERT INTO t (v) VALUES (:v)").bindparams(v=v))


def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer, primary_key=True), sa.Column("v", sa.String(50)))
    x = context.get_x_argument(as_dictionary=True)
    tag = context.get_tag_argument()
    put(f"tag={tag}")
    put(f"x={sorted(x.items())}")
    put(f"list={context.get_x_argument()}")
    put(f"offline={context.is_offline_mode()}")
    section = context.config.config_ini_section
    put(f"section={section}")
    if not context.is_offline_mode():
        n = context.get_bind().execute(sa.text("SELECT count(*) FROM t")).scalar()
        put(f"rows={n}")
    if x.get("data") == "yes":
        put("seeded")


def downgrade():
    op.drop_table("t")
"#;

fn project() -> Workspace {
    Workspace::with_revisions("tables", &[("a1_seed.py", REVISION)])
}

fn retort(ws: &Workspace, args: &[&str]) -> Output {
    ws.run(env!("CARGO_BIN_EXE_retort"), args)
}

fn values(dir: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(dir.join("tables/db.sqlite")).unwrap();
    let mut st = conn.prepare("SELECT v FROM t ORDER BY id").unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn context_in_a_revision_is_the_runs_environment() {
    let runs: &[&[&str]] = &[
        &["upgrade", "head"],
        &[
            "-x", "data=yes", "-x", "other", "upgrade", "head", "--tag", "v1",
        ],
    ];
    for args in runs {
        let oracle = project();
        let ours = project();
        let mut full = vec!["-c", "tables/alembic.ini"];
        full.extend_from_slice(args);
        oracle.alembic_ok(&full);
        let out = retort(&ours, &full);
        assert!(out.ok, "retort {full:?}: {}", out.stderr);
        let expected = values(oracle.path());
        assert!(
            expected.iter().any(|v| v.starts_with("rows=")),
            "{expected:?}"
        );
        assert_eq!(expected, values(ours.path()), "{full:?}");
    }
}

#[test]
fn context_in_a_revision_offline() {
    let oracle = project();
    let ours = project();
    let args = [
        "-c",
        "tables/alembic.ini",
        "-x",
        "data=yes",
        "upgrade",
        "head",
        "--sql",
        "--tag",
        "t2",
    ];
    let expected = oracle.alembic_ok(&args).stdout;
    let out = retort(&ours, &args);
    assert!(out.ok, "{}", out.stderr);
    assert!(expected.contains("tag=t2") && expected.contains("offline=True"));
    assert_eq!(expected, out.stdout);
}
