//! Constraints, foreign keys and indexes: `ForeignKey`, `PrimaryKeyConstraint`,
//! `UniqueConstraint`, `CheckConstraint`, `ForeignKeyConstraint`, `Index`.

use std::cell::RefCell;
use std::rc::Rc;

use retort_pyscript::{Args, EvalResult, HostObject, Interp, Value};

use super::column::SaColumn;
use super::expr::{SaExpr, to_expr};
use crate::host::args::{Bound, name_of};
use crate::sql::expr::Expr;
use crate::sql::schema::{
    Constraint, ConstraintKind, ConstraintName, ForeignKey, Index, IndexExpr,
};

pub struct SaForeignKey(pub ForeignKey);

impl HostObject for SaForeignKey {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "ForeignKey".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "target_fullname" => Some(Value::str(&self.0.target)),
            "name" => Some(
                self.0
                    .name
                    .as_deref()
                    .map(Value::str)
                    .unwrap_or(Value::None),
            ),
            _ => None,
        })
    }
    fn repr(&self) -> String {
        format!("ForeignKey('{}')", self.0.target)
    }
}

pub struct SaConstraint(pub RefCell<Constraint>);

impl HostObject for SaConstraint {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        match self.0.borrow().kind {
            ConstraintKind::PrimaryKey { .. } => "PrimaryKeyConstraint",
            ConstraintKind::Unique { .. } => "UniqueConstraint",
            ConstraintKind::Check { .. } => "CheckConstraint",
            ConstraintKind::ForeignKey { .. } => "ForeignKeyConstraint",
        }
        .into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let c = self.0.borrow();
        Ok(match name {
            "name" => Some(c.name.as_str().map(Value::str).unwrap_or(Value::None)),
            _ => None,
        })
    }
    fn set_attr(&self, _: &mut Interp, name: &str, value: Value) -> EvalResult<bool> {
        if name == "name" {
            self.0.borrow_mut().name = match name_of(&value) {
                Some((n, true)) => ConstraintName::Final(n),
                Some((n, false)) => ConstraintName::Given(n),
                None => ConstraintName::None,
            };
            return Ok(true);
        }
        Ok(false)
    }
}

pub struct SaIndex(pub RefCell<Index>);

impl HostObject for SaIndex {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "Index".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let ix = self.0.borrow();
        Ok(match name {
            "name" => Some(ix.name.as_str().map(Value::str).unwrap_or(Value::None)),
            "unique" => Some(Value::Bool(ix.unique)),
            _ => None,
        })
    }
}

pub fn constraint_name(v: Option<&Value>) -> ConstraintName {
    match v.and_then(name_of) {
        Some((n, true)) => ConstraintName::Final(n),
        Some((n, false)) => ConstraintName::Given(n),
        None => ConstraintName::None,
    }
}

/// A column argument of a constraint or index: its name, from a string or column object.
pub fn column_name(interp: &Interp, v: &Value) -> EvalResult<String> {
    if let Some((n, _)) = name_of(v) {
        return Ok(n);
    }
    if let Some(c) = v.downcast_host::<SaColumn>() {
        return Ok(c.col.borrow().name.clone());
    }
    if let Some(SaExpr(Expr::Column { name, .. })) = v.downcast_host::<SaExpr>() {
        return Ok(name.clone());
    }
    Err(interp.exc(
        "ArgumentError",
        format!(
            "Column name or Column object expected, got {}",
            retort_pyscript::repr(v)
        ),
    ))
}

/// A remote column of a foreign key: `"table.column"`, from a string or column object.
fn remote_column(interp: &Interp, v: &Value) -> EvalResult<String> {
    if let Some((n, _)) = name_of(v) {
        return Ok(n);
    }
    let (table, name) = if let Some(c) = v.downcast_host::<SaColumn>() {
        (c.table.borrow().clone(), c.col.borrow().name.clone())
    } else if let Some(SaExpr(Expr::Column { table, name, .. })) = v.downcast_host::<SaExpr>() {
        (table.clone(), name.clone())
    } else {
        return Err(interp.exc(
            "ArgumentError",
            format!(
                "String column name or Column object expected, got {}",
                retort_pyscript::repr(v)
            ),
        ));
    };
    match table {
        Some(t) => Ok(format!("{t}.{name}")),
        None => Err(interp.exc(
            "ArgumentError",
            format!("Column '{name}' is not bound to a Table; a ForeignKey needs 'table.column'"),
        )),
    }
}

fn take_deferrable(interp: &mut Interp, b: &mut Bound, c: &mut Constraint) -> EvalResult<()> {
    if let Some(v) = b.take_extra("deferrable")
        && !v.is_none()
    {
        c.deferrable = Some(interp.truthy(&v)?);
    }
    if let Some(v) = b.take_extra("initially") {
        c.initially = v.as_str().map(str::to_owned);
    }
    Ok(())
}

pub(super) fn make_fk(interp: &mut Interp, args: Args) -> EvalResult<Value> {
    let b = Bound::new(
        interp,
        "ForeignKey",
        &[
            "column",
            "_constraint",
            "use_alter",
            "name",
            "onupdate",
            "ondelete",
            "deferrable",
            "initially",
            "link_to_name",
            "match",
        ],
        args,
        false,
    )?;
    let target = remote_column(interp, b.required(interp, "column")?)?;
    let mut fk = ForeignKey::new(&target);
    fk.name = b.str(interp, "name")?;
    fk.ondelete = b.str(interp, "ondelete")?;
    fk.onupdate = b.str(interp, "onupdate")?;
    fk.deferrable = b.bool(interp, "deferrable")?;
    fk.initially = b.str(interp, "initially")?;
    fk.match_ = b.str(interp, "match")?;
    fk.use_alter = b.bool(interp, "use_alter")?.unwrap_or(false);
    Ok(Value::host(SaForeignKey(fk)))
}

fn columns_of(interp: &mut Interp, items: &[Value]) -> EvalResult<Vec<String>> {
    items.iter().map(|v| column_name(interp, v)).collect()
}

pub(super) fn make_pk_or_unique(interp: &mut Interp, args: Args, pk: bool) -> EvalResult<Value> {
    let mut b = Bound::new(
        interp,
        if pk {
            "PrimaryKeyConstraint"
        } else {
            "UniqueConstraint"
        },
        &[],
        args,
        true,
    )?;
    let columns = columns_of(interp, &std::mem::take(&mut b.rest))?;
    let name = constraint_name(b.take_extra("name").as_ref());
    let kind = if pk {
        ConstraintKind::PrimaryKey { columns }
    } else {
        ConstraintKind::Unique { columns }
    };
    let mut c = Constraint::new(kind, name);
    take_deferrable(interp, &mut b, &mut c)?;
    Ok(Value::host(SaConstraint(RefCell::new(c))))
}

pub(super) fn sql_text_arg(interp: &mut Interp, v: &Value) -> EvalResult<Expr> {
    if let Some(s) = v.as_str() {
        return Ok(Expr::text(s));
    }
    to_expr(interp, v, None)
}

pub(super) fn make_check(interp: &mut Interp, args: Args) -> EvalResult<Value> {
    let mut b = Bound::new(interp, "CheckConstraint", &["sqltext", "name"], args, false)?;
    let sqltext = sql_text_arg(interp, b.required(interp, "sqltext")?)?;
    let name = constraint_name(b.get("name"));
    let mut c = Constraint::new(ConstraintKind::Check { sqltext }, name);
    take_deferrable(interp, &mut b, &mut c)?;
    Ok(Value::host(SaConstraint(RefCell::new(c))))
}

pub(super) fn make_fk_constraint(interp: &mut Interp, args: Args) -> EvalResult<Value> {
    let mut b = Bound::new(
        interp,
        "ForeignKeyConstraint",
        &[
            "columns",
            "refcolumns",
            "name",
            "onupdate",
            "ondelete",
            "deferrable",
            "initially",
            "use_alter",
            "link_to_name",
            "match",
            "table",
        ],
        args,
        false,
    )?;
    let cols = interp.iterate(b.required(interp, "columns")?)?;
    let refs = interp.iterate(b.required(interp, "refcolumns")?)?;
    let columns = columns_of(interp, &cols)?;
    let refcolumns = refs
        .iter()
        .map(|v| remote_column(interp, v))
        .collect::<EvalResult<Vec<_>>>()?;
    if columns.len() != refcolumns.len() {
        return Err(interp.exc(
            "ArgumentError",
            "ForeignKeyConstraint number of constrained columns must match the number of referenced columns.",
        ));
    }
    let mut c = Constraint::new(
        ConstraintKind::ForeignKey {
            columns,
            refcolumns,
            ondelete: b.str(interp, "ondelete")?,
            onupdate: b.str(interp, "onupdate")?,
            match_: b.str(interp, "match")?,
            use_alter: b.bool(interp, "use_alter")?.unwrap_or(false),
        },
        constraint_name(b.get("name")),
    );
    c.deferrable = b.bool(interp, "deferrable")?;
    c.initially = b.str(interp, "initially")?;
    let _ = b.take_extra("info");
    Ok(Value::host(SaConstraint(RefCell::new(c))))
}

/// An index expression: a column name or object, or an expression (`text()`, `func.x()`).
pub fn index_expr(interp: &mut Interp, v: &Value) -> EvalResult<IndexExpr> {
    if let Some((n, _)) = name_of(v) {
        return Ok(IndexExpr::Column(n));
    }
    if let Some(c) = v.downcast_host::<SaColumn>() {
        return Ok(IndexExpr::Column(c.col.borrow().name.clone()));
    }
    match to_expr(interp, v, None)? {
        Expr::Column { name, .. } => Ok(IndexExpr::Column(name)),
        e => Ok(IndexExpr::Expr(e)),
    }
}

pub(super) fn make_index(interp: &mut Interp, args: Args) -> EvalResult<Value> {
    let mut b = Bound::new(interp, "Index", &["name"], args, true)?;
    let name = constraint_name(b.get("name"));
    let mut table = String::new();
    let mut expressions = Vec::new();
    for v in std::mem::take(&mut b.rest) {
        if let Some(c) = v.downcast_host::<SaColumn>()
            && let Some(t) = &*c.table.borrow()
        {
            table = t.clone();
        }
        if let Some(SaExpr(Expr::Column { table: Some(t), .. })) = v.downcast_host::<SaExpr>() {
            table = t.clone();
        }
        expressions.push(index_expr(interp, &v)?);
    }
    let unique = match b.take_extra("unique") {
        Some(v) => interp.truthy(&v)?,
        None => false,
    };
    let sqlite_where = match b.take_extra("sqlite_where") {
        Some(v) if !v.is_none() => Some(sql_text_arg(interp, &v)?),
        _ => None,
    };
    Ok(Value::host(SaIndex(RefCell::new(Index {
        name,
        table,
        expressions,
        unique,
        sqlite_where,
        column_flag: false,
        reflected: false,
    }))))
}
