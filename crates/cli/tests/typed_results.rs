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

const R3: &str = r#"from alembic import op
from decimal import Decimal, ROUND_HALF_UP
import sqlalchemy as sa

revision = "r3"
down_revision = "r2"


def upgrade():
    amounts = op.create_table(
        "amounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("price", sa.Numeric(10, 2)),
        sa.Column("plain", sa.Numeric),
        sa.Column("ratio", sa.Float),
        sa.Column("approx", sa.Numeric(asdecimal=False)),
        sa.Column("exact", sa.Float(asdecimal=True, decimal_return_scale=3)),
        sa.Column("dec", sa.DECIMAL(8, 3)),
    )
    op.bulk_insert(amounts, [
        {"id": 1, "price": Decimal("12.50"), "plain": Decimal("0.1"), "ratio": 0.25,
         "approx": Decimal("3.333"), "exact": 2.5, "dec": Decimal("7")},
        {"id": 2, "price": 3, "plain": None, "ratio": Decimal("1.5"), "approx": 1,
         "exact": None, "dec": Decimal("-0.0005")},
    ])


def downgrade():
    op.drop_table("amounts")
"#;

const R4: &str = r#"from alembic import op
from decimal import Decimal, ROUND_HALF_UP
import sqlalchemy as sa

revision = "r4"
down_revision = "r3"

amounts = sa.table(
    "amounts",
    sa.column("id", sa.Integer),
    sa.column("price", sa.Numeric(10, 2)),
    sa.column("plain", sa.Numeric),
    sa.column("ratio", sa.Float),
    sa.column("approx", sa.Numeric(asdecimal=False)),
    sa.column("exact", sa.Float(asdecimal=True, decimal_return_scale=3)),
    sa.column("dec", sa.DECIMAL(8, 3)),
)


def upgrade():
    conn = op.get_bind()
    for row in conn.execute(sa.select(amounts).order_by(amounts.c.id)):
        print(repr(row.price), repr(row.plain), repr(row.ratio), repr(row.approx), repr(row.exact), repr(row.dec))
    reflected = sa.Table("amounts", sa.MetaData(), autoload_with=conn)
    print(conn.execute(sa.select(reflected.c.price, reflected.c.ratio, reflected.c.dec).where(reflected.c.id == 1)).fetchall())
    total = sum(r.price for r in conn.execute(sa.select(amounts.c.price)))
    print(repr(total), total * 2, (total / 3).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    conn.execute(amounts.update().where(amounts.c.id == 2).values(plain=total / 7))
    # Untyped parameters reach pysqlite, which has no adapter for Decimal.
    try:
        conn.execute(sa.text("UPDATE amounts SET ratio = :r WHERE id = 1"), {"r": Decimal("9.5")})
    except sa.exc.ProgrammingError as e:
        print(str(e).splitlines()[0])


def downgrade():
    pass
"#;

fn project() -> Workspace {
    Workspace::with_revisions(
        "tables",
        &[("r1.py", R1), ("r2.py", R2), ("r3.py", R3), ("r4.py", R4)],
    )
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
    assert_eq!(amounts(oracle.path()), amounts(ours.path()));
    assert!(expected.contains("Decimal('12.50')"), "{expected}");
    // Offline, a Decimal is written in its own digits (`12.50`), as SQLAlchemy does.
    let sql = ["-c", "tables/alembic.ini", "upgrade", "r2:r3", "--sql"];
    let expected = oracle.alembic_ok(&sql).stdout;
    let out = retort(&ours, &sql);
    assert!(out.ok, "{}", out.stderr);
    assert!(expected.contains("12.50"), "{expected}");
    assert_eq!(expected, out.stdout);
}

/// The `amounts` table's values with their storage classes.
fn amounts(dir: &Path) -> Vec<Vec<String>> {
    let conn = rusqlite::Connection::open(dir.join("tables/db.sqlite")).unwrap();
    let mut st = conn
        .prepare(
            "SELECT quote(price), typeof(price), quote(plain), typeof(plain), quote(ratio), \
             quote(approx), quote(exact), quote(dec) FROM amounts ORDER BY id",
        )
        .unwrap();
    st.query_map([], |r| (0..8).map(|i| r.get(i)).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect()
}
