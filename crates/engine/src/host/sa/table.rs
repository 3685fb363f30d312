//! `Table` objects: building one from its items, the tables and callable defaults a script
//! defined, joins (`sa.join`, with the condition its foreign keys give), and `table.c`.

use std::cell::RefCell;
use std::rc::Rc;

use retort_pyscript::{Args, EvalResult, HostObject, Interp, Value};

use super::column::SaColumn;
use super::constraints::{SaConstraint, SaIndex};
use super::expr::{and_or, to_expr, to_sql_value};
use super::metadata::SaMetaData;
use super::module::exception_class;
use super::stmt::SaStmt;
use crate::host::args::{Bound, name_of};
use crate::sql::expr::{BinOp, Expr, FromItem, Join, Select, SqlValue, Statement, TableRef};
use crate::sql::schema::{Column, ConstraintKind, NamingConvention, Table};

/// `sa.Table(...)` (full: columns with constraints) or `sa.table(...)` (lightweight).
pub struct SaTable {
    pub table: RefCell<Table>,
    pub lightweight: bool,
}

impl SaTable {
    pub(crate) fn lightweight(t: TableRef) -> SaTable {
        let mut table = Table::new(&t.name, NamingConvention::default());
        table.schema = t.schema;
        for (n, ty) in t.columns {
            table.columns.push(Column::new(&n, ty));
        }
        SaTable {
            table: RefCell::new(table),
            lightweight: true,
        }
    }

    pub(crate) fn table_ref(&self) -> TableRef {
        self.table.borrow().table_ref()
    }
}

/// Builds a table from `Table(...)` / `op.create_table(...)` items, as SQLAlchemy (and
/// Alembic's `schemaobj.table`) do: columns first (with the constraints they imply), then
/// the explicit constraints and indexes.
pub fn build_table(
    interp: &mut Interp,
    name: &str,
    items: &[Value],
    naming: NamingConvention,
) -> EvalResult<Table> {
    remember_callable_defaults(name, items);
    let mut t = Table::new(name, naming);
    for item in items {
        if let Some(c) = item.downcast_host::<SaColumn>() {
            let col = c.col.borrow().clone();
            t.append_column(col)
                .map_err(|e| interp.exc("DuplicateColumnError", e))?;
        }
    }
    for item in items {
        if let Some(c) = item.downcast_host::<SaConstraint>() {
            let c = c.0.borrow().clone();
            if let ConstraintKind::PrimaryKey { columns } = &c.kind {
                for name in columns {
                    if let Some(col) = t.columns.iter_mut().find(|x| &x.name == name) {
                        let given = items.iter().any(|i| {
                            i.downcast_host::<SaColumn>().is_some_and(|sc| {
                                sc.nullable_given.get() && sc.col.borrow().name == *name
                            })
                        });
                        col.primary_key = true;
                        if !given {
                            col.nullable = false;
                        }
                    }
                }
                t.primary_key = c;
            } else {
                t.constraints.push(c);
            }
        } else if let Some(ix) = item.downcast_host::<SaIndex>() {
            let mut ix = ix.0.borrow().clone();
            ix.table = name.to_owned();
            t.indexes.push(ix);
        } else if item.downcast_host::<SaColumn>().is_none()
            && !item.is_none()
            // A MetaData is a SchemaItem too (`op.create_table("t", metadata, ...)`): it
            // adds nothing to the table.
            && item.downcast_host::<SaMetaData>().is_none()
        {
            return Err(interp.exc(
                "ArgumentError",
                format!(
                    "'SchemaItem' object, such as a 'Column' or a 'Constraint' expected, got {}",
                    retort_pyscript::repr(item)
                ),
            ));
        }
    }
    Ok(t)
}

/// Table keyword arguments SQLite's dialect reads.
pub fn apply_table_kwargs(
    interp: &mut Interp,
    t: &mut Table,
    kwargs: &[(String, Value)],
) -> EvalResult<()> {
    for (k, v) in kwargs {
        match k.as_str() {
            "schema" => t.schema = v.as_str().map(str::to_owned),
            "sqlite_autoincrement" => t.sqlite_autoincrement = interp.truthy(v)?,
            "sqlite_with_rowid" => t.sqlite_with_rowid = interp.truthy(v)?,
            "sqlite_strict" => t.sqlite_strict = interp.truthy(v)?,
            "comment" => t.comment = v.as_str().map(str::to_owned),
            "prefixes" => {
                t.prefixes = interp
                    .iterate(v)?
                    .iter()
                    .filter_map(|p| p.as_str().map(str::to_owned))
                    .collect()
            }
            _ => {}
        }
    }
    Ok(())
}

impl HostObject for SaTable {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        if self.lightweight {
            "TableClause"
        } else {
            "Table"
        }
        .into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let stmt = |f: fn(TableRef) -> Statement, this: &Rc<SaTable>| {
            let r = this.table_ref();
            Value::native(name, move |_, _| Ok(Value::host(SaStmt(f(r.clone())))))
        };
        Ok(Some(match name {
            "name" | "fullname" => Value::str(&self.table.borrow().name),
            "schema" => self
                .table
                .borrow()
                .schema
                .as_deref()
                .map(Value::str)
                .unwrap_or(Value::None),
            "c" | "columns" => Value::host(ColumnCollection(self.clone())),
            "insert" => stmt(
                |t| Statement::Insert {
                    table: t,
                    values: vec![],
                    multi: vec![],
                    returning: vec![],
                },
                &self,
            ),
            "update" => stmt(
                |t| Statement::Update {
                    table: t,
                    values: vec![],
                    where_: vec![],
                    returning: vec![],
                },
                &self,
            ),
            "delete" => stmt(
                |t| Statement::Delete {
                    table: t,
                    where_: vec![],
                    returning: vec![],
                },
                &self,
            ),
            "select" => {
                let this = self.clone();
                Value::native(name, move |_, _| Ok(Value::host(SaStmt(select_all(&this)))))
            }
            "create" | "drop" if !self.lightweight => {
                let this = self.clone();
                let drop = name == "drop";
                Value::native(name, move |interp, args| {
                    crate::host::create_all::create_or_drop(interp, &this, drop, args)
                })
            }
            // `table.append_column(column)`: single-table inheritance adds a subclass's
            // columns to its base's table.
            "append_column" => {
                let this = self.clone();
                Value::native(name, move |interp, args| {
                    let b = Bound::new(
                        interp,
                        "append_column",
                        &["column", "replace_existing"],
                        args,
                        false,
                    )?;
                    let v = b.required(interp, "column")?.clone();
                    let Some(c) = v.downcast_host::<SaColumn>() else {
                        return Err(interp.exc(
                            "ArgumentError",
                            format!(
                                "'SchemaItem' object, such as a 'Column' or a 'Constraint' expected, got {}",
                                retort_pyscript::repr(&v)
                            ),
                        ));
                    };
                    let replace = match b.get("replace_existing") {
                        Some(r) => interp.truthy(r)?,
                        None => false,
                    };
                    let col = c.col.borrow().clone();
                    let mut t = this.table.borrow_mut();
                    if replace {
                        t.columns.retain(|x| x.name != col.name);
                    }
                    t.append_column(col)
                        .map_err(|e| interp.exc("DuplicateColumnError", e))?;
                    *c.table.borrow_mut() = Some(t.name.clone());
                    if let Some(f) = c.callable_default.borrow().clone() {
                        add_callable_default(&t.name, &c.col.borrow().name, f);
                    }
                    remember_table(&t);
                    Ok(Value::None)
                })
            }
            "join" | "outerjoin" => {
                let left = Value::Host(self.clone());
                let outer = name == "outerjoin";
                Value::native(name, move |interp, args| {
                    let mut all = vec![left.clone()];
                    all.extend(args.positional);
                    make_join(
                        interp,
                        Args {
                            positional: all,
                            keywords: args.keywords,
                        },
                        outer,
                    )
                })
            }
            _ => return Ok(None),
        }))
    }
    fn repr(&self) -> String {
        format!("Table('{}', ...)", self.table.borrow().name)
    }
    fn to_str(&self) -> String {
        self.table.borrow().name.clone()
    }
}

thread_local! {
    /// The last `Table` the script defined (or reflected) under each name: a FROM that a
    /// select found through a column (`select(posts.c.title).join(users)`) is known by name
    /// only, and its foreign keys say how it joins.
    static TABLES_BY_NAME: RefCell<std::collections::HashMap<String, Table>> = RefCell::default();
}

pub(super) fn remember_table(t: &Table) {
    TABLES_BY_NAME.with(|m| m.borrow_mut().insert(t.name.clone(), t.clone()));
}

thread_local! {
    /// The callable `default=`s of the last table defined under each name, by column: an
    /// INSERT into the table calls them for the rows that do not give the column.
    static CALLABLE_DEFAULTS: RefCell<std::collections::HashMap<String, Vec<(String, Value)>>> =
        RefCell::default();
}

/// Remembers the callable defaults of `columns` (column objects) for table `table`.
fn remember_callable_defaults(table: &str, columns: &[Value]) {
    let found: Vec<(String, Value)> = columns
        .iter()
        .filter_map(|v| v.downcast_host::<SaColumn>())
        .filter_map(|c| {
            let f = c.callable_default.borrow().clone()?;
            Some((c.col.borrow().name.clone(), f))
        })
        .collect();
    CALLABLE_DEFAULTS.with(|m| {
        let mut m = m.borrow_mut();
        if found.is_empty() {
            m.remove(table);
        } else {
            m.insert(table.to_owned(), found);
        }
    });
}

fn add_callable_default(table: &str, column: &str, f: Value) {
    CALLABLE_DEFAULTS.with(|m| {
        let mut m = m.borrow_mut();
        let v = m.entry(table.to_owned()).or_default();
        v.retain(|(n, _)| n != column);
        v.push((column.to_owned(), f));
    });
}

/// The callable defaults of table `table`'s columns, by column name.
pub fn callable_defaults(table: &str) -> Vec<(String, Value)> {
    CALLABLE_DEFAULTS.with(|m| m.borrow().get(table).cloned().unwrap_or_default())
}

/// Whether a `default=` is called per row: a function, method, class or callable object
/// (a stand-in too: its call is refused while a step runs).
pub(super) fn is_callable_default(interp: &mut Interp, v: &Value) -> bool {
    match v {
        Value::Function(_) | Value::Native(_) | Value::BoundMethod(_) | Value::Class(_) => true,
        Value::Instance(_) => interp.get_attr_opt(v, "__call__").ok().flatten().is_some(),
        _ => crate::host::standin::stand_in(v).is_some(),
    }
}

/// The values of a row's callable defaults: each default not given in `given` is called
/// (with no arguments, as SQLAlchemy calls a default that takes none) and bound through the
/// column's type.
pub fn call_defaults(
    interp: &mut Interp,
    table: &TableRef,
    given: &[String],
) -> EvalResult<Vec<(String, SqlValue)>> {
    let mut out = Vec::new();
    for (name, f) in callable_defaults(&table.name) {
        if given.contains(&name) || table.column_type(&name).is_none() {
            continue;
        }
        let v = interp.call(&f, Args::new(vec![]))?;
        let ty = table.column_type(&name).cloned();
        out.push((name, to_sql_value(interp, &v, ty.as_ref())?));
    }
    Ok(out)
}

pub(super) fn table_named(name: &str) -> Option<Table> {
    TABLES_BY_NAME.with(|m| m.borrow().get(name).cloned())
}

/// `sa.join(a, b, on)`, `a.join(b, on)`: a FROM clause of joined tables.
pub struct SaJoin {
    pub join: Join,
    /// The tables it joins (for foreign keys when a further join names no condition).
    pub tables: Vec<Table>,
}

impl HostObject for SaJoin {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "Join".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(Some(match name {
            "join" | "outerjoin" => {
                let left = Value::Host(self.clone());
                let outer = name == "outerjoin";
                Value::native(name, move |interp, args| {
                    let mut all = vec![left.clone()];
                    all.extend(args.positional);
                    make_join(
                        interp,
                        Args {
                            positional: all,
                            keywords: args.keywords,
                        },
                        outer,
                    )
                })
            }
            "select" => {
                let this = self.clone();
                Value::native(name, move |_, _| {
                    let mut sel = Select::default();
                    for t in &this.tables {
                        sel.columns.extend(column_exprs(&Table::table_ref(t)));
                    }
                    sel.joins.push(this.join.clone());
                    Ok(Value::host(SaStmt(Statement::Select(sel))))
                })
            }
            _ => return Ok(None),
        }))
    }
}

/// `sa.join(left, right, onclause=None, isouter=False, full=False)` (and `outerjoin`):
/// without a condition, the foreign keys between the two say how they join, as in
/// SQLAlchemy.
pub(super) fn make_join(interp: &mut Interp, args: Args, outer: bool) -> EvalResult<Value> {
    let func = if outer { "outerjoin" } else { "join" };
    let names: &[&str] = if outer {
        &["left", "right", "onclause", "full"]
    } else {
        &["left", "right", "onclause", "isouter", "full"]
    };
    let b = Bound::new(interp, func, names, args, false)?;
    let left_v = b.required(interp, "left")?.clone();
    let right_v = b.required(interp, "right")?.clone();
    let (left, mut tables) = if let Some(t) = left_v.downcast_host::<SaJoin>() {
        (FromItem::Join(Box::new(t.join.clone())), t.tables.clone())
    } else if let Some(t) = left_v.downcast_host::<SaTable>() {
        (
            FromItem::Table(t.table_ref()),
            vec![t.table.borrow().clone()],
        )
    } else {
        return Err(interp.exc("ArgumentError", format!("{func}() expects tables or joins")));
    };
    let Some(right) = right_v
        .downcast_host::<SaTable>()
        .map(|t| t.table.borrow().clone())
    else {
        return Err(interp.exc("ArgumentError", format!("{func}() expects a table to join")));
    };
    let on = match b.get("onclause").filter(|v| !v.is_none()) {
        Some(v) => to_expr(interp, v, None)?,
        None => match infer_onclause(&tables, &right) {
            Some(e) => e,
            None => {
                let left_name = match &left {
                    FromItem::Table(t) => t.name.clone(),
                    FromItem::Join(_) => "Join object".into(),
                };
                exception_class(interp, "NoForeignKeysError");
                return Err(interp.exc(
                    "NoForeignKeysError",
                    format!(
                        "Can't find any foreign key relationships between '{left_name}' and '{}'.",
                        right.name
                    ),
                ));
            }
        },
    };
    let isouter = outer || b.bool(interp, "isouter")?.unwrap_or(false);
    let full = b.bool(interp, "full")?.unwrap_or(false);
    let join = Join {
        left,
        right: Table::table_ref(&right),
        on,
        isouter: isouter || full,
        full,
    };
    tables.push(right);
    Ok(Value::host(SaJoin { join, tables }))
}

/// The join condition SQLAlchemy finds from foreign keys between the left tables and the
/// right one (either direction): the equalities of their columns, AND-ed.
fn infer_onclause(left: &[Table], right: &Table) -> Option<Expr> {
    let r = right;
    let col = |t: &Table, n: &str| {
        t.column(n).map(|c| Expr::Column {
            table: Some(t.name.clone()),
            name: c.name.clone(),
            ty: c.ty.clone(),
        })
    };
    let pairs = |from: &Table, to: &Table| -> Vec<(Expr, Expr)> {
        let mut out = Vec::new();
        for c in from.constraints.iter() {
            if let ConstraintKind::ForeignKey {
                columns,
                refcolumns,
                ..
            } = &c.kind
            {
                for (lc, rc) in columns.iter().zip(refcolumns) {
                    let (rt, rcol) = rc.rsplit_once('.').unwrap_or(("", rc));
                    if rt == to.name
                        && let (Some(a), Some(b)) = (col(to, rcol), col(from, lc))
                    {
                        out.push((a, b));
                    }
                }
            }
        }
        out
    };
    for l in left {
        // SQLAlchemy writes each pair referred column first: `users.id = posts.user_id`.
        let mut found = pairs(r, l);
        if found.is_empty() {
            found = pairs(l, r);
        }
        if !found.is_empty() {
            let items: Vec<Expr> = found
                .into_iter()
                .map(|(a, b)| Expr::Binary {
                    left: Box::new(a),
                    op: BinOp::Eq,
                    right: Box::new(b),
                })
                .collect();
            return Some(and_or(BinOp::And, items));
        }
    }
    None
}

pub(super) fn select_all(t: &SaTable) -> Statement {
    let r = t.table_ref();
    Statement::Select(Select {
        columns: column_exprs(&r),
        froms: vec![r],
        ..Default::default()
    })
}

/// A table's columns as expressions, in order (`select(t)`, `returning(t)`).
pub(super) fn column_exprs(r: &TableRef) -> Vec<Expr> {
    r.columns
        .iter()
        .map(|(n, ty)| Expr::Column {
            table: Some(r.name.clone()),
            name: n.clone(),
            ty: ty.clone(),
        })
        .collect()
}

/// `table.c`: its columns by attribute, key, index or iteration.
pub struct ColumnCollection(Rc<SaTable>);

impl ColumnCollection {
    /// The table's column `name`, as a column object of the table.
    fn column(&self, name: &str) -> Option<Value> {
        let t = self.0.table.borrow();
        let c = t.column(name)?.clone();
        let callable = callable_defaults(&t.name)
            .into_iter()
            .find(|(n, _)| *n == c.name)
            .map(|(_, f)| f);
        Some(Value::host(SaColumn {
            col: RefCell::new(c),
            table: RefCell::new(Some(t.name.clone())),
            nullable_given: std::cell::Cell::new(false),
            callable_default: RefCell::new(callable),
        }))
    }

    fn names(&self) -> Vec<String> {
        self.0
            .table
            .borrow()
            .columns
            .iter()
            .map(|c| c.name.clone())
            .collect()
    }
}

impl HostObject for ColumnCollection {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "ReadOnlyColumnCollection".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let this = self.clone();
        Ok(match name {
            "keys" => Some(Value::native(name, move |_, _| {
                Ok(Value::list(
                    this.names().iter().map(|n| Value::str(n)).collect(),
                ))
            })),
            "values" => Some(Value::native(name, move |_, _| {
                Ok(Value::list(
                    this.names().iter().filter_map(|n| this.column(n)).collect(),
                ))
            })),
            "items" => Some(Value::native(name, move |_, _| {
                Ok(Value::list(
                    this.names()
                        .iter()
                        .filter_map(|n| {
                            this.column(n).map(|c| Value::tuple(vec![Value::str(n), c]))
                        })
                        .collect(),
                ))
            })),
            "get" => Some(Value::native(name, move |_, args| {
                let key = args.positional.first().and_then(name_of).map(|n| n.0);
                Ok(key
                    .and_then(|k| this.column(&k))
                    .or_else(|| args.positional.get(1).cloned())
                    .unwrap_or(Value::None))
            })),
            "contains_column" => Some(Value::native(name, move |_, args| {
                let found = args
                    .positional
                    .first()
                    .and_then(|v| v.downcast_host::<SaColumn>())
                    .is_some_and(|c| {
                        c.table.borrow().as_deref() == Some(this.0.table.borrow().name.as_str())
                            && this.0.table.borrow().column(&c.col.borrow().name).is_some()
                    });
                Ok(Value::Bool(found))
            })),
            _ => self.column(name),
        })
    }
    fn get_item(self: Rc<Self>, interp: &mut Interp, key: &Value) -> EvalResult<Option<Value>> {
        let name = match key {
            Value::Int(i) => {
                let t = self.0.table.borrow();
                let n = t.columns.len() as i64;
                let i = if *i < 0 { i + n } else { *i };
                t.columns.get(i as usize).map(|c| c.name.clone())
            }
            other => name_of(other).map(|n| n.0),
        };
        match name.and_then(|n| self.column(&n)) {
            Some(c) => Ok(Some(c)),
            None => Err(interp.key_error(key)),
        }
    }
    fn contains(self: Rc<Self>, _: &mut Interp, item: &Value) -> EvalResult<Option<bool>> {
        let name = match name_of(item) {
            Some(n) => n.0,
            None => match item.downcast_host::<SaColumn>() {
                Some(c) => c.col.borrow().name.clone(),
                None => return Ok(Some(false)),
            },
        };
        Ok(Some(self.0.table.borrow().column(&name).is_some()))
    }
    fn iterate(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        Ok(Some(
            self.names().iter().filter_map(|n| self.column(n)).collect(),
        ))
    }
    fn len(&self) -> Option<usize> {
        Some(self.0.table.borrow().columns.len())
    }
}
