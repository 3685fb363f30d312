//! The embedded example project runs unchanged under the real, pinned Alembic, and the
//! statement Retort already runs itself (the version table) matches it byte for byte.

use retort_engine::Database;
use retort_engine::runtime::VersionTable;
use retort_engine::script::revision_files;
use retort_oracle_tests::{Workspace, repo_root};

const CONFIG: &[&str] = &["-c", "migrations/alembic.ini"];

fn alembic_args<'a>(rest: &[&'a str]) -> Vec<&'a str> {
    CONFIG.iter().copied().chain(rest.iter().copied()).collect()
}

fn open_db(ws: &Workspace) -> Database {
    let conn = rusqlite::Connection::open(ws.path().join("botsalinha.db")).unwrap();
    Database::from_connection(conn)
}

#[test]
fn example_upgrades_to_head_and_downgrades_to_base_under_alembic() {
    let ws = Workspace::with_copy_of(&repo_root().join("migrations"));

    // A single, linear history: one head, and every revision file is part of it.
    let heads = ws.alembic_ok(&alembic_args(&["heads"])).stdout;
    let heads: Vec<&str> = heads.lines().collect();
    assert_eq!(heads.len(), 1, "one head: {heads:?}");
    let head = heads[0].split_whitespace().next().unwrap();
    let history = ws.alembic_ok(&alembic_args(&["history"])).stdout;
    let mut files = retort_engine::ProjectFiles::new();
    for entry in std::fs::read_dir(repo_root().join("migrations/versions")).unwrap() {
        let entry = entry.unwrap();
        files.insert(
            format!("versions/{}", entry.file_name().to_string_lossy()),
            "",
        );
    }
    let revision_count = revision_files(&files, "versions", false).len();
    assert!(revision_count >= 6);
    assert_eq!(
        history.lines().count(),
        revision_count,
        "history:\n{history}"
    );

    ws.alembic_ok(&alembic_args(&["upgrade", "head"]));
    let db = open_db(&ws);
    let vt = VersionTable::default();
    assert_eq!(vt.heads(&db).unwrap(), [head]);
    let schema = db.schema().unwrap();
    let names: Vec<&str> = schema.iter().map(|o| o.name.as_str()).collect();
    for table in [
        "alembic_version",
        "conversations",
        "messages",
        "message_feedback",
    ] {
        assert!(names.contains(&table), "{table} missing from {names:?}");
    }
    // Retort's version-table DDL is SQLAlchemy's, byte for byte.
    let oracle_ddl = schema.iter().find(|o| o.name == "alembic_version").unwrap();
    assert_eq!(oracle_ddl.sql.as_deref(), Some(vt.create_sql().as_str()));
    drop(db);

    ws.alembic_ok(&alembic_args(&["downgrade", "base"]));
    let db = open_db(&ws);
    let tables: Vec<String> = db
        .schema()
        .unwrap()
        .into_iter()
        .filter(|o| o.kind == "table")
        .map(|o| o.name)
        .collect();
    assert_eq!(
        tables,
        ["alembic_version"],
        "only the version table is left at base"
    );
    assert!(vt.heads(&db).unwrap().is_empty());
}

#[test]
fn data_migration_rewrites_rows_read_through_the_connection() {
    let ws = Workspace::with_copy_of(&repo_root().join("migrations"));
    ws.alembic_ok(&alembic_args(&["upgrade", "c4d7f0a3e815"]));
    let db = open_db(&ws);
    db.execute_batch(
        "INSERT INTO conversations (id, user_id) VALUES (1, 'u1');
         INSERT INTO messages (conversation_id, role, content) VALUES
           (1, 'human', 'hi'), (1, 'bot', 'hello'), (1, 'system', 'be nice');",
    )
    .unwrap();
    drop(db);
    let out = ws.alembic_ok(&alembic_args(&["upgrade", "head"]));
    assert!(
        out.stdout.contains("normalized 2 of 3 message roles"),
        "{}",
        out.stdout
    );
    let db = open_db(&ws);
    let roles: Vec<String> = db
        .connection()
        .prepare("SELECT role FROM messages ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(roles, ["user", "assistant", "system"]);
    let prefs: String = db
        .connection()
        .query_row("SELECT user_preferences FROM conversations", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(prefs, "{}");
}
