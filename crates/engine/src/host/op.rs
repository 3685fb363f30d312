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
use crate::operations::batch::{self, BatchOp, BatchSpec, TableArg};
use crate::operations::{AlterColumn, MigrationContext, Op, OpError, Site};
use crate::sql::expr::{Expr, SqlValue, Statement, TableRef};
use crate::sql::schema::{Index, Table};

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
pub fn flush_prints(interp: &mut Interp, ctx: &MigrationContext) {
    if ctx.as_sql() && !interp.output.is_empty() {
        ctx.output
            .borrow_mut()
            .push_str(&std::mem::take(&mut interp.output));
    }
}

/// Notes where the script is, for the `op.*` call about to run (see `MigrationContext::record`).
pub fn enter_call(interp: &mut Interp, ctx: &MigrationContext) {
    flush_prints(interp, ctx);
    *ctx.site.borrow_mut() =
        interp
            .location()
            .map(|(path, line, column)| Site { path, line, column });
}

/// Records an `execute` (of `op` or of `op.get_bind()`) once per statement of the script:
/// a data loop executes at one statement, and is not located again on every row.
pub fn enter_execute(interp: &mut Interp, ctx: &MigrationContext) {
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
pub fn alter_args(interp: &mut Interp, b: &Bound) -> EvalResult<AlterColumn> {
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
pub fn index_from(interp: &mut Interp, b: &mut Bound, table: &str) -> EvalResult<Index> {
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
    let name = b.required_str(interp, "index_name")?;
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

fn batch_alter_table(interp: &mut Interp, ctx: &Rc<MigrationContext>, args: Args) -> EvalResult {
    let b = Bound::new(
        interp,
        "batch_alter_table",
        &[
            "table_name",
            "schema",
            "recreate",
            "partial_reordering",
            "copy_from",
            "table_args",
            "table_kwargs",
            "reflect_args",
            "reflect_kwargs",
            "naming_convention",
        ],
        args,
        false,
    )?;
    let table = b.required_str(interp, "table_name")?;
    let recreate = b.str(interp, "recreate")?.unwrap_or_else(|| "auto".into());
    if !matches!(recreate.as_str(), "auto" | "always" | "never") {
        return Err(interp.value_error("recreate may be one of 'auto', 'always', or 'never'."));
    }
    let copy_from = match b.get("copy_from") {
        None | Some(Value::None) => None,
        Some(v) => match v.downcast_host::<sa::SaTable>() {
            Some(t) => Some(t.table.borrow().clone()),
            None => {
                return Err(interp.type_error(format!(
                    "batch_alter_table(copy_from=...) takes a Table, not {}",
                    v.type_name()
                )));
            }
        },
    };
    let mut partial = Vec::new();
    if let Some(p) = b.get("partial_reordering") {
        for tuple in interp.iterate(p)? {
            let mut names = Vec::new();
            for n in interp.iterate(&tuple)? {
                names.push(sa::column_name(interp, &n)?);
            }
            partial.push(names);
        }
    }
    let mut table_args = Vec::new();
    if let Some(ta) = b.get("table_args") {
        for item in interp.iterate(ta)? {
            if let Some(c) = item.downcast_host::<SaColumn>() {
                table_args.push(TableArg::Column(c.col.borrow().clone()));
            } else if let Some(c) = item.downcast_host::<sa::SaConstraint>() {
                table_args.push(TableArg::Constraint(c.0.borrow().clone()));
            } else if let Some(ix) = item.downcast_host::<sa::SaIndex>() {
                table_args.push(TableArg::Index(ix.0.borrow().clone()));
            }
        }
    }
    let mut kw_table = Table::new(&table, ctx.naming.clone());
    if let Some(tk) = b.get("table_kwargs") {
        let items: Vec<(String, Value)> = interp
            .dict_items(tk)?
            .into_iter()
            .filter_map(|(k, v)| k.as_str().map(|k| (k.to_owned(), v)))
            .collect();
        apply_table_kwargs(interp, &mut kw_table, &items)?;
    }
    let naming = match b.get("naming_convention") {
        Some(nc) => {
            let mut n = crate::sql::schema::NamingConvention(Default::default());
            for (k, v) in interp.dict_items(nc)? {
                if let (Some(k), Some(v)) = (k.as_str(), v.as_str()) {
                    n.0.insert(k.to_owned(), v.to_owned());
                }
            }
            Some(n)
        }
        None => None,
    };
    let mut reflect_columns = Vec::new();
    if let Some(ra) = b.get("reflect_args") {
        for item in interp.iterate(ra)? {
            match item.downcast_host::<SaColumn>() {
                Some(c) => reflect_columns.push(c.col.borrow().clone()),
                None => {
                    return Err(interp.unsupported(
                        format!("batch_alter_table(reflect_args=[{}]): only Column objects are supported", item.type_name()),
                        None,
                    ));
                }
            }
        }
    }
    let spec = BatchSpec {
        table,
        recreate,
        partial_reordering: partial,
        table_args,
        sqlite_kwargs: kw_table,
        naming,
        reflect_columns,
        copy_from,
    };
    Ok(Value::host(BatchContext(Rc::new(BatchOperations {
        ctx: ctx.clone(),
        spec,
        ops: RefCell::new(Vec::new()),
    }))))
}

/// The context manager `op.batch_alter_table(...)` returns.
pub struct BatchContext(Rc<BatchOperations>);

impl HostObject for BatchContext {
    fn type_name(&self) -> String {
        "_GeneratorContextManager".into()
    }
    fn enter(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Value>> {
        Ok(Some(Value::Host(self.0.clone())))
    }
    fn exit(self: Rc<Self>, interp: &mut Interp, error: Option<&Value>) -> EvalResult<bool> {
        if error.is_none() {
            flush_prints(interp, &self.0.ctx);
            let ops = self.0.ops.borrow().clone();
            batch::flush(&self.0.ctx, &self.0.spec, &ops).map_err(|e| raise(interp, e))?;
        }
        Ok(false)
    }
}

/// `batch_op`: collects the block's operations.
pub struct BatchOperations {
    ctx: Rc<MigrationContext>,
    spec: BatchSpec,
    ops: RefCell<Vec<BatchOp>>,
}

impl BatchOperations {
    fn push(&self, op: BatchOp) {
        self.ctx.record(Op::Batch {
            table: self.spec.table.clone(),
            op: op.clone(),
        });
        self.ops.borrow_mut().push(op);
    }

    /// A constraint's name as the naming convention resolves it on this table.
    fn named(&self, mut c: crate::sql::schema::Constraint) -> crate::sql::schema::Constraint {
        let t = Table::new(&self.spec.table, self.ctx.naming.clone());
        if let Ok(Some(n)) = crate::sqlite::constraint_name(&c, &t) {
            c.name = crate::sql::schema::ConstraintName::Final(n);
        }
        c
    }
}

type BatchFn = fn(&mut Interp, &Rc<BatchOperations>, Args) -> EvalResult;

fn batch_fn(name: &str) -> Option<BatchFn> {
    use crate::sql::schema::{Constraint, ConstraintKind};
    Some(match name {
        "add_column" => |interp, bo, args| {
            let b = Bound::new(
                interp,
                "add_column",
                &["column", "insert_before", "insert_after", "if_not_exists"],
                args,
                true,
            )?;
            let col = column_arg(interp, b.required(interp, "column")?)?;
            let t = bo
                .ctx
                .column_table(&bo.spec.table, &col)
                .map_err(|e| raise(interp, e))?;
            let insert_before = b.str(interp, "insert_before")?.filter(|s| !s.is_empty());
            let insert_after = b.str(interp, "insert_after")?.filter(|s| !s.is_empty());
            // BatchOperationsImpl.add_column: positions need the table rebuilt, decided by
            // the operations so far.
            if (insert_before.is_some() || insert_after.is_some())
                && !batch::should_recreate(&bo.spec, &bo.ops.borrow())
            {
                return Err(raise(
                    interp,
                    OpError::Python(
                        "CommandError",
                        "Can't specify insert_before or insert_after when using ALTER; please specify recreate='always'".into(),
                    ),
                ));
            }
            bo.push(BatchOp::AddColumn {
                column: col,
                insert_before,
                insert_after,
            });
            for c in t.sorted_constraints() {
                bo.push(BatchOp::AddConstraint(bo.named(c.clone())));
            }
            for ix in &t.indexes {
                let mut ix = ix.clone();
                if let Ok(Some(n)) = crate::sqlite::index_name(&ix, &t) {
                    ix.name = crate::sql::schema::ConstraintName::Final(n);
                }
                bo.push(BatchOp::CreateIndex(ix, false));
            }
            Ok(Value::None)
        },
        "drop_column" => |interp, bo, args| {
            let mut b = Bound::new(interp, "drop_column", &["column_name"], args, false)?;
            let name = b.required_str(interp, "column_name")?;
            let existing_type = match b.take_extra("existing_type") {
                Some(v) => to_type(interp, &v)?,
                None => None,
            };
            bo.push(BatchOp::DropColumn {
                name,
                existing_type,
            });
            Ok(Value::None)
        },
        "alter_column" => |interp, bo, args| {
            let b = Bound::new(interp, "alter_column", &ALTER_PARAMS[1..], args, true)?;
            let mut a = alter_args(interp, &b)?;
            a.table = bo.spec.table.clone();
            let new_type = a.type_.clone();
            bo.push(BatchOp::AlterColumn(a));
            if let Some(t) = new_type
                && t.has_check_constraint()
            {
                let mut c = Constraint::new(
                    ConstraintKind::Check {
                        sqltext: crate::sql::schema::type_check_expr(
                            &b.required_str(interp, "column_name")?,
                            &t,
                        ),
                    },
                    match &t.name {
                        Some(n) => crate::sql::schema::ConstraintName::Given(n.clone()),
                        None => crate::sql::schema::ConstraintName::None,
                    },
                );
                c.type_bound = true;
                let c = bo.named(c);
                if c.name.as_str().is_some() {
                    bo.push(BatchOp::AddConstraint(c));
                }
            }
            Ok(Value::None)
        },
        "create_index" => |interp, bo, args| {
            let mut b = Bound::new(
                interp,
                "create_index",
                &["index_name", "columns", "unique", "if_not_exists"],
                args,
                false,
            )?;
            let ine = b.bool(interp, "if_not_exists")?.unwrap_or(false);
            let ix = index_from(interp, &mut b, &bo.spec.table.clone())?;
            bo.push(BatchOp::CreateIndex(ix, ine));
            Ok(Value::None)
        },
        "drop_index" => |interp, bo, args| {
            let b = Bound::new(
                interp,
                "drop_index",
                &["index_name", "if_exists"],
                args,
                true,
            )?;
            let ie = b.bool(interp, "if_exists")?.unwrap_or(false);
            bo.push(BatchOp::DropIndex(
                b.required_str(interp, "index_name")?,
                ie,
            ));
            Ok(Value::None)
        },
        "create_unique_constraint" => {
            |interp, bo, args| add_keyed_constraint(interp, bo, args, false)
        }
        "create_primary_key" => |interp, bo, args| add_keyed_constraint(interp, bo, args, true),
        "create_foreign_key" => |interp, bo, args| {
            let b = Bound::new(
                interp,
                "create_foreign_key",
                &[
                    "constraint_name",
                    "referent_table",
                    "local_cols",
                    "remote_cols",
                    "referent_schema",
                    "onupdate",
                    "ondelete",
                    "deferrable",
                    "initially",
                    "match",
                ],
                args,
                true,
            )?;
            let rt = b.required_str(interp, "referent_table")?;
            let local = interp.iterate(b.required(interp, "local_cols")?)?;
            let remote = interp.iterate(b.required(interp, "remote_cols")?)?;
            let columns = local
                .iter()
                .map(|c| sa::column_name(interp, c))
                .collect::<EvalResult<Vec<_>>>()?;
            let refcolumns = remote
                .iter()
                .map(|c| sa::column_name(interp, c).map(|n| format!("{rt}.{n}")))
                .collect::<EvalResult<Vec<_>>>()?;
            let mut c = Constraint::new(
                ConstraintKind::ForeignKey {
                    columns,
                    refcolumns,
                    ondelete: b.str(interp, "ondelete")?,
                    onupdate: b.str(interp, "onupdate")?,
                    match_: b.str(interp, "match")?,
                    use_alter: false,
                },
                constraint_name(b.get("constraint_name")),
            );
            c.deferrable = b.bool(interp, "deferrable")?;
            c.initially = b.str(interp, "initially")?;
            bo.push(BatchOp::AddConstraint(bo.named(c)));
            Ok(Value::None)
        },
        "create_check_constraint" => |interp, bo, args| {
            let b = Bound::new(
                interp,
                "create_check_constraint",
                &["constraint_name", "condition"],
                args,
                true,
            )?;
            let cond = b.required(interp, "condition")?.clone();
            let sqltext = match cond.as_str() {
                Some(s) => Expr::text(s),
                None => sa::to_expr(interp, &cond, None)?,
            };
            let c = Constraint::new(
                ConstraintKind::Check { sqltext },
                constraint_name(b.get("constraint_name")),
            );
            bo.push(BatchOp::AddConstraint(bo.named(c)));
            Ok(Value::None)
        },
        "drop_constraint" => |interp, bo, args| {
            let b = Bound::new(
                interp,
                "drop_constraint",
                &["constraint_name", "type_"],
                args,
                true,
            )?;
            // Alembic builds the constraint on a table of the migration's MetaData, so its
            // naming convention applies to the name (`"valid_kind"` with `ck_%(table_name)s_
            // %(constraint_name)s` drops `ck_things_valid_kind`); `type_=None` is a generic
            // constraint, which no convention names.
            let name = constraint_name(b.get("constraint_name"));
            if matches!(name, crate::sql::schema::ConstraintName::None) {
                return Err(interp.value_error("Constraint must have a name"));
            }
            let kind = match b.str(interp, "type_")?.as_deref() {
                None => None,
                Some("check") => Some(ConstraintKind::Check {
                    sqltext: crate::sql::expr::Expr::text(""),
                }),
                Some("unique") => Some(ConstraintKind::Unique { columns: vec![] }),
                Some("primary") => Some(ConstraintKind::PrimaryKey { columns: vec![] }),
                Some("foreignkey") => Some(ConstraintKind::ForeignKey {
                    columns: vec![],
                    refcolumns: vec![],
                    ondelete: None,
                    onupdate: None,
                    match_: None,
                    use_alter: false,
                }),
                Some(other) => {
                    return Err(interp.type_error(format!(
                        "'type' can be one of 'check', 'foreignkey', 'primary', 'unique', None; got {other:?}"
                    )));
                }
            };
            let resolved = match kind {
                Some(kind) => bo.named(Constraint::new(kind, name)).name,
                None => name,
            };
            let n = resolved.as_str().unwrap_or_default().to_owned();
            bo.push(BatchOp::DropConstraint(n));
            Ok(Value::None)
        },
        _ => return None,
    })
}

impl HostObject for BatchOperations {
    fn type_name(&self) -> String {
        "BatchOperations".into()
    }
    fn get_attr(self: Rc<Self>, interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        if let Some(f) = batch_fn(name) {
            let this = self.clone();
            return Ok(Some(Value::native(name, move |interp, args| {
                enter_call(interp, &this.ctx);
                f(interp, &this, args)
            })));
        }
        // Everything else (execute, get_bind, f, inline_literal, ...) is `op`'s.
        Rc::new(Operations {
            ctx: self.ctx.clone(),
        })
        .get_attr(interp, name)
    }
}

/// `batch_op.create_unique_constraint(name, columns)` / `create_primary_key(name, columns)`.
fn add_keyed_constraint(
    interp: &mut Interp,
    bo: &Rc<BatchOperations>,
    args: Args,
    primary_key: bool,
) -> EvalResult {
    use crate::sql::schema::{Constraint, ConstraintKind};
    let func = if primary_key {
        "create_primary_key"
    } else {
        "create_unique_constraint"
    };
    let b = Bound::new(interp, func, &["constraint_name", "columns"], args, true)?;
    let cols = interp.iterate(b.required(interp, "columns")?)?;
    let columns = cols
        .iter()
        .map(|c| sa::column_name(interp, c))
        .collect::<EvalResult<Vec<_>>>()?;
    let kind = if primary_key {
        ConstraintKind::PrimaryKey { columns }
    } else {
        ConstraintKind::Unique { columns }
    };
    let c = Constraint::new(kind, constraint_name(b.get("constraint_name")));
    bo.push(BatchOp::AddConstraint(bo.named(c)));
    Ok(Value::None)
}

/// `op.get_context()`: the parts of Alembic's `MigrationContext` scripts use.
pub struct ContextProxy(pub Rc<MigrationContext>);

impl HostObject for ContextProxy {
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
