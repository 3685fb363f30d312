//! The errors of running operations, in the terms of the Python exception Alembic (through
//! SQLAlchemy and pysqlite) would raise: the hosts show them as Python shows them.

use crate::sql::expr::SqlValue;

/// How an operation failed, in the terms of the Python exception Alembic would raise.
#[derive(Debug, Clone, PartialEq)]
pub enum OpError {
    /// `NotImplementedError` (e.g. ALTER of constraints on SQLite).
    NotImplemented(String),
    /// `sqlalchemy.exc.OperationalError` / `IntegrityError` / ...: the database refused.
    Db {
        class: &'static str,
        driver_class: &'static str,
        message: String,
        sql: String,
        params: Option<String>,
    },
    /// `sqlalchemy.exc.CompileError` and friends.
    Compile(&'static str, String),
    /// `TypeError`, `ValueError`, `KeyError`...
    Python(&'static str, String),
}

impl OpError {
    /// The exception class name and its message, as Python shows them.
    pub(crate) fn class_and_message(&self) -> (&'static str, String) {
        match self {
            OpError::NotImplemented(m) => ("NotImplementedError", m.clone()),
            OpError::Db {
                class,
                driver_class,
                message,
                sql,
                params,
            } => {
                let code = if *class == "IntegrityError" {
                    "gkpj"
                } else {
                    "e3q8"
                };
                let mut m = format!("(sqlite3.{driver_class}) {message}\n[SQL: {sql}]");
                if let Some(p) = params {
                    m += &format!("\n[parameters: {p}]");
                }
                m += &format!("\n(Background on this error at: https://sqlalche.me/e/21/{code})");
                (class, m)
            }
            OpError::Compile(c, m) => (c, m.clone()),
            OpError::Python(c, m) => (c, m.clone()),
        }
    }
}

pub type OpResult<T = ()> = Result<T, OpError>;

/// A SQLite error as SQLAlchemy wraps pysqlite's: the exception class, the driver's class
/// and message, the statement.
pub fn db_error(e: rusqlite::Error, sql: &str, params: Option<&Vec<SqlValue>>) -> OpError {
    let (class, driver) = match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => ("IntegrityError", "IntegrityError"),
        _ => ("OperationalError", "OperationalError"),
    };
    let message = match &e {
        rusqlite::Error::SqliteFailure(_, Some(m)) => m.clone(),
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        other => other.to_string(),
    };
    let params = params.filter(|p| !p.is_empty()).map(|p| {
        let items: Vec<String> = p.iter().map(param_repr).collect();
        if items.len() == 1 {
            format!("({},)", items[0])
        } else {
            format!("({})", items.join(", "))
        }
    });
    OpError::Db {
        class,
        driver_class: driver,
        message,
        sql: sql.trim().to_owned(),
        params,
    }
}

fn param_repr(v: &SqlValue) -> String {
    match v {
        SqlValue::Null => "None".into(),
        SqlValue::Int(i) => i.to_string(),
        SqlValue::Float(f) => retort_pyscript::float_repr(*f),
        SqlValue::Decimal(d) => retort_pyscript::float_repr(SqlValue::decimal_f64(d)),
        SqlValue::Text(s) => retort_pyscript::str_repr(s),
        SqlValue::Blob(b) => format!("<{} bytes>", b.len()),
    }
}
