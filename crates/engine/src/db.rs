//! The one SQLite connection the engine works on.
//!
//! Natively rusqlite bundles SQLite; in the browser the same rusqlite is backed by
//! sqlite-wasm-rs with its in-memory VFS. Nothing here knows which.

use rusqlite::Connection;

use crate::sql::expr::SqlValue;

pub type Result<T, E = rusqlite::Error> = std::result::Result<T, E>;

/// One row of `sqlite_master`: what SQLite stored for a table, index, view or trigger.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SchemaObject {
    pub kind: String,
    pub name: String,
    pub table: String,
    /// The DDL text exactly as SQLite keeps it (`None` for automatic indexes).
    pub sql: Option<String>,
}

pub struct Database {
    conn: Connection,
}

impl Database {
    /// A fresh, empty in-memory database: the playground's throwaway database.
    pub fn open_in_memory() -> Result<Self> {
        Ok(Self::from_connection(Connection::open_in_memory()?))
    }

    /// Wraps a connection, configured as Python's `sqlite3` leaves one: foreign keys not
    /// enforced (rusqlite's bundled SQLite enforces them by default; pysqlite's does not,
    /// and batch mode's DROP TABLE would otherwise fire ON DELETE actions).
    pub fn from_connection(conn: Connection) -> Self {
        let _ = conn.execute_batch("PRAGMA foreign_keys = OFF");
        Database { conn }
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Registers a scalar SQL function whose body is `call` (pysqlite's
    /// `create_function`). SQLite requires the function to be `Send`; `call` is not (it
    /// runs the script's Python), so it is kept in a registry of this thread, which is
    /// the only thread that runs this database's statements, and SQLite's function only
    /// carries its key.
    pub(crate) fn create_function(
        &self,
        name: &str,
        n_arg: i32,
        deterministic: bool,
        call: impl FnMut(&[crate::sql::expr::SqlValue]) -> Result<crate::sql::expr::SqlValue, String>
        + 'static,
    ) -> Result<()> {
        use rusqlite::functions::FunctionFlags;
        let key = functions::register(Box::new(call));
        let mut flags = FunctionFlags::SQLITE_UTF8;
        if deterministic {
            flags |= FunctionFlags::SQLITE_DETERMINISTIC;
        }
        self.conn
            .create_scalar_function(name, n_arg, flags, move |ctx| {
                let args: Vec<crate::sql::expr::SqlValue> = (0..ctx.len())
                    .map(|i| from_sqlite(ctx.get_raw(i)))
                    .collect();
                functions::call(key, &args)
                    .map(functions::Out)
                    .map_err(|m| rusqlite::Error::UserFunctionError(m.into()))
            })
    }

    /// `SELECT sqlite_version()`, asked of the library actually linked.
    pub fn sqlite_version(&self) -> Result<String> {
        self.conn
            .query_row("SELECT sqlite_version()", [], |r| r.get(0))
    }

    /// Runs one or more statements that return no rows.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        self.conn.execute_batch(sql)
    }

    /// Runs one statement (whatever rows it returns are read and dropped); returns the
    /// number of rows it changed.
    pub(crate) fn execute_counting(&self, sql: &str) -> Result<usize> {
        let mut stmt = self.conn.prepare(sql)?;
        let mut rows = stmt.raw_query();
        while rows.next()?.is_some() {}
        Ok(self.conn.changes() as usize)
    }

    /// The schema as SQLite stores it, in `sqlite_master` order (creation order).
    pub fn schema(&self) -> Result<Vec<SchemaObject>> {
        let mut stmt = self
            .conn
            .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid")?;
        let rows = stmt.query_map([], |r| {
            Ok(SchemaObject {
                kind: r.get(0)?,
                name: r.get(1)?,
                table: r.get(2)?,
                sql: r.get(3)?,
            })
        })?;
        rows.collect()
    }

    /// An in-memory database holding a copy of a database file: its `len` bytes are read
    /// from `read` straight into SQLite's own buffer (SQLite's deserialize), so the file
    /// itself is never opened, let alone written. A file in WAL mode is read as a
    /// rollback-journal one (the in-memory database cannot keep a WAL; what a `-wal` file
    /// beside it holds is not in the copy). The notes say what a user should know of the copy.
    pub fn from_image(
        name: &str,
        len: usize,
        read: impl std::io::Read,
    ) -> std::result::Result<(Database, Vec<String>), String> {
        if len > MAX_IMAGE {
            return Err(format!(
                "{name} is {} MB: Retort opens database files of up to {} MB in memory (for a larger one, `retort upgrade --copy-of FILE --to OUT` runs on a copy on disk)",
                len.div_ceil(1 << 20),
                MAX_IMAGE >> 20
            ));
        }
        let not_sqlite = || {
            format!(
                "{name} is not an SQLite database: it does not start with SQLite's header (\"SQLite format 3\"). An encrypted database (SQLCipher) looks like this too; Retort reads plain SQLite files only"
            )
        };
        if len < 100 {
            return Err(not_sqlite());
        }
        let mut header = Header {
            read,
            at: 0,
            bytes: [0; 20],
        };
        let mut conn = Connection::open_in_memory().map_err(|e| e.to_string())?;
        conn.deserialize_read_exact(rusqlite::MAIN_DB, &mut header, len, false)
            .map_err(|e| format!("{name} could not be read: {e}"))?;
        if &header.bytes[..16] != b"SQLite format 3\0" {
            return Err(not_sqlite());
        }
        let mut notes = Vec::new();
        if header.bytes[18] == 2 || header.bytes[19] == 2 {
            notes.push(format!(
                "{name} is in WAL mode: the copy holds what the file holds; changes still in a {name}-wal file beside it are not in it"
            ));
        }
        let db = Database::from_connection(conn);
        db.conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(|e| format!("{name} could not be read: {e}"))?;
        Ok((db, notes))
    }

    /// The database as a file's bytes (SQLite's serialize of a consistent copy).
    pub fn image(&self) -> Result<Vec<u8>> {
        let mut copy = Connection::open_in_memory()?;
        rusqlite::backup::Backup::new(&self.conn, &mut copy)?.step(-1)?;
        Ok(copy.serialize(rusqlite::MAIN_DB)?.to_vec())
    }

    pub fn has_table(&self, name: &str) -> Result<bool> {
        self.conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [name],
            |r| r.get::<_, i64>(0).map(|n| n > 0),
        )
    }
}

/// The largest database file [`Database::from_image`] takes: a copy held in memory (in the
/// page, in the tab's memory, beside the project).
pub const MAX_IMAGE: usize = 512 << 20;

/// A reader that keeps the first bytes of a database file as they pass (its header) and
/// switches a WAL-mode file to the rollback journal (header bytes 18 and 19, SQLite's file
/// format versions: 2 is WAL, which an in-memory database cannot open).
struct Header<R> {
    read: R,
    at: usize,
    bytes: [u8; 20],
}

impl<R: std::io::Read> std::io::Read for Header<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.read.read(buf)?;
        for (i, b) in buf[..n].iter_mut().enumerate() {
            let at = self.at + i;
            if at >= self.bytes.len() {
                break;
            }
            self.bytes[at] = *b;
            if (at == 18 || at == 19) && *b == 2 {
                *b = 1;
            }
        }
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_memory_database_reports_version_and_schema() {
        let db = Database::open_in_memory().unwrap();
        assert!(db.sqlite_version().unwrap().starts_with("3."));
        db.execute_batch("CREATE TABLE t (x INTEGER); CREATE INDEX ix_t_x ON t (x)")
            .unwrap();
        let names: Vec<_> = db.schema().unwrap().into_iter().map(|o| o.name).collect();
        assert_eq!(names, ["t", "ix_t_x"]);
        assert!(db.has_table("t").unwrap());
        assert!(!db.has_table("ix_t_x").unwrap());
    }

    /// A file's bytes open as an in-memory copy (a WAL-mode file too, as the rollback
    /// journal), its image opens again to the same rows; what is not a database says so.
    #[test]
    fn a_database_file_opens_from_its_bytes_and_gives_them_back() {
        let dir = std::env::temp_dir().join(format!("retort-image-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("app.db");
        let _ = std::fs::remove_file(&path);
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch(
                "PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2);
                 PRAGMA wal_checkpoint(TRUNCATE);",
            )
            .unwrap();
        }
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(bytes[18], 2, "the file is in WAL mode");
        let (db, notes) = Database::from_image("app.db", bytes.len(), &bytes[..]).unwrap();
        assert!(notes[0].contains("WAL mode"), "{notes:?}");
        let count = |db: &Database| {
            db.connection()
                .query_row("SELECT sum(x) FROM t", [], |r| r.get::<_, i64>(0))
                .unwrap()
        };
        assert_eq!(count(&db), 3);
        db.execute_batch("INSERT INTO t VALUES (4)").unwrap();
        let image = db.image().unwrap();
        let (again, notes) = Database::from_image("x.db", image.len(), &image[..]).unwrap();
        assert!(notes.is_empty());
        assert_eq!(count(&again), 7);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "the file is never written"
        );
        let text = b"CREATE TABLE t (x);".repeat(10);
        let e = Database::from_image("schema.sql", text.len(), &text[..])
            .err()
            .unwrap();
        assert!(e.starts_with("schema.sql is not an SQLite database"), "{e}");
        let e = Database::from_image("tiny.db", 3, &b"abc"[..])
            .err()
            .unwrap();
        assert!(e.contains("not an SQLite database"), "{e}");
        let e = Database::from_image("huge.db", MAX_IMAGE + 1, &b""[..])
            .err()
            .unwrap();
        assert!(e.contains("up to 512 MB"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// The bodies of the SQL functions scripts registered, by key (see
/// [`Database::create_function`]).
mod functions {
    use std::cell::RefCell;
    use std::collections::HashMap;

    use crate::sql::expr::SqlValue;

    type Body = Box<dyn FnMut(&[SqlValue]) -> Result<SqlValue, String>>;

    thread_local! {
        static BODIES: RefCell<(u64, HashMap<u64, Body>)> = RefCell::new((0, HashMap::new()));
    }

    pub(crate) fn register(body: Body) -> u64 {
        BODIES.with(|b| {
            let mut b = b.borrow_mut();
            b.0 += 1;
            let key = b.0;
            b.1.insert(key, body);
            key
        })
    }

    /// Runs a registered body. It is taken out while it runs, so that a body whose SQL calls
    /// the same function again finds it missing (an error) instead of borrowing twice.
    pub fn call(key: u64, args: &[SqlValue]) -> Result<SqlValue, String> {
        let body = BODIES.with(|b| b.borrow_mut().1.remove(&key));
        let Some(mut body) = body else {
            return Err("user-defined function called again while it runs".into());
        };
        let out = body(args);
        BODIES.with(|b| b.borrow_mut().1.insert(key, body));
        out
    }

    /// A function's result as SQLite takes it.
    pub struct Out(pub SqlValue);

    impl rusqlite::types::ToSql for Out {
        fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
            use rusqlite::types::{ToSqlOutput, Value};
            Ok(ToSqlOutput::Owned(match &self.0 {
                SqlValue::Null => Value::Null,
                SqlValue::Int(i) => Value::Integer(*i),
                SqlValue::Float(f) => Value::Real(*f),
                SqlValue::Decimal(d) => Value::Real(SqlValue::decimal_f64(d)),
                SqlValue::Text(t) => Value::Text(t.clone()),
                SqlValue::Blob(b) => Value::Blob(b.clone()),
            }))
        }
    }
}

/// A value SQLite returned, as pysqlite converts it.
pub(crate) fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> SqlValue {
    use rusqlite::types::ValueRef as V;
    match v {
        V::Null => SqlValue::Null,
        V::Integer(i) => SqlValue::Int(i),
        V::Real(f) => SqlValue::Float(f),
        V::Text(t) => SqlValue::Text(String::from_utf8_lossy(t).into_owned()),
        V::Blob(b) => SqlValue::Blob(b.to_vec()),
    }
}
