//! `sa.Column(...)` / `sa.column(...)` and what a column carries: server defaults, Python-side
//! defaults, `Computed`, `Identity`.

use std::cell::RefCell;
use std::rc::Rc;

use retort_pyscript::{Args, EvalResult, HostObject, Interp, Op, UnaryOp, Value};

use super::constraints::{SaConstraint, SaForeignKey};
use super::expr::{SaExpr, expr_binary, expr_method, negate, to_expr};
use super::table::{SaTable, is_callable_default};
use super::types::{SaType, to_type};
use crate::host::args::{Bound, name_of};
use crate::sql::expr::{Expr, TableRef, UnaryKind};
use crate::sql::schema::{Autoincrement, Column, ServerDefault};
use crate::sql::types::{SqlType, TypeKind};

/// `sa.Column(...)`, `sa.column(...)`, or a table's column (`t.c.x`).
pub struct SaColumn {
    pub col: RefCell<Column>,
    pub table: RefCell<Option<String>>,
    /// Explicit `nullable=` given (a primary key then keeps it).
    pub nullable_given: std::cell::Cell<bool>,
    /// A Python-side `default=` that is called for each row inserted without the column
    /// (`default=datetime.utcnow`, `default=lambda: uuid4().hex`).
    pub callable_default: RefCell<Option<Value>>,
}

impl SaColumn {
    pub fn expr(&self) -> Expr {
        let c = self.col.borrow();
        Expr::Column {
            table: self.table.borrow().clone(),
            name: c.name.clone(),
            ty: c.ty.clone(),
        }
    }
}

impl HostObject for SaColumn {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "Column".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let c = self.col.borrow();
        Ok(match name {
            "name" | "key" => Some(Value::str(&c.name)),
            "type" => Some(Value::host(SaType(c.ty.clone()))),
            "nullable" => Some(Value::Bool(c.nullable)),
            "primary_key" => Some(Value::Bool(c.primary_key)),
            "unique" => Some(c.unique.map(Value::Bool).unwrap_or(Value::None)),
            "index" => Some(c.index.map(Value::Bool).unwrap_or(Value::None)),
            "table" => Some(match &*self.table.borrow() {
                Some(t) => Value::host(SaTable::lightweight(TableRef {
                    name: t.clone(),
                    schema: None,
                    columns: vec![],
                    defaults: vec![],
                })),
                None => Value::None,
            }),
            "comment" => Some(c.comment.as_deref().map(Value::str).unwrap_or(Value::None)),
            "foreign_keys" => Some(Value::list(
                c.foreign_keys
                    .iter()
                    .map(|fk| Value::host(SaForeignKey(fk.clone())))
                    .collect(),
            )),
            // `column.default`: SQLAlchemy's ColumnDefault (`arg`, `is_callable`,
            // `is_scalar`, `is_clause_element`), or None.
            "default" => Some({
                let callable = self.callable_default.borrow().clone();
                match (&c.default, callable) {
                    (_, Some(f)) => Value::host(SaColumnDefault {
                        arg: f,
                        kind: "callable",
                    }),
                    (Some(Expr::Bind { value, .. }), None) => Value::host(SaColumnDefault {
                        arg: crate::host::conn::sql_to_py(value),
                        kind: "scalar",
                    }),
                    (Some(e), None) => Value::host(SaColumnDefault {
                        arg: SaExpr::value(e.clone()),
                        kind: "clause_element",
                    }),
                    (None, None) => Value::None,
                }
            }),
            "server_default" => Some(match &c.server_default {
                Some(d) => Value::host(SaDefaultClause(d.clone())),
                None => Value::None,
            }),
            "autoincrement" => Some(match c.autoincrement {
                Autoincrement::Auto => Value::str("auto"),
                Autoincrement::IgnoreFk => Value::str("ignore_fk"),
                Autoincrement::True => Value::Bool(true),
                Autoincrement::False => Value::Bool(false),
            }),
            // `Column._merge(other)`: what this column says and `other` does not (a
            // `mapped_column()` inside `Annotated` completing the attribute's column).
            "_merge" => {
                let this = self.clone();
                Some(Value::native(name, move |interp, args| {
                    let Some(other) = args
                        .positional
                        .first()
                        .and_then(|v| v.downcast_host::<SaColumn>())
                    else {
                        return Err(interp.type_error("_merge() expects a Column"));
                    };
                    let src = this.col.borrow().clone();
                    let mut dst = other.col.borrow_mut();
                    if src.primary_key {
                        dst.primary_key = true;
                    }
                    if src.autoincrement != Autoincrement::Auto
                        && dst.autoincrement == Autoincrement::Auto
                    {
                        dst.autoincrement = src.autoincrement;
                    }
                    if src.ty.kind != TypeKind::Null && dst.ty.kind == TypeKind::Null {
                        dst.ty = src.ty.clone();
                    }
                    if this.nullable_given.get() && !other.nullable_given.get() {
                        dst.nullable = src.nullable;
                        other.nullable_given.set(true);
                    }
                    if src.default.is_some() && dst.default.is_none() {
                        dst.default = src.default.clone();
                    }
                    if src.server_default.is_some() && dst.server_default.is_none() {
                        dst.server_default = src.server_default.clone();
                    }
                    if src.index.is_some() && dst.index.is_none() {
                        dst.index = src.index;
                    }
                    if src.unique.is_some() && dst.unique.is_none() {
                        dst.unique = src.unique;
                    }
                    if src.comment.is_some() && dst.comment.is_none() {
                        dst.comment = src.comment.clone();
                    }
                    dst.checks.extend(src.checks.iter().cloned());
                    dst.foreign_keys.extend(src.foreign_keys.iter().cloned());
                    if src.computed.is_some() && dst.computed.is_none() {
                        dst.computed = src.computed.clone();
                    }
                    Ok(Value::None)
                }))
            }
            // `Column._copy()`: the same column, in no table (declarative copies a mixin's
            // columns onto each mapped class).
            "_copy" | "copy" => {
                let this = self.clone();
                Some(Value::native(name, move |_, _| {
                    Ok(Value::host(SaColumn {
                        col: RefCell::new(this.col.borrow().clone()),
                        table: RefCell::new(None),
                        nullable_given: this.nullable_given.clone(),
                        callable_default: this.callable_default.clone(),
                    }))
                }))
            }
            _ => {
                drop(c);
                expr_method(self.expr(), name)
            }
        })
    }
    fn set_attr(&self, interp: &mut Interp, name: &str, value: Value) -> EvalResult<bool> {
        let mut c = self.col.borrow_mut();
        match name {
            "name" | "key" => c.name = name_of(&value).map(|n| n.0).unwrap_or_default(),
            "nullable" => c.nullable = interp.truthy(&value)?,
            "primary_key" => c.primary_key = interp.truthy(&value)?,
            "unique" => c.unique = Some(interp.truthy(&value)?),
            "index" => c.index = Some(interp.truthy(&value)?),
            "type" => {
                drop(c);
                if let Some(t) = to_type(interp, &value)? {
                    self.col.borrow_mut().ty = t;
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
    fn binary_op(
        self: Rc<Self>,
        interp: &mut Interp,
        op: Op,
        other: &Value,
        reflected: bool,
    ) -> EvalResult<Option<Value>> {
        expr_binary(interp, self.expr(), op, other, reflected)
    }
    fn unary_op(self: Rc<Self>, _: &mut Interp, op: UnaryOp) -> EvalResult<Option<Value>> {
        Ok(Some(SaExpr::value(match op {
            UnaryOp::Invert => negate(self.expr()),
            UnaryOp::Neg => Expr::Unary {
                op: UnaryKind::Neg,
                operand: Box::new(self.expr()),
            },
            UnaryOp::Pos => self.expr(),
        })))
    }
    fn repr(&self) -> String {
        let c = self.col.borrow();
        match &*self.table.borrow() {
            Some(t) => format!("Column('{}', {}, table=<{t}>)", c.name, c.ty.repr()),
            None => format!("Column('{}', {})", c.name, c.ty.repr()),
        }
    }
    fn to_str(&self) -> String {
        let c = self.col.borrow();
        match &*self.table.borrow() {
            Some(t) => format!("{t}.{}", c.name),
            None => c.name.clone(),
        }
    }
}

const COLUMN_PARAMS: &[&str] = &["__name_pos", "__type_pos"];

pub(super) fn make_column(interp: &mut Interp, args: Args) -> EvalResult<Value> {
    let mut b = Bound::new(interp, "Column", COLUMN_PARAMS, args, true)?;
    // Column(name, type, *items): both optional and recognised by what they are.
    let mut items: Vec<Value> = Vec::new();
    items.extend(b.given("__name_pos").cloned());
    items.extend(b.given("__type_pos").cloned());
    items.append(&mut b.rest);
    let mut name = None;
    let mut ty = None;
    let mut i = 0;
    if let Some(n) = items.first().and_then(name_of) {
        name = Some(n.0);
        i = 1;
    } else if items.first().is_some_and(|v| v.is_none()) {
        i = 1;
    }
    if let Some(v) = items.get(i)
        && let Some(t) = to_type(interp, v)?
    {
        ty = Some(t);
        i += 1;
    }
    for (k, v) in &b.extra {
        match k.as_str() {
            "name" => name = name_of(v).map(|n| n.0),
            "type_" => ty = to_type(interp, v)?,
            _ => {}
        }
    }
    let mut col = Column::new(&name.unwrap_or_default(), ty.unwrap_or_else(SqlType::null));
    let mut identity_always = false;
    for item in &items[i..] {
        if let Some(fk) = item.downcast_host::<SaForeignKey>() {
            col.foreign_keys.push(fk.0.clone());
        } else if let Some(c) = item.downcast_host::<SaConstraint>() {
            col.checks.push(c.0.borrow().clone());
        } else if let Some(c) = item.downcast_host::<SaComputed>() {
            col.computed = Some((c.0.clone(), c.1));
        } else if let Some(id) = item.downcast_host::<SaIdentity>() {
            // Identity: SQLite has no identity columns; SQLAlchemy renders nothing, but
            // `always=True` makes the column NOT NULL.
            identity_always |= id.0;
        } else if item.is_none() || crate::host::standin::stand_in(item).is_some() {
        } else {
            return Err(interp.exc(
                "ArgumentError",
                format!(
                    "'SchemaItem' object, such as a 'Column' or a 'Constraint' expected, got {}",
                    retort_pyscript::repr(item)
                ),
            ));
        }
    }
    let mut nullable_given = false;
    let mut nullable = None;
    let mut callable = None;
    for (k, v) in std::mem::take(&mut b.extra) {
        match k.as_str() {
            "nullable" => {
                nullable_given = true;
                nullable = Some(interp.truthy(&v)?);
            }
            "primary_key" => col.primary_key = interp.truthy(&v)?,
            "unique" => {
                col.unique = if v.is_none() {
                    None
                } else {
                    Some(interp.truthy(&v)?)
                }
            }
            "index" => {
                col.index = if v.is_none() {
                    None
                } else {
                    Some(interp.truthy(&v)?)
                }
            }
            "comment" => col.comment = v.as_str().map(str::to_owned),
            "autoincrement" => {
                col.autoincrement = match &v {
                    Value::Str(s) if &**s == "auto" => Autoincrement::Auto,
                    Value::Str(s) if &**s == "ignore_fk" => Autoincrement::IgnoreFk,
                    other => {
                        if interp.truthy(other)? {
                            Autoincrement::True
                        } else {
                            Autoincrement::False
                        }
                    }
                }
            }
            "server_default" => col.server_default = server_default(interp, &v)?,
            // A Python-side default: a scalar or SQL expression is kept for inserts; a
            // callable (or anything else, a stand-in included) is evaluated by SQLAlchemy
            // only when a row is inserted without the column, never in DDL.
            // A Python-side default, applied to INSERTs that do not give the column (never
            // in DDL): a SQL expression renders inline; a callable is called for each row;
            // any other value is bound, through the column's type.
            "onupdate" if v.is_none() => {}
            "onupdate" => {
                col.onupdate = if is_callable_default(interp, &v) {
                    Some((Expr::Null, Some(callable_default_repr(interp, &v))))
                } else {
                    let ty = col.ty.clone();
                    match to_expr(interp, &v, Some(&ty)) {
                        Ok(e) if matches!(v, Value::Host(_)) => Some((e, None)),
                        Ok(e) => Some((
                            e,
                            Some(format!(
                                "ScalarElementColumnDefault({})",
                                interp.repr_of(&v)?
                            )),
                        )),
                        Err(_) => None,
                    }
                }
            }
            "default" if v.is_none() => {}
            "default" if is_callable_default(interp, &v) => {
                // Offline, SQLAlchemy's prefetch parameter renders NULL (sqlite::compiler).
                col.default = Some(Expr::Null);
                col.default_repr = Some(callable_default_repr(interp, &v));
                callable = Some(v);
            }
            "default" => {
                let ty = col.ty.clone();
                if let Ok(e) = to_expr(interp, &v, Some(&ty)) {
                    col.default = Some(e);
                    if !matches!(v, Value::Host(_)) {
                        col.default_repr = Some(format!(
                            "ScalarElementColumnDefault({})",
                            interp.repr_of(&v)?
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    col.nullable = nullable.unwrap_or(!col.primary_key && !identity_always);
    Ok(Value::host(SaColumn {
        col: RefCell::new(col),
        table: RefCell::new(None),
        nullable_given: std::cell::Cell::new(nullable_given),
        callable_default: RefCell::new(callable),
    }))
}

/// `server_default=`: a string, `text()`, a function or other expression.
pub fn server_default(interp: &mut Interp, v: &Value) -> EvalResult<Option<ServerDefault>> {
    if v.is_none() {
        return Ok(None);
    }
    if let Some(s) = name_of(v) {
        return Ok(Some(ServerDefault::Str(s.0)));
    }
    if let Some(e) = v.downcast_host::<SaExpr>() {
        return Ok(Some(ServerDefault::Expr(e.0.clone())));
    }
    if let Some(d) = v.downcast_host::<SaDefaultClause>() {
        return Ok(Some(d.0.clone()));
    }
    Err(interp.exc(
        "ArgumentError",
        format!(
            "Argument 'arg' is expected to be one of type '<class 'str'>' or '<class 'sqlalchemy.sql.elements.ClauseElement'>' or '<class 'sqlalchemy.sql.elements.TextClause'>', got '<class '{}'>'",
            v.type_name()
        ),
    ))
}

/// `repr()` of SQLAlchemy's `CallableColumnDefault`, with the `__qualname__` it shows: the
/// callable's own (`functools.update_wrapper` copies it onto the wrapper SQLAlchemy makes
/// for one that takes no context), or, for a callable object without a `__name__`, the
/// wrapper's.
fn callable_default_repr(interp: &mut Interp, v: &Value) -> String {
    let mut name = "CallableColumnDefault._maybe_wrap_callable.<locals>.<lambda>".to_owned();
    for attr in ["__qualname__", "__name__"] {
        if let Ok(Some(n)) = interp.get_attr_opt(v, attr)
            && let Some(n) = n.as_str()
        {
            name = n.to_owned();
            break;
        }
    }
    format!("CallableColumnDefault(<function {name} at 0x0>)")
}

/// `column.default`: a Python-side default, as SQLAlchemy's `ColumnDefault` shows it.
pub struct SaColumnDefault {
    arg: Value,
    /// `callable`, `scalar` or `clause_element`.
    kind: &'static str,
}

impl HostObject for SaColumnDefault {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        match self.kind {
            "callable" => "CallableColumnDefault",
            "scalar" => "ScalarElementColumnDefault",
            _ => "ColumnElementColumnDefault",
        }
        .into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "arg" => Some(self.arg.clone()),
            "is_callable" => Some(Value::Bool(self.kind == "callable")),
            "is_scalar" => Some(Value::Bool(self.kind == "scalar")),
            "is_clause_element" => Some(Value::Bool(self.kind == "clause_element")),
            "is_sequence" | "is_server_default" => Some(Value::Bool(false)),
            _ => None,
        })
    }
    fn repr(&self) -> String {
        format!("{}({})", self.type_name(), retort_pyscript::repr(&self.arg))
    }
}

pub struct SaDefaultClause(pub ServerDefault);

impl HostObject for SaDefaultClause {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "DefaultClause".into()
    }
}

pub struct SaComputed(pub Expr, pub Option<bool>);

impl HostObject for SaComputed {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "Computed".into()
    }
}

pub struct SaIdentity(pub bool);

impl HostObject for SaIdentity {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "Identity".into()
    }
}
