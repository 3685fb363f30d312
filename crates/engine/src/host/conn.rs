//! `op.get_bind()`: a connection whose `execute` runs on the live SQLite and returns rows
//! with SQLAlchemy 2's `Result` / `Row` interface.

use std::cell::Cell;
use std::rc::Rc;

use retort_pyscript::{Dict, EvalResult, HostObject, Interp, Value};

use super::dbapi::{PoolConnection, sql_scope};
use super::op::raise;
use super::sa::{SaExpr, SaStmt, to_sql_value};
use super::url::Url;
use crate::operations::{MigrationContext, Rows};
use crate::sql::expr::{Expr, SqlValue, Statement};
use crate::sql::types::{SqlType, TypeKind};

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
    fn type_name(&self) -> String {
        "SQLiteDialect_pysqlite".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "name" => Some(Value::str("sqlite")),
            "driver" => Some(Value::str("pysqlite")),
            "supports_alter" => Some(Value::Bool(false)),
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

pub fn result(rows: Rows) -> Value {
    cursor_result(
        rows.columns,
        rows.rowcount,
        rows.rows.into_iter().map(RowValues::Sql),
    )
}

/// The result of a typed statement (`select(t.c.data, t.c.created)`): each value through its
/// column type's result processor, as SQLAlchemy's SQLite dialect processes it when rows are
/// fetched — JSON parsed, DATETIME / DATE / TIME strings into `datetime` / `date` / `time`,
/// BOOLEAN into `bool`. `text()` and other types give SQLite's values, as there.
fn typed_result(interp: &mut Interp, rows: Rows, procs: &[ColumnProcessor]) -> EvalResult<Value> {
    if procs.len() != rows.columns.len() || procs.iter().all(ColumnProcessor::is_none) {
        return Ok(result(rows));
    }
    let mut out = Vec::with_capacity(rows.rows.len());
    for row in rows.rows {
        let mut values = Vec::with_capacity(row.len());
        for (v, p) in row.iter().zip(procs) {
            values.push(p.apply(interp, v)?);
        }
        out.push(RowValues::Py(values));
    }
    Ok(cursor_result(rows.columns, rows.rowcount, out.into_iter()))
}

/// A column's result processing: its type's, then its TypeDecorator's
/// `process_result_value`, if the project's type defines one.
struct ColumnProcessor {
    base: Processor,
    decorator: Option<crate::sql::types::Decorator>,
}

impl ColumnProcessor {
    fn of(t: &SqlType) -> ColumnProcessor {
        ColumnProcessor {
            base: Processor::of(t),
            decorator: t.decorator.clone(),
        }
    }

    fn is_none(&self) -> bool {
        self.base == Processor::None && self.decorator.is_none()
    }

    fn apply(&self, interp: &mut Interp, v: &SqlValue) -> EvalResult<Value> {
        let value = self.base.apply(interp, v)?;
        match &self.decorator {
            Some(d) => super::typedecorator::result_value(interp, d, &value),
            None => Ok(value),
        }
    }
}

fn cursor_result(
    columns: Vec<String>,
    rowcount: i64,
    rows: impl Iterator<Item = RowValues>,
) -> Value {
    let columns: Rc<[String]> = Rc::from(columns);
    // Plain rows keep the values SQLite gave; each becomes a Python value when it is read
    // (half the memory of converting 100,000 rows up front, and as many fresh pages).
    let rows: Vec<Rc<Row>> = rows
        .map(|values| {
            Rc::new(Row {
                columns: columns.clone(),
                values,
            })
        })
        .collect();
    Value::host(CursorResult {
        columns,
        rows: std::cell::RefCell::new(rows),
        pos: Cell::new(0),
        rowcount: Cell::new(rowcount),
        lastrowid: Cell::new(None),
    })
}

/// The result processors of a statement's columns: a `select()`'s column types; none for
/// other statements.
fn processors(stmt: &Statement) -> Vec<ColumnProcessor> {
    let columns = match stmt {
        Statement::Select(sel) => &sel.columns,
        Statement::Insert { returning, .. }
        | Statement::Update { returning, .. }
        | Statement::Delete { returning, .. } => returning,
        _ => return Vec::new(),
    };
    columns
        .iter()
        .map(|c| ColumnProcessor::of(&c.ty()))
        .collect()
}

/// What SQLAlchemy's SQLite dialect does to a fetched value of a column type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Processor {
    None,
    Json,
    DateTime,
    Date,
    Time,
    Boolean,
    /// `"%.{scale}f" % value` made a `Decimal`.
    Decimal(u8),
}

impl Processor {
    fn of(t: &SqlType) -> Processor {
        if let Some(scale) = t.decimal_scale() {
            return Processor::Decimal(scale.clamp(0, 60) as u8);
        }
        match t.kind {
            TypeKind::Json | TypeKind::Named("JSON") => Processor::Json,
            TypeKind::DateTime | TypeKind::Named("DATETIME" | "TIMESTAMP") => Processor::DateTime,
            TypeKind::Date | TypeKind::Named("DATE") => Processor::Date,
            TypeKind::Time | TypeKind::Named("TIME") => Processor::Time,
            TypeKind::Boolean | TypeKind::Named("BOOLEAN") => Processor::Boolean,
            _ => Processor::None,
        }
    }

    fn apply(self, interp: &mut Interp, v: &SqlValue) -> EvalResult<Value> {
        let text = match v {
            SqlValue::Null => return Ok(Value::None),
            SqlValue::Text(t) => Some(t.as_str()),
            _ => None,
        };
        let invalid = |interp: &mut Interp, what: &str| {
            interp.value_error(format!(
                "Invalid isoformat string: {}",
                retort_pyscript::repr(&Value::str(what))
            ))
        };
        Ok(match (self, text) {
            (Processor::None, _) => sql_to_py(v),
            (Processor::Json, Some(t)) => {
                retort_pyscript::json_loads(t).map_err(|e| interp.exc("JSONDecodeError", e))?
            }
            // `_SQliteJson`: a number SQLite gives back is the value itself.
            (Processor::Json, None) => sql_to_py(v),
            (Processor::DateTime | Processor::Date, Some(t)) => {
                match retort_pyscript::DateTime::fromisoformat(t, self == Processor::Date) {
                    Some(d) => Value::host(d),
                    None => return Err(invalid(interp, t)),
                }
            }
            (Processor::Time, Some(t)) => match retort_pyscript::Time::fromisoformat(t) {
                Some(d) => Value::host(d),
                None => return Err(invalid(interp, t)),
            },
            (Processor::DateTime | Processor::Date | Processor::Time, None) => {
                return Err(interp.type_error(format!(
                    "fromisoformat: argument must be str, not {}",
                    sql_to_py(v).type_name()
                )));
            }
            (Processor::Decimal(_), Some(_)) => {
                return Err(interp.type_error("must be real number, not str"));
            }
            (Processor::Decimal(scale), None) => {
                let f = match v {
                    SqlValue::Int(i) => *i as f64,
                    SqlValue::Float(f) => *f,
                    other => return Ok(sql_to_py(other)),
                };
                let text = format!("{f:.prec$}", prec = scale as usize);
                match retort_pyscript::Decimal::parse(&text) {
                    Some(d) => retort_pyscript::DecimalValue::value(d),
                    None => Value::Float(f),
                }
            }
            (Processor::Boolean, _) => match v {
                SqlValue::Int(i) => Value::Bool(*i != 0),
                SqlValue::Float(f) => Value::Bool(*f != 0.0),
                other => sql_to_py(other),
            },
        })
    }
}

/// A row's values: as SQLite gave them (converted when read), or already processed.
enum RowValues {
    Sql(Vec<SqlValue>),
    Py(Vec<Value>),
}

/// SQLAlchemy's `CursorResult`.
pub struct CursorResult {
    columns: Rc<[String]>,
    /// The rows not fetched yet, from `pos` on (fetched ones are handed out, not kept).
    rows: std::cell::RefCell<Vec<Rc<Row>>>,
    pos: Cell<usize>,
    rowcount: Cell<i64>,
    /// The connection's last inserted rowid after the statement ran.
    lastrowid: Cell<Option<i64>>,
}

impl CursorResult {
    fn take_rest(&self) -> Vec<Rc<Row>> {
        let p = self.pos.replace(0);
        let mut rows = self.rows.borrow_mut();
        if p == 0 {
            std::mem::take(&mut *rows)
        } else {
            let n = rows.len();
            let rest = rows.split_off(p.min(n));
            rows.clear();
            rest
        }
    }
    fn take_one(&self) -> Option<Rc<Row>> {
        let p = self.pos.get();
        let r = self.rows.borrow().get(p).cloned();
        if r.is_some() {
            self.pos.set(p + 1);
        }
        r
    }
    /// `first()` / `scalar()`: the result is closed after one row.
    fn close(&self) {
        self.pos.set(0);
        self.rows.borrow_mut().clear();
    }
}

fn rows_value(rows: Vec<Rc<Row>>) -> Value {
    Value::list(rows.into_iter().map(|r| Value::Host(r)).collect())
}

impl HostObject for CursorResult {
    fn type_name(&self) -> String {
        "CursorResult".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let this = self.clone();
        Ok(Some(match name {
            "fetchall" | "all" => Value::native(name, move |_, _| Ok(rows_value(this.take_rest()))),
            "fetchone" => Value::native(name, move |_, _| {
                Ok(this
                    .take_one()
                    .map(|r| Value::Host(r))
                    .unwrap_or(Value::None))
            }),
            "fetchmany" => Value::native(name, move |_, args| {
                let n = args
                    .arg(0, "size")
                    .and_then(|v| v.as_int())
                    .unwrap_or(1)
                    .max(0) as usize;
                let mut out = Vec::new();
                for _ in 0..n {
                    match this.take_one() {
                        Some(r) => out.push(r),
                        None => break,
                    }
                }
                Ok(rows_value(out))
            }),
            "first" => Value::native(name, move |_, _| {
                let r = this.take_one();
                this.close();
                Ok(r.map(|r| Value::Host(r)).unwrap_or(Value::None))
            }),
            "one" | "one_or_none" => {
                let strict = name == "one";
                Value::native(name, move |interp, _| {
                    let rest = this.take_rest();
                    match rest.len() {
                        0 if strict => {
                            Err(interp
                                .exc("NoResultFound", "No row was found when one was required"))
                        }
                        0 => Ok(Value::None),
                        1 => Ok(Value::Host(rest[0].clone())),
                        _ => Err(interp.exc(
                            "MultipleResultsFound",
                            "Multiple rows were found when exactly one was required",
                        )),
                    }
                })
            }
            "scalar" => Value::native(name, move |_, _| {
                let r = this.take_one();
                this.close();
                Ok(r.map(|r| r.value(0)).unwrap_or(Value::None))
            }),
            "scalar_one" | "scalar_one_or_none" => {
                let strict = name == "scalar_one";
                Value::native(name, move |interp, _| {
                    let rest = this.take_rest();
                    match rest.len() {
                        0 if strict => {
                            Err(interp
                                .exc("NoResultFound", "No row was found when one was required"))
                        }
                        0 => Ok(Value::None),
                        1 => Ok(rest[0].value(0)),
                        _ => Err(interp.exc(
                            "MultipleResultsFound",
                            "Multiple rows were found when exactly one was required",
                        )),
                    }
                })
            }
            "scalars" => Value::native(name, move |_, args| {
                let i = args.arg(0, "index").and_then(|v| v.as_int()).unwrap_or(0) as usize;
                let vals: Vec<Value> = this.take_rest().iter().map(|r| r.value(i)).collect();
                Ok(Value::host(ListResult::new(vals)))
            }),
            "mappings" => Value::native(name, move |_, _| {
                let vals: Vec<Value> = this
                    .take_rest()
                    .into_iter()
                    .map(|r| Value::host(RowMapping(r)))
                    .collect();
                Ok(Value::host(ListResult::new(vals)))
            }),
            "keys" => Value::native(name, move |_, _| {
                Ok(Value::list(
                    this.columns.iter().map(|c| Value::str(c)).collect(),
                ))
            }),
            "rowcount" => Value::Int(self.rowcount.get()),
            "lastrowid" => self.lastrowid.get().map_or(Value::None, Value::Int),
            // The primary key of the row an INSERT made: its rowid (Retort's inserts give
            // an INTEGER primary key or none).
            "inserted_primary_key" => match self.lastrowid.get() {
                Some(id) => Value::tuple(vec![Value::Int(id)]),
                None => Value::None,
            },
            "returns_rows" => Value::Bool(!self.columns.is_empty()),
            "close" => Value::native(name, |_, _| Ok(Value::None)),
            _ => return Ok(None),
        }))
    }
    fn iterate(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        Ok(Some(
            self.take_rest()
                .into_iter()
                .map(|r| Value::Host(r))
                .collect(),
        ))
    }
}

/// `result.scalars()` / `result.mappings()`: the same fetching methods over plain values.
pub struct ListResult {
    items: Vec<Value>,
    pos: Cell<usize>,
}

impl ListResult {
    fn new(items: Vec<Value>) -> ListResult {
        ListResult {
            items,
            pos: Cell::new(0),
        }
    }
    fn rest(&self) -> Vec<Value> {
        let p = self.pos.get().min(self.items.len());
        self.pos.set(self.items.len());
        self.items[p..].to_vec()
    }
}

impl HostObject for ListResult {
    fn type_name(&self) -> String {
        "ScalarResult".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let this = self.clone();
        Ok(Some(match name {
            "all" | "fetchall" => Value::native(name, move |_, _| Ok(Value::list(this.rest()))),
            "first" => Value::native(name, move |_, _| {
                Ok(this.rest().into_iter().next().unwrap_or(Value::None))
            }),
            "fetchone" => Value::native(name, move |_, _| {
                let p = this.pos.get();
                let v = this.items.get(p).cloned();
                if v.is_some() {
                    this.pos.set(p + 1);
                }
                Ok(v.unwrap_or(Value::None))
            }),
            "one" | "one_or_none" => {
                let strict = name == "one";
                Value::native(name, move |interp, _| {
                    let rest = this.rest();
                    match rest.len() {
                        0 if strict => {
                            Err(interp
                                .exc("NoResultFound", "No row was found when one was required"))
                        }
                        0 => Ok(Value::None),
                        1 => Ok(rest[0].clone()),
                        _ => Err(interp.exc(
                            "MultipleResultsFound",
                            "Multiple rows were found when exactly one was required",
                        )),
                    }
                })
            }
            _ => return Ok(None),
        }))
    }
    fn iterate(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        Ok(Some(self.rest()))
    }
}

/// SQLAlchemy's `Row`: a named tuple.
pub struct Row {
    columns: Rc<[String]>,
    values: RowValues,
}

impl Row {
    fn value(&self, i: usize) -> Value {
        match &self.values {
            RowValues::Sql(v) => v.get(i).map(sql_to_py),
            RowValues::Py(v) => v.get(i).cloned(),
        }
        .unwrap_or(Value::None)
    }
    fn py_values(&self) -> Vec<Value> {
        match &self.values {
            RowValues::Sql(v) => v.iter().map(sql_to_py).collect(),
            RowValues::Py(v) => v.clone(),
        }
    }
    /// The row as a tuple (what comparisons, indexing and `repr` see).
    fn as_tuple(&self) -> Value {
        Value::tuple(self.py_values())
    }

    fn index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
    /// `row._asdict()`, `row._mapping` as a dict.
    fn to_dict(&self) -> Value {
        let mut d = Dict::new();
        for (c, v) in self.columns.iter().zip(self.py_values()) {
            let _ = d.insert(Value::str(c), v);
        }
        Value::dict(d)
    }
}

impl HostObject for Row {
    fn type_name(&self) -> String {
        "Row".into()
    }
    /// As SQLAlchemy 2.1's `Row`: its own attributes (`t`, `tuple`, `_mapping`, ...) win over
    /// columns of the same name; `count` and `index` are methods only when no column has
    /// the name.
    fn get_attr(self: Rc<Self>, interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        if matches!(name, "t" | "_t") {
            return Ok(Some(Value::Host(self)));
        }
        if !matches!(
            name,
            "_mapping" | "_fields" | "_asdict" | "_tuple" | "tuple"
        ) && let Some(i) = self.index(name)
        {
            return Ok(Some(self.value(i)));
        }
        let this = self.clone();
        Ok(Some(match name {
            "count" | "index" => {
                let t = self.as_tuple();
                return interp.get_attr_opt(&t, name);
            }
            "_mapping" => Value::host(RowMapping(this)),
            "_fields" => Value::tuple(self.columns.iter().map(|c| Value::str(c)).collect()),
            "_asdict" => Value::native(name, move |_, _| Ok(this.to_dict())),
            "_tuple" | "tuple" => Value::native(name, move |_, _| Ok(Value::Host(this.clone()))),
            _ => return Ok(None),
        }))
    }
    fn get_item(self: Rc<Self>, interp: &mut Interp, key: &Value) -> EvalResult<Option<Value>> {
        match key {
            Value::Int(_) | Value::Bool(_) | Value::Slice(_) => {
                let t = self.as_tuple();
                interp.get_item(&t, key).map(Some)
            }
            other => Err(interp.type_error(format!(
                "tuple indices must be integers or slices, not {}",
                other.type_name()
            ))),
        }
    }
    fn iterate(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        Ok(Some(self.py_values()))
    }
    fn len(&self) -> Option<usize> {
        Some(self.columns.len())
    }
    fn binary_op(
        self: Rc<Self>,
        interp: &mut Interp,
        op: retort_pyscript::Op,
        other: &Value,
        _: bool,
    ) -> EvalResult<Option<Value>> {
        use retort_pyscript::Op;
        let other_t = match other.downcast_host::<Row>() {
            Some(r) => r.as_tuple(),
            None => other.clone(),
        };
        let me = self.as_tuple();
        match op {
            Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge => {
                interp.binary(op, &me, &other_t).map(Some)
            }
            _ => Ok(None),
        }
    }
    fn repr(&self) -> String {
        retort_pyscript::repr(&self.as_tuple())
    }
}

/// `row._mapping` / `result.mappings()` items: a read-only dict by column name.
pub struct RowMapping(Rc<Row>);

impl HostObject for RowMapping {
    fn type_name(&self) -> String {
        "RowMapping".into()
    }
    fn get_attr(self: Rc<Self>, interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let d = self.0.to_dict();
        interp.get_attr_opt(&d, name)
    }
    fn get_item(self: Rc<Self>, interp: &mut Interp, key: &Value) -> EvalResult<Option<Value>> {
        if let Some(k) = key.as_str()
            && let Some(i) = self.0.index(k)
        {
            return Ok(Some(self.0.value(i)));
        }
        Err(interp.key_error(key))
    }
    fn iterate(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        Ok(Some(self.0.columns.iter().map(|c| Value::str(c)).collect()))
    }
    fn len(&self) -> Option<usize> {
        Some(self.0.columns.len())
    }
    fn repr(&self) -> String {
        retort_pyscript::repr(&self.0.to_dict())
    }
}
