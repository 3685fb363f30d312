//! Statements: `insert()`, `update()`, `delete()`, `select()` (`SaStmt`), generative as in
//! SQLAlchemy.

use std::cell::RefCell;
use std::rc::Rc;

use retort_pyscript::{Args, EvalResult, HostObject, Interp, Value};

use super::constraints::column_name;
use super::expr::{SaExpr, to_expr};
use super::table::{SaJoin, SaTable, column_exprs, make_join, select_all, table_named};
use crate::host::args::Bound;
use crate::sql::expr::{BinOp, Expr, Select, Statement, TableRef};
use crate::sql::types::SqlType;

/// `insert()`, `update()`, `delete()`, `select()`: generative, each method returns a copy.
pub struct SaStmt(pub Statement);

fn stmt_table(s: &Statement) -> Option<&TableRef> {
    match s {
        Statement::Insert { table, .. }
        | Statement::Update { table, .. }
        | Statement::Delete { table, .. } => Some(table),
        _ => None,
    }
}

/// `(column, expression)` pairs from `.values(...)` arguments.
fn values_of(
    interp: &mut Interp,
    table: &TableRef,
    args: &Args,
) -> EvalResult<Vec<(String, Expr)>> {
    let mut pairs: Vec<(Value, Value)> = Vec::new();
    if let Some(d) = args.positional.first() {
        pairs.extend(interp.dict_items(d)?);
    }
    for (k, v) in &args.keywords {
        pairs.push((Value::Str(k.clone()), v.clone()));
    }
    let mut out = Vec::new();
    for (k, v) in pairs {
        let name = column_name(interp, &k)?;
        let ty = table.column_type(&name).cloned();
        if ty.is_none() && !table.columns.is_empty() {
            return Err(interp.exc("CompileError", format!("Unconsumed column names: {name}")));
        }
        let e = to_expr(interp, &v, ty.as_ref())?;
        out.push((name, e));
    }
    Ok(out)
}

impl HostObject for SaStmt {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        match &self.0 {
            Statement::Insert { .. } => "Insert",
            Statement::Update { .. } => "Update",
            Statement::Delete { .. } => "Delete",
            Statement::Select(_) => "Select",
            Statement::Text(_) => "TextClause",
            Statement::InsertFromSelect { .. } => "Insert",
        }
        .into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let this = self.clone();
        let method = move |f: fn(&mut Interp, &mut Statement, Args) -> EvalResult<()>| {
            let this = this.clone();
            Value::native(name, move |interp, args| {
                let mut s = this.0.clone();
                f(interp, &mut s, args)?;
                Ok(Value::host(SaStmt(s)))
            })
        };
        Ok(Some(match name {
            "values" => method(|interp, s, args| {
                let table = stmt_table(s).cloned().unwrap_or(TableRef {
                    name: String::new(),
                    schema: None,
                    columns: vec![],
                    defaults: vec![],
                });
                if let (Statement::Insert { multi, .. }, Some(first)) =
                    (&mut *s, args.positional.first())
                    && matches!(first, Value::List(_) | Value::Tuple(_))
                {
                    for row in interp.iterate(first)? {
                        let vals = values_of(interp, &table, &Args::new(vec![row]))?;
                        multi.push(vals);
                    }
                    return Ok(());
                }
                let vals = values_of(interp, &table, &args)?;
                match s {
                    Statement::Insert { values, .. } | Statement::Update { values, .. } => {
                        for (k, v) in vals {
                            match values.iter_mut().find(|(n, _)| *n == k) {
                                Some(slot) => slot.1 = v,
                                None => values.push((k, v)),
                            }
                        }
                    }
                    _ => return Err(interp.type_error("values() is for insert() and update()")),
                }
                Ok(())
            }),
            "where" | "filter" => method(|interp, s, args| {
                let mut clauses = Vec::new();
                for v in &args.positional {
                    // A Python bool is coerced to `true()` / `false()`.
                    clauses.push(match v {
                        Value::Bool(true) => Expr::True,
                        Value::Bool(false) => Expr::False,
                        _ => to_expr(interp, v, None)?,
                    });
                }
                match s {
                    Statement::Update { where_, .. } | Statement::Delete { where_, .. } => {
                        where_.extend(clauses)
                    }
                    Statement::Select(sel) => sel.where_.extend(clauses),
                    _ => {
                        return Err(
                            interp.type_error("where() is for select(), update() and delete()")
                        );
                    }
                }
                Ok(())
            }),
            "filter_by" => method(|interp, s, args| {
                let table = match &*s {
                    Statement::Select(sel) => sel.froms.first().cloned(),
                    other => stmt_table(other).cloned(),
                };
                let Some(table) = table else {
                    return Ok(());
                };
                let mut clauses = Vec::new();
                for (k, v) in &args.keywords {
                    let ty = table.column_type(k).cloned();
                    let col = Expr::Column {
                        table: Some(table.name.clone()),
                        name: k.to_string(),
                        ty: ty.clone().unwrap_or_else(SqlType::null),
                    };
                    let r = to_expr(interp, v, ty.as_ref())?;
                    clauses.push(Expr::Binary {
                        left: Box::new(col),
                        op: BinOp::Eq,
                        right: Box::new(r),
                    });
                }
                match s {
                    Statement::Update { where_, .. } | Statement::Delete { where_, .. } => {
                        where_.extend(clauses)
                    }
                    Statement::Select(sel) => sel.where_.extend(clauses),
                    _ => {}
                }
                Ok(())
            }),
            "from_select" => method(|interp, s, args| {
                let b = Bound::new(
                    interp,
                    "from_select",
                    &["names", "select", "include_defaults"],
                    args,
                    false,
                )?;
                let names_v = b.required(interp, "names")?;
                let columns = interp
                    .iterate(names_v)?
                    .iter()
                    .map(|n| column_name(interp, n))
                    .collect::<EvalResult<Vec<_>>>()?;
                let select_v = b.required(interp, "select")?;
                let Some(SaStmt(Statement::Select(select))) = select_v.downcast_host::<SaStmt>()
                else {
                    return Err(interp.type_error("from_select() needs a select()"));
                };
                let Statement::Insert { table, .. } = &*s else {
                    return Err(interp.type_error("from_select() is for insert()"));
                };
                *s = Statement::InsertFromSelect {
                    table: table.clone(),
                    columns,
                    select: select.clone(),
                };
                Ok(())
            }),
            "returning" => method(|interp, s, args| {
                let mut cols = Vec::new();
                for v in &args.positional {
                    // A table (or `sa.table`) returns all its columns.
                    if let Some(t) = v.downcast_host::<SaTable>() {
                        cols.extend(column_exprs(&t.table_ref()));
                    } else {
                        cols.push(to_expr(interp, v, None)?);
                    }
                }
                match s {
                    Statement::Insert { returning, .. }
                    | Statement::Update { returning, .. }
                    | Statement::Delete { returning, .. } => returning.extend(cols),
                    _ => {
                        return Err(
                            interp.type_error("returning() is for insert(), update() and delete()")
                        );
                    }
                }
                Ok(())
            }),
            "inline" | "execution_options" => method(|_, _, _| Ok(())),
            "order_by" => method(|interp, s, args| {
                if let Statement::Select(sel) = s {
                    for v in &args.positional {
                        sel.order_by.push(to_expr(interp, v, None)?);
                    }
                }
                Ok(())
            }),
            "group_by" => method(|interp, s, args| {
                if let Statement::Select(sel) = s {
                    for v in &args.positional {
                        sel.group_by.push(to_expr(interp, v, None)?);
                    }
                }
                Ok(())
            }),
            // Retort's compiler correlates a subquery with the enclosing statement's tables
            // as SQLAlchemy does by default; naming them changes nothing it renders.
            "correlate" | "correlate_except" => method(|_, _, _| Ok(())),
            "limit" => method(|interp, s, args| {
                if let Statement::Select(sel) = s {
                    let v = args.positional.first().cloned().unwrap_or(Value::None);
                    sel.limit = Some(to_expr(interp, &v, Some(&SqlType::integer()))?);
                }
                Ok(())
            }),
            "offset" => method(|interp, s, args| {
                if let Statement::Select(sel) = s {
                    let v = args.positional.first().cloned().unwrap_or(Value::None);
                    sel.offset = Some(to_expr(interp, &v, Some(&SqlType::integer()))?);
                }
                Ok(())
            }),
            "distinct" => method(|_, s, _| {
                if let Statement::Select(sel) = s {
                    sel.distinct = true;
                }
                Ok(())
            }),
            "select_from" => method(|interp, s, args| {
                if let Statement::Select(sel) = s {
                    for v in &args.positional {
                        if let Some(t) = v.downcast_host::<SaTable>() {
                            sel.froms.push(t.table_ref());
                        } else if let Some(j) = v.downcast_host::<SaJoin>() {
                            sel.joins.push(j.join.clone());
                        } else {
                            return Err(
                                interp.type_error("select_from() expects a table or a join")
                            );
                        }
                    }
                }
                Ok(())
            }),
            // `select(...).join(right, onclause)`: joins from the leftmost FROM.
            "join" | "outerjoin" => {
                let this = self.clone();
                let outer = name == "outerjoin";
                Value::native(name, move |interp, args| {
                    let Statement::Select(sel) = &this.0 else {
                        return Err(interp.type_error("join() is a method of select()"));
                    };
                    let mut sel = sel.clone();
                    let left = match sel.joins.pop() {
                        Some(j) => {
                            let tables = j
                                .left
                                .tables()
                                .iter()
                                .chain([&&j.right])
                                .filter_map(|t| table_named(&t.name))
                                .collect();
                            Value::host(SaJoin { join: j, tables })
                        }
                        None => match sel.froms.first() {
                            Some(t) => Value::host(SaTable {
                                table: RefCell::new(table_named(&t.name).unwrap_or_else(|| {
                                    SaTable::lightweight(t.clone()).table.into_inner()
                                })),
                                lightweight: true,
                            }),
                            None => {
                                return Err(interp.exc(
                                    "InvalidRequestError",
                                    "Don't know how to join; please use an explicit ON clause",
                                ));
                            }
                        },
                    };
                    let mut all = vec![left];
                    all.extend(args.positional);
                    let j = make_join(
                        interp,
                        Args {
                            positional: all,
                            keywords: args.keywords,
                        },
                        outer,
                    )?;
                    if let Some(j) = j.downcast_host::<SaJoin>() {
                        sel.joins.push(j.join.clone());
                    }
                    Ok(Value::host(SaStmt(Statement::Select(sel))))
                })
            }
            "scalar_subquery" | "subquery" => {
                let this = self.clone();
                Value::native(name, move |_, _| {
                    if let Statement::Select(sel) = &this.0 {
                        Ok(SaExpr::value(Expr::Select(Box::new(sel.clone()))))
                    } else {
                        Ok(Value::Host(this.clone()))
                    }
                })
            }
            _ => return Ok(None),
        }))
    }
    fn to_str(&self) -> String {
        crate::sqlite::statement_str(&self.0).unwrap_or_default()
    }
}

pub(super) fn make_select(interp: &mut Interp, args: Args) -> EvalResult<Value> {
    let mut sel = Select::default();
    for v in &args.positional {
        let v = &mapped_table(interp, v)?;
        if let Some(t) = v.downcast_host::<SaTable>() {
            if let Statement::Select(s) = select_all(t) {
                sel.columns.extend(s.columns);
                sel.froms.extend(s.froms);
            }
            continue;
        }
        if matches!(v, Value::List(_) | Value::Tuple(_)) {
            return Err(interp.exc(
                "ArgumentError",
                format!(
                    "Column expression, FROM clause, or other columns clause element expected, got {}. Did you mean to say select(*{})?",
                    retort_pyscript::repr(v),
                    retort_pyscript::repr(v)
                ),
            ));
        }
        let e = to_expr(interp, v, None)?;
        add_froms(&e, &mut sel.froms);
        sel.columns.push(e);
    }
    Ok(Value::host(SaStmt(Statement::Select(sel))))
}

fn add_froms(e: &Expr, froms: &mut Vec<TableRef>) {
    match e {
        Expr::Column { table: Some(t), .. } if !froms.iter().any(|f| &f.name == t) => {
            froms.push(TableRef {
                name: t.clone(),
                schema: None,
                columns: vec![],
                defaults: vec![],
            });
        }
        Expr::Func { args, .. } => args.iter().for_each(|a| add_froms(a, froms)),
        Expr::Label { expr, .. } | Expr::Cast { expr, .. } | Expr::Grouping(expr) => {
            add_froms(expr, froms)
        }
        Expr::Binary { left, right, .. } => {
            add_froms(left, froms);
            add_froms(right, froms);
        }
        Expr::Unary { operand, .. } => add_froms(operand, froms),
        _ => {}
    }
}

pub(super) fn table_arg(interp: &mut Interp, args: &Args, func: &str) -> EvalResult<TableRef> {
    let v = match args.positional.first() {
        Some(v) => mapped_table(interp, v)?,
        None => Value::None,
    };
    match v.downcast_host::<SaTable>() {
        Some(t) => Ok(t.table_ref()),
        None => Err(interp.type_error(format!("{func}() expects a table"))),
    }
}

/// An ORM-mapped class where a statement takes a table (`select(User)`, `update(User)`):
/// its `__table__`, as SQLAlchemy's coercions take the mapper's table. Anything else as is.
pub fn mapped_table(interp: &mut Interp, v: &Value) -> EvalResult<Value> {
    if let Value::Class(_) = v
        && let Some(t) = interp.get_attr_opt(v, "__table__")?
        && t.downcast_host::<SaTable>().is_some()
    {
        return Ok(t);
    }
    Ok(v.clone())
}
