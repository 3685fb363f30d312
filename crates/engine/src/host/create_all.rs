//! Schema DDL from a `MetaData` or a `Table` over a bind, as SQLAlchemy's `SchemaGenerator`
//! and `SchemaDropper` run it: `metadata.create_all(bind)` / `drop_all(bind)`,
//! `table.create(bind)` / `drop(bind)`, and the dependency order they and
//! `metadata.sorted_tables` use. Revision files call them on `op.get_bind()`, most often
//! with ORM models declared in the file (`Base.metadata.create_all(bind)`).

use std::rc::Rc;

use retort_pyscript::{Args, EvalResult, Interp, Value};

use super::args::Bound;
use super::sa::{SaMetaData, SaTable};
use crate::operations::Op;
use crate::sql::schema::{ConstraintKind, Table};
use crate::sql::types::TypeKind;

/// The tables `refers_to` names, other than itself (foreign keys that are not
/// `use_alter`): the tables that must exist first.
fn referred_tables(t: &Table) -> Vec<String> {
    let mut out = Vec::new();
    for c in &t.constraints {
        if let ConstraintKind::ForeignKey {
            refcolumns,
            use_alter: false,
            ..
        } = &c.kind
            && let Some(target) = refcolumns.first()
            && let Some((table, _)) = target.rsplit_once('.')
        {
            let table = table.rsplit('.').next().unwrap_or(table).to_owned();
            if table != t.name && !out.contains(&table) {
                out.push(table);
            }
        }
    }
    out
}

/// SQLAlchemy's `sort_tables_and_constraints` (through `util.topological.sort`): repeated
/// passes over `tables` in their order, each taking the tables whose referred tables are all
/// taken. Tables in a cycle come last, in their order (SQLAlchemy warns, and SQLite takes
/// the foreign keys inline anyway).
pub(crate) fn sort_tables(tables: Vec<Value>) -> Vec<Value> {
    let names: Vec<String> = tables
        .iter()
        .map(|t| table(t).table.borrow().name.clone())
        .collect();
    let deps: Vec<Vec<String>> = tables
        .iter()
        .map(|t| {
            referred_tables(&table(t).table.borrow())
                .into_iter()
                .filter(|n| names.contains(n))
                .collect()
        })
        .collect();
    let mut done: Vec<String> = Vec::new();
    let mut todo: Vec<usize> = (0..tables.len()).collect();
    let mut out = Vec::new();
    while !todo.is_empty() {
        let ready: Vec<usize> = todo
            .iter()
            .copied()
            .filter(|&i| deps[i].iter().all(|d| done.contains(d)))
            .collect();
        if ready.is_empty() {
            out.extend(todo.iter().map(|&i| tables[i].clone()));
            break;
        }
        for &i in &ready {
            done.push(names[i].clone());
            out.push(tables[i].clone());
        }
        todo.retain(|i| !ready.contains(i));
    }
    out
}

/// `metadata.sorted_tables`: by name, then in dependency order.
pub(crate) fn sorted_tables(md: &SaMetaData) -> Vec<Value> {
    let mut tables = tables_of(md);
    tables.sort_by(|a, b| {
        table(a)
            .table
            .borrow()
            .name
            .cmp(&table(b).table.borrow().name)
    });
    sort_tables(tables)
}

/// The MetaData's tables, in the order they joined it.
fn tables_of(md: &SaMetaData) -> Vec<Value> {
    md.tables
        .borrow()
        .values()
        .filter(|v| v.downcast_host::<SaTable>().is_some())
        .cloned()
        .collect()
}

/// A value known to be a `Table`.
fn table(v: &Value) -> &SaTable {
    v.downcast_host::<SaTable>().expect("filtered to tables")
}

/// A foreign key column declared without a type takes its referred column's type once
/// both are in one MetaData, as `ForeignKey._set_target_column` gives it.
pub(crate) fn resolve_foreign_key_types(md: &SaMetaData) {
    let tables = tables_of(md);
    for t in &tables {
        let t = table(t);
        let pending: Vec<(usize, String)> = t
            .table
            .borrow()
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.ty.kind == TypeKind::Null)
            .filter_map(|(i, c)| c.foreign_keys.first().map(|fk| (i, fk.target.clone())))
            .collect();
        for (i, target) in pending {
            let Some((table, column)) = target.rsplit_once('.') else {
                continue;
            };
            let table = table.rsplit('.').next().unwrap_or(table);
            let ty = tables.iter().find_map(|r| {
                let r = self::table(r).table.try_borrow().ok()?;
                (r.name == table)
                    .then(|| r.column(column).map(|c| c.ty.clone()))
                    .flatten()
            });
            if let Some(ty) = ty.filter(|ty| ty.kind != TypeKind::Null) {
                t.table.borrow_mut().columns[i].ty = ty;
            }
        }
    }
}

/// The `bind=` of `create_all` and its kin: `op.get_bind()` (or its engine), whose
/// migration context runs and logs the DDL.
fn context(
    interp: &mut Interp,
    bind: &Value,
    what: &str,
) -> EvalResult<Rc<crate::operations::MigrationContext>> {
    super::conn::bind_context(bind).ok_or_else(|| {
        interp.type_error(format!(
            "{what}() expects op.get_bind() or its .engine, got {}",
            bind.type_name()
        ))
    })
}

fn checkfirst(interp: &mut Interp, b: &Bound, default: bool) -> EvalResult<bool> {
    match b.get("checkfirst") {
        Some(v) => interp.truthy(v),
        None => Ok(default),
    }
}

/// The tables a `tables=` argument names, or all of the MetaData's.
fn chosen_tables(interp: &mut Interp, md: &SaMetaData, b: &Bound) -> EvalResult<Vec<Value>> {
    match b.get("tables").filter(|v| !v.is_none()) {
        Some(v) => Ok(interp
            .iterate(v)?
            .into_iter()
            .filter(|t| t.downcast_host::<SaTable>().is_some())
            .collect()),
        None => Ok(tables_of(md)),
    }
}

/// Creates `t` and then its indexes, as `SchemaGenerator.visit_table`.
fn create(
    interp: &mut Interp,
    ctx: &crate::operations::MigrationContext,
    t: &Table,
) -> EvalResult<()> {
    ctx.invoke(Op::CreateTable {
        table: t.clone(),
        if_not_exists: false,
    })
    .map_err(|e| super::op::raise(interp, e))
}

fn exists(
    interp: &mut Interp,
    ctx: &crate::operations::MigrationContext,
    name: &str,
) -> EvalResult<bool> {
    // Offline, SQLAlchemy's MockConnection checks nothing first.
    if ctx.as_sql() {
        return Ok(false);
    }
    ctx.db
        .has_table(name)
        .map_err(|e| interp.exc("OperationalError", e.to_string()))
}

/// `metadata.create_all(bind, tables=None, checkfirst=True)`.
pub(crate) fn create_all(interp: &mut Interp, md: &SaMetaData, args: Args) -> EvalResult {
    let b = Bound::new(
        interp,
        "create_all",
        &["bind", "tables", "checkfirst"],
        args,
        false,
    )?;
    let bind = b.required(interp, "bind")?.clone();
    let ctx = context(interp, &bind, "create_all")?;
    let check = checkfirst(interp, &b, true)?;
    resolve_foreign_key_types(md);
    let mut tables = Vec::new();
    for t in chosen_tables(interp, md, &b)? {
        let name = table(&t).table.borrow().name.clone();
        if !check || !exists(interp, &ctx, &name)? {
            tables.push(t);
        }
    }
    for t in sort_tables(tables) {
        let t = table(&t).table.borrow().clone();
        create(interp, &ctx, &t)?;
    }
    Ok(Value::None)
}

/// `metadata.drop_all(bind, tables=None, checkfirst=True)`: in reverse dependency order.
pub(crate) fn drop_all(interp: &mut Interp, md: &SaMetaData, args: Args) -> EvalResult {
    let b = Bound::new(
        interp,
        "drop_all",
        &["bind", "tables", "checkfirst"],
        args,
        false,
    )?;
    let bind = b.required(interp, "bind")?.clone();
    let ctx = context(interp, &bind, "drop_all")?;
    let check = checkfirst(interp, &b, true)?;
    let mut tables = Vec::new();
    for t in chosen_tables(interp, md, &b)? {
        let name = table(&t).table.borrow().name.clone();
        if !check || ctx.as_sql() || exists(interp, &ctx, &name)? {
            tables.push(t);
        }
    }
    let mut sorted = sort_tables(tables);
    sorted.reverse();
    for t in sorted {
        let t = table(&t).table.borrow().clone();
        ctx.invoke(Op::DropTable {
            table: t,
            if_exists: false,
        })
        .map_err(|e| super::op::raise(interp, e))?;
    }
    Ok(Value::None)
}

/// `table.create(bind, checkfirst=False)` / `table.drop(bind, checkfirst=False)`.
pub(crate) fn create_or_drop(
    interp: &mut Interp,
    t: &SaTable,
    drop: bool,
    args: Args,
) -> EvalResult {
    let what = if drop { "drop" } else { "create" };
    let b = Bound::new(interp, what, &["bind", "checkfirst"], args, false)?;
    let bind = b.required(interp, "bind")?.clone();
    let ctx = context(interp, &bind, what)?;
    let check = checkfirst(interp, &b, false)?;
    let table = t.table.borrow().clone();
    let there = if check {
        Some(exists(interp, &ctx, &table.name)?)
    } else {
        None
    };
    if drop {
        if there != Some(false) {
            ctx.invoke(Op::DropTable {
                table,
                if_exists: false,
            })
            .map_err(|e| super::op::raise(interp, e))?;
        }
    } else if there != Some(true) {
        create(interp, &ctx, &table)?;
    }
    Ok(Value::None)
}
