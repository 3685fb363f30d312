//! The benchmark's floor: SQLite alone executing the statements a Retort run executed.
//!
//! `floor TRACE DB [--pysqlite]` replays a `RETORT_TRACE` file (one JSON line per statement)
//! on the SQLite file `DB` through the same bundled SQLite, with no engine around it: each
//! step's statements in one transaction, prepared statements cached, parameters bound. With
//! `--pysqlite`, transactions are pysqlite's (as Alembic runs): a statement outside a
//! transaction commits on its own, INSERT/UPDATE/DELETE/REPLACE first open one, and the step's
//! end commits. Prints the elapsed milliseconds: a lower bound for any tool running the same
//! migration with the same commits.

use std::time::Instant;

use rusqlite::types::Value;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(trace), Some(db)) = (args.next(), args.next()) else {
        eprintln!("usage: floor TRACE DB [--pysqlite]");
        std::process::exit(2);
    };
    let pysqlite = args.next().as_deref() == Some("--pysqlite");
    let text = std::fs::read_to_string(&trace).expect("reading the trace");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let start = Instant::now();
    let conn = rusqlite::Connection::open(&db).expect("opening the database");
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    let mut step: Option<&str> = None;
    for l in &lines {
        let this = l["step"].as_str();
        if this != step {
            if !conn.is_autocommit() {
                conn.execute_batch("COMMIT").unwrap();
            }
            if !pysqlite {
                conn.execute_batch("BEGIN").unwrap();
            }
            step = this;
        }
        let sql = l["sql"].as_str().unwrap();
        if pysqlite && conn.is_autocommit() && retort_engine::sqlite::is_dml(sql) {
            conn.execute_batch("BEGIN").unwrap();
        }
        let mut stmt = conn
            .prepare_cached(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        let sets = l["params"].as_array().unwrap();
        let run = |stmt: &mut rusqlite::CachedStatement, params: &[Value]| {
            let mut rows = stmt.query(rusqlite::params_from_iter(params)).unwrap();
            while rows.next().unwrap().is_some() {}
        };
        if sets.is_empty() {
            run(&mut stmt, &[]);
        }
        for set in sets {
            let params: Vec<Value> = set
                .as_array()
                .unwrap()
                .iter()
                .map(|v| match v {
                    serde_json::Value::Null => Value::Null,
                    serde_json::Value::Number(n) => match n.as_i64() {
                        Some(i) => Value::Integer(i),
                        None => Value::Real(n.as_f64().unwrap()),
                    },
                    serde_json::Value::String(s) => Value::Text(s.clone()),
                    other => Value::Blob(
                        other["blob"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|b| b.as_u64().unwrap() as u8)
                            .collect(),
                    ),
                })
                .collect();
            run(&mut stmt, &params);
        }
    }
    if !conn.is_autocommit() {
        conn.execute_batch("COMMIT").unwrap();
    }
    drop(conn);
    println!("{}", start.elapsed().as_millis());
}
