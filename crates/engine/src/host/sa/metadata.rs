//! `sa.MetaData` and the constructors of tables: `Table(name, metadata, ...)` (also
//! `autoload_with=`), the lightweight `table()`, and `sa.inspect`.

use std::cell::RefCell;
use std::rc::Rc;

use indexmap::IndexMap;
use retort_pyscript::{Args, EvalResult, HostObject, Interp, Value};

use super::column::SaColumn;
use super::module::exception_class;
use super::table::{SaTable, apply_table_kwargs, build_table, remember_table};
use crate::host::args::Bound;
use crate::sql::expr::TableRef;
use crate::sql::schema::{NamingConvention, Table};

/// `sa.MetaData(naming_convention=...)`.
pub struct SaMetaData {
    pub naming: NamingConvention,
    pub tables: RefCell<IndexMap<String, Value>>,
    /// `info=`: the user's dictionary (Flask-SQLAlchemy keeps its bind key there).
    pub info: Value,
    /// Attributes a script assigned (`meta.bind = conn`, SQLAlchemy 1.x's idiom), which a
    /// Python object keeps in its `__dict__`.
    pub assigned: RefCell<IndexMap<String, Value>>,
}

impl HostObject for SaMetaData {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "MetaData".into()
    }
    fn set_attr(&self, _: &mut Interp, name: &str, value: Value) -> EvalResult<bool> {
        self.assigned.borrow_mut().insert(name.to_owned(), value);
        Ok(true)
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        if let Some(v) = self.assigned.borrow().get(name) {
            return Ok(Some(v.clone()));
        }
        Ok(match name {
            "naming_convention" => {
                let mut d = retort_pyscript::Dict::new();
                for (k, v) in &self.naming.0 {
                    let _ = d.insert(Value::str(k), Value::str(v));
                }
                Some(Value::dict(d))
            }
            "tables" => {
                let mut d = retort_pyscript::Dict::new();
                for (k, v) in self.tables.borrow().iter() {
                    let _ = d.insert(Value::str(k), v.clone());
                }
                Some(Value::dict(d))
            }
            "info" => Some(self.info.clone()),
            "sorted_tables" => Some(Value::list(crate::host::create_all::sorted_tables(&self))),
            "create_all" | "drop_all" => {
                let me = self.clone();
                let drop = name == "drop_all";
                Some(Value::native(name, move |interp, args| {
                    if drop {
                        crate::host::create_all::drop_all(interp, &me, args)
                    } else {
                        crate::host::create_all::create_all(interp, &me, args)
                    }
                }))
            }
            // `metadata.reflect(bind=connection)`: every table of the database (by name, as
            // the dialect lists them), those already there kept.
            "reflect" => {
                let me = self.clone();
                Some(Value::native("reflect", move |interp, args| {
                    let b = Bound::new(
                        interp,
                        "reflect",
                        &[
                            "bind",
                            "schema",
                            "views",
                            "only",
                            "extend_existing",
                            "autoload_replace",
                            "resolve_fks",
                        ],
                        args,
                        false,
                    )?;
                    let bind = b.required(interp, "bind")?.clone();
                    let Some(ctx) = crate::host::conn::bind_context(&bind) else {
                        return Err(interp.type_error(format!(
                            "reflect() expects op.get_bind() or its .engine, got {}",
                            bind.type_name()
                        )));
                    };
                    if ctx.as_sql() {
                        return Err(no_inspection_offline(interp));
                    }
                    let names = crate::sqlite::reflect::table_names(&ctx.db).map_err(|e| {
                        crate::host::op::raise(interp, crate::sqlite::reflect::reflect_error(e))
                    })?;
                    let only: Option<Vec<String>> = match b.get("only").filter(|v| !v.is_none()) {
                        Some(v) => Some(
                            interp
                                .iterate(v)?
                                .iter()
                                .filter_map(|x| x.as_str().map(str::to_owned))
                                .collect(),
                        ),
                        None => None,
                    };
                    if let Some(only) = &only
                        && let Some(missing) = only.iter().find(|n| !names.contains(n))
                    {
                        exception_class(interp, "InvalidRequestError");
                        return Err(interp.exc(
                            "InvalidRequestError",
                            format!("Could not reflect: requested table(s) not available in Engine(sqlite://): ({missing})"),
                        ));
                    }
                    for name in names {
                        if only.as_ref().is_some_and(|o| !o.contains(&name))
                            || me.tables.borrow().contains_key(&name)
                        {
                            continue;
                        }
                        let t = crate::sqlite::reflect::reflect_table(
                            &ctx.db,
                            &name,
                            me.naming.clone(),
                        )
                        .map_err(|e| {
                            crate::host::op::raise(interp, crate::sqlite::reflect::reflect_error(e))
                        })?
                        .table;
                        remember_table(&t);
                        me.tables.borrow_mut().insert(
                            name,
                            Value::host(SaTable {
                                table: RefCell::new(t),
                                lightweight: false,
                            }),
                        );
                    }
                    Ok(Value::None)
                }))
            }
            _ => None,
        })
    }
}

pub(super) fn make_metadata(interp: &mut Interp, args: Args) -> EvalResult<Value> {
    let b = Bound::new(
        interp,
        "MetaData",
        &["schema", "quote_schema", "naming_convention", "info"],
        args,
        false,
    )?;
    let mut naming = NamingConvention::default();
    if let Some(nc) = b.get("naming_convention").filter(|v| !v.is_none()) {
        naming.0.clear();
        for (k, v) in interp.dict_items(nc)? {
            if let (Some(k), Some(v)) = (k.as_str(), v.as_str()) {
                naming.0.insert(k.to_owned(), v.to_owned());
            }
        }
    }
    let info = match b.get("info") {
        Some(v) if !v.is_none() => v.clone(),
        _ => Value::dict(retort_pyscript::Dict::new()),
    };
    Ok(Value::host(SaMetaData {
        naming,
        tables: RefCell::new(IndexMap::new()),
        info,
        assigned: RefCell::new(IndexMap::new()),
    }))
}

pub(super) fn make_table(interp: &mut Interp, args: Args) -> EvalResult<Value> {
    let mut b = Bound::new(interp, "Table", &["name", "metadata"], args, true)?;
    let name = b.required_str(interp, "name")?;
    let md = b.required(interp, "metadata")?.clone();
    let Some(meta) = md.downcast_host::<SaMetaData>() else {
        return Err(interp.type_error(format!(
            "Table() expects a MetaData as its second argument, got {}",
            md.type_name()
        )));
    };
    let items = std::mem::take(&mut b.rest);
    // A name the MetaData has: the same Table (with nothing new to add), as SQLAlchemy does.
    let existing = meta.tables.borrow().get(&name).cloned();
    if let Some(existing) = existing {
        let extend = b
            .take_extra("extend_existing")
            .is_some_and(|v| interp.truthy(&v).unwrap_or(false));
        let keep = b
            .take_extra("keep_existing")
            .is_some_and(|v| interp.truthy(&v).unwrap_or(false));
        if items.is_empty() || keep {
            return Ok(existing);
        }
        if !extend {
            exception_class(interp, "InvalidRequestError");
            return Err(interp.exc(
                "InvalidRequestError",
                format!("Table '{name}' is already defined for this MetaData instance.  Specify 'extend_existing=True' to redefine options and columns on an existing Table object."),
            ));
        }
        // `extend_existing=True`: the columns join the existing table (replacing those of
        // the same name), with their constraints and indexes, as a subclass mapped to its
        // parent's table declares them.
        if let Some(sa_table) = existing.downcast_host::<SaTable>() {
            let new = build_table(interp, &name, &items, meta.naming.clone())?;
            {
                let mut t = sa_table.table.borrow_mut();
                for c in new.columns {
                    match t.columns.iter().position(|x| x.name == c.name) {
                        Some(i) => t.columns[i] = c,
                        None => t.columns.push(c),
                    }
                }
                t.constraints.extend(new.constraints);
                t.indexes.extend(new.indexes);
                apply_table_kwargs(interp, &mut t, &b.extra)?;
            }
            for item in &items {
                if let Some(c) = item.downcast_host::<SaColumn>() {
                    *c.table.borrow_mut() = Some(name.clone());
                }
            }
            crate::host::create_all::resolve_foreign_key_types(meta);
            return Ok(existing);
        }
    }
    let mut t = build_table(interp, &name, &items, meta.naming.clone())?;
    if let Some(bind) = b.take_extra("autoload_with").filter(|v| !v.is_none()) {
        t = autoload(interp, &bind, t, meta.naming.clone())?;
    }
    apply_table_kwargs(interp, &mut t, &b.extra)?;
    for item in &items {
        if let Some(c) = item.downcast_host::<SaColumn>() {
            *c.table.borrow_mut() = Some(name.clone());
        }
    }
    remember_table(&t);
    let v = Value::host(SaTable {
        table: RefCell::new(t),
        lightweight: false,
    });
    meta.tables.borrow_mut().insert(name, v.clone());
    crate::host::create_all::resolve_foreign_key_types(meta);
    Ok(v)
}

/// `Table(name, metadata, *columns, autoload_with=bind)`: the table as the live database
/// has it, with the columns given explicitly in place of the reflected ones of the same
/// name. Offline, `bind` is SQLAlchemy's MockConnection, which cannot be inspected.
fn autoload(
    interp: &mut Interp,
    bind: &Value,
    explicit: Table,
    naming: NamingConvention,
) -> EvalResult<Table> {
    let Some(ctx) = crate::host::conn::bind_context(bind) else {
        return Err(interp.type_error(format!(
            "autoload_with expects op.get_bind() or its .engine, got {}",
            bind.type_name()
        )));
    };
    if ctx.as_sql() {
        return Err(no_inspection_offline(interp));
    }
    use crate::sqlite::reflect::{reflect_error, reflect_table};
    let mut t = reflect_table(&ctx.db, &explicit.name, naming)
        .map_err(|e| crate::host::op::raise(interp, reflect_error(e)))?
        .table;
    for c in explicit.columns {
        match t.columns.iter_mut().find(|r| r.name == c.name) {
            Some(slot) => *slot = c,
            None => t.columns.push(c),
        }
    }
    t.constraints.extend(explicit.constraints);
    t.indexes.extend(explicit.indexes);
    Ok(t)
}

/// Offline, `op.get_bind()` is SQLAlchemy's MockConnection: there is nothing to inspect.
/// `sqlalchemy.inspect(bind)` (also `Inspector.from_engine(bind)`): an inspector over the
/// migration's connection.
pub(in crate::host) fn inspect(interp: &mut Interp, args: Args) -> EvalResult {
    let subject = args.positional.first().cloned().unwrap_or(Value::None);
    match crate::host::conn::bind_context(&subject) {
        Some(ctx) if ctx.as_sql() => Err(no_inspection_offline(interp)),
        Some(ctx) => Ok(Value::host(crate::host::inspector::Inspector(ctx))),
        None => Err(interp.unsupported(
            format!(
                "sqlalchemy.inspect() of a {} (Retort inspects connections: \
                 sa.inspect(op.get_bind()))",
                subject.type_name()
            ),
            Some("inspect the database through op.get_bind()".into()),
        )),
    }
}

/// `Inspector.from_engine(bind)` and `Inspector(bind)`, SQLAlchemy 1.x's spellings: as
/// `inspect(bind)`, except offline, where SQLAlchemy's legacy constructor treats the
/// MockConnection as an engine and fails closing the connection it opens.
pub(in crate::host) fn inspector_from_engine(interp: &mut Interp, args: Args) -> EvalResult {
    let subject = args.positional.first().cloned().unwrap_or(Value::None);
    if crate::host::conn::bind_context(&subject).is_some_and(|ctx| ctx.as_sql()) {
        return Err(interp.exc(
            "AttributeError",
            "'MockConnection' object has no attribute 'close'",
        ));
    }
    inspect(interp, args)
}

fn no_inspection_offline(interp: &mut Interp) -> retort_pyscript::Unwind {
    exception_class(interp, "NoInspectionAvailable");
    interp.exc(
        "NoInspectionAvailable",
        "No inspection system is available for object of type <class 'sqlalchemy.engine.mock.MockConnection'>",
    )
}

pub(super) fn make_lightweight_table(interp: &mut Interp, args: Args) -> EvalResult<Value> {
    let mut b = Bound::new(interp, "table", &["name"], args, true)?;
    let name = b.required_str(interp, "name")?;
    let mut cols = Vec::new();
    for item in std::mem::take(&mut b.rest) {
        let Some(c) = item.downcast_host::<SaColumn>() else {
            return Err(interp.exc(
                "ArgumentError",
                format!(
                    "table() expects column() objects, got {}",
                    retort_pyscript::repr(&item)
                ),
            ));
        };
        *c.table.borrow_mut() = Some(name.clone());
        let col = c.col.borrow();
        cols.push((col.name.clone(), col.ty.clone()));
    }
    let schema = match b.take_extra("schema") {
        Some(v) => v.as_str().map(str::to_owned),
        None => None,
    };
    Ok(Value::host(SaTable::lightweight(TableRef {
        name,
        schema,
        columns: cols,
        defaults: vec![],
    })))
}
