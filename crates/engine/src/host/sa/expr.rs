//! SQL expressions: `SaExpr` (`text()`, `t.c.x == 5`, `literal_column()`, ...), the
//! operators and methods of column expressions, Python values bound as parameters, and
//! `sa.func`.

use std::rc::Rc;

use retort_pyscript::{Args, EvalResult, HostObject, Interp, Op, UnaryOp, Value};

use super::column::SaColumn;
use super::module::exception_class;
use super::stmt::SaStmt;
use super::types::{SaType, to_type};
use crate::host::args::name_of;
use crate::sql::expr::{BinOp, Expr, SqlValue, Statement, UnaryKind};
use crate::sql::types::SqlType;

/// Any SQL expression: `text()`, `func.x()`, `t.c.x == 5`, `literal_column()`, ...
pub struct SaExpr(pub Expr);

impl SaExpr {
    pub fn value(e: Expr) -> Value {
        Value::host(SaExpr(e))
    }
}

/// The expression a Python value stands for in SQL, where a value of type `ty` is
/// expected.
pub fn to_expr(interp: &mut Interp, v: &Value, ty: Option<&SqlType>) -> EvalResult<Expr> {
    if let Some(e) = v.downcast_host::<SaExpr>() {
        return Ok(e.0.clone());
    }
    if let Some(c) = v.downcast_host::<SaColumn>() {
        return Ok(c.expr());
    }
    if let Some(s) = v.downcast_host::<SaStmt>()
        && let Statement::Select(sel) = &s.0
    {
        return Ok(Expr::Select(Box::new(sel.clone())));
    }
    if v.is_none() {
        return Ok(Expr::Null);
    }
    if let Some(s) = crate::host::standin::stand_in(v) {
        return Ok(Expr::StandIn(s.name.to_string()));
    }
    let value = to_sql_value(interp, v, ty)?;
    Ok(Expr::Bind {
        key: None,
        value,
        ty: ty.cloned().unwrap_or_else(SqlType::null),
        literal: false,
    })
}

/// A Python value bound as a parameter, as SQLAlchemy's bind processors (for `ty`) and
/// pysqlite's adapters store it.
pub fn to_sql_value(interp: &mut Interp, v: &Value, ty: Option<&SqlType>) -> EvalResult<SqlValue> {
    use crate::sql::types::Affinity;
    // A project's TypeDecorator processes the value first; its impl binds the result.
    if let Some(t) = ty
        && let Some(d) = &t.decorator
    {
        let processed = crate::host::typedecorator::bind_param(interp, d, v)?;
        let mut plain = t.clone();
        plain.decorator = None;
        return to_sql_value(interp, &processed, Some(&plain));
    }
    let aff = ty.map(|t| t.affinity()).unwrap_or(Affinity::Null);
    if aff == Affinity::Json && !(v.is_none() && ty.is_some_and(|t| t.none_as_null)) {
        let json = interp.try_import("json")?.expect("json module");
        let dumps = interp.get_attr(&json, "dumps")?;
        let s = interp.call(&dumps, Args::new(vec![v.clone()]))?;
        return Ok(SqlValue::Text(s.as_str().unwrap_or_default().to_owned()));
    }
    Ok(match v {
        Value::None => SqlValue::Null,
        Value::Bool(b) => SqlValue::Int(*b as i64),
        Value::Int(i) => SqlValue::Int(*i),
        Value::Float(f) => SqlValue::Float(*f),
        // A non-native Uuid(as_uuid=False) stores the 32 hex digits without dashes.
        Value::Str(s) if ty.is_some_and(|t| t.kind == crate::sql::types::TypeKind::Uuid) => {
            SqlValue::Text(s.replace('-', ""))
        }
        Value::Str(s) => SqlValue::Text(s.to_string()),
        Value::Bytes(b) => SqlValue::Blob(b.to_vec()),
        Value::Dict(_) | Value::List(_) if aff == Affinity::Json => {
            let json = interp.try_import("json")?.expect("json module");
            let dumps = interp.get_attr(&json, "dumps")?;
            let s = interp.call(&dumps, Args::new(vec![v.clone()]))?;
            SqlValue::Text(s.as_str().unwrap_or_default().to_owned())
        }
        Value::Instance(i) if i.class.is_enum => match (aff, i.get("name"), i.get("value")) {
            (Affinity::String, Some(Value::Str(n)), _) => SqlValue::Text(n.to_string()),
            (_, _, Some(val)) => return to_sql_value(interp, &val, ty),
            _ => return Err(unsupported_param(interp, v)),
        },
        Value::Host(h) => {
            if let Some(dt) = h.as_any().downcast_ref::<retort_pyscript::DateTime>() {
                let (y, mo, d, hh, mi, ss, us) = dt.parts();
                SqlValue::Text(match aff {
                    Affinity::DateTime => {
                        format!("{y:04}-{mo:02}-{d:02} {hh:02}:{mi:02}:{ss:02}.{us:06}")
                    }
                    Affinity::Date => format!("{y:04}-{mo:02}-{d:02}"),
                    _ if dt.date_only => format!("{y:04}-{mo:02}-{d:02}"),
                    _ => dt.iso(' '),
                })
            } else if let Some(t) = h.as_any().downcast_ref::<retort_pyscript::Time>() {
                // SQLAlchemy's SQLite TIME storage format (tzinfo is not stored).
                let (hh, mi, ss, us) = t.parts();
                SqlValue::Text(format!("{hh:02}:{mi:02}:{ss:02}.{us:06}"))
            } else if let Some(td) = h.as_any().downcast_ref::<retort_pyscript::TimeDelta>() {
                // Interval on SQLite: the epoch plus the interval, as a DATETIME.
                let dt = retort_pyscript::DateTime {
                    micros: td.0,
                    date_only: false,
                    tz: None,
                };
                let (y, mo, d, hh, mi, ss, us) = dt.parts();
                SqlValue::Text(format!(
                    "{y:04}-{mo:02}-{d:02} {hh:02}:{mi:02}:{ss:02}.{us:06}"
                ))
            } else if let Some(u) = h.as_any().downcast_ref::<retort_pyscript::Uuid>() {
                match aff {
                    Affinity::String => SqlValue::Text(u.hex()),
                    _ => return Err(unsupported_param(interp, v)),
                }
            } else if let Some(d) = h.as_any().downcast_ref::<retort_pyscript::DecimalValue>() {
                // Numeric and Float bind processors turn a Decimal into a float; other
                // types pass it to pysqlite, which refuses it.
                match aff {
                    Affinity::Numeric | Affinity::Float => SqlValue::Decimal(d.0.to_sci_string()),
                    _ => return Err(unsupported_param(interp, v)),
                }
            } else if let Some(c) = h.as_any().downcast_ref::<crate::host::args::Conv>() {
                SqlValue::Text(c.0.clone())
            } else {
                return Err(unsupported_param(interp, v));
            }
        }
        _ => return Err(unsupported_param(interp, v)),
    })
}

fn unsupported_param(interp: &mut Interp, v: &Value) -> retort_pyscript::Unwind {
    exception_class(interp, "ProgrammingError");
    interp.exc(
        "ProgrammingError",
        format!(
            "(sqlite3.ProgrammingError) Error binding parameter 1: type '{}' is not supported",
            v.type_name()
        ),
    )
}

fn binop_of(op: Op) -> Option<BinOp> {
    Some(match op {
        Op::Eq => BinOp::Eq,
        Op::Ne => BinOp::Ne,
        Op::Lt => BinOp::Lt,
        Op::Le => BinOp::Le,
        Op::Gt => BinOp::Gt,
        Op::Ge => BinOp::Ge,
        Op::Add => BinOp::Add,
        Op::Sub => BinOp::Sub,
        Op::Mul => BinOp::Mul,
        Op::Div => BinOp::Div,
        Op::Mod => BinOp::Mod,
        Op::BitAnd => BinOp::And,
        Op::BitOr => BinOp::Or,
        _ => return None,
    })
}

pub(super) fn expr_binary(
    interp: &mut Interp,
    this: Expr,
    op: Op,
    other: &Value,
    reflected: bool,
) -> EvalResult<Option<Value>> {
    let Some(mut bop) = binop_of(op) else {
        return Ok(None);
    };
    let ty = this.ty();
    let other_e = to_expr(interp, other, Some(&ty))?;
    if bop == BinOp::Add
        && matches!(
            ty.affinity(),
            crate::sql::types::Affinity::String | crate::sql::types::Affinity::Text
        )
    {
        bop = BinOp::Concat;
    }
    let (l, r) = if reflected {
        (other_e, this)
    } else {
        (this, other_e)
    };
    if matches!(bop, BinOp::And | BinOp::Or) {
        return Ok(Some(SaExpr::value(and_or(bop, vec![l, r]))));
    }
    Ok(Some(SaExpr::value(Expr::Binary {
        left: Box::new(l),
        op: bop,
        right: Box::new(r),
    })))
}

pub(super) fn and_or(op: BinOp, items: Vec<Expr>) -> Expr {
    let mut flat = Vec::new();
    for it in items {
        match it {
            Expr::Clauses { op: o, items } if o == op => flat.extend(items),
            other => flat.push(other),
        }
    }
    if flat.len() == 1 {
        flat.pop().unwrap()
    } else {
        Expr::Clauses { op, items: flat }
    }
}

/// The methods every column expression has (`.in_()`, `.is_()`, `.like()`, `.desc()`,
/// `.label()`, ...).
pub(super) fn expr_method(this: Expr, name: &str) -> Option<Value> {
    let e = this;
    let bin = |op: BinOp, e: Expr| {
        move |interp: &mut Interp, args: Args| -> EvalResult {
            let other = args.positional.first().cloned().unwrap_or(Value::None);
            let ty = e.ty();
            let r = to_expr(interp, &other, Some(&ty))?;
            let (op, r) = match (op, &r) {
                (BinOp::Is, Expr::Null) => (BinOp::Is, r),
                _ => (op, r),
            };
            Ok(SaExpr::value(Expr::Binary {
                left: Box::new(e.clone()),
                op,
                right: Box::new(r),
            }))
        }
    };
    let unary = |k: UnaryKind, e: Expr| {
        move |_: &mut Interp, _: Args| -> EvalResult {
            Ok(SaExpr::value(Expr::Unary {
                op: k,
                operand: Box::new(e.clone()),
            }))
        }
    };
    Some(match name {
        "like" => Value::native(name, bin(BinOp::Like, e)),
        "not_like" | "notlike" => Value::native(name, bin(BinOp::NotLike, e)),
        "ilike" => Value::native(name, bin(BinOp::ILike, e)),
        "not_ilike" | "notilike" => Value::native(name, bin(BinOp::NotILike, e)),
        "is_" => Value::native(name, bin(BinOp::Is, e)),
        "is_not" | "isnot" => Value::native(name, bin(BinOp::IsNot, e)),
        "op" => Value::native(name, move |_, args| {
            let op = args
                .positional
                .first()
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_owned();
            let e = e.clone();
            Ok(Value::native("op", move |interp, args| {
                let other = args.positional.first().cloned().unwrap_or(Value::None);
                let r = to_expr(interp, &other, None)?;
                let l = crate::sqlite::compile_expr_literal(&e).unwrap_or_default();
                let r = crate::sqlite::compile_expr_literal(&r).unwrap_or_default();
                Ok(SaExpr::value(Expr::LiteralColumn(format!("{l} {op} {r}"))))
            }))
        }),
        "in_" | "not_in" | "notin_" => {
            let neg = name != "in_";
            Value::native(name, move |interp, args| {
                let arg = args.positional.first().cloned().unwrap_or(Value::None);
                let ty = e.ty();
                let right = if let Some(s) = arg.downcast_host::<SaStmt>()
                    && let Statement::Select(sel) = &s.0
                {
                    Expr::Select(Box::new(sel.clone()))
                } else {
                    let mut items = Vec::new();
                    for v in interp.iterate(&arg)? {
                        items.push(to_expr(interp, &v, Some(&ty))?);
                    }
                    Expr::Tuple(items)
                };
                Ok(SaExpr::value(Expr::Binary {
                    left: Box::new(e.clone()),
                    op: if neg { BinOp::NotIn } else { BinOp::In },
                    right: Box::new(right),
                }))
            })
        }
        "between" => Value::native(name, move |interp, args| {
            let ty = e.ty();
            let lo = to_expr(
                interp,
                args.positional.first().unwrap_or(&Value::None),
                Some(&ty),
            )?;
            let hi = to_expr(
                interp,
                args.positional.get(1).unwrap_or(&Value::None),
                Some(&ty),
            )?;
            Ok(SaExpr::value(Expr::Between {
                expr: Box::new(e.clone()),
                low: Box::new(lo),
                high: Box::new(hi),
            }))
        }),
        "desc" => Value::native(name, unary(UnaryKind::Desc, e)),
        "asc" => Value::native(name, unary(UnaryKind::Asc, e)),
        "distinct" => Value::native(name, unary(UnaryKind::Distinct, e)),
        "label" => Value::native(name, move |_, args| {
            let n = args
                .positional
                .first()
                .and_then(name_of)
                .map(|n| n.0)
                .unwrap_or_default();
            Ok(SaExpr::value(Expr::Label {
                name: n,
                expr: Box::new(e.clone()),
            }))
        }),
        "cast" => Value::native(name, move |interp, args| {
            let t = match args.positional.first() {
                Some(v) => to_type(interp, v)?.unwrap_or_else(SqlType::null),
                None => SqlType::null(),
            };
            Ok(SaExpr::value(Expr::Cast {
                expr: Box::new(e.clone()),
                ty: t,
            }))
        }),
        "self_group" => Value::native(name, move |_, _| {
            Ok(SaExpr::value(Expr::Grouping(Box::new(e.clone()))))
        }),
        _ => return None,
    })
}

impl HostObject for SaExpr {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        match &self.0 {
            Expr::Text(_) => "TextClause".into(),
            Expr::Func { .. } => "Function".into(),
            Expr::Binary { .. } => "BinaryExpression".into(),
            _ => "ColumnElement".into(),
        }
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        if let Expr::Text(t) = &self.0 {
            let t = t.clone();
            match name {
                "bindparams" => {
                    return Ok(Some(Value::native(name, move |interp, args| {
                        let mut t = t.clone();
                        for v in &args.positional {
                            if let Some(SaExpr(Expr::Bind {
                                key: Some(k),
                                value,
                                ..
                            })) = v.downcast_host::<SaExpr>()
                            {
                                t.binds.insert(k.clone(), value.clone());
                            }
                        }
                        for (k, v) in &args.keywords {
                            let sv = to_sql_value(interp, v, None)?;
                            t.binds.insert(k.to_string(), sv);
                        }
                        Ok(SaExpr::value(Expr::Text(t)))
                    })));
                }
                "columns" => {
                    let e = self.clone();
                    return Ok(Some(Value::native(name, move |_, _| {
                        Ok(Value::Host(e.clone()))
                    })));
                }
                "text" => return Ok(Some(Value::str(&t.text))),
                _ => {}
            }
        }
        if name == "name"
            && let Some(n) = self.0.result_name()
        {
            return Ok(Some(Value::str(&n)));
        }
        if name == "type" {
            return Ok(Some(Value::host(SaType(self.0.ty()))));
        }
        Ok(expr_method(self.0.clone(), name))
    }
    fn binary_op(
        self: Rc<Self>,
        interp: &mut Interp,
        op: Op,
        other: &Value,
        reflected: bool,
    ) -> EvalResult<Option<Value>> {
        expr_binary(interp, self.0.clone(), op, other, reflected)
    }
    fn unary_op(self: Rc<Self>, _: &mut Interp, op: UnaryOp) -> EvalResult<Option<Value>> {
        Ok(Some(SaExpr::value(match op {
            UnaryOp::Invert => negate(self.0.clone()),
            UnaryOp::Neg => Expr::Unary {
                op: UnaryKind::Neg,
                operand: Box::new(self.0.clone()),
            },
            UnaryOp::Pos => self.0.clone(),
        })))
    }
    fn truthy(&self) -> Option<bool> {
        None
    }
    fn repr(&self) -> String {
        match &self.0 {
            Expr::Text(t) => format!("<sqlalchemy.sql.elements.TextClause object; {:?}>", t.text),
            e => format!(
                "<{} {}>",
                self.type_name(),
                crate::sqlite::compile_expr_literal(e).unwrap_or_default()
            ),
        }
    }
    fn to_str(&self) -> String {
        match &self.0 {
            Expr::Text(t) => t.text.clone(),
            e => crate::sqlite::compile_expr_literal(e).unwrap_or_default(),
        }
    }
}

/// `~expr` / `sa.not_(expr)`: SQLAlchemy negates comparison operators in place.
pub(super) fn negate(e: Expr) -> Expr {
    match e {
        Expr::Binary { left, op, right } => {
            let neg = match op {
                BinOp::Eq => Some(BinOp::Ne),
                BinOp::Ne => Some(BinOp::Eq),
                BinOp::Lt => Some(BinOp::Ge),
                BinOp::Ge => Some(BinOp::Lt),
                BinOp::Gt => Some(BinOp::Le),
                BinOp::Le => Some(BinOp::Gt),
                BinOp::In => Some(BinOp::NotIn),
                BinOp::NotIn => Some(BinOp::In),
                BinOp::Like => Some(BinOp::NotLike),
                BinOp::NotLike => Some(BinOp::Like),
                BinOp::Is => Some(BinOp::IsNot),
                BinOp::IsNot => Some(BinOp::Is),
                _ => None,
            };
            match neg {
                Some(op) => Expr::Binary { left, op, right },
                None => Expr::Unary {
                    op: UnaryKind::Not,
                    operand: Box::new(Expr::Binary { left, op, right }),
                },
            }
        }
        other => Expr::Unary {
            op: UnaryKind::Not,
            operand: Box::new(other),
        },
    }
}

/// `sa.func`: any attribute is a SQL function.
pub struct SaFunc;

impl HostObject for SaFunc {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "_FunctionGenerator".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let fname = name.to_owned();
        Ok(Some(Value::native(name, move |interp, args| {
            let mut items = Vec::new();
            for a in &args.positional {
                items.push(to_expr(interp, a, None)?);
            }
            Ok(SaExpr::value(Expr::Func {
                name: fname.clone(),
                args: items,
            }))
        })))
    }
}
