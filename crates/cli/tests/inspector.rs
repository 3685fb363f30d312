//! `sqlalchemy.inspect(op.get_bind())` in a revision file: the Inspector answers as
//! SQLAlchemy's SQLite dialect answers, and a migration that asks before it acts ("is the
//! column there yet?") leaves what it leaves under Alembic. Compared with real Alembic:
//! everything the revisions print, and the database.

use std::path::Path;

use retort_oracle_tests::{Output, Workspace};

const FIRST: &str = r#""""a schema with every kind of thing to inspect

Revision ID: a1
Revises:
Create Date: 2025-01-01 00:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(50), server_default="x"),
        sa.Column("email", sa.Text),
        sa.Column("score", sa.Numeric(10, 2)),
        sa.Column("active", sa.Boolean, server_default=sa.text("1")),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("email"),
        sa.CheckConstraint("id > 0", name="ck_users_id"),
    )
    op.create_table(
        "posts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE")),
        sa.Column("title", sa.String(20), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("user_id", "title", name="uq_posts_user_title"),
    )
    op.create_index("ix_posts_title", "posts", ["title"])
    op.create_index("ix_posts_recent", "posts", ["created"], sqlite_where=sa.text("created IS NOT NULL"))
    op.execute("CREATE VIEW active_users AS SELECT id FROM users")


def downgrade():
    op.execute("DROP VIEW active_users")
    op.drop_table("posts")
    op.drop_table("users")
"#;

const SECOND: &str = r#""""add what is missing, after asking

Revision ID: b2
Revises: a1
Create Date: 2025-01-02 00:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "b2"
down_revision = "a1"
branch_labels = None
depends_on = None


def upgrade():
    insp = sa.inspect(op.get_bind())
    print(insp.get_table_names(), insp.get_view_names(), insp.default_schema_name)
    print(insp.has_table("users"), insp.has_table("nope"), insp.has_table("active_users"))
    for t in ["users", "posts"]:
        print(t, insp.get_columns(t))
        print(t, [str(c["type"]) for c in insp.get_columns(t)])
        print(t, insp.get_pk_constraint(t))
        print(t, insp.get_foreign_keys(t))
        print(t, [(i["name"], i["column_names"], i["unique"], sorted(i["dialect_options"])) for i in insp.get_indexes(t)])
        print(t, insp.get_unique_constraints(t))
        print(t, insp.get_check_constraints(t))
    print(insp.has_index("posts", "ix_posts_title"), insp.has_index("posts", "nope"))
    try:
        insp.get_columns("nope")
    except sa.exc.NoSuchTableError as e:
        print("NoSuchTableError", e)
    columns = {c["name"] for c in insp.get_columns("users")}
    if "nickname" not in columns:
        op.add_column("users", sa.Column("nickname", sa.String(30)))
    if "tags" not in insp.get_table_names():
        op.create_table("tags", sa.Column("name", sa.String(40), primary_key=True))
    print([str(t) for t in [sa.Integer(), sa.String(), sa.String(5), sa.Unicode(3), sa.Text(), sa.Boolean(), sa.DateTime(timezone=True), sa.Date(), sa.Time(), sa.Float(), sa.Numeric(10, 2), sa.LargeBinary(), sa.JSON(), sa.Enum("a", "bb"), sa.Uuid(), sa.Interval(), sa.BigInteger(), sa.SmallInteger(), sa.Double()]])
    # Asked again: the inspector reads the live database.
    print(sorted(c["name"] for c in sa.inspect(op.get_bind()).get_columns("users")))


def downgrade():
    insp = sa.inspect(op.get_bind())
    if "tags" in insp.get_table_names():
        op.drop_table("tags")
    op.drop_column("users", "nickname")
"#;

fn project() -> Workspace {
    Workspace::with_revisions("tables", &[("a1_schema.py", FIRST), ("b2_ask.py", SECOND)])
}

fn retort(ws: &Workspace, args: &[&str]) -> Output {
    ws.run(env!("CARGO_BIN_EXE_retort"), args)
}

fn master(dir: &Path) -> Vec<(String, Option<String>)> {
    let conn = rusqlite::Connection::open(dir.join("tables/db.sqlite")).unwrap();
    let mut st = conn
        .prepare("SELECT name, sql FROM sqlite_master ORDER BY rowid")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn inspector_answers_as_sqlalchemys_and_migrations_that_ask_first_run_the_same() {
    let oracle = project();
    let ours = project();
    for args in [
        &["-c", "tables/alembic.ini", "upgrade", "head"][..],
        &["-c", "tables/alembic.ini", "downgrade", "a1"][..],
        &["-c", "tables/alembic.ini", "upgrade", "head"][..],
    ] {
        let expected = oracle.alembic_ok(args).stdout;
        let out = retort(&ours, args);
        assert!(out.ok, "retort {args:?}: {}", out.stderr);
        assert_eq!(expected, out.stdout, "printed by the revisions, {args:?}");
        assert_eq!(master(oracle.path()), master(ours.path()), "{args:?}");
    }
}

/// SQLAlchemy 1.x's `Inspector.from_engine(op.get_bind())` under `--sql`: SQLAlchemy's
/// legacy constructor takes the MockConnection for an engine and fails closing it (the
/// survey's Spoolman), where `sa.inspect` would say there is nothing to inspect.
#[test]
fn offline_inspector_from_engine_fails_as_under_alembic() {
    const REV: &str = r#"from alembic import op
import sqlalchemy as sa
from sqlalchemy.engine.reflection import Inspector

revision = "a1"
down_revision = None


def upgrade():
    inspector = Inspector.from_engine(op.get_bind())
    if "t" not in inspector.get_table_names():
        op.create_table("t", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("t")
"#;
    let ws = Workspace::with_revisions("tables", &[("a1_first.py", REV)]);
    let args = ["-c", "tables/alembic.ini", "upgrade", "head", "--sql"];
    let expected = ws.alembic(&args);
    let ours = retort(&ws, &args);
    assert_eq!(ours.code, expected.code);
    assert_eq!(ours.stdout, expected.stdout);
    let last = |s: &str| s.trim_end().lines().last().unwrap_or_default().to_owned();
    assert_eq!(
        last(&expected.stderr),
        "AttributeError: 'MockConnection' object has no attribute 'close'"
    );
    assert!(
        ours.stderr
            .contains("AttributeError: 'MockConnection' object has no attribute 'close'"),
        "{}",
        ours.stderr
    );
}
