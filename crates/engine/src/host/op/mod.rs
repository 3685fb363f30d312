//! `alembic.op` while a step runs: Alembic's `Operations` (and the `BatchOperations` of
//! `batch_alter_table`), turning the scripts' calls into `crate::operations` calls.

use std::cell::RefCell;
use std::rc::Rc;

use retort_pyscript::{Args, EvalResult, HostObject, Interp, Unwind, Value};

use super::args::{Bound, Conv, name_of};
use super::conn::{Connection, statement_of};
use super::sa::{
    self, SaColumn, SaExpr, SaTable, apply_table_kwargs, build_table, constraint_name, index_expr,
    to_type,
};
use crate::operations::{AlterColumn, MigrationContext, Op, OpError, Site};
use crate::sql::expr::{Expr, SqlValue, Statement, TableRef};
use crate::sql::schema::{ConstraintName, Index, Table};

mod batch_op;

use batch_op::batch_alter_table;
pub use batch_op::{BatchContext, BatchOperations};

/// Raises the Python exception Alembic would raise for `e`.
pub fn raise(interp: &mut Interp, e: OpError) -> Unwind {
    let (class, message) = e.class_and_message();
    if class == "CommandError" {
        // alembic.util.exc.CommandError
        interp.exception_class("CommandError", "Exception");
    } else {
        sa::exception_class(interp, class);
    }
    let mut u = interp.exc(class, message);
    // A DBAPIError carries the driver's exception and the statement, as SQLAlchemy's does:
    // `str(e.orig)` is SQLite's own message.
    if let (
        OpError::Db {
            driver_class,
            message,
            sql,
            ..
        },
        Unwind::Exception(exc),
    ) = (&e, &mut u)
        && let Value::Instance(i) = &exc.value
    {
        let driver = driver_name(driver_class);
        super::dbapi::exception_class(interp, driver);
        let orig = interp.exception_value(driver, message.as_str());
        i.set("orig", orig);
        i.set("statement", Value::str(sql));
    }
    u
}

/// The registry name of pysqlite's exception class behind a SQLAlchemy DBAPIError (it is
/// also called `IntegrityError`, ..., so it is kept apart by its module).
fn driver_name(class: &str) -> &'static str {
    match class {
        "IntegrityError" => "sqlite3.IntegrityError",
        "ProgrammingError" => "sqlite3.ProgrammingError",
        "DataError" => "sqlite3.DataError",
        _ => "sqlite3.OperationalError",
    }
}

/// Offline, what the script printed so far goes into the script before the statement about
/// to be written: Alembic's `--sql` output interleaves `print()` with the SQL.
pub(crate) fn flush_prints(interp: &mut Interp, ctx: &MigrationContext) {
    if ctx.as_sql() && !interp.output.is_empty() {
        ctx.output
            .borrow_mut()
            .push_str(&std::mem::take(&mut interp.output));
    }
}

/// Notes where the script is, for the `op.*` call about to run (see `MigrationContext::record`).
pub(crate) fn enter_call(interp: &mut Interp, ctx: &MigrationContext) {
    flush_prints(interp, ctx);
    *ctx.site.borrow_mut() =
        interp
            .location()
            .map(|(path, line, column)| Site { path, line, column });
}

/// Records an `execute` (of `op` or of `op.get_bind()`) once per statement of the script:
/// a data loop executes at one statement, and is not located again on every row.
pub(crate) fn enter_execute(interp: &mut Interp, ctx: &MigrationContext) {
    flush_prints(interp, ctx);
    let token = interp.location_token();
    if ctx.last_execute.get() != token {
        enter_call(interp, ctx);
        ctx.record(Op::Execute);
        ctx.last_execute.set(token);
    }
}

/// `from alembic import op` during a step.
pub struct Operations {
    pub ctx: Rc<MigrationContext>,
}

impl Operations {
    pub fn value(ctx: Rc<MigrationContext>) -> Value {
        Value::host(Operations { ctx })
    }
}

/// The `op.*` constraint operations, which SQLite cannot ALTER in outside batch mode.
fn is_constraint_op(name: &str) -> bool {
    matches!(
        name,
        "create_unique_constraint"
            | "create_foreign_key"
            | "create_check_constraint"
            | "create_primary_key"
            | "drop_constraint"
            | "create_exclude_constraint"
    )
}

type OpFn = fn(&mut Interp, &Rc<MigrationContext>, Args) -> EvalResult;

fn op_fn(name: &str) -> Option<OpFn> {
    Some(match name {
        "create_table" => create_table,
        "drop_table" => drop_table,
        "rename_table" => rename_table,
        "add_column" => add_column,
        "drop_column" => drop_column,
        "alter_column" => alter_column,
        "create_index" => create_index,
        "drop_index" => drop_index,
        "execute" => execute,
        "bulk_insert" => bulk_insert,
        "get_bind" => |_, ctx, _| Ok(Value::host(Connection::new(ctx.clone()))),
        "get_context" => |_, ctx, _| Ok(Value::host(ContextProxy(ctx.clone()))),
        "f" => |interp, _, args| {
            let b = Bound::new(interp, "f", &["name"], args, false)?;
            Ok(Value::host(Conv(b.required_str(interp, "name")?)))
        },
        "inline_literal" => |interp, _, args| {
            let b = Bound::new(interp, "inline_literal", &["value", "type_"], args, false)?;
            let ty = match b.get("type_") {
                Some(t) => to_type(interp, t)?,
                None => None,
            };
            let v = b.required(interp, "value")?.clone();
            let value = sa::to_sql_value(interp, &v, ty.as_ref())?;
            Ok(SaExpr::value(Expr::Bind {
                key: None,
                value,
                ty: ty.unwrap_or_else(crate::sql::types::SqlType::null),
                literal: true,
            }))
        },
        "create_table_comment" => |interp, ctx, args| {
            let b = Bound::new(
                interp,
                "create_table_comment",
                &["table_name", "comment", "existing_comment", "schema"],
                args,
                false,
            )?;
            ctx.invoke(Op::CreateTableComment {
                table: b.required_str(interp, "table_name")?,
                comment: b.str(interp, "comment")?,
                existing_comment: b.str(interp, "existing_comment")?,
            })
            .map_err(|e| raise(interp, e))?;
            Ok(Value::None)
        },
        "drop_table_comment" => |interp, ctx, args| {
            let b = Bound::new(
                interp,
                "drop_table_comment",
                &["table_name", "existing_comment", "schema"],
                args,
                false,
            )?;
            ctx.invoke(Op::DropTableComment {
                table: b.required_str(interp, "table_name")?,
                existing_comment: b.str(interp, "existing_comment")?,
            })
            .map_err(|e| raise(interp, e))?;
            Ok(Value::None)
        },
        "batch_alter_table" => batch_alter_table,
        _ => return None,
    })
}

impl HostObject for Operations {
    fn library(&self) -> Option<&'static str> {
        Some("Alembic")
    }
    fn type_name(&self) -> String {
        "Operations".into()
    }
    fn get_attr(self: Rc<Self>, interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let ctx = self.ctx.clone();
        if is_constraint_op(name) {
            let op = name.to_owned();
            return Ok(Some(Value::native(name, move |interp, _| {
                enter_call(interp, &ctx);
                ctx.invoke(Op::AlterConstraint { op: op.clone() })
                    .map_err(|e| raise(interp, e))?;
                Ok(Value::None)
            })));
        }
        let Some(f) = op_fn(name) else {
            return Err(interp.unsupported(
                format!("op.{name}() is not supported by Retort"),
                Some("Retort implements the operations Alembic provides for SQLite; see docs/operations.md".into()),
            ));
        };
        Ok(Some(Value::native(name, move |interp, args| {
            enter_call(interp, &ctx);
            f(interp, &ctx, args)
        })))
    }
    fn repr(&self) -> String {
        "<alembic.operations.base.Operations object>".into()
    }
}

fn create_table(interp: &mut Interp, ctx: &Rc<MigrationContext>, args: Args) -> EvalResult {
    let mut b = Bound::new(interp, "create_table", &["table_name"], args, true)?;
    let name = b.required_str(interp, "table_name")?;
    let if_not_exists = match b.take_extra("if_not_exists") {
        Some(v) => interp.truthy(&v)?,
        None => false,
    };
    let items = std::mem::take(&mut b.rest);
    let mut t = build_table(interp, &name, &items, ctx.naming.clone())?;
    apply_table_kwargs(interp, &mut t, &b.extra)?;
    ctx.invoke(Op::CreateTable {
        table: t.clone(),
        if_not_exists,
    })
    .map_err(|e| raise(interp, e))?;
    Ok(Value::host(SaTable {
        table: RefCell::new(t),
        lightweight: false,
    }))
}

fn drop_table(interp: &mut Interp, ctx: &Rc<MigrationContext>, args: Args) -> EvalResult {
    let mut b = Bound::new(interp, "drop_table", &["table_name"], args, false)?;
    let name = b.required_str(interp, "table_name")?;
    let if_exists = match b.take_extra("if_exists") {
        Some(v) => interp.truthy(&v)?,
        None => false,
    };
    let mut t = Table::new(&name, ctx.naming.clone());
    apply_table_kwargs(interp, &mut t, &b.extra)?;
    ctx.invoke(Op::DropTable {
        table: t,
        if_exists,
    })
    .map_err(|e| raise(interp, e))?;
    Ok(Value::None)
}

fn rename_table(interp: &mut Interp, ctx: &Rc<MigrationContext>, args: Args) -> EvalResult {
    let b = Bound::new(
        interp,
        "rename_table",
        &["old_table_name", "new_table_name", "schema"],
        args,
        false,
    )?;
    let old = b.required_str(interp, "old_table_name")?;
    let new = b.required_str(interp, "new_table_name")?;
    ctx.invoke(Op::RenameTable { old, new })
        .map_err(|e| raise(interp, e))?;
    Ok(Value::None)
}

fn column_arg(interp: &Interp, v: &Value) -> EvalResult<crate::sql::schema::Column> {
    match v.downcast_host::<SaColumn>() {
        Some(c) => Ok(c.col.borrow().clone()),
        None => Err(interp.type_error(format!(
            "add_column() expects a Column, got {}",
            v.type_name()
        ))),
    }
}

fn add_column(interp: &mut Interp, ctx: &Rc<MigrationContext>, args: Args) -> EvalResult {
    let b = Bound::new(
        interp,
        "add_column",
        &[
            "table_name",
            "column",
            "schema",
            "if_not_exists",
            "inline_references",
            "inline_primary_key",
        ],
        args,
        false,
    )?;
    let table = b.required_str(interp, "table_name")?;
    let col = column_arg(interp, b.required(interp, "column")?)?;
    let ine = b.bool(interp, "if_not_exists")?.unwrap_or(false);
    ctx.invoke(Op::AddColumn {
        table,
        column: col,
        if_not_exists: ine,
    })
    .map_err(|e| raise(interp, e))?;
    Ok(Value::None)
}

fn drop_column(interp: &mut Interp, ctx: &Rc<MigrationContext>, args: Args) -> EvalResult {
    let b = Bound::new(
        interp,
        "drop_column",
        &["table_name", "column_name", "schema", "if_exists"],
        args,
        true,
    )?;
    let table = b.required_str(interp, "table_name")?;
    let col = b.required_str(interp, "column_name")?;
    let ie = b.bool(interp, "if_exists")?.unwrap_or(false);
    ctx.invoke(Op::DropColumn {
        table,
        column: col,
        if_exists: ie,
        removed: None,
    })
    .map_err(|e| raise(interp, e))?;
    Ok(Value::None)
}

/// The arguments of `alter_column` (shared with batch mode).
pub(crate) fn alter_args(interp: &mut Interp, b: &Bound) -> EvalResult<AlterColumn> {
    let mut a = AlterColumn {
        table: String::new(),
        column: b.required_str(interp, "column_name")?,
        ..Default::default()
    };
    a.nullable = b.bool(interp, "nullable")?;
    if let Some(v) = b.given("server_default")
        && !matches!(v, Value::Bool(false))
    {
        a.server_default = Some(sa::server_default(interp, v)?);
    }
    if let Some(v) = b.get("type_") {
        a.type_ = to_type(interp, v)?;
    }
    a.new_name = b.str(interp, "new_column_name")?;
    if let Some(v) = b.given("comment")
        && !matches!(v, Value::Bool(false))
    {
        a.comment = Some(v.as_str().map(str::to_owned));
    }
    if let Some(v) = b.get("existing_type") {
        a.existing_type = to_type(interp, v)?;
    }
    a.existing_nullable = b.bool(interp, "existing_nullable")?;
    if let Some(v) = b.given("existing_server_default")
        && !matches!(v, Value::Bool(false))
    {
        a.existing_server_default = sa::server_default(interp, v).ok();
    }
    if let Some(v) = b.given("existing_comment") {
        a.existing_comment = Some(v.as_str().map(str::to_owned));
    }
    Ok(a)
}

pub const ALTER_PARAMS: &[&str] = &[
    "table_name",
    "column_name",
    "nullable",
    "comment",
    "server_default",
    "new_column_name",
    "type_",
    "existing_type",
    "existing_server_default",
    "existing_nullable",
    "existing_comment",
    "schema",
];

fn alter_column(interp: &mut Interp, ctx: &Rc<MigrationContext>, args: Args) -> EvalResult {
    let b = Bound::new(interp, "alter_column", ALTER_PARAMS, args, false)?;
    let mut a = alter_args(interp, &b)?;
    a.table = b.required_str(interp, "table_name")?;
    ctx.invoke(Op::AlterColumn(a))
        .map_err(|e| raise(interp, e))?;
    Ok(Value::None)
}

/// `create_index(name, table, columns, unique=..., sqlite_where=...)`.
pub(crate) fn index_from(interp: &mut Interp, b: &mut Bound, table: &str) -> EvalResult<Index> {
    let name = constraint_name(b.given("index_name"));
    let cols_v = b.required(interp, "columns")?.clone();
    let cols = match &cols_v {
        Value::List(_) | Value::Tuple(_) => interp.iterate(&cols_v)?,
        other => vec![other.clone()],
    };
    let mut expressions = Vec::new();
    for c in &cols {
        expressions.push(index_expr(interp, c)?);
    }
    let unique = b.bool(interp, "unique")?.unwrap_or(false);
    let sqlite_where = match b.take_extra("sqlite_where") {
        Some(v) if !v.is_none() => Some(match v.as_str() {
            Some(s) => Expr::text(s),
            None => sa::to_expr(interp, &v, None)?,
        }),
        _ => None,
    };
    Ok(Index {
        name,
        table: table.to_owned(),
        expressions,
        unique,
        sqlite_where,
        column_flag: false,
        reflected: false,
    })
}

fn create_index(interp: &mut Interp, ctx: &Rc<MigrationContext>, args: Args) -> EvalResult {
    let mut b = Bound::new(
        interp,
        "create_index",
        &[
            "index_name",
            "table_name",
            "columns",
            "schema",
            "unique",
            "if_not_exists",
        ],
        args,
        false,
    )?;
    let table = b.required_str(interp, "table_name")?;
    let ine = b.bool(interp, "if_not_exists")?.unwrap_or(false);
    let ix = index_from(interp, &mut b, &table)?;
    ctx.invoke(Op::CreateIndex {
        index: ix,
        if_not_exists: ine,
    })
    .map_err(|e| raise(interp, e))?;
    Ok(Value::None)
}

fn drop_index(interp: &mut Interp, ctx: &Rc<MigrationContext>, args: Args) -> EvalResult {
    let b = Bound::new(
        interp,
        "drop_index",
        &["index_name", "table_name", "schema", "if_exists"],
        args,
        true,
    )?;
    let name = match constraint_name(b.given("index_name")) {
        ConstraintName::None => ConstraintName::Given(b.required_str(interp, "index_name")?),
        given => given,
    };
    let table = b.str(interp, "table_name")?;
    let ie = b.bool(interp, "if_exists")?.unwrap_or(false);
    ctx.invoke(Op::DropIndex {
        name,
        table,
        if_exists: ie,
        removed: None,
    })
    .map_err(|e| raise(interp, e))?;
    Ok(Value::None)
}

fn execute(interp: &mut Interp, ctx: &Rc<MigrationContext>, args: Args) -> EvalResult {
    let b = Bound::new(
        interp,
        "execute",
        &["sqltext", "execution_options"],
        args,
        false,
    )?;
    let v = b.required(interp, "sqltext")?.clone();
    let stmt = match name_of(&v) {
        Some((s, _)) => Statement::Text(crate::sql::expr::TextClause {
            text: s,
            binds: Default::default(),
        }),
        None => statement_of(interp, &v)?,
    };
    enter_execute(interp, ctx);
    super::dbapi::sql_scope(interp, || ctx.execute(&stmt, &[])).map_err(|e| raise(interp, e))?;
    Ok(Value::None)
}

fn bulk_insert(interp: &mut Interp, ctx: &Rc<MigrationContext>, args: Args) -> EvalResult {
    let b = Bound::new(
        interp,
        "bulk_insert",
        &["table", "rows", "multiinsert"],
        args,
        false,
    )?;
    let tv = b.required(interp, "table")?.clone();
    let Some(t) = tv.downcast_host::<SaTable>() else {
        return Err(interp.type_error(format!(
            "bulk_insert() expects a Table or table(), got {}",
            tv.type_name()
        )));
    };
    let table: TableRef = t.table_ref();
    let rows_v = b.required(interp, "rows")?.clone();
    if !matches!(rows_v, Value::List(_)) {
        return Err(interp.type_error("List expected"));
    }
    let mut rows = Vec::new();
    for r in interp.iterate(&rows_v)? {
        if !matches!(r, Value::Dict(_)) {
            return Err(interp.type_error("List of dictionaries expected"));
        }
        let mut row: Vec<(String, SqlValue)> = Vec::new();
        for (k, v) in interp.dict_items(&r)? {
            let k = k.as_str().unwrap_or_default().to_owned();
            let ty = table.column_type(&k).cloned();
            if ty.is_none() {
                // SQLAlchemy ignores keys that are not columns of the table.
                continue;
            }
            let sv = if let Some(SaExpr(Expr::Bind { value, .. })) = v.downcast_host::<SaExpr>() {
                value.clone()
            } else {
                sa::to_sql_value(interp, &v, ty.as_ref())?
            };
            row.push((k, sv));
        }
        rows.push(row);
    }
    let multi = b.bool(interp, "multiinsert")?.unwrap_or(true);
    // Online, the callable `default=`s of the columns a row does not give (offline they
    // render NULL, as SQLAlchemy's prefetch parameters do). One executemany takes its
    // columns from the first row: a default is called for each row where that one has no
    // value.
    if !ctx.as_sql() && !rows.is_empty() {
        let first: Vec<String> = rows[0].iter().map(|(k, _)| k.clone()).collect();
        for row in rows.iter_mut() {
            let given: Vec<String> = if multi {
                first.clone()
            } else {
                row.iter().map(|(k, _)| k.clone()).collect()
            };
            for (k, v) in sa::call_defaults(interp, &table, &given)? {
                row.retain(|(n, _)| *n != k);
                row.push((k, v));
            }
        }
    }
    ctx.invoke(Op::BulkInsert {
        table,
        rows,
        multiinsert: multi,
    })
    .map_err(|e| raise(interp, e))?;
    Ok(Value::None)
}

/// `op.get_context()`: the parts of Alembic's `MigrationContext` scripts use.
pub struct ContextProxy(pub Rc<MigrationContext>);

impl HostObject for ContextProxy {
    fn library(&self) -> Option<&'static str> {
        Some("Alembic")
    }
    fn type_name(&self) -> String {
        "MigrationContext".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let ctx = self.0.clone();
        Ok(Some(match name {
            "autocommit_block" => Value::native(name, move |_, _| {
                Ok(Value::host(AutocommitBlock(ctx.clone())))
            }),
            "as_sql" => Value::Bool(self.0.as_sql()),
            "dialect" => Value::host(super::conn::Dialect),
            "bind" | "connection" => Value::host(Connection::new(ctx)),
            "opts" => Value::dict(retort_pyscript::Dict::new()),
            _ => return Ok(None),
        }))
    }
}

pub struct AutocommitBlock(Rc<MigrationContext>);

impl HostObject for AutocommitBlock {
    fn library(&self) -> Option<&'static str> {
        Some("Alembic")
    }
    fn type_name(&self) -> String {
        "_GeneratorContextManager".into()
    }
    fn enter(self: Rc<Self>, interp: &mut Interp) -> EvalResult<Option<Value>> {
        self.0.set_autocommit(true).map_err(|e| raise(interp, e))?;
        Ok(Some(Value::None))
    }
    fn exit(self: Rc<Self>, interp: &mut Interp, _: Option<&Value>) -> EvalResult<bool> {
        self.0.set_autocommit(false).map_err(|e| raise(interp, e))?;
        Ok(false)
    }
}
