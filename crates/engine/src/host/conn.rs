//! `op.get_bind()`: a connection whose `execute` runs on the live SQLite and returns rows
//! with SQLAlchemy 2's `Result` / `Row` interface (`host::result`).

use std::rc::Rc;

use retort_pyscript::{EvalResult, HostObject, Interp, Value};

use super::dbapi::{PoolConnection, sql_scope};
use super::op::raise;
use super::sa::{SaExpr, SaStmt, to_sql_value};
use super::url::Url;
use crate::operations::MigrationContext;
use crate::sql::expr::{Expr, SqlValue, Statement};

pub struct Connection {
    pub ctx: Rc<MigrationContext>,
    /// `connection.execute`, made once: a data migration's loop looks it up once per row.
    execute: std::cell::OnceCell<Value>,
}

impl Connection {
    pub fn new(ctx: Rc<MigrationContext>) -> Connection {
        Connection {
            ctx,
            execute: Default::default(),
        }
    }
}

pub(crate) fn sql_to_py(v: &SqlValue) -> Value {
    match v {
        SqlValue::Null => Value::None,
        SqlValue::Int(i) => Value::Int(*i),
        SqlValue::Float(f) => Value::Float(*f),
        SqlValue::Decimal(d) => Value::Float(SqlValue::decimal_f64(d)),
        SqlValue::Text(s) => Value::str(s),
        SqlValue::Blob(b) => Value::Bytes(Rc::from(b.as_slice())),
    }
}

/// The parameter sets of `execute(stmt, params)`: a dict, or a list of dicts (executemany).
pub(crate) fn param_sets(
    interp: &mut Interp,
    v: Option<&Value>,
) -> EvalResult<Vec<Vec<(String, SqlValue)>>> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(vec![]);
    };
    let dicts = match v {
        Value::List(_) | Value::Tuple(_) => interp.iterate(v)?,
        _ => vec![v.clone()],
    };
    let mut out = Vec::new();
    for d in dicts {
        let mut set = Vec::new();
        for (k, val) in interp.dict_items(&d)? {
            let k = k.as_str().map(str::to_owned).unwrap_or_default();
            set.push((k, to_sql_value(interp, &val, None)?));
        }
        out.push(set);
    }
    Ok(out)
}

/// The parameter sets of a compiled `text()` read straight from `execute`'s dict (or list
/// of dicts): each `:name` the statement uses, looked up by name, as SQLAlchemy binds them
/// (keys the statement does not use are ignored). `None` when the parameters are something
/// else or lack a name: the general path handles those, and its errors.
fn bind_dicts(
    interp: &mut Interp,
    c: &crate::sqlite::Compiled,
    v: Option<&Value>,
) -> EvalResult<Option<Vec<Vec<SqlValue>>>> {
    use crate::sqlite::Param;
    let one;
    let dicts: &[Value] = match v {
        Some(d @ Value::Dict(_)) => {
            one = [d.clone()];
            &one
        }
        Some(Value::List(l)) => &l.borrow().clone(),
        _ => return Ok(None),
    };
    let mut sets = Vec::with_capacity(dicts.len());
    for d in dicts {
        let Value::Dict(d) = d else { return Ok(None) };
        let mut set = Vec::with_capacity(c.params.len());
        for p in &c.params {
            match p {
                Param::Value(v) => set.push(v.clone()),
                Param::Named(n) => {
                    let Some(v) = d.borrow().get_str(n).cloned() else {
                        return Ok(None);
                    };
                    set.push(to_sql_value(interp, &v, None)?);
                }
            }
        }
        sets.push(set);
    }
    if sets.is_empty() {
        return Ok(None);
    }
    Ok(Some(sets))
}

/// What `connection.execute` was given.
enum Executable<'a> {
    Text(&'a crate::sql::expr::TextClause),
    Statement(Box<Statement>),
}

/// The statement of an `execute(...)` argument.
pub(crate) fn statement_of(interp: &Interp, v: &Value) -> EvalResult<Statement> {
    if let Some(s) = v.downcast_host::<SaStmt>() {
        return Ok(s.0.clone());
    }
    if let Some(SaExpr(Expr::Text(t))) = v.downcast_host::<SaExpr>() {
        return Ok(Statement::Text(t.clone()));
    }
    Err(interp.exc(
        "ObjectNotExecutableError",
        format!("Not an executable object: {}", retort_pyscript::repr(v)),
    ))
}

/// An INSERT with its columns' callable `default=`s called for the rows that do not give
/// them, as SQLAlchemy calls them when it executes: into the statement's own values, or
/// into each parameter set of an `execute(table.insert(), [...])`.
fn with_callable_defaults(
    interp: &mut Interp,
    stmt: &Statement,
    params: &mut [Vec<(String, SqlValue)>],
) -> EvalResult<Option<Statement>> {
    let Statement::Insert {
        table,
        values,
        multi,
        returning,
    } = stmt
    else {
        return Ok(None);
    };
    if super::sa::callable_defaults(&table.name).is_empty() {
        return Ok(None);
    }
    if !params.is_empty() {
        // executemany: the statement's columns are the first set's keys; a default is
        // called for every row where the first set has no value, whatever later sets give.
        let mut given: Vec<String> = values.iter().map(|(k, _)| k.clone()).collect();
        given.extend(params[0].iter().map(|(k, _)| k.clone()));
        for set in params.iter_mut() {
            for (k, v) in super::sa::call_defaults(interp, table, &given)? {
                set.retain(|(n, _)| *n != k);
                set.push((k, v));
            }
        }
        return Ok(None);
    }
    let bind = |(k, v): (String, SqlValue)| {
        let ty = table
            .column_type(&k)
            .cloned()
            .unwrap_or_else(crate::sql::types::SqlType::null);
        (
            k.clone(),
            Expr::Bind {
                key: Some(k),
                value: v,
                ty,
                literal: false,
            },
        )
    };
    let mut values = values.clone();
    let mut multi = multi.clone();
    if multi.is_empty() {
        let given: Vec<String> = values.iter().map(|(k, _)| k.clone()).collect();
        values.extend(
            super::sa::call_defaults(interp, table, &given)?
                .into_iter()
                .map(bind),
        );
    } else {
        for row in multi.iter_mut() {
            let given: Vec<String> = row.iter().map(|(k, _)| k.clone()).collect();
            row.extend(
                super::sa::call_defaults(interp, table, &given)?
                    .into_iter()
                    .map(bind),
            );
        }
    }
    Ok(Some(Statement::Insert {
        table: table.clone(),
        values,
        multi,
        returning: returning.clone(),
    }))
}

impl HostObject for Connection {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "Connection".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let ctx = self.ctx.clone();
        // Offline, `get_bind()` is SQLAlchemy's MockConnection, which has only these.
        const MOCK: &[&str] = &["engine", "dialect", "name", "connect", "execute", "close"];
        if ctx.as_sql() && !MOCK.contains(&name) {
            return Ok(None);
        }
        Ok(Some(match name {
            "connect" if ctx.as_sql() => {
                let me = self.clone();
                Value::native(name, move |_, _| Ok(Value::Host(me.clone())))
            }
            "execute" => (self.execute.get_or_init(|| {
                Value::native(name, move |interp, args| {
                    super::op::enter_execute(interp, &ctx);
                    let stmt_v = args.arg(0, "statement").cloned().unwrap_or(Value::None);
                    // A `text()` is run borrowed (a data loop runs one per row); others as built.
                    let stmt = match stmt_v.downcast_host::<SaExpr>() {
                        Some(SaExpr(Expr::Text(t))) => Executable::Text(t),
                        _ => Executable::Statement(Box::new(statement_of(interp, &stmt_v)?)),
                    };
                    let params_v = args.arg(1, "parameters");
                    let rows = match &stmt {
                        Executable::Text(t) if t.binds.is_empty() && !ctx.as_sql() => {
                            let c = ctx.compiled_text(t).map_err(|e| raise(interp, e))?;
                            let sets = match bind_dicts(interp, &c, params_v)? {
                                Some(sets) => sets,
                                None => {
                                    let params = param_sets(interp, params_v)?;
                                    crate::operations::bind_params(&c, &params)
                                        .map_err(|e| raise(interp, e))?
                                }
                            };
                            sql_scope(interp, || ctx.exec_compiled(&c, &sets))
                        }
                        Executable::Text(t) => {
                            let params = param_sets(interp, params_v)?;
                            sql_scope(interp, || ctx.execute_text(t, &params))
                        }
                        Executable::Statement(s) => {
                            let mut params = param_sets(interp, params_v)?;
                            let filled = if ctx.as_sql() {
                                None
                            } else {
                                with_callable_defaults(interp, s, &mut params)?
                            };
                            let s = filled.as_ref().unwrap_or(s);
                            sql_scope(interp, || ctx.execute(s, &params))
                        }
                    }
                    .map_err(|e| raise(interp, e))?;
                    if ctx.as_sql() {
                        // Offline, `get_bind()` is SQLAlchemy's MockConnection: the statement is
                        // written to the script and `execute` returns None.
                        return Ok(Value::None);
                    }
                    let lastrowid = ctx.db.connection().last_insert_rowid();
                    let r = match &stmt {
                        Executable::Statement(s) => typed_result(interp, rows, &processors(s))?,
                        Executable::Text(_) => result(rows),
                    };
                    if let Some(c) = r.downcast_host::<CursorResult>() {
                        c.lastrowid.set(Some(lastrowid));
                    }
                    Ok(r)
                })
            }))
            .clone(),
            "exec_driver_sql" => Value::native(name, move |interp, args| {
                let sql = args
                    .arg(0, "statement")
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_owned();
                let mut sets = Vec::new();
                if let Some(p) = args.arg(1, "parameters").filter(|p| !p.is_none()) {
                    let tuples = match p {
                        Value::List(_) => interp.iterate(p)?,
                        _ => vec![p.clone()],
                    };
                    for t in tuples {
                        let mut set = Vec::new();
                        for v in interp.iterate(&t)? {
                            set.push(to_sql_value(interp, &v, None)?);
                        }
                        sets.push(set);
                    }
                }
                let c = crate::sqlite::Compiled {
                    sql,
                    params: vec![],
                };
                let rows = sql_scope(interp, || ctx.exec_compiled(&c, &sets))
                    .map_err(|e| raise(interp, e))?;
                Ok(result(rows))
            }),
            "scalar" => Value::native(name, move |interp, args| {
                let stmt_v = args.arg(0, "statement").cloned().unwrap_or(Value::None);
                let stmt = statement_of(interp, &stmt_v)?;
                let params = param_sets(interp, args.arg(1, "parameters"))?;
                let rows = sql_scope(interp, || ctx.execute(&stmt, &params))
                    .map_err(|e| raise(interp, e))?;
                match rows.rows.first().and_then(|r| r.first()) {
                    None => Ok(Value::None),
                    Some(v) => match processors(&stmt).first() {
                        Some(p) => p.apply(interp, v),
                        None => Processor::None.apply(interp, v),
                    },
                }
            }),
            "begin" | "begin_nested" => {
                Value::native(name, |_, _| Ok(Value::host(NullTransaction)))
            }
            "commit" => Value::native(name, move |interp, _| {
                ctx.commit_step().map_err(|e| raise(interp, e))?;
                Ok(Value::None)
            }),
            "in_transaction" => Value::native(name, move |_, _| {
                Ok(Value::Bool(!ctx.db.connection().is_autocommit()))
            }),
            "dialect" => Value::host(Dialect),
            "engine" => Value::host(Engine(self.clone())),
            // The pool's proxy of pysqlite's connection (offline: the MockConnection's own).
            "connection" if ctx.as_sql() => Value::Host(self.clone()),
            "connection" => Value::host(PoolConnection(ctx.clone())),
            // Offline, `get_bind()` is a MockConnection, which is also its own engine.
            "name" if ctx.as_sql() => Value::str("sqlite"),
            "close" => Value::native(name, |_, _| Ok(Value::None)),
            _ => return Ok(None),
        }))
    }
    /// `with engine.connect() as conn:` (the migration's own connection: closing it at the
    /// end of the block is a no-op here).
    fn enter(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Value>> {
        Ok(Some(Value::Host(self)))
    }
    fn exit(self: Rc<Self>, _: &mut Interp, _: Option<&Value>) -> EvalResult<bool> {
        Ok(false)
    }
}

/// `connection.engine`: what revision files ask of it is which database this is.
pub struct Engine(pub Rc<Connection>);

/// The migration context behind a bind: `op.get_bind()` or its `.engine`, both of which
/// SQLAlchemy accepts wherever a bind is inspected (`sa.inspect`, `autoload_with=`).
pub(crate) fn bind_context(v: &Value) -> Option<Rc<MigrationContext>> {
    match v.downcast_host::<Connection>() {
        Some(c) => Some(c.ctx.clone()),
        None => v.downcast_host::<Engine>().map(|e| e.0.ctx.clone()),
    }
}

impl HostObject for Engine {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "Engine".into()
    }
    fn get_attr(self: Rc<Self>, interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        if self.0.ctx.as_sql() {
            // Offline `get_bind()` is a MockConnection, which is its own `.engine`.
            return self.0.clone().get_attr(interp, name);
        }
        Ok(Some(match name {
            "name" => Value::str("sqlite"),
            "driver" => Value::str("pysqlite"),
            "dialect" => Value::host(Dialect),
            "connect" | "begin" => {
                let conn = self.0.clone();
                Value::native(name, move |_, _| Ok(Value::Host(conn.clone())))
            }
            "url" => Value::host(Url::parse(&self.0.ctx.url.borrow())),
            "raw_connection" => {
                let ctx = self.0.ctx.clone();
                Value::native(name, move |_, _| {
                    Ok(Value::host(PoolConnection(ctx.clone())))
                })
            }
            "dispose" => Value::native(name, |_, _| Ok(Value::None)),
            _ => return Ok(None),
        }))
    }
}

/// `connection.dialect`.
pub struct Dialect;

impl HostObject for Dialect {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "SQLiteDialect_pysqlite".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "name" => Some(Value::str("sqlite")),
            "driver" => Some(Value::str("pysqlite")),
            "supports_alter" => Some(Value::Bool(false)),
            "type_compiler" | "type_compiler_instance" => {
                Some(crate::host::compiler::type_compiler())
            }
            // `dialect.type_descriptor(t)` in a TypeDecorator's load_dialect_impl.
            "type_descriptor" => Some(Value::native("type_descriptor", |_, a| {
                Ok(a.positional.first().cloned().unwrap_or(Value::None))
            })),
            _ => None,
        })
    }
}

/// `connection.begin()` inside a migration: the migration's transaction is already there.
pub struct NullTransaction;

impl HostObject for NullTransaction {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "Transaction".into()
    }
    fn enter(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Value>> {
        Ok(Some(Value::Host(self)))
    }
    fn exit(self: Rc<Self>, _: &mut Interp, _: Option<&Value>) -> EvalResult<bool> {
        Ok(false)
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "commit" | "rollback" | "close" => Some(Value::native(name, |_, _| Ok(Value::None))),
            _ => None,
        })
    }
}

pub use super::result::*;
use super::result::{Processor, processors, typed_result};
