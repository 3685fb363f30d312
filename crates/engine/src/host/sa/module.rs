//! The modules themselves: what `sqlalchemy` and its submodules provide by name (`attr`,
//! `SaModule`), and the exceptions of `sqlalchemy.exc`.

use std::cell::RefCell;
use std::rc::Rc;

use retort_pyscript::{Args, EvalResult, HostObject, Interp, Module, Value};

use super::column::{SaComputed, SaDefaultClause, SaIdentity, make_column, server_default};
use super::constraints::{
    make_check, make_fk, make_fk_constraint, make_index, make_pk_or_unique, sql_text_arg,
};
use super::expr::{SaExpr, SaFunc, and_or, negate, to_expr, to_sql_value};
use super::metadata::{inspect, make_lightweight_table, make_metadata, make_table};
use super::stmt::{SaStmt, make_select, table_arg};
use super::table::make_join;
use super::types::{TypeClass, dialect_of, dialect_type, to_type, type_class};
use crate::host::args::Bound;
use crate::sql::expr::{BinOp, Expr, SqlValue, Statement, UnaryKind};
use crate::sql::types::{SqlType, TypeKind};

fn native(name: &'static str, f: fn(&mut Interp, Args) -> EvalResult) -> Value {
    Value::native(name, f)
}

/// What `sqlalchemy` (and the submodules revision files import from) provide.
pub fn attr(name: &str) -> Option<Value> {
    if let Some(t) = type_class(name) {
        return Some(t);
    }
    Some(match name {
        "join" => native("join", |i, a| make_join(i, a, false)),
        "outerjoin" => native("outerjoin", |i, a| make_join(i, a, true)),
        "TypeDecorator" => Value::host(crate::host::typedecorator::DecoratorClass(
            crate::host::typedecorator::Base::TypeDecorator,
        )),
        "UserDefinedType" => Value::host(crate::host::typedecorator::DecoratorClass(
            crate::host::typedecorator::Base::UserDefinedType,
        )),
        "URL" => Value::host(crate::host::url::UrlClass),
        "make_url" => crate::host::url::make_url(),
        "Column" => native("Column", make_column),
        "column" => native("column", make_column),
        "Table" => native("Table", make_table),
        "table" => native("table", make_lightweight_table),
        "MetaData" => native("MetaData", make_metadata),
        "ForeignKey" => native("ForeignKey", make_fk),
        "ForeignKeyConstraint" => native("ForeignKeyConstraint", make_fk_constraint),
        "PrimaryKeyConstraint" => {
            native("PrimaryKeyConstraint", |i, a| make_pk_or_unique(i, a, true))
        }
        "UniqueConstraint" => native("UniqueConstraint", |i, a| make_pk_or_unique(i, a, false)),
        "CheckConstraint" => native("CheckConstraint", make_check),
        "Index" => native("Index", make_index),
        "text" => {
            // A TextClause cannot change (`bindparams()` makes a new one), so one made for
            // the same text is reused: a data loop's `sa.text("UPDATE ...")` runs per row.
            let made: RefCell<retort_pyscript::Map<Rc<str>, Value>> = RefCell::default();
            Value::native("text", move |interp, args| {
                if let ([Value::Str(s)], []) = (&args.positional[..], &args.keywords[..])
                    && let Some(v) = made.borrow().get(&**s)
                {
                    return Ok(v.clone());
                }
                let b = Bound::new(interp, "text", &["text"], args, false)?;
                let t = b.required_str(interp, "text")?;
                let v = SaExpr::value(Expr::text(&t));
                let mut made = made.borrow_mut();
                if made.len() < 256 {
                    made.insert(Rc::from(t.as_str()), v.clone());
                }
                Ok(v)
            })
        }
        "literal_column" => native("literal_column", |interp, args| {
            let b = Bound::new(interp, "literal_column", &["text", "type_"], args, false)?;
            Ok(SaExpr::value(Expr::LiteralColumn(
                b.required_str(interp, "text")?,
            )))
        }),
        "literal" | "bindparam" => native("literal", |interp, args| {
            let named = args.positional.len() > 1 || args.kw("key").is_some();
            let b = if named {
                Bound::new(interp, "bindparam", &["key", "value", "type_"], args, true)?
            } else {
                Bound::new(interp, "literal", &["value", "type_"], args, true)?
            };
            let ty = match b.get("type_") {
                Some(t) => to_type(interp, t)?,
                None => None,
            };
            let value = match b.given("value") {
                Some(v) => to_sql_value(interp, v, ty.as_ref())?,
                None => SqlValue::Null,
            };
            let key = if named { b.str(interp, "key")? } else { None };
            Ok(SaExpr::value(Expr::Bind {
                key,
                value,
                ty: ty.unwrap_or_else(SqlType::null),
                literal: false,
            }))
        }),
        "null" => native("null", |_, _| Ok(SaExpr::value(Expr::Null))),
        "true" => native("true", |_, _| Ok(SaExpr::value(Expr::True))),
        "false" => native("false", |_, _| Ok(SaExpr::value(Expr::False))),
        "and_" | "or_" => {
            let op = if name == "and_" {
                BinOp::And
            } else {
                BinOp::Or
            };
            Value::native(name, move |interp, args| {
                let mut items = Vec::new();
                for v in &args.positional {
                    items.push(to_expr(interp, v, None)?);
                }
                Ok(SaExpr::value(and_or(op, items)))
            })
        }
        "not_" => native("not_", |interp, args| {
            let v = args.positional.first().cloned().unwrap_or(Value::None);
            let e = to_expr(interp, &v, None)?;
            Ok(SaExpr::value(negate(e)))
        }),
        "desc" | "asc" | "distinct" => {
            let k = match name {
                "desc" => UnaryKind::Desc,
                "asc" => UnaryKind::Asc,
                _ => UnaryKind::Distinct,
            };
            Value::native(name, move |interp, args| {
                let v = args.positional.first().cloned().unwrap_or(Value::None);
                Ok(SaExpr::value(Expr::Unary {
                    op: k,
                    operand: Box::new(to_expr(interp, &v, None)?),
                }))
            })
        }
        "cast" => native("cast", |interp, args| {
            let b = Bound::new(interp, "cast", &["expression", "type_"], args, false)?;
            let e = to_expr(interp, b.required(interp, "expression")?, None)?;
            let t = to_type(interp, b.required(interp, "type_")?)?.unwrap_or_else(SqlType::null);
            Ok(SaExpr::value(Expr::Cast {
                expr: Box::new(e),
                ty: t,
            }))
        }),
        "case" => native("case", |interp, mut args| {
            let value = args.take_kw("value");
            let else_ = args.take_kw("else_");
            let mut whens = Vec::new();
            let mut pairs: Vec<(Value, Value)> = Vec::new();
            for w in &args.positional {
                if let Value::Dict(_) = w {
                    pairs.extend(interp.dict_items(w)?);
                } else {
                    let items = interp.iterate(w)?;
                    if items.len() == 2 {
                        pairs.push((items[0].clone(), items[1].clone()));
                    }
                }
            }
            for (c, r) in pairs {
                whens.push((to_expr(interp, &c, None)?, to_expr(interp, &r, None)?));
            }
            let value = match value {
                Some(v) => Some(Box::new(to_expr(interp, &v, None)?)),
                None => None,
            };
            let else_ = match else_ {
                Some(v) => Some(Box::new(to_expr(interp, &v, None)?)),
                None => None,
            };
            Ok(SaExpr::value(Expr::Case {
                whens,
                value,
                else_,
            }))
        }),
        "tuple_" => native("tuple_", |interp, args| {
            let mut items = Vec::new();
            for v in &args.positional {
                items.push(to_expr(interp, v, None)?);
            }
            Ok(SaExpr::value(Expr::Tuple(items)))
        }),
        "func" => Value::host(SaFunc),
        "select" => native("select", make_select),
        "insert" => native("insert", |interp, args| {
            let t = table_arg(interp, &args, "insert")?;
            Ok(Value::host(SaStmt(Statement::Insert {
                table: t,
                values: vec![],
                multi: vec![],
                returning: vec![],
            })))
        }),
        "update" => native("update", |interp, args| {
            let t = table_arg(interp, &args, "update")?;
            Ok(Value::host(SaStmt(Statement::Update {
                table: t,
                values: vec![],
                where_: vec![],
                returning: vec![],
            })))
        }),
        "delete" => native("delete", |interp, args| {
            let t = table_arg(interp, &args, "delete")?;
            Ok(Value::host(SaStmt(Statement::Delete {
                table: t,
                where_: vec![],
                returning: vec![],
            })))
        }),
        "DefaultClause" => native("DefaultClause", |interp, args| {
            let v = args.positional.first().cloned().unwrap_or(Value::None);
            match server_default(interp, &v)? {
                Some(d) => Ok(Value::host(SaDefaultClause(d))),
                None => Ok(Value::None),
            }
        }),
        "Computed" => native("Computed", |interp, args| {
            let b = Bound::new(interp, "Computed", &["sqltext", "persisted"], args, false)?;
            let e = sql_text_arg(interp, b.required(interp, "sqltext")?)?;
            let persisted = b.bool(interp, "persisted")?;
            Ok(Value::host(SaComputed(e, persisted)))
        }),
        "Identity" | "Sequence" => native("Identity", |interp, args| {
            let always = match args.kw("always").cloned() {
                Some(v) => interp.truthy(&v)?,
                None => false,
            };
            Ok(Value::host(SaIdentity(always)))
        }),
        "conv" => native("conv", |interp, args| {
            let b = Bound::new(interp, "conv", &["value"], args, true)?;
            Ok(Value::host(crate::host::args::Conv(
                b.required_str(interp, "value")?,
            )))
        }),
        "inspect" => native("inspect", inspect),
        "Inspector" => Value::host(crate::host::inspector::InspectorClass),
        _ => return None,
    })
}

/// The exceptions of `sqlalchemy.exc`, with their bases.
pub const EXCEPTIONS: &[(&str, &str)] = &[
    ("SQLAlchemyError", "Exception"),
    ("ArgumentError", "SQLAlchemyError"),
    ("CompileError", "SQLAlchemyError"),
    ("UnsupportedCompilationError", "CompileError"),
    ("NoSuchTableError", "SQLAlchemyError"),
    ("InvalidRequestError", "SQLAlchemyError"),
    ("StatementError", "SQLAlchemyError"),
    ("DBAPIError", "StatementError"),
    ("DatabaseError", "DBAPIError"),
    ("OperationalError", "DatabaseError"),
    ("IntegrityError", "DatabaseError"),
    ("ProgrammingError", "DatabaseError"),
    ("DataError", "DatabaseError"),
    ("DuplicateColumnError", "ArgumentError"),
    ("NoResultFound", "InvalidRequestError"),
    ("MultipleResultsFound", "InvalidRequestError"),
    ("ResourceClosedError", "InvalidRequestError"),
    ("NoInspectionAvailable", "InvalidRequestError"),
];

/// The `sqlalchemy.exc` class `name`, registered with the interpreter (so that host code
/// can raise it and scripts catch it); `None` if SQLAlchemy has no such exception.
pub fn exception_class(interp: &mut Interp, name: &str) -> Option<Rc<retort_pyscript::Class>> {
    let &(name, base) = EXCEPTIONS.iter().find(|(n, _)| *n == name)?;
    Some(interp.exception_class(name, base))
}

/// `sqlalchemy.exc`.
pub fn exc_module(interp: &mut Interp) -> Value {
    let m = Module::new("sqlalchemy.exc", []);
    for (name, base) in EXCEPTIONS {
        let c = interp.exception_class(name, base);
        m.set(name, Value::Class(c));
    }
    Value::Module(Rc::new(m))
}

/// A `sqlalchemy` module (or submodule): attributes resolve lazily through [`attr`].
pub struct SaModule {
    pub name: String,
    pub slot: crate::host::OpSlot,
    /// The names looked up so far: `sa.text` in a data migration's loop is looked up once
    /// per row, and `sa.Integer is sa.Integer`, as in Python.
    pub cache: RefCell<retort_pyscript::Map<String, Value>>,
}

impl SaModule {
    pub fn new(name: String, slot: crate::host::OpSlot) -> SaModule {
        SaModule {
            name,
            slot,
            cache: RefCell::default(),
        }
    }
}

impl HostObject for SaModule {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    /// `sa.relationship = relationship`: a module's attributes can be set, as in Python.
    fn set_attr(&self, _: &mut Interp, name: &str, value: Value) -> EvalResult<bool> {
        self.cache.borrow_mut().insert(name.to_owned(), value);
        Ok(true)
    }
    fn type_name(&self) -> String {
        "module".into()
    }
    fn get_attr(self: Rc<Self>, interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        if let Some(v) = self.cache.borrow().get(name) {
            return Ok(Some(v.clone()));
        }
        if self.name == "sqlalchemy.ext.compiler"
            && let Some(v) = crate::host::compiler::module_attr(name)
        {
            return Ok(Some(v));
        }
        // `util.immutabledict(...)`, a naming convention's usual container: a dict here.
        if self.name == "sqlalchemy.util" && name == "immutabledict" {
            return Ok(Some(Value::native("immutabledict", |interp, a: Args| {
                let mut d = retort_pyscript::Dict::new();
                if let Some(m) = a.positional.first() {
                    for k in interp.iterate(m)? {
                        let v = interp.get_item(m, &k)?;
                        d.insert(k, v)
                            .map_err(|_| interp.type_error("unhashable key"))?;
                    }
                }
                for (k, v) in a.keywords {
                    d.insert(Value::str(&k), v).ok();
                }
                Ok(Value::dict(d))
            })));
        }
        let dialect = dialect_of(&self.name).filter(|d| *d != "sqlite");
        if let Some(d) = dialect
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            && let Some(v) = dialect_type(d, name)
        {
            self.cache.borrow_mut().insert(name.to_owned(), v.clone());
            return Ok(Some(v));
        }
        if let Some(v) = attr(name).filter(|_| {
            // A dialect's UPPERCASE names are its own types, listed above.
            dialect.is_none()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        }) {
            self.cache.borrow_mut().insert(name.to_owned(), v.clone());
            return Ok(Some(v));
        }
        if name == "ARRAY" {
            // `sa.ARRAY`: the generic array, which SQLite cannot render either.
            let v = Value::host(TypeClass {
                name: "ARRAY",
                kind: TypeKind::Unrenderable("ARRAY"),
                dialect: None,
            });
            self.cache.borrow_mut().insert(name.to_owned(), v.clone());
            return Ok(Some(v));
        }
        // The submodules written in Python (`sqlalchemy.orm`, `sqlalchemy.ext`).
        let full = format!("{}.{name}", self.name);
        if crate::pylib::provides(&full) {
            return interp.try_import(&full);
        }
        Ok(Some(match name {
            "exc" => exc_module(interp),
            "sql" | "types" | "schema" | "dialects" | "sqlite" | "postgresql" | "mysql"
            | "mssql" | "oracle" | "base" | "expression" | "sqltypes" | "functions"
            | "elements" | "engine" | "reflection" | "util" => Value::host(SaModule::new(
                format!("{}.{name}", self.name),
                self.slot.clone(),
            )),
            _ => {
                if let Some(c) = exception_class(interp, name) {
                    return Ok(Some(Value::Class(c)));
                }
                return Ok(Some(Value::host(crate::host::Missing(
                    Rc::from(format!("{}.{name}", self.name)),
                    self.slot.clone(),
                ))));
            }
        }))
    }
    fn repr(&self) -> String {
        format!("<module '{}'>", self.name)
    }
}
