//! The layers under `op.get_bind()` as pysqlite and SQLAlchemy's pool give them:
//! `bind.connection` (the pool's `_ConnectionFairy`), its `dbapi_connection` (pysqlite's
//! `sqlite3.Connection`), cursors, and `create_function` calling back into the script.
//!
//! A data migration that hashes rows registers a Python function with SQLite and runs
//! `UPDATE docs SET h = sha256(content)`: SQLite calls the function once per row while the
//! statement runs. The function is the script's, so it needs the interpreter; SQLite calls
//! it from inside a statement that some host function started with `&mut Interp` in hand.
//! [`sql_scope`] lends that interpreter to the callbacks for exactly the duration of the
//! statement.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use retort_pyscript::{Args, EvalResult, HostObject, Interp, Value};

use super::op::raise;
use super::sa::to_sql_value;
use crate::operations::{DbapiParams, MigrationContext, OpError, Rows};
use crate::sql::expr::SqlValue;

thread_local! {
    /// The interpreter a running statement's user-defined functions call into.
    static LENT: Cell<*mut Interp> = const { Cell::new(std::ptr::null_mut()) };
}

/// Runs `f` (which executes SQL, and must not use `interp` itself) with `interp` lent to
/// the SQL functions the script registered.
pub(crate) fn sql_scope<R>(interp: &mut Interp, f: impl FnOnce() -> R) -> R {
    let ptr: *mut Interp = interp;
    let before = LENT.with(|l| l.replace(ptr));
    let r = f();
    LENT.with(|l| l.set(before));
    r
}

/// Calls a script function from inside SQLite (a user-defined SQL function).
fn call_lent(f: &Value, args: &[SqlValue]) -> Result<SqlValue, String> {
    let ptr = LENT.with(|l| l.get());
    if ptr.is_null() {
        return Err("user-defined function raised exception".into());
    }
    // SAFETY: `ptr` comes from the `&mut Interp` that `sql_scope` holds for the duration of
    // the statement calling us; that reference is not used until `sql_scope` returns, and
    // SQLite calls us on this thread, inside that statement.
    let interp = unsafe { &mut *ptr };
    let py: Vec<Value> = args.iter().map(super::conn::sql_to_py).collect();
    match interp.call_value(f, Args::new(py)) {
        Ok(v) => to_sql_value(interp, &v, None)
            .map_err(|_| "user-defined function raised exception".to_owned()),
        // pysqlite reports any exception of the function with this message.
        Err(_) => Err("user-defined function raised exception".into()),
    }
}

/// `bind.connection`: the pool's `_ConnectionFairy`, which forwards to the DB-API
/// connection.
pub struct PoolConnection(pub Rc<MigrationContext>);

impl HostObject for PoolConnection {
    fn type_name(&self) -> String {
        "_ConnectionFairy".into()
    }
    fn get_attr(self: Rc<Self>, interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let dbapi = Rc::new(DbapiConnection(self.0.clone()));
        match name {
            "dbapi_connection" | "driver_connection" => Ok(Some(Value::Host(dbapi))),
            "is_valid" => Ok(Some(Value::Bool(true))),
            _ => dbapi.get_attr(interp, name),
        }
    }
}

/// pysqlite's `sqlite3.Connection` of the migration.
pub struct DbapiConnection(pub Rc<MigrationContext>);

impl HostObject for DbapiConnection {
    fn type_name(&self) -> String {
        "Connection".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let ctx = self.0.clone();
        Ok(Some(match name {
            "cursor" => Value::native(name, move |_, _| Ok(Cursor::value(ctx.clone()))),
            "execute" | "executemany" => {
                let many = name == "executemany";
                Value::native(name, move |interp, args| {
                    let cursor = Rc::new(Cursor::new(ctx.clone()));
                    cursor.run(interp, &args, many)?;
                    Ok(Value::Host(cursor))
                })
            }
            "create_function" => Value::native(name, move |interp, args| {
                let fname = match args.arg(0, "name") {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => {
                        return Err(
                            interp.type_error("create_function() argument 'name' must be str")
                        );
                    }
                };
                let n_arg = match args.arg(1, "narg") {
                    Some(Value::Int(n)) => *n as i32,
                    _ => {
                        return Err(
                            interp.type_error("create_function() argument 'narg' must be int")
                        );
                    }
                };
                let func = args.arg(2, "func").cloned().unwrap_or(Value::None);
                let deterministic = args
                    .kw("deterministic")
                    .is_some_and(|v| interp.truthy(v).unwrap_or(false));
                ctx.create_function(&fname, n_arg, deterministic, move |a| call_lent(&func, a))
                    .map_err(|e| raise(interp, e))?;
                Ok(Value::None)
            }),
            "commit" => Value::native(name, move |interp, _| {
                ctx.commit_step().map_err(|e| raise(interp, e))?;
                Ok(Value::None)
            }),
            "rollback" | "close" => Value::native(name, |_, _| Ok(Value::None)),
            "in_transaction" => Value::Bool(!ctx.db.connection().is_autocommit()),
            "isolation_level" => Value::str(""),
            "total_changes" => Value::Int(ctx.db.connection().total_changes() as i64),
            _ => return Ok(None),
        }))
    }
}

/// pysqlite's `sqlite3.Cursor`.
pub struct Cursor {
    ctx: Rc<MigrationContext>,
    rows: RefCell<Rows>,
    /// The next row `fetchone` returns.
    next: Cell<usize>,
    lastrowid: Cell<Option<i64>>,
}

impl Cursor {
    fn new(ctx: Rc<MigrationContext>) -> Cursor {
        Cursor {
            ctx,
            rows: RefCell::new(Rows {
                rowcount: -1,
                ..Rows::default()
            }),
            next: Cell::new(0),
            lastrowid: Cell::new(None),
        }
    }

    fn value(ctx: Rc<MigrationContext>) -> Value {
        Value::host(Cursor::new(ctx))
    }

    /// `execute(sql, parameters=())` / `executemany(sql, seq_of_parameters)`.
    fn run(&self, interp: &mut Interp, args: &Args, many: bool) -> EvalResult<()> {
        let sql = match args.arg(0, "sql") {
            Some(Value::Str(s)) => s.to_string(),
            Some(v) => {
                return Err(interp.type_error(format!(
                    "execute() argument 1 must be str, not {}",
                    v.type_name()
                )));
            }
            None => return Err(interp.type_error("execute expected at least 1 argument, got 0")),
        };
        let given = args.arg(1, "parameters").cloned();
        let sets = match (&given, many) {
            (None, false) => vec![],
            (Some(p), false) => vec![dbapi_params(interp, p)?],
            (Some(p), true) => {
                let mut sets = Vec::new();
                for item in interp.iterate(p)? {
                    sets.push(dbapi_params(interp, &item)?);
                }
                sets
            }
            (None, true) => {
                return Err(interp.type_error("executemany expected 2 arguments, got 1"));
            }
        };
        let ctx = self.ctx.clone();
        let outcome = sql_scope(interp, || ctx.exec_dbapi(&sql, &sets));
        let outcome = outcome.map_err(|e| raise_driver(interp, e))?;
        if outcome.lastrowid.is_some() {
            self.lastrowid.set(outcome.lastrowid);
        }
        *self.rows.borrow_mut() = outcome.rows;
        self.next.set(0);
        Ok(())
    }

    fn fetch(&self, limit: Option<usize>) -> Vec<Value> {
        let rows = self.rows.borrow();
        let start = self.next.get().min(rows.rows.len());
        let end = limit.map_or(rows.rows.len(), |n| (start + n).min(rows.rows.len()));
        self.next.set(end);
        rows.rows[start..end]
            .iter()
            .map(|r| Value::tuple(r.iter().map(super::conn::sql_to_py).collect()))
            .collect()
    }
}

/// pysqlite's parameters: a mapping binds `:name`, any other sequence binds `?`.
fn dbapi_params(interp: &mut Interp, v: &Value) -> EvalResult<DbapiParams> {
    if let Value::Dict(d) = v {
        let mut named = Vec::new();
        for (k, x) in d.borrow().items() {
            let Some(k) = k.as_str() else { continue };
            named.push((k.to_owned(), to_sql_value(interp, x, None)?));
        }
        return Ok(DbapiParams::Named(named));
    }
    let mut values = Vec::new();
    for x in interp.iterate(v)? {
        values.push(to_sql_value(interp, &x, None)?);
    }
    Ok(DbapiParams::Positional(values))
}

/// pysqlite's exceptions, each after its base (PEP 249's hierarchy).
const EXCEPTIONS: &[(&str, &str)] = &[
    ("sqlite3.Warning", "Exception"),
    ("sqlite3.Error", "Exception"),
    ("sqlite3.InterfaceError", "sqlite3.Error"),
    ("sqlite3.DatabaseError", "sqlite3.Error"),
    ("sqlite3.DataError", "sqlite3.DatabaseError"),
    ("sqlite3.OperationalError", "sqlite3.DatabaseError"),
    ("sqlite3.IntegrityError", "sqlite3.DatabaseError"),
    ("sqlite3.InternalError", "sqlite3.DatabaseError"),
    ("sqlite3.ProgrammingError", "sqlite3.DatabaseError"),
    ("sqlite3.NotSupportedError", "sqlite3.DatabaseError"),
];

/// pysqlite's exception class `name` (`sqlite3.OperationalError`), its bases registered
/// first so that `except sqlite3.DatabaseError` catches it wherever it was raised.
pub fn exception_class(interp: &mut Interp, name: &str) -> Option<Rc<retort_pyscript::Class>> {
    let i = EXCEPTIONS.iter().position(|(n, _)| *n == name)?;
    let mut class = None;
    for &(n, base) in &EXCEPTIONS[..=i] {
        class = Some(interp.exception_class(n, base));
    }
    class
}

/// `import sqlite3`: the driver's exceptions and version, as scripts use them (it opens no
/// database: a migration has its connection).
pub fn module(interp: &mut Interp) -> Value {
    let m = retort_pyscript::Module::new(
        "sqlite3",
        [
            ("sqlite_version", Value::str(rusqlite::version())),
            ("PARSE_DECLTYPES", Value::Int(1)),
            ("PARSE_COLNAMES", Value::Int(2)),
        ],
    );
    for (name, _) in EXCEPTIONS {
        let c = exception_class(interp, name).expect("listed");
        let short = name.trim_start_matches("sqlite3.");
        m.set(short, Value::Class(c));
    }
    Value::Module(Rc::new(m))
}

/// A DB-API error as pysqlite raises it: `sqlite3.OperationalError: no such table: x`.
fn raise_driver(interp: &mut Interp, e: OpError) -> retort_pyscript::Unwind {
    let (class, message) = match e {
        OpError::Db {
            driver_class,
            message,
            ..
        } => (
            match driver_class {
                "IntegrityError" => "sqlite3.IntegrityError",
                "ProgrammingError" => "sqlite3.ProgrammingError",
                _ => "sqlite3.OperationalError",
            },
            message,
        ),
        OpError::Python(class, message) if class.starts_with("sqlite3.") => (class, message),
        other => return raise(interp, other),
    };
    exception_class(interp, class);
    interp.exc(class, message)
}

impl HostObject for Cursor {
    fn type_name(&self) -> String {
        "Cursor".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let me = self.clone();
        Ok(Some(match name {
            "execute" | "executemany" => {
                let many = name == "executemany";
                Value::native(name, move |interp, args| {
                    me.run(interp, &args, many)?;
                    Ok(Value::Host(me.clone()))
                })
            }
            "fetchone" => Value::native(name, move |_, _| {
                Ok(me.fetch(Some(1)).into_iter().next().unwrap_or(Value::None))
            }),
            "fetchall" => Value::native(name, move |_, _| Ok(Value::list(me.fetch(None)))),
            "fetchmany" => Value::native(name, move |interp, args| {
                let n = match args.arg(0, "size") {
                    Some(Value::Int(n)) => (*n).max(0) as usize,
                    Some(v) => {
                        return Err(interp.type_error(format!(
                            "'{}' object cannot be interpreted as an integer",
                            v.type_name()
                        )));
                    }
                    None => 1,
                };
                Ok(Value::list(me.fetch(Some(n))))
            }),
            "description" => {
                let rows = self.rows.borrow();
                if rows.columns.is_empty() {
                    Value::None
                } else {
                    Value::tuple(
                        rows.columns
                            .iter()
                            .map(|c| {
                                let mut t = vec![Value::str(c)];
                                t.extend(std::iter::repeat_n(Value::None, 6));
                                Value::tuple(t)
                            })
                            .collect(),
                    )
                }
            }
            "rowcount" => Value::Int(self.rows.borrow().rowcount),
            "lastrowid" => self.lastrowid.get().map_or(Value::None, Value::Int),
            "arraysize" => Value::Int(1),
            "connection" => Value::host(DbapiConnection(self.ctx.clone())),
            "close" => Value::native(name, |_, _| Ok(Value::None)),
            _ => return Ok(None),
        }))
    }
    fn iterate(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        Ok(Some(self.fetch(None)))
    }
}
