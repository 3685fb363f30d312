//! Alembic's `autogenerate/compare`: the project's models (`target_metadata`) against the
//! database as SQLite reflects it, as the operations that take the database to the models.
//!
//! The order is Alembic's: added tables in the metadata's dependency order, then removed
//! tables, then the tables both have by name; within a table, added columns, changed
//! columns, indexes and unique constraints, foreign keys, removed columns. Where Alembic
//! iterates a Python set (removed tables, removed columns, foreign keys) its order varies
//! from run to run; Retort takes name order.

mod constraints;
mod hooks;
mod types;

use retort_pyscript::str_repr;

pub use hooks::{Hooks, NoHooks, Object};

use self::constraints::{foreign_keys, indexes_and_uniques, with_final_names};
use self::types::{normalized_default, types_differ};
use super::diffs;
use super::render::{py_bool, unparenthesized_sql_expr};
use crate::Database;
use crate::operations::{AlterColumn, Op};
use crate::sql::expr::Expr;
use crate::sql::schema::{Column, ConstraintName, ServerDefault, Table};
use crate::sql::types::TypeKind;
use crate::sqlite::{self, reflect};

/// `context.configure(...)` keywords of autogenerate.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// `compare_type` (Alembic's default since 1.12: on).
    pub compare_type: bool,
    /// `render_as_batch`: each table's operations in a `batch_alter_table` block.
    pub render_as_batch: bool,
    /// `compare_server_default` (off by default): server defaults compared as SQLite's impl
    /// compares them.
    pub compare_server_default: bool,
    /// The version table, which is never compared.
    pub version_table: String,
    /// Autogenerate keywords env.py gave that Retort does not apply (`include_object`, ...).
    pub not_applied: Vec<String>,
    /// Why env.py's `target_metadata` cannot be compared, when it is not a `MetaData`.
    pub metadata_problem: Option<String>,
    /// `user_module_prefix`: what types defined outside SQLAlchemy are written with.
    pub user_module_prefix: Option<String>,
}

impl Options {
    /// How the operations are written.
    pub fn style(&self) -> super::Style<'_> {
        super::Style {
            render_as_batch: self.render_as_batch,
            user_module_prefix: self.user_module_prefix.as_deref(),
            imports: None,
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            compare_type: true,
            render_as_batch: false,
            compare_server_default: false,
            version_table: "alembic_version".into(),
            not_applied: Vec::new(),
            metadata_problem: None,
            user_module_prefix: None,
        }
    }
}

/// One entry of Alembic's `UpgradeOps`: an operation, or the operations on one table
/// (`ModifyTableOps`, which `render_as_batch` writes as one `batch_alter_table` block).
#[derive(Debug, Clone)]
// Built once per autogenerate, a few at a time: boxing the operation buys nothing.
#[allow(clippy::large_enum_variant)]
pub enum Item {
    Op(Op),
    Table { table: String, ops: Vec<Op> },
}

/// What the comparison found: the operations, and Alembic's log lines for them
/// (`INFO  [alembic.autogenerate.compare.tables] Detected added table 't'`).
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    pub items: Vec<Item>,
    pub log: Vec<String>,
    /// `UpgradeOps.as_diffs()`, each entry as `alembic check` prints it.
    pub diffs: Vec<String>,
}

/// What the comparators report besides the operations: log lines and diff tuples.
#[derive(Default)]
struct Found {
    log: Vec<String>,
    diffs: Vec<String>,
}

impl Found {
    fn push(&mut self, line: String) {
        self.log.push(line);
    }
}

fn tables_log(log: &mut Found, line: String) {
    log.push(format!(
        "INFO  [alembic.autogenerate.compare.tables] {line}"
    ));
}

fn constraints_log(log: &mut Found, line: String) {
    log.push(format!(
        "INFO  [alembic.autogenerate.compare.constraints] {line}"
    ));
}

/// A Python tuple of strings, as `%r` writes it.
fn tuple_repr(items: &[String]) -> String {
    let r: Vec<String> = items.iter().map(|s| str_repr(s)).collect();
    match r.len() {
        1 => format!("({},)", r[0]),
        _ => format!("({})", r.join(", ")),
    }
}

/// The operations that take the database `db` to the tables of `metadata` (in
/// `MetaData.sorted_tables` order).
pub fn compare(
    db: &Database,
    metadata: &[Table],
    opts: &Options,
    hooks: &dyn Hooks,
) -> Result<Comparison, String> {
    // A stand-in (a library Retort could not import) must never reach a revision file.
    for t in metadata {
        for c in &t.columns {
            let stand_in = match (&c.ty.kind, &c.server_default) {
                (TypeKind::StandIn(name), _) => Some(format!("type is `{name}`")),
                (_, Some(ServerDefault::Expr(Expr::StandIn(name)))) => {
                    Some(format!("server default is `{name}`"))
                }
                _ => None,
            };
            if let Some(what) = stand_in {
                return Err(format!(
                    "column {}.{}'s {what}, which stands in for a library Retort could not import (docs/decisions/0003): autogenerate cannot compare it or write it into a revision\nhint: give the column a SQLAlchemy type (or define the type in the project's own modules)",
                    t.name, c.name
                ));
            }
        }
    }
    let mut found = Found::default();
    let log = &mut found;
    let mut conn_names = Vec::new();
    for n in reflect::table_names(db)? {
        if n != opts.version_table && hooks.include_name(Some(&n), "table", None)? {
            conn_names.push(n);
        }
    }
    let model_names: Vec<&str> = metadata
        .iter()
        .map(|t| t.name.as_str())
        .filter(|n| *n != opts.version_table)
        .collect();
    let mut items = Vec::new();
    for table in metadata {
        if table.name == opts.version_table
            || conn_names.contains(&table.name)
            || !hooks.include_object(
                Object::Table(table),
                Some(&table.name),
                "table",
                false,
                None,
            )?
        {
            continue;
        }
        items.push(Item::Op(Op::CreateTable {
            table: with_final_names(table)?,
            if_not_exists: false,
        }));
        tables_log(
            log,
            format!("Detected added table {}", str_repr(&table.name)),
        );
        log.diffs
            .push(diffs::tuple(&["'add_table'".into(), diffs::table(table)]));
        let ops = indexes_and_uniques(None, Some(table), log, hooks)?;
        if !ops.is_empty() {
            items.push(Item::Table {
                table: table.name.clone(),
                ops,
            });
        }
    }
    for name in &conn_names {
        if model_names.contains(&name.as_str()) {
            continue;
        }
        let conn = reflected(db, name)?;
        if !hooks.include_object(Object::Table(&conn), Some(name), "table", true, None)? {
            continue;
        }
        let ops = indexes_and_uniques(Some(&conn), None, log, hooks)?;
        if !ops.is_empty() {
            items.push(Item::Table {
                table: name.clone(),
                ops,
            });
        }
        log.diffs.push(diffs::tuple(&[
            "'remove_table'".into(),
            diffs::table(&conn),
        ]));
        items.push(Item::Op(Op::DropTable {
            table: conn,
            if_exists: false,
        }));
        tables_log(log, format!("Detected removed table {}", str_repr(name)));
    }
    for name in &conn_names {
        let Some(model) = metadata.iter().find(|t| t.name == *name) else {
            continue;
        };
        let conn = reflected(db, name)?;
        let both = Some(Object::Table(&conn));
        if !hooks.include_object(Object::Table(model), Some(name), "table", false, both)? {
            continue;
        }
        let ops = compare_table(&conn, model, opts, log, hooks)?;
        if !ops.is_empty() {
            items.push(Item::Table {
                table: name.clone(),
                ops,
            });
        }
    }
    Ok(Comparison {
        items,
        log: found.log,
        diffs: found.diffs,
    })
}

/// `UpgradeOps.reverse_into`: the downgrade, each operation reversed, in reverse order.
pub fn reverse(items: &[Item]) -> Result<Vec<Item>, String> {
    let rev = |op: &Op| {
        op.reverse()
            .ok_or_else(|| format!("Alembic cannot reverse {op:?}"))
    };
    items
        .iter()
        .rev()
        .map(|item| {
            Ok(match item {
                Item::Op(op) => Item::Op(rev(op)?),
                Item::Table { table, ops } => Item::Table {
                    table: table.clone(),
                    ops: ops.iter().rev().map(rev).collect::<Result<_, String>>()?,
                },
            })
        })
        .collect()
}

fn reflected(db: &Database, name: &str) -> Result<Table, String> {
    let mut t = reflect::reflect_table(db, name, Default::default())?.table;
    // `_InspectorConv`: reflected names are final (`conv`), rendered as `op.f(...)`.
    let fin = |n: &mut ConstraintName| {
        if let ConstraintName::Given(s) = n {
            *n = ConstraintName::Final(std::mem::take(s));
        }
    };
    t.constraints.iter_mut().for_each(|c| fin(&mut c.name));
    t.indexes.iter_mut().for_each(|i| fin(&mut i.name));
    fin(&mut t.primary_key.name);
    // SQLiteImpl.autogen_column_reflect: an expression default gets its parentheses.
    for c in &mut t.columns {
        if let Some(ServerDefault::Expr(Expr::Text(clause))) = &mut c.server_default
            && unparenthesized_sql_expr(&clause.text)
        {
            clause.text = format!("({})", clause.text);
        }
    }
    Ok(t)
}

/// `_compare_columns` with the table comparators inside it.
fn compare_table(
    conn: &Table,
    model: &Table,
    opts: &Options,
    log: &mut Found,
    hooks: &dyn Hooks,
) -> Result<Vec<Op>, String> {
    let mut ops = Vec::new();
    let t = &model.name;
    let mut conn_cols: Vec<&Column> = Vec::new();
    for c in &conn.columns {
        if hooks.include_name(Some(&c.name), "column", Some(t))? {
            conn_cols.push(c);
        }
    }
    let conn_col = |name: &str| conn_cols.iter().copied().find(|c| c.name == name);
    for col in &model.columns {
        let object = Object::Column(model, col);
        if conn_col(&col.name).is_none()
            && hooks.include_object(object, Some(&col.name), "column", false, None)?
        {
            tables_log(log, format!("Detected added column '{t}.{}'", col.name));
            log.diffs.push(diffs::tuple(&[
                "'add_column'".into(),
                "None".into(),
                str_repr(t),
                diffs::column(col, model),
            ]));
            ops.push(Op::AddColumn {
                table: model.name.clone(),
                column: col.clone(),
                if_not_exists: false,
            });
        }
    }
    for col in &model.columns {
        let Some(existing) = conn_col(&col.name) else {
            continue;
        };
        let (object, compare_to) = (Object::Column(model, col), Object::Column(conn, existing));
        if hooks.include_object(object, Some(&col.name), "column", false, Some(compare_to))?
            && let Some(alter) = compare_column(model, (conn, existing), col, opts, log, hooks)?
        {
            ops.push(Op::AlterColumn(alter));
        }
    }
    ops.extend(indexes_and_uniques(Some(conn), Some(model), log, hooks)?);
    ops.extend(foreign_keys(conn, model, log, hooks)?);
    for col in conn_cols.iter().copied() {
        let object = Object::Column(conn, col);
        if model.column(&col.name).is_none()
            && hooks.include_object(object, Some(&col.name), "column", true, None)?
        {
            tables_log(log, format!("Detected removed column '{t}.{}'", col.name));
            log.diffs.push(diffs::tuple(&[
                "'remove_column'".into(),
                "None".into(),
                str_repr(t),
                diffs::column(col, conn),
            ]));
            ops.push(Op::DropColumn {
                table: model.name.clone(),
                column: col.name.clone(),
                if_exists: false,
                removed: Some(col.clone()),
            });
        }
    }
    Ok(ops)
}

/// The column comparators: type, nullability; the server default is only recorded as it
/// is (`compare_server_default` is off by default).
fn compare_column(
    model: &Table,
    (conn, conn_col): (&Table, &Column),
    col: &Column,
    opts: &Options,
    log: &mut Found,
    hooks: &dyn Hooks,
) -> Result<Option<AlterColumn>, String> {
    let (conn_object, model_object) = (Object::Column(conn, conn_col), Object::Column(model, col));
    let at = format!("'{}.{}'", model.name, col.name);
    let mut alter = AlterColumn {
        table: model.name.clone(),
        column: col.name.clone(),
        // `_compare_type_setup` records it, unless `compare_type=False` stopped first.
        existing_type: opts.compare_type.then(|| conn_col.ty.clone()),
        existing_nullable: Some(conn_col.nullable),
        // `_user_compare_server_default` records the database's default (`None` included)
        // when either side has one; otherwise it stays unknown (`False` in Alembic).
        existing_server_default: (conn_col.server_default.is_some()
            || col.server_default.is_some())
        .then(|| conn_col.server_default.clone()),
        ..Default::default()
    };
    let mut changed = false;
    if conn_col.nullable != col.nullable {
        alter.nullable = Some(col.nullable);
        changed = true;
        let what = if col.nullable { "NULL" } else { "NOT NULL" };
        constraints_log(log, format!("Detected {what} on column {at}"));
    }
    let defaults = conn_col.server_default.is_some() || col.server_default.is_some();
    if !defaults || opts.compare_server_default {
        // `_setup_autoincrement` runs unless `compare_server_default=False` stopped the
        // server-default comparators first (it does when either side has a default).
        let is_autoinc = model.pk_columns() == [col.name.clone()]
            && col.ty.kind == TypeKind::Integer
            && col.autoincrement != crate::sql::schema::Autoincrement::False;
        alter.autoincrement = match col.autoincrement {
            crate::sql::schema::Autoincrement::True => Some(true),
            crate::sql::schema::Autoincrement::False => Some(false),
            _ if is_autoinc => Some(true),
            _ => None,
        };
    }
    if defaults && opts.compare_server_default {
        let meta = match &col.server_default {
            None => None,
            Some(ServerDefault::Str(s)) => Some(s.clone()),
            Some(ServerDefault::Expr(e)) => Some(sqlite::compile_expr_literal(e)?),
        };
        let conn = match &conn_col.server_default {
            Some(ServerDefault::Expr(Expr::Text(t))) => Some(t.text.clone()),
            Some(ServerDefault::Str(s)) => Some(s.clone()),
            Some(ServerDefault::Expr(e)) => Some(sqlite::compile_expr_literal(e)?),
            None => None,
        };
        let differs = match hooks.compare_server_default(
            conn_object,
            model_object,
            conn.as_deref(),
            meta.as_deref(),
        )? {
            Some(user) => user,
            None => normalized_default(meta.as_deref()) != normalized_default(conn.as_deref()),
        };
        if differs {
            alter.server_default = Some(col.server_default.clone());
            changed = true;
            log.push(format!(
                "INFO  [alembic.autogenerate.compare.server_defaults] Dialect impl <alembic.ddl.sqlite.SQLiteImpl object at 0x0> detected server default on column {at}"
            ));
        }
    }
    // The dialect's type comparison is the last column comparator.
    if opts.compare_type
        && conn_col.ty.kind != TypeKind::Null
        && col.ty.kind != TypeKind::Null
        && match hooks.compare_type(conn_object, model_object)? {
            Some(user) => user,
            None => types_differ(&conn_col.ty, &col.ty)?,
        }
    {
        alter.type_ = Some(col.ty.clone());
        changed = true;
        log.push(format!(
            "INFO  [alembic.autogenerate.compare.types] Detected type change from {} to {} on {at}",
            conn_col.ty.repr(),
            col.ty.repr()
        ));
    }
    if changed {
        // `AlterColumnOp.to_diff_tuple`: the type, then the nullability.
        let head = |kind: &str| {
            vec![
                format!("'{kind}'"),
                "None".into(),
                str_repr(&model.name),
                str_repr(&col.name),
            ]
        };
        let existing_default = match &alter.existing_server_default {
            None => "False".to_owned(),
            Some(None) => "None".to_owned(),
            Some(Some(d)) => diffs::existing_server_default(Some(d)),
        };
        let mut list = Vec::new();
        if let Some(t) = &alter.type_ {
            let mut d = head("modify_type");
            d.push(format!(
                "{{'existing_nullable': {}, 'existing_server_default': {existing_default}, 'existing_comment': None}}",
                py_bool(conn_col.nullable)
            ));
            d.push(conn_col.ty.repr());
            d.push(t.repr());
            list.push(diffs::tuple(&d));
        }
        if let Some(n) = alter.nullable {
            let mut d = head("modify_nullable");
            d.push(format!(
                "{{'existing_type': {}, 'existing_server_default': {existing_default}, 'existing_comment': None}}",
                alter.existing_type.as_ref().map_or("None".into(), |t| t.repr())
            ));
            d.push(py_bool(conn_col.nullable).into());
            d.push(py_bool(n).into());
            list.push(diffs::tuple(&d));
        }
        if let Some(new) = &alter.server_default {
            let mut d = head("modify_default");
            d.push(format!(
                "{{'existing_nullable': {}, 'existing_type': {}, 'existing_comment': None}}",
                py_bool(conn_col.nullable),
                alter
                    .existing_type
                    .as_ref()
                    .map_or("None".into(), |t| t.repr())
            ));
            d.push(existing_default.clone());
            d.push(
                new.as_ref()
                    .map_or("None".into(), |n| diffs::existing_server_default(Some(n))),
            );
            list.push(diffs::tuple(&d));
        }
        log.diffs.push(format!("[{}]", list.join(", ")));
    }
    Ok(changed.then_some(alter))
}
