//! `retort verify`: every rule and check on a revision set that trips it and on one that
//! does not. Revision sets are written inline: `rev(id, down, upgrade, downgrade)`.

use retort_engine::ProjectFiles;
use retort_engine::runtime::Direction;
use retort_engine::session::Session;
use retort_engine::verify::{Finding, Report, Severity};

/// One revision file: bodies are the functions' statements, 4-space indented by the helper.
fn rev(id: &str, down: Option<&str>, upgrade: &str, downgrade: &str) -> (String, String) {
    let indent = |body: &str| {
        body.lines()
            .map(|l| format!("    {l}\n"))
            .collect::<String>()
    };
    let down = match down {
        Some(d) => format!("{d:?}"),
        None => "None".into(),
    };
    (
        format!("versions/{id}.py"),
        format!(
            "\"\"\"{id}\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = {id:?}\ndown_revision = {down}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n{}\n\ndef downgrade():\n{}",
            indent(upgrade),
            indent(downgrade)
        ),
    )
}

fn session(revs: &[(String, String)]) -> Session {
    let mut files = ProjectFiles::new();
    for (p, t) in revs {
        files.insert(p.clone(), t.clone());
    }
    Session::open(files).unwrap()
}

fn verify(revs: &[(String, String)]) -> Report {
    session(revs).verify(false)
}

fn with_code<'r>(r: &'r Report, code: &str) -> Vec<&'r Finding> {
    r.findings.iter().filter(|f| f.code == code).collect()
}

fn one<'r>(r: &'r Report, code: &str) -> &'r Finding {
    let f = with_code(r, code);
    assert_eq!(f.len(), 1, "expected one {code} in {:#?}", r.findings);
    f[0]
}

fn none(r: &Report, code: &str) {
    assert!(
        with_code(r, code).is_empty(),
        "expected no {code} in {:#?}",
        r.findings
    );
}

const USERS: &str = "op.create_table('users', sa.Column('id', sa.Integer, primary_key=True), sa.Column('name', sa.String(50)), sa.Column('email', sa.String(100)))";
const DROP_USERS: &str = "op.drop_table('users')";

fn base() -> (String, String) {
    rev("a1", None, USERS, DROP_USERS)
}

#[test]
fn a_clean_history_has_no_findings_above_info() {
    let r = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "op.create_index('ix_users_name', 'users', ['name'])",
            "op.drop_index('ix_users_name', table_name='users')",
        ),
    ]);
    assert!(
        r.findings.iter().all(|f| f.severity == Severity::Info),
        "{:#?}",
        r.findings
    );
    assert_eq!((r.checked, r.revisions, r.stopped.as_deref()), (2, 2, None));
}

#[test]
fn rt001_multiple_heads() {
    let two = verify(&[
        base(),
        rev("b2", Some("a1"), "pass", "pass"),
        rev("c3", Some("a1"), "pass", "pass"),
    ]);
    let f = one(&two, "RT001");
    assert!(f.message.starts_with("2 heads: "), "{}", f.message);
    none(
        &verify(&[base(), rev("b2", Some("a1"), "pass", "pass")]),
        "RT001",
    );
}

#[test]
fn rt002_a_second_base_unless_labelled() {
    let r = verify(&[base(), rev("z9", None, "pass", "pass")]);
    let f = one(&r, "RT002");
    assert_eq!(f.revision.as_deref(), Some("z9"));
    assert_eq!(f.site.as_ref().unwrap().line, 6, "the down_revision line");
    let (p, t) = rev("z9", None, "pass", "pass");
    let labelled = (
        p,
        t.replace("branch_labels = None", "branch_labels = ('other',)"),
    );
    none(&verify(&[base(), labelled]), "RT002");
}

#[test]
fn rt003_downgrade_that_forgets_an_index() {
    let r = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "op.create_index('ix_users_name', 'users', ['name'])",
            "op.execute('SELECT 1')",
        ),
    ]);
    let f = one(&r, "RT003");
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.message
            .contains("index `ix_users_name` on `users` created"),
        "{}",
        f.message
    );
    assert_eq!(f.site.as_ref().unwrap().line, 15, "points at def downgrade");
    // The second upgrade then trips over the index the downgrade left.
    let again = one(&r, "RT004");
    assert!(
        again.message.contains("already exists"),
        "{}",
        again.message
    );
}

#[test]
fn rt003_columns_back_in_another_order_are_information() {
    let r = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "with op.batch_alter_table('users') as b:\n    b.drop_column('name')",
            "with op.batch_alter_table('users') as b:\n    b.add_column(sa.Column('name', sa.String(50)))",
        ),
    ]);
    let f = one(&r, "RT003");
    assert_eq!(f.severity, Severity::Info);
    assert!(f.message.contains("another order"), "{}", f.message);
    let fixed = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "with op.batch_alter_table('users') as b:\n    b.drop_column('name')",
            "with op.batch_alter_table('users', recreate='always') as b:\n    b.add_column(sa.Column('name', sa.String(50)), insert_after='id')",
        ),
    ]);
    none(&fixed, "RT003");
}

#[test]
fn rt005_a_failing_upgrade_stops_the_pass() {
    let r = verify(&[
        base(),
        rev("b2", Some("a1"), "op.execute('DROP TABLE nope')", "pass"),
        rev("c3", Some("b2"), "pass", "pass"),
    ]);
    let f = one(&r, "RT005");
    assert!(f.message.contains("no such table: nope"), "{}", f.message);
    assert_eq!(r.checked, 2);
    assert!(r.stopped.as_deref().unwrap().contains("b2"));
}

#[test]
fn rt006_rows_deleted_by_an_upgrade() {
    let r = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "op.execute('DELETE FROM users WHERE id = 1')",
            "pass",
        ),
    ]);
    let f = one(&r, "RT006");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.message, "upgrade deletes 1 row of `users`");
    assert_eq!(f.site.as_ref().unwrap().line, 12);
    let kept = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "op.execute('DELETE FROM users WHERE id = 99')",
            "pass",
        ),
    ]);
    none(&kept, "RT006");
}

#[test]
fn rt007_and_rt102_a_column_dropped_each_way() {
    let r = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "op.add_column('users', sa.Column('age', sa.Integer))",
            "op.drop_column('users', 'age')",
        ),
    ]);
    let f: Vec<_> = with_code(&r, "RT007")
        .into_iter()
        .filter(|f| f.revision.as_deref() == Some("b2"))
        .collect();
    assert_eq!(f.len(), 1, "{:#?}", r.findings);
    assert_eq!(
        f[0].message,
        "downgrade of b2 loses column `users.age` (3 values)"
    );
    none(&r, "RT102");
    let up = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "op.drop_column('users', 'email')",
            "op.add_column('users', sa.Column('email', sa.String(100)))",
        ),
    ]);
    assert_eq!(
        one(&up, "RT102").message,
        "drops column `users.email`: 3 values lost"
    );
    none(&up, "RT006");
}

#[test]
fn rt008_downgrade_that_does_nothing_or_raises() {
    let pass = verify(&[rev("a1", None, USERS, "pass")]);
    let f = one(&pass, "RT008");
    assert!(f.message.contains("does nothing"), "{}", f.message);
    none(&pass, "RT003");
    let raises = verify(&[rev("a1", None, USERS, "raise NotImplementedError()")]);
    assert!(
        one(&raises, "RT008")
            .message
            .contains("NotImplementedError")
    );
    none(&verify(&[base()]), "RT008");
    // No downgrade() at all: the run says which function is missing (not its message).
    let (path, text) = rev("a1", None, USERS, "pass");
    let without = text[..text.find("\ndef downgrade").unwrap()].to_owned() + "\n";
    let r = verify(&[(path, without)]);
    let f = one(&r, "RT008");
    assert_eq!(
        f.message,
        "downgrade of a1 cannot run: AttributeError: module 'a1_py' has no attribute 'downgrade'"
    );
    none(&r, "RT005");
}

#[test]
fn rt101_drop_table_counts_the_rows() {
    let r = verify(&[base(), rev("b2", Some("a1"), DROP_USERS, USERS)]);
    let f = one(&r, "RT101");
    assert_eq!(f.message, "drops table `users`: 3 rows lost");
    assert_eq!(f.site.as_ref().map(|s| s.line), Some(12));
    none(&r, "RT006");
}

#[test]
fn rt103_not_null_without_default() {
    let batch = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "with op.batch_alter_table('users', recreate='always') as b:\n    b.add_column(sa.Column('age', sa.Integer, nullable=False))",
            "with op.batch_alter_table('users') as b:\n    b.drop_column('age')",
        ),
    ]);
    let f = one(&batch, "RT103");
    assert_eq!(
        f.message,
        "adds NOT NULL column `users.age` without a server_default: fails on 3 existing rows (rowids 1, 2, 3)"
    );
    let failed = one(&batch, "RT005");
    assert!(
        failed.message.contains("NOT NULL constraint failed"),
        "{}",
        failed.message
    );
    // recreate='auto': batch mode adds the column with ALTER, which SQLite refuses.
    let auto = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "with op.batch_alter_table('users') as b:\n    b.add_column(sa.Column('age', sa.Integer, nullable=False))",
            "with op.batch_alter_table('users') as b:\n    b.drop_column('age')",
        ),
    ]);
    assert!(
        one(&auto, "RT103")
            .message
            .contains("batch mode uses ALTER here, and SQLite refuses it")
    );
    assert_eq!(
        one(&auto, "RT005").message,
        "upgrade fails: OperationalError: (sqlite3.OperationalError) Cannot add a NOT NULL column with default value NULL"
    );
    let plain = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "op.add_column('users', sa.Column('age', sa.Integer, nullable=False))",
            "op.drop_column('users', 'age')",
        ),
    ]);
    assert!(one(&plain, "RT103").message.contains("SQLite refuses it"));
    let with_default = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "op.add_column('users', sa.Column('age', sa.Integer, nullable=False, server_default='0'))",
            "op.drop_column('users', 'age')",
        ),
    ]);
    none(&with_default, "RT103");
    none(&with_default, "RT005");
}

#[test]
fn rt103_making_a_column_not_null_lists_the_null_rows() {
    let r = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "op.execute(\"UPDATE users SET email = NULL WHERE id > 1\")",
            "pass",
        ),
        rev(
            "c3",
            Some("b2"),
            "with op.batch_alter_table('users') as b:\n    b.alter_column('email', existing_type=sa.String(100), nullable=False)",
            "with op.batch_alter_table('users') as b:\n    b.alter_column('email', existing_type=sa.String(100), nullable=True)",
        ),
    ]);
    let f = one(&r, "RT103");
    assert_eq!(
        f.message,
        "makes `users.email` NOT NULL: fails on 2 rows where it is NULL (rowids 2, 3)"
    );
}

#[test]
fn rt104_type_narrowing() {
    let narrow = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "with op.batch_alter_table('users') as b:\n    b.alter_column('name', type_=sa.String(5), existing_type=sa.String(50))",
            "with op.batch_alter_table('users') as b:\n    b.alter_column('name', type_=sa.String(50), existing_type=sa.String(5))",
        ),
    ]);
    let f = one(&narrow, "RT104");
    assert_eq!(
        f.message,
        "narrows `users.name` from VARCHAR(50) to VARCHAR(5) (5 characters): 3 values do not fit (rowids 1, 2, 3)"
    );
    // The downgrade widens: no finding for it.
    assert_eq!(with_code(&narrow, "RT104").len(), 1);
}

#[test]
fn rt105_alter_outside_batch_mode() {
    let r = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "op.alter_column('users', 'name', nullable=False)",
            "pass",
        ),
    ]);
    let f = one(&r, "RT105");
    assert!(
        f.message
            .contains("changes its nullability outside batch mode"),
        "{}",
        f.message
    );
    let c = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "op.create_unique_constraint('uq_email', 'users', ['email'])",
            "pass",
        ),
    ]);
    assert!(
        one(&c, "RT105")
            .message
            .starts_with("op.create_unique_constraint() outside batch mode")
    );
    let batch = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "with op.batch_alter_table('users') as b:\n    b.create_unique_constraint('uq_email', ['email'])",
            "with op.batch_alter_table('users') as b:\n    b.drop_constraint('uq_email', type_='unique')",
        ),
    ]);
    none(&batch, "RT105");
}

const POSTS: &str = "op.create_table('posts', sa.Column('id', sa.Integer, primary_key=True), sa.Column('user_id', sa.Integer, sa.ForeignKey('users.id', ondelete='CASCADE'), nullable=False))";

#[test]
fn rt106_batch_rebuild_of_a_referenced_table_measures_the_cascade() {
    let r = verify(&[
        base(),
        rev("b2", Some("a1"), POSTS, "op.drop_table('posts')"),
        rev(
            "c3",
            Some("b2"),
            "with op.batch_alter_table('users', recreate='always') as b:\n    b.alter_column('name', existing_type=sa.String(50), nullable=True)",
            "pass",
        ),
    ]);
    let f = one(&r, "RT106");
    assert_eq!(
        f.message,
        "batch mode rebuilds `users`, which `posts` reference: with PRAGMA foreign_keys=ON the rebuild deletes 3 rows of `posts` (ON DELETE CASCADE)"
    );
    let alone = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "with op.batch_alter_table('users', recreate='always') as b:\n    b.alter_column('name', existing_type=sa.String(50), nullable=True)",
            "pass",
        ),
    ]);
    none(&alone, "RT106");
}

#[test]
fn rt107_unique_index_over_duplicates() {
    let r = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "op.execute(\"UPDATE users SET name = 'x'\")",
            "pass",
        ),
        rev(
            "c3",
            Some("b2"),
            "op.create_index('ix_name', 'users', ['name'], unique=True)",
            "op.drop_index('ix_name', table_name='users')",
        ),
    ]);
    let f = one(&r, "RT107");
    assert_eq!(
        f.message,
        "unique index on `users` (name) over existing rows: fails: 1 value duplicated"
    );
    let ok = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "op.create_index('ix_name', 'users', ['name'], unique=True)",
            "op.drop_index('ix_name', table_name='users')",
        ),
    ]);
    assert!(
        one(&ok, "RT107")
            .message
            .ends_with("no duplicates in the 3 rows here")
    );
}

#[test]
fn rt108_execute_without_a_counterpart() {
    let r = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "op.execute(\"UPDATE users SET name = upper(name)\")",
            "pass",
        ),
    ]);
    assert_eq!(one(&r, "RT108").site.as_ref().unwrap().line, 12);
    let paired = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "op.execute(\"UPDATE users SET name = upper(name)\")",
            "op.execute(\"UPDATE users SET name = lower(name)\")",
        ),
    ]);
    none(&paired, "RT108");
}

#[test]
fn rt109_whole_table_reads() {
    let r = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "rows = op.get_bind().execute(sa.text('SELECT id, name FROM users')).fetchall()",
            "pass",
        ),
    ]);
    assert_eq!(
        one(&r, "RT109").message,
        "reads every row of `users` at once (3 rows here); page through a large table by key"
    );
    let paged = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "rows = op.get_bind().execute(sa.text('SELECT id FROM users WHERE id > 0 LIMIT 10')).fetchall()",
            "pass",
        ),
    ]);
    none(&paged, "RT109");
}

#[test]
fn rt110_rename_of_a_referenced_table() {
    let r = verify(&[
        base(),
        rev("b2", Some("a1"), POSTS, "op.drop_table('posts')"),
        rev(
            "c3",
            Some("b2"),
            "op.rename_table('users', 'accounts')",
            "op.rename_table('accounts', 'users')",
        ),
    ]);
    assert_eq!(
        one(&r, "RT110").message,
        "renames table `users` to `accounts`; foreign keys of `posts` reference it"
    );
    let alone = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "op.rename_table('users', 'accounts')",
            "op.rename_table('accounts', 'users')",
        ),
    ]);
    none(&alone, "RT110");
}

#[test]
fn comments_and_options_silence_rules() {
    let (p, t) = rev(
        "b2",
        Some("a1"),
        "op.drop_column('users', 'email')  # retort: disable=RT102",
        "op.add_column('users', sa.Column('email', sa.String(100)))",
    );
    let r = verify(&[base(), (p, t)]);
    none(&r, "RT102");
    let (p, t) = rev(
        "b2",
        Some("a1"),
        "op.drop_column('users', 'email')",
        "op.add_column('users', sa.Column('email', sa.String(100)))",
    );
    // The same revision without a suppression reports it: each silence below is real.
    one(&verify(&[base(), (p.clone(), t.clone())]), "RT102");
    let t = format!("# retort: disable=drop-column\n{t}");
    none(&verify(&[base(), (p, t)]), "RT102");
    let s = session(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "op.drop_column('users', 'email')",
            "op.add_column('users', sa.Column('email', sa.String(100)))",
        ),
    ]);
    let mut opts = retort_engine::verify::Options::default();
    opts.disabled.insert("RT102".into());
    let r = retort_engine::verify::verify(
        &s.dir,
        &s.version_table,
        &s.naming,
        std::rc::Rc::new(retort_engine::Database::open_in_memory().unwrap()),
        &opts,
    );
    none(&r, "RT102");
}

#[test]
fn verdicts_on_the_sessions_own_rows() {
    let s = session(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "with op.batch_alter_table('users', recreate='always') as b:\n    b.add_column(sa.Column('age', sa.Integer, nullable=False))",
            "with op.batch_alter_table('users') as b:\n    b.drop_column('age')",
        ),
    ]);
    let up = s.run(Direction::Upgrade, "a1");
    assert!(up.failure.is_none());
    // No rows: the verdict says so.
    let r = s.verify(true);
    assert!(
        one(&r, "RT103")
            .message
            .ends_with("the table is empty here; the copy fails as soon as it has rows"),
        "{:#?}",
        r.findings
    );
    s.seed("INSERT INTO users (id, name) VALUES (7, 'a'), (9, 'b')")
        .unwrap();
    let r = s.verify(true);
    assert!(
        one(&r, "RT103")
            .message
            .ends_with("fails on 2 existing rows (rowids 7, 9)")
    );
    assert_eq!(r.checked, 1, "only the revisions above the session's");
    // The session's own database is untouched.
    assert_eq!(s.current(), vec!["a1".to_owned()]);
}

#[test]
fn the_rules_page_is_in_step_with_the_rules() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md");
    let expected = retort_engine::verify::rules::rules_markdown();
    if std::env::var_os("RETORT_BLESS").is_some() {
        std::fs::write(path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is out of date: run `RETORT_BLESS=1 cargo test -p retort-engine --test verify`"
    );
}

/// A revision whose downgrade does nothing cannot be upgraded again; the pass goes on from
/// the database its first upgrade gives, so the revisions after it are still checked.
#[test]
fn the_pass_goes_on_past_a_revision_it_cannot_upgrade_again() {
    let r = verify(&[
        base(),
        rev(
            "b2",
            Some("a1"),
            "op.create_table('tags', sa.Column('id', sa.Integer, primary_key=True))",
            "pass",
        ),
        rev(
            "c3",
            Some("b2"),
            "op.drop_column('users', 'email')",
            "op.add_column('users', sa.Column('email', sa.String(100)))",
        ),
    ]);
    assert_eq!(r.stopped, None, "{:?}", r.notes);
    assert_eq!(r.checked, 3);
    one(&r, "RT008");
    assert!(
        r.notes
            .iter()
            .any(|n| n.starts_with("b2: upgrading it again after its downgrade failed")),
        "{:?}",
        r.notes
    );
    // c3, behind the broken revision, is checked: its dropped column loses data.
    let f = one(&r, "RT102");
    assert_eq!(f.message, "drops column `users.email`: 3 values lost");
}
