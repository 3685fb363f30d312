//! The session as the page uses it: opening projects, stepping, offline scripts.

use super::*;

fn example() -> ProjectFiles {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../migrations");
    let mut files = ProjectFiles::new();
    let mut stack = vec![std::path::PathBuf::from(root)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(text) = std::fs::read_to_string(&p) {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                files.insert(format!("migrations/{rel}"), text);
            }
        }
    }
    files
}

/// A repository dropped whole (`bots/`), laid out as the brief's project: the ini under
/// `migrations/` names `script_location = migrations`, relative to the repository root
/// Alembic runs from, and the revisions import the application from `src/`.
#[test]
fn a_repository_dropped_whole_runs_from_its_root() {
    let mut files = ProjectFiles::new();
    files.insert(
        "bots/migrations/alembic.ini",
        "[alembic]\nscript_location = migrations\nprepend_sys_path = .\n",
    );
    files.insert(
            "bots/migrations/env.py",
            "from alembic import context\nfrom src.models import Base\ncontext.configure(target_metadata=Base.metadata)\nwith context.begin_transaction():\n    context.run_migrations()\n",
        );
    files.insert("bots/src/__init__.py", "");
    files.insert(
            "bots/src/models.py",
            "from sqlalchemy.orm import DeclarativeBase\nclass Base(DeclarativeBase):\n    pass\nTABLE = 'things'\n",
        );
    files.insert(
            "bots/migrations/versions/001_things.py",
            "revision = '001'\ndown_revision = None\nfrom alembic import op\nimport sqlalchemy as sa\nfrom src.models import TABLE\n\ndef upgrade():\n    op.create_table(TABLE, sa.Column('id', sa.Integer, primary_key=True))\n\ndef downgrade():\n    op.drop_table(TABLE)\n",
        );
    let s = Session::open(files).unwrap();
    assert_eq!(s.script_location, "bots/migrations");
    let up = s.run(Direction::Upgrade, "head");
    assert!(up.failure.is_none(), "{:?}", up.failure);
    assert!(s.snapshot().tables.iter().any(|t| t.name == "things"));
}

#[test]
fn steps_up_and_down_the_example_with_a_report_per_step() {
    let s = Session::open(example()).unwrap();
    assert_eq!(s.script_location, "migrations");
    let n = s.revisions().len();
    assert!(n >= 6);
    let up = s.run(Direction::Upgrade, "head");
    assert!(up.failure.is_none(), "{:?}", up.failure);
    assert_eq!(up.steps.len(), n);
    assert!(
        up.steps[0]
            .changes
            .iter()
            .any(|c| matches!(c, Change::TableCreated { .. }))
    );
    assert_eq!(s.current(), vec![s.revisions()[0].revision.clone()]);
    let down = s.run(Direction::Downgrade, "base");
    assert!(down.failure.is_none(), "{:?}", down.failure);
    assert_eq!(down.steps.len(), n);
    assert!(s.current().is_empty());
    // Only the version table is left.
    assert_eq!(s.snapshot().tables.len(), 1);
    let sql = s.offline_sql(Direction::Upgrade, "base:c4d7").unwrap();
    assert!(sql.starts_with("CREATE TABLE alembic_version"));
    // The data migration reads rows through op.get_bind(): offline that is SQLAlchemy's
    // MockConnection, whose execute() returns None, and the step fails as under Alembic.
    let err = s.offline_sql(Direction::Upgrade, "base:head").unwrap_err();
    assert!(
        err.contains("'NoneType' object has no attribute 'fetchall'"),
        "{err}"
    );
    // Stamping moves only the version table.
    let head = s.revisions()[0].revision.clone();
    let stamp = s.run(Direction::Stamp, &head);
    assert!(stamp.failure.is_none(), "{:?}", stamp.failure);
    assert_eq!(s.current(), vec![head]);
    assert_eq!(s.snapshot().tables.len(), 1);
    assert!(
        stamp.steps[0]
            .statements
            .iter()
            .all(|st| st.sql.contains("alembic_version"))
    );
}

#[test]
fn a_data_loop_is_logged_once_with_its_first_parameter_sets_and_the_count() {
    let mut files = example();
    let head = Session::open(files.clone()).unwrap().revisions()[0]
        .revision
        .clone();
    files.insert(
            "migrations/versions/ffff_loop.py".to_string(),
            format!(
                r#"from alembic import op
import sqlalchemy as sa

revision = "ffff"
down_revision = "{head}"


def upgrade():
    t = op.create_table("n", sa.Column("id", sa.Integer, primary_key=True), sa.Column("sq", sa.Integer))
    op.bulk_insert(t, [{{"id": i}} for i in range(250)])
    conn = op.get_bind()
    for row in conn.execute(sa.text("SELECT id FROM n")).fetchall():
        conn.execute(sa.text("UPDATE n SET sq = :sq WHERE id = :id"), {{"sq": row.id * row.id, "id": row.id}})


def downgrade():
    op.drop_table("n")
"#
            ),
        );
    let s = Session::open(files).unwrap();
    let up = s.run(Direction::Upgrade, "head");
    assert!(up.failure.is_none(), "{:?}", up.failure);
    let step = up.steps.last().unwrap();
    let update: Vec<_> = step
        .statements
        .iter()
        .filter(|st| st.sql.starts_with("UPDATE n"))
        .collect();
    assert_eq!(update.len(), 1, "one log entry for the loop's statement");
    assert_eq!(update[0].runs, 250);
    assert_eq!(update[0].params.len(), crate::operations::PARAMS_KEPT);
    assert_eq!(
        update[0].params[7],
        vec![
            crate::sql::expr::SqlValue::Int(49),
            crate::sql::expr::SqlValue::Int(7)
        ]
    );
    let (_, rows) = s.query("SELECT sum(sq) FROM n").unwrap();
    assert_eq!(
        rows[0][0],
        (0..250i64).map(|i| i * i).sum::<i64>().to_string()
    );
}

fn item(rev: &str, down: &[&str]) -> RevisionItem {
    RevisionItem {
        revision: rev.into(),
        down_revision: down.iter().map(|s| s.to_string()).collect(),
        doc: String::new(),
        path: String::new(),
        branch_labels: Vec::new(),
        is_head: false,
        is_merge: down.len() > 1,
        is_branch_point: false,
    }
}

#[test]
fn graph_layout_gives_branches_their_own_lanes_and_joins_merges() {
    // m merges b1 and c1, which branch from a; history order, newest first.
    let items = [
        item("m", &["b1", "c1"]),
        item("c1", &["a"]),
        item("b1", &["a"]),
        item("a", &[]),
    ];
    let rows = graph_layout(&items);
    assert_eq!(
        rows[0],
        GraphRow {
            lane: 0,
            top: vec![],
            bottom: vec![(0, 0), (0, 1)],
            width: 2
        }
    );
    // c1 is in lane 1; b1's lane 0 passes by.
    assert_eq!(
        rows[1],
        GraphRow {
            lane: 1,
            top: vec![(0, 0), (1, 1)],
            bottom: vec![(0, 0), (1, 1)],
            width: 2
        }
    );
    assert_eq!(rows[2].lane, 0);
    // a: both lanes converge on it.
    assert_eq!(
        rows[3],
        GraphRow {
            lane: 0,
            top: vec![(0, 0), (1, 0)],
            bottom: vec![],
            width: 2
        }
    );
    // A linear history is one lane.
    let line = graph_layout(&[item("b", &["a"]), item("a", &[])]);
    assert!(line.iter().all(|r| r.lane == 0 && r.width == 1));
}

/// A failure that is a gap in Retort's SQLAlchemy says so, and claims nothing about what
/// Alembic would leave (Alembic would not fail).
#[test]
fn a_gap_in_retorts_sqlalchemy_is_named_as_such() {
    let mut files = ProjectFiles::new();
    files.insert(
        "versions/a1_first.py",
        "revision = 'a1'\ndown_revision = None\nfrom alembic import op\nimport sqlalchemy as sa\n\ndef upgrade():\n    op.create_table('t', sa.Column('id', sa.Integer, primary_key=True))\n    op.execute(sa.text('select 1').columns(sa.column('x')).subquery())\n\ndef downgrade():\n    op.drop_table('t')\n",
    );
    let s = Session::open(files).unwrap();
    let f = s
        .run(Direction::Upgrade, "+1")
        .failure
        .expect("the step fails");
    assert!(
        f.message.contains(
            "hint: Retort implements SQLAlchemy itself and its `TextClause` has no `subquery`"
        ),
        "{}",
        f.message
    );
    assert_eq!(f.alembic_would_leave, None);
    // A user's own object lacking an attribute is the migration's error, without the hint.
    let mut files = ProjectFiles::new();
    files.insert(
        "versions/a1_first.py",
        "revision = 'a1'\ndown_revision = None\n\nclass Thing:\n    pass\n\ndef upgrade():\n    Thing().missing\n\ndef downgrade():\n    pass\n",
    );
    let f = Session::open(files)
        .unwrap()
        .run(Direction::Upgrade, "+1")
        .failure
        .expect("the step fails");
    assert!(!f.message.contains("Retort implements"), "{}", f.message);
}

#[test]
fn a_failing_step_rolls_back_and_says_what_alembic_would_leave() {
    let mut files = ProjectFiles::new();
    files.insert(
            "versions/a1_first.py",
            "revision = 'a1'\ndown_revision = None\nfrom alembic import op\nimport sqlalchemy as sa\n\ndef upgrade():\n    op.create_table('t', sa.Column('id', sa.Integer, primary_key=True))\n    op.execute('INSERT INTO nope VALUES (1)')\n\ndef downgrade():\n    op.drop_table('t')\n",
        );
    let s = Session::open(files).unwrap();
    let r = s.run(Direction::Upgrade, "+1");
    let f = r.failure.expect("the step fails");
    assert!(f.message.contains("no such table: nope"), "{}", f.message);
    assert!(f.message.contains("a1_first.py:8:5"), "{}", f.message);
    assert_eq!(
        f.alembic_would_leave.as_deref(),
        Some("under Alembic this failure would leave table `t` created, and alembic_version empty")
    );
    assert!(s.snapshot().table("t").is_none());
    assert!(s.query("DELETE FROM alembic_version").is_err());
    // Seed rows: data only, one statement, all or nothing.
    s.db.execute_batch("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
        .unwrap();
    assert_eq!(
        s.seed("INSERT INTO people (name) VALUES ('ada'), ('bob')"),
        Ok(2)
    );
    assert!(
        s.seed("DROP TABLE people")
            .unwrap_err()
            .contains("schema changes")
    );
    assert!(
        s.seed("INSERT INTO people (name) VALUES (NULL)")
            .unwrap_err()
            .contains("NOT NULL")
    );
    assert_eq!(s.snapshot().table("people").unwrap().rows, 2);
}

/// A host stepping a run itself (the page, between its frames) can stop between steps: the
/// database is then at the last finished step, and the report says it stopped early.
#[test]
fn a_run_taken_step_by_step_can_stop_between_steps() {
    let s = Session::open(example()).unwrap();
    let n = s.revisions().len();
    let mut run = s.start(Direction::Upgrade, "heads");
    assert_eq!(run.report.planned, n);
    assert_eq!(run.done(), 0);
    let first = s.next_step(&run).unwrap();
    assert!(first.starts_with("upgrade  -> "), "{first}");
    assert!(s.step(&mut run));
    assert!(s.step(&mut run));
    assert_eq!(run.done(), 2);
    assert!(run.report.cancelled());
    assert_eq!(s.current(), run.report.steps[1].version);
    // What is left runs as the rest of the same plan.
    while s.step(&mut run) {}
    assert!(!run.report.cancelled());
    assert!(run.report.failure.is_none());
    assert_eq!(run.done(), n);
    assert_eq!(s.next_step(&run), None);
    // A target that cannot be planned: finished before it starts, with the reason.
    let bad = s.start(Direction::Upgrade, "nope");
    assert!(bad.finished() && !bad.report.cancelled());
    assert!(bad.report.failure.unwrap().message.contains("nope"));
}

/// A user's database, as the page loads one: a copy made at a middle revision by one
/// session is used by another, which stands where its version table says, steps on its
/// rows, reports drift, and refuses a version table naming a revision it does not have.
#[test]
fn a_database_file_is_used_where_its_version_table_stands() {
    let made = Session::open(example()).unwrap();
    let first = made.revisions().last().unwrap().revision.clone();
    assert!(made.run(Direction::Upgrade, &first).failure.is_none());
    let image = made.database_image().unwrap();

    let mut s = Session::open(example()).unwrap();
    assert_eq!(
        s.open_database("app.db", image.len(), &image[..]),
        Ok(vec![])
    );
    assert_eq!(s.current(), std::slice::from_ref(&first));
    assert!(s.drift().unwrap().differences().is_empty());
    s.db.execute_batch(&format!(
        "CREATE TABLE legacy (id INTEGER); UPDATE alembic_version SET version_num = '{first}'"
    ))
    .unwrap();
    assert_eq!(
        s.drift().unwrap().differences(),
        ["table `legacy` exists in your database but in no revision"]
    );
    let up = s.run(Direction::Upgrade, "+1");
    assert!(up.failure.is_none(), "{:?}", up.failure);
    assert_ne!(s.current(), [first]);

    let (db, _) = Database::from_image("app.db", image.len(), &image[..]).unwrap();
    db.execute_batch("UPDATE alembic_version SET version_num = 'deadbeef'")
        .unwrap();
    let image = db.image().unwrap();
    let mut other = Session::open(example()).unwrap();
    assert_eq!(
        other
            .open_database("app.db", image.len(), &image[..])
            .unwrap_err(),
        "Can't locate revision identified by 'deadbeef'"
    );
    assert!(
        other.current().is_empty(),
        "the session's database is unchanged"
    );
}

/// A library Retort does not have stands in, decorators included: `@click.group()` makes a
/// group whose `.command()` decorates the next function, and a decorated function stays
/// callable (the survey's Mailu: a click CLI in a module the revisions import).
#[test]
fn a_stand_in_decorator_keeps_the_function_and_gives_the_librarys_attributes() {
    let mut files = ProjectFiles::new();
    files.insert(
        "proj/alembic.ini",
        "[alembic]\nscript_location = migrations\nprepend_sys_path = .\n",
    );
    files.insert(
        "proj/app/cli.py",
        "import click\n\n\n@click.group()\ndef cli():\n    pass\n\n\n@cli.command()\ndef table_name():\n    return 'things'\n",
    );
    files.insert(
        "proj/migrations/versions/001_things.py",
        "revision = '001'\ndown_revision = None\nfrom alembic import op\nimport sqlalchemy as sa\nfrom app.cli import cli, table_name\n\ndef upgrade():\n    op.create_table(table_name(), sa.Column('id', sa.Integer, primary_key=True))\n\ndef downgrade():\n    op.drop_table(table_name())\n",
    );
    let s = Session::open(files).unwrap();
    let up = s.run(Direction::Upgrade, "head");
    assert!(up.failure.is_none(), "{:?}", up.failure);
    assert!(s.snapshot().table("things").is_some());
}

/// `@compiles` for SQLite applies to column types; for anything else it is refused in
/// Retort's own words (not as if the migration were wrong), and `deregister` takes a
/// registration back.
#[test]
fn compiles_applies_to_column_types_and_says_what_it_cannot_do() {
    let project = |body: &str| {
        let mut files = ProjectFiles::new();
        files.insert(
            "proj/alembic.ini",
            "[alembic]\nscript_location = migrations\n",
        );
        files.insert(
            "proj/migrations/versions/001_things.py",
            format!("revision = '001'\ndown_revision = None\nfrom alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.ext.compiler import compiles, deregister\n\ndef upgrade():\n{body}\n\ndef downgrade():\n    op.drop_table('things')\n"),
        );
        Session::open(files).unwrap()
    };
    let s = project(
        "    @compiles(sa.Uuid, 'sqlite')\n    def f(t, compiler, **kw):\n        return 'CHAR(36)'\n    op.create_table('things', sa.Column('a', sa.Uuid))\n    deregister(sa.Uuid)\n    op.add_column('things', sa.Column('b', sa.Uuid))",
    );
    let up = s.run(Direction::Upgrade, "head");
    assert!(up.failure.is_none(), "{:?}", up.failure);
    let ddl = s.snapshot().table("things").unwrap().sql.clone();
    assert!(
        ddl.contains("a CHAR(36)") && ddl.contains("b CHAR(32)"),
        "{ddl}"
    );

    let s = project(
        "    @compiles(sa.schema.CreateTable, 'sqlite')\n    def f(element, compiler, **kw):\n        return 'CREATE TABLE x (y)'\n    op.create_table('things', sa.Column('a', sa.Integer))",
    );
    let up = s.run(Direction::Upgrade, "head");
    let failure = format!("{:?}", up.failure.expect("refused"));
    assert!(failure.contains("is not supported by Retort"), "{failure}");
}

/// A name of SQLAlchemy Retort lacks is inert while a revision file loads, and an error in
/// Retort's words when a step compares or tests it: silently unequal, it would choose the
/// step's branch (the survey's kitchenowl skipped its SQLite-only batch on
/// `URL.create(...).drivername == "sqlite"` before `URL` was provided).
#[test]
fn a_missing_name_compared_while_a_step_runs_is_an_error_not_false() {
    let mut files = ProjectFiles::new();
    files.insert(
        "proj/alembic.ini",
        "[alembic]\nscript_location = migrations\n",
    );
    files.insert(
        "proj/migrations/versions/001_things.py",
        "revision = '001'\ndown_revision = None\nfrom alembic import op\nimport sqlalchemy as sa\n\nKIND = sa.engine.NoSuchThing.create('sqlite')\n\ndef upgrade():\n    op.create_table('things', sa.Column('id', sa.Integer, primary_key=True))\n    if KIND.name == 'sqlite':\n        op.create_index('ix_things_id', 'things', ['id'])\n\ndef downgrade():\n    op.drop_table('things')\n",
    );
    let s = Session::open(files).unwrap();
    let up = s.run(Direction::Upgrade, "head");
    let failure = format!("{:?}", up.failure.expect("an error, not a skipped branch"));
    assert!(
        failure.contains("sqlalchemy.engine.NoSuchThing.create().name is not supported by Retort"),
        "{failure}"
    );
}
