//! Rows read back through typed statements (`select(t.c.data)` of a `JSON` column, of
//! `DateTime`, `Date`, `Time`, `Boolean` columns, of a reflected table) come out as
//! SQLAlchemy's SQLite dialect gives them: parsed JSON, `datetime` / `date` / `time`
//! objects, bools; `text()` gives SQLite's values. Compared with real Alembic: what a data
//! migration prints, and the rows it writes from them.

use std::path::Path;

use retort_oracle_tests::{Output, Workspace};

const R1: &str = r#"from alembic import op
import datetime
import sqlalchemy as sa

revision = "r1"
down_revision = None


def upgrade():
    events = op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("data", sa.JSON),
        sa.Column("at", sa.DateTime),
        sa.Column("day", sa.Date),
        sa.Column("t", sa.Time),
        sa.Column("flag", sa.Boolean),
        sa.Column("note", sa.String(40)),
    )
    op.bulk_insert(events, [
        {"id": 1, "data": {"n": 1, "tags": ["a", "b"]}, "at": datetime.datetime(2024, 1, 2, 3, 4, 5),
         "day": datetime.date(2024, 2, 29), "t": datetime.time(10, 30), "flag": True, "note": "x"},
        {"id": 2, "data": [1, 2.5, None], "at": datetime.datetime(2024, 1, 2, 3, 4, 5, 120000),
         "day": None, "t": datetime.time(23, 59, 59, 5), "flag": False, "note": None},
        {"id": 3, "data": None, "at": None, "day": datetime.date(1999, 12, 31), "t": None, "flag": None, "note": "z"},
    ])


def downgrade():
    op.drop_table("events")
"#;

const R2: &str = r#"from alembic import op
import sqlalchemy as sa

revision = "r2"
down_revision = "r1"

events = sa.table(
    "events",
    sa.column("id", sa.Integer),
    sa.column("data", sa.JSON),
    sa.column("at", sa.DateTime),
    sa.column("day", sa.Date),
    sa.column("t", sa.Time),
    sa.column("flag", sa.Boolean),
    sa.column("note", sa.String),
)


def upgrade():
    conn = op.get_bind()
    rows = conn.execute(sa.select(events).order_by(events.c.id)).fetchall()
    for row in rows:
        print(row.id, repr(row.data), repr(row.at), repr(row.day), repr(row.t), repr(row.flag), repr(row.note))
        print(type(row.data).__name__, type(row.at).__name__, row._mapping["flag"], tuple(row)[5])
    print(repr(conn.scalar(sa.select(events.c.at).where(events.c.id == 2))))
    print(conn.execute(sa.text("SELECT data, at, flag FROM events ORDER BY id")).fetchall())
    # Row's own attributes win over columns of the same name, except count and index.
    r = conn.execute(sa.text('SELECT 1 AS t, 2 AS count, 3 AS "index", 5 AS x')).fetchone()
    print(repr(r.t), r.count, r.index, repr(r.tuple()), r.x, repr(r._t))
    r = conn.execute(sa.text("SELECT 5 AS x, 5 AS y")).fetchone()
    print(r.count(5), r.index(5), repr(r._tuple()))
    reflected = sa.Table("events", sa.MetaData(), autoload_with=conn)
    for row in conn.execute(sa.select(reflected.c.at, reflected.c.day, reflected.c.flag, reflected.c.data)).fetchall():
        print(repr(row[0]), repr(row[1]), repr(row[2]), repr(row[3]))
    for row in rows:
        if isinstance(row.data, dict):
            data = dict(row.data)
            data["n"] += 1
            data["seen"] = row.at.isoformat()
            conn.execute(events.update().where(events.c.id == row.id).values(data=data, note=row.day.strftime("%d/%m/%Y")))


def downgrade():
    pass
"#;

fn project() -> Workspace {
    Workspace::with_revisions("tables", &[("r1.py", R1), ("r2.py", R2)])
}

fn retort(ws: &Workspace, args: &[&str]) -> Output {
    ws.run(env!("CARGO_BIN_EXE_retort"), args)
}

fn rows(dir: &Path) -> Vec<Vec<Option<String>>> {
    let conn = rusqlite::Connection::open(dir.join("tables/db.sqlite")).unwrap();
    let mut st = conn
        .prepare("SELECT CAST(id AS TEXT), data, at, day, t, CAST(flag AS TEXT), note FROM events ORDER BY id")
        .unwrap();
    st.query_map([], |r| (0..7).map(|i| r.get(i)).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn typed_selects_give_python_values_as_sqlalchemy_does() {
    let oracle = project();
    let ours = project();
    let args = ["-c", "tables/alembic.ini", "upgrade", "head"];
    let expected = oracle.alembic_ok(&args).stdout;
    let out = retort(&ours, &args);
    assert!(out.ok, "{}", out.stderr);
    let actual = out.stdout;
    assert!(
        expected.contains("datetime.datetime(2024, 1, 2, 3, 4, 5)"),
        "{expected}"
    );
    assert_eq!(expected, actual);
    assert_eq!(rows(oracle.path()), rows(ours.path()));
}
