//! Rows for the verification database: a few rows per table that satisfy what SQLite
//! enforces — column types (by affinity and by the type names SQLAlchemy writes), NOT NULL,
//! UNIQUE (a sequence number in every value), foreign keys (values of the referenced
//! table, parents filled first) and `CHECK (col IN (...))` lists (Enum, Boolean).

use rusqlite::types::Value;

use crate::Database;
use crate::inspect::{ColumnInfo, TableInfo};
use crate::sqlite::quote;

/// Adds `n` rows to `t`. Returns how many were added, or why none could be.
pub(crate) fn fill(db: &Database, t: &TableInfo, n: usize) -> Result<usize, String> {
    let pk_cols = t.columns.iter().filter(|c| c.pk > 0).count();
    // An INTEGER PRIMARY KEY is the rowid: SQLite numbers it.
    let rowid =
        |c: &ColumnInfo| c.pk == 1 && pk_cols == 1 && c.decl_type.eq_ignore_ascii_case("INTEGER");
    let cols: Vec<&ColumnInfo> = t
        .columns
        .iter()
        .filter(|c| c.hidden == 0 && !rowid(c))
        .collect();
    let sql = if cols.is_empty() {
        format!("INSERT INTO {} DEFAULT VALUES", quote(&t.name))
    } else {
        format!(
            "INSERT INTO {} ({}) VALUES ({})",
            quote(&t.name),
            cols.iter()
                .map(|c| quote(&c.name))
                .collect::<Vec<_>>()
                .join(", "),
            vec!["?"; cols.len()].join(", ")
        )
    };
    let conn = db.connection();
    for k in 0..n {
        let seq = t.rows as i64 + k as i64 + 1;
        let values = cols
            .iter()
            .map(|c| value_for(db, t, c, seq, k))
            .collect::<Result<Vec<_>, _>>()?;
        if let Err(first) = conn.execute(&sql, rusqlite::params_from_iter(values.iter())) {
            // A CHECK Retort cannot read: try again with NULL where NULL is allowed.
            let relaxed: Vec<Value> = cols
                .iter()
                .zip(values)
                .map(|(c, v)| {
                    if !c.not_null && c.pk == 0 && !is_fk(t, &c.name) {
                        Value::Null
                    } else {
                        v
                    }
                })
                .collect();
            conn.execute(&sql, rusqlite::params_from_iter(relaxed.iter()))
                .map_err(|_| first.to_string())?;
        }
    }
    Ok(n)
}

/// Gives a value to `column` in the rows where it is NULL (a column an upgrade just added:
/// what the application would write there, so a downgrade's loss shows).
pub(crate) fn fill_column(db: &Database, t: &TableInfo, column: &str) -> Result<usize, String> {
    let Some(c) = t.columns.iter().find(|c| c.name == column) else {
        return Ok(0);
    };
    let conn = db.connection();
    let sql = format!(
        "SELECT rowid FROM {} WHERE {} IS NULL",
        quote(&t.name),
        quote(column)
    );
    let ids: Vec<i64> = {
        let mut stmt = conn.prepare(&sql).map_err(|e| e.to_string())?;
        stmt.query_map([], |r| r.get(0))
            .map_err(|e| e.to_string())?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| e.to_string())?
    };
    let update = format!(
        "UPDATE {} SET {} = ?1 WHERE rowid = ?2",
        quote(&t.name),
        quote(column)
    );
    let mut n = 0;
    for (k, id) in ids.iter().enumerate() {
        let v = value_for(db, t, c, *id, k)?;
        if conn.execute(&update, rusqlite::params![v, id]).is_ok() {
            n += 1;
        }
    }
    Ok(n)
}

fn is_fk(t: &TableInfo, column: &str) -> bool {
    t.foreign_keys
        .iter()
        .any(|f| f.columns.iter().any(|c| c == column))
}

fn value_for(
    db: &Database,
    t: &TableInfo,
    c: &ColumnInfo,
    seq: i64,
    k: usize,
) -> Result<Value, String> {
    // A foreign key: a value the referenced table has (NULL when it has none).
    for fk in &t.foreign_keys {
        if let Some(i) = fk.columns.iter().position(|x| *x == c.name) {
            let target = fk
                .referred_columns
                .get(i)
                .map(|r| quote(r))
                .unwrap_or_else(|| "rowid".to_owned());
            let sql = format!(
                "SELECT {target} FROM {} LIMIT 1 OFFSET ?1 % max(1, (SELECT count(*) FROM {}))",
                quote(&fk.referred_table),
                quote(&fk.referred_table)
            );
            return Ok(db
                .connection()
                .query_row(&sql, [k as i64], |r| r.get::<_, Value>(0))
                .unwrap_or(Value::Null));
        }
    }
    if let Some(choices) = check_in_list(&t.sql, &c.name) {
        return Ok(choices[k % choices.len()].clone());
    }
    let ty = c.decl_type.to_ascii_uppercase();
    let length = ty
        .split_once('(')
        .and_then(|(_, rest)| rest.trim_end_matches(')').split(',').next())
        .and_then(|n| n.trim().parse::<usize>().ok());
    let day = 1 + seq.rem_euclid(28);
    Ok(if ty.contains("BOOL") {
        Value::Integer(seq % 2)
    } else if ty.contains("DATETIME") || ty.contains("TIMESTAMP") {
        Value::Text(format!("2024-01-{day:02} 12:00:00.000000"))
    } else if ty.starts_with("DATE") {
        Value::Text(format!("2024-01-{day:02}"))
    } else if ty.starts_with("TIME") {
        Value::Text(format!("12:00:{:02}.000000", seq.rem_euclid(60)))
    } else if ty.contains("JSON") {
        Value::Text(format!("{{\"n\": {seq}}}"))
    } else if ty.contains("UUID") || (ty.starts_with("CHAR") && length == Some(32)) {
        Value::Text(format!("{seq:032x}"))
    } else if ty.contains("INT") {
        Value::Integer(seq)
    } else if ty.contains("CHAR") || ty.contains("CLOB") || ty.contains("TEXT") || ty.is_empty() {
        let s = format!("{}_{seq}", c.name);
        Value::Text(match length {
            // Keep the sequence number (it makes the value unique), cut the name.
            Some(n) if s.len() > n => s[s.len() - n.max(1)..].to_owned(),
            _ => s,
        })
    } else if ty.contains("BLOB") {
        Value::Blob(seq.to_be_bytes().to_vec())
    } else if ty.contains("REAL") || ty.contains("FLOA") || ty.contains("DOUB") {
        Value::Real(seq as f64 + 0.5)
    } else {
        // NUMERIC affinity (NUMERIC, DECIMAL, ...).
        Value::Integer(seq)
    })
}

/// The values of a `CHECK (col IN ('a', 'b'))` on the column, as written.
fn check_in_list(table_sql: &str, column: &str) -> Option<Vec<Value>> {
    let upper = table_sql.to_ascii_uppercase();
    let col_up = column.to_ascii_uppercase();
    let mut from = 0;
    while let Some(i) = upper[from..].find("CHECK") {
        let start = from + i;
        from = start + 5;
        let rest = &table_sql[from..];
        let rest_up = &upper[from..];
        let body = rest.trim_start().strip_prefix('(')?;
        let body_up = rest_up.trim_start().strip_prefix('(')?;
        let b = body_up.trim_start();
        let after_col = b
            .strip_prefix(&format!("\"{col_up}\""))
            .or_else(|| b.strip_prefix(col_up.as_str()))
            .filter(|r| r.starts_with([' ', '\t', '\n']));
        let Some(after_col) = after_col else { continue };
        let Some(list_up) = after_col.trim_start().strip_prefix("IN") else {
            continue;
        };
        let offset = body.len() - list_up.len();
        let list = body[offset..].trim_start().strip_prefix('(')?;
        let end = list.find(')')?;
        let values: Vec<Value> = list[..end]
            .split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(
                |v| match v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
                    Some(s) => Value::Text(s.replace("''", "'")),
                    None => v
                        .parse::<i64>()
                        .map(Value::Integer)
                        .unwrap_or_else(|_| Value::Text(v.to_owned())),
                },
            )
            .collect();
        if !values.is_empty() {
            return Some(values);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_in_lists_of_enums_and_booleans() {
        let sql = "CREATE TABLE t (\n\tstatus VARCHAR(7) NOT NULL, \n\tflag BOOLEAN, \n\tCONSTRAINT st CHECK (status IN ('active', 'it''s')), \n\tCHECK (flag IN (0, 1))\n)";
        assert_eq!(
            check_in_list(sql, "status"),
            Some(vec![
                Value::Text("active".into()),
                Value::Text("it's".into())
            ])
        );
        assert_eq!(
            check_in_list(sql, "flag"),
            Some(vec![Value::Integer(0), Value::Integer(1)])
        );
        assert_eq!(check_in_list(sql, "other"), None);
    }
}
