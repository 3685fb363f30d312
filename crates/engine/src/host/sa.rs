//! `sqlalchemy` for revision files: types, `Column`, constraints, `ForeignKey`, `Index`,
//! `Table` / `MetaData`, lightweight `table()` / `column()`, `text()`, `func`, and the
//! expression and statement builders. Each Python object wraps the plain data of
//! `crate::sql`.

use std::cell::RefCell;
use std::rc::Rc;

use indexmap::IndexMap;
use retort_pyscript::{Args, EvalResult, HostObject, Interp, Module, Op, UnaryOp, Value};

use super::args::{Bound, name_of};
use crate::sql::expr::{
    BinOp, Expr, FromItem, Join, Select, SqlValue, Statement, TableRef, UnaryKind,
};
use crate::sql::schema::{
    Autoincrement, Column, Constraint, ConstraintKind, ConstraintName, ForeignKey, Index,
    IndexExpr, NamingConvention, ServerDefault, Table,
};
use crate::sql::types::{SqlType, TypeKind};

// ---- types ---------------------------------------------------------------------------

/// A type class: `sa.Integer`, `sa.String`, `sqlite.DATETIME`. Calling it makes a type.
pub struct TypeClass {
    pub name: &'static str,
    pub kind: TypeKind,
}

/// A type instance: `sa.String(50)`.
pub struct SaType(pub SqlType);

const TYPE_CLASSES: &[(&str, TypeKind)] = &[
    ("Integer", TypeKind::Integer),
    ("BigInteger", TypeKind::BigInteger),
    ("SmallInteger", TypeKind::SmallInteger),
    ("String", TypeKind::String),
    ("Unicode", TypeKind::String),
    ("Text", TypeKind::Text),
    ("UnicodeText", TypeKind::Text),
    ("Boolean", TypeKind::Boolean),
    ("DateTime", TypeKind::DateTime),
    ("Date", TypeKind::Date),
    ("Time", TypeKind::Time),
    ("Interval", TypeKind::Interval),
    ("Float", TypeKind::Float),
    ("Double", TypeKind::Double),
    ("Numeric", TypeKind::Numeric),
    ("LargeBinary", TypeKind::LargeBinary),
    ("JSON", TypeKind::Json),
    ("Enum", TypeKind::Enum),
    ("ENUM", TypeKind::Enum),
    ("AutoString", TypeKind::String),
    ("Uuid", TypeKind::Uuid),
    ("PickleType", TypeKind::Pickle),
    ("NullType", TypeKind::Null),
    ("INTEGER", TypeKind::Named("INTEGER")),
    ("INT", TypeKind::Named("INTEGER")),
    ("BIGINT", TypeKind::Named("BIGINT")),
    ("SMALLINT", TypeKind::Named("SMALLINT")),
    ("VARCHAR", TypeKind::Named("VARCHAR")),
    ("NVARCHAR", TypeKind::Named("NVARCHAR")),
    ("CHAR", TypeKind::Named("CHAR")),
    ("NCHAR", TypeKind::Named("NCHAR")),
    ("TEXT", TypeKind::Named("TEXT")),
    ("CLOB", TypeKind::Named("CLOB")),
    ("NCLOB", TypeKind::Named("NCLOB")),
    ("BOOLEAN", TypeKind::Named("BOOLEAN")),
    ("DATETIME", TypeKind::Named("DATETIME")),
    ("TIMESTAMP", TypeKind::Named("TIMESTAMP")),
    ("DATE", TypeKind::Named("DATE")),
    ("TIME", TypeKind::Named("TIME")),
    ("FLOAT", TypeKind::Named("FLOAT")),
    ("REAL", TypeKind::Named("REAL")),
    ("DOUBLE", TypeKind::Named("DOUBLE")),
    ("DOUBLE_PRECISION", TypeKind::Named("DOUBLE PRECISION")),
    ("NUMERIC", TypeKind::Named("NUMERIC")),
    ("DECIMAL", TypeKind::Named("DECIMAL")),
    ("BLOB", TypeKind::Named("BLOB")),
    ("BINARY", TypeKind::Named("BINARY")),
    ("VARBINARY", TypeKind::Named("VARBINARY")),
    ("UUID", TypeKind::Named("UUID")),
    ("JSONB", TypeKind::Named("JSONB")),
];

/// A dialect module's name, its renderable types (name, standard class) and the rest.
type DialectTypes = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [&'static str],
);

/// The types of SQLAlchemy's other dialects (`sqlalchemy.dialects.<dialect>`), by module:
/// those SQLite's type compiler renders (each is a standard type under another name: its
/// entry in [`TYPE_CLASSES`]), then those it cannot render, by `__visit_name__`: they can be
/// constructed (`existing_type=postgresql.INTERVAL()` in a batch `alter_column`, a
/// `with_variant`), and fail as in SQLAlchemy when DDL needs them. Measured against
/// SQLAlchemy 2.1.9 by `tests/oracle/tests/dialect_types.rs`.
const DIALECT_TYPES: &[DialectTypes] = &[
    (
        "postgresql",
        &[
            ("BIGINT", "BIGINT"),
            ("BOOLEAN", "BOOLEAN"),
            ("CHAR", "CHAR"),
            ("DATE", "DATE"),
            ("DOUBLE_PRECISION", "DOUBLE_PRECISION"),
            ("ENUM", "ENUM"),
            ("FLOAT", "FLOAT"),
            ("INTEGER", "INTEGER"),
            ("JSON", "JSON"),
            ("JSONB", "JSONB"),
            ("NUMERIC", "NUMERIC"),
            ("REAL", "REAL"),
            ("SMALLINT", "SMALLINT"),
            ("TEXT", "TEXT"),
            ("TIME", "TIME"),
            ("TIMESTAMP", "TIMESTAMP"),
            ("UUID", "UUID"),
            ("VARCHAR", "VARCHAR"),
        ],
        &[
            "ARRAY",
            "BIT",
            "BYTEA",
            "CIDR",
            "CITEXT",
            "DATEMULTIRANGE",
            "DATERANGE",
            "DOMAIN",
            "HSTORE",
            "INET",
            "INT4MULTIRANGE",
            "INT4RANGE",
            "INT8MULTIRANGE",
            "INT8RANGE",
            "INTERVAL",
            "JSONPATH",
            "MACADDR",
            "MACADDR8",
            "MONEY",
            "NUMMULTIRANGE",
            "NUMRANGE",
            "OID",
            "REGCLASS",
            "REGCONFIG",
            "TSMULTIRANGE",
            "TSQUERY",
            "TSRANGE",
            "TSTZMULTIRANGE",
            "TSTZRANGE",
            "TSVECTOR",
        ],
    ),
    (
        "mysql",
        &[
            ("BIGINT", "BIGINT"),
            ("BINARY", "BINARY"),
            ("BLOB", "BLOB"),
            ("BOOLEAN", "BOOLEAN"),
            ("CHAR", "CHAR"),
            ("DATE", "DATE"),
            ("DATETIME", "DATETIME"),
            ("DECIMAL", "DECIMAL"),
            ("DOUBLE", "DOUBLE"),
            ("FLOAT", "FLOAT"),
            ("INTEGER", "INTEGER"),
            ("JSON", "JSON"),
            ("NCHAR", "NCHAR"),
            ("NUMERIC", "NUMERIC"),
            ("NVARCHAR", "NVARCHAR"),
            ("REAL", "REAL"),
            ("SMALLINT", "SMALLINT"),
            ("TEXT", "TEXT"),
            ("TIME", "TIME"),
            ("TIMESTAMP", "TIMESTAMP"),
            ("VARBINARY", "VARBINARY"),
            ("VARCHAR", "VARCHAR"),
        ],
        &[
            "BIT",
            "ENUM",
            "INET4",
            "INET6",
            "LONGBLOB",
            "LONGTEXT",
            "MEDIUMBLOB",
            "MEDIUMINT",
            "MEDIUMTEXT",
            "SET",
            "TINYBLOB",
            "TINYINT",
            "TINYTEXT",
            "YEAR",
        ],
    ),
    (
        "mssql",
        &[
            ("BIGINT", "BIGINT"),
            ("BINARY", "BINARY"),
            ("CHAR", "CHAR"),
            ("DATE", "DATE"),
            ("DATETIME", "DATETIME"),
            ("DECIMAL", "DECIMAL"),
            ("DOUBLE_PRECISION", "DOUBLE_PRECISION"),
            ("FLOAT", "FLOAT"),
            ("INTEGER", "INTEGER"),
            ("JSON", "JSON"),
            ("NCHAR", "NCHAR"),
            ("NUMERIC", "NUMERIC"),
            ("NVARCHAR", "NVARCHAR"),
            ("REAL", "REAL"),
            ("SMALLINT", "SMALLINT"),
            ("TEXT", "TEXT"),
            ("TIME", "TIME"),
            ("TIMESTAMP", "TIMESTAMP"),
            ("VARBINARY", "VARBINARY"),
            ("VARCHAR", "VARCHAR"),
        ],
        &[
            "BIT",
            "DATETIME2",
            "DATETIMEOFFSET",
            "IMAGE",
            "MONEY",
            "NTEXT",
            "ROWVERSION",
            "SMALLDATETIME",
            "SMALLMONEY",
            "SQL_VARIANT",
            "TINYINT",
            "UNIQUEIDENTIFIER",
            "XML",
        ],
    ),
    (
        "oracle",
        &[
            ("BLOB", "BLOB"),
            ("BOOLEAN", "BOOLEAN"),
            ("CHAR", "CHAR"),
            ("CLOB", "CLOB"),
            ("DATE", "DATE"),
            ("DOUBLE_PRECISION", "DOUBLE_PRECISION"),
            ("FLOAT", "FLOAT"),
            ("JSON", "JSON"),
            ("NCHAR", "NCHAR"),
            ("NCLOB", "NCLOB"),
            ("NVARCHAR", "NVARCHAR"),
            ("NVARCHAR2", "NVARCHAR"),
            ("REAL", "REAL"),
            ("TIMESTAMP", "TIMESTAMP"),
            ("VARCHAR", "VARCHAR"),
        ],
        &[
            "BFILE",
            "BINARY_DOUBLE",
            "BINARY_FLOAT",
            "INTERVAL",
            "LONG",
            "NUMBER",
            "RAW",
            "ROWID",
            "VARCHAR2",
            "VECTOR",
        ],
    ),
];

/// `name` in `sqlalchemy.dialects.<dialect>` (or `sqlalchemy.dialects.<dialect>.types` and
/// the like): `None` when the dialect has no such type.
fn dialect_type(dialect: &str, name: &str) -> Option<Value> {
    let (_, renders, fails) = DIALECT_TYPES.iter().find(|(d, _, _)| *d == dialect)?;
    if let Some((_, standard)) = renders.iter().find(|(n, _)| *n == name) {
        return type_class(standard);
    }
    let visit = fails.iter().find(|n| **n == name)?;
    Some(Value::host(TypeClass {
        name: visit,
        kind: TypeKind::Unrenderable(visit),
    }))
}

/// The dialect a `sqlalchemy.dialects.<d>...` module belongs to.
fn dialect_of(module: &str) -> Option<&str> {
    let d = module.strip_prefix("sqlalchemy.dialects.")?;
    Some(d.split('.').next().unwrap_or(d))
}

fn type_class(name: &str) -> Option<Value> {
    TYPE_CLASSES.iter().find(|(n, _)| *n == name).map(|(n, k)| {
        Value::host(TypeClass {
            name: n,
            kind: k.clone(),
        })
    })
}

impl HostObject for TypeClass {
    fn type_name(&self) -> String {
        "type".into()
    }
    fn call(self: Rc<Self>, interp: &mut Interp, args: Args) -> EvalResult<Option<Value>> {
        make_type(interp, &self, args).map(|t| Some(Value::host(SaType(t))))
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "__name__" => Some(Value::str(self.name)),
            _ => None,
        })
    }
    fn repr(&self) -> String {
        format!("<class 'sqlalchemy.{}'>", self.name)
    }
    fn instance_check(&self, value: &Value) -> Option<bool> {
        Some(
            value
                .downcast_host::<SaType>()
                .is_some_and(|t| t.0.class_name == self.name),
        )
    }
}

impl HostObject for SaType {
    fn type_name(&self) -> String {
        self.0.class_name.clone()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let t = &self.0;
        let opt = |v: Option<i64>| v.map(Value::Int).unwrap_or(Value::None);
        Ok(match name {
            "length" => Some(opt(t.length)),
            "precision" => Some(opt(t.precision)),
            "scale" => Some(opt(t.scale)),
            "timezone" => Some(Value::Bool(t.timezone)),
            "_isnull" => Some(Value::Bool(t.kind == TypeKind::Null)),
            "name" => Some(t.name.as_deref().map(Value::str).unwrap_or(Value::None)),
            "enums" => Some(Value::list(
                t.enum_values.iter().map(|v| Value::str(v)).collect(),
            )),
            // `Enum(...).create(bind)` / `postgresql.ENUM(...).drop(bind)`: SQLite has no
            // enum types to create (SQLAlchemy checks `supports_native_enum` and returns).
            "create" | "drop" if t.kind == TypeKind::Enum => {
                Some(Value::native(name, |_, _| Ok(Value::None)))
            }
            "with_variant" => {
                let this = self.clone();
                Some(Value::native("with_variant", move |interp, args| {
                    let variant = args.positional.first().cloned().unwrap_or(Value::None);
                    let mut for_sqlite = false;
                    for d in args.positional.iter().skip(1) {
                        match d {
                            Value::Str(s) => for_sqlite |= &**s == "sqlite",
                            other => {
                                for x in interp.iterate(other)? {
                                    for_sqlite |= x.as_str() == Some("sqlite");
                                }
                            }
                        }
                    }
                    if for_sqlite && let Some(t) = to_type(interp, &variant)? {
                        return Ok(Value::host(SaType(t)));
                    }
                    Ok(Value::Host(this.clone()))
                }))
            }
            _ => None,
        })
    }
    fn repr(&self) -> String {
        self.0.repr()
    }
    /// `str(type)`: its DDL, as SQLAlchemy compiles it (`VARCHAR(50)`, `NUMERIC(10, 2)`).
    fn to_str(&self) -> String {
        crate::sqlite::render_type(&self.0).unwrap_or_else(|_| self.0.repr())
    }
}

fn make_type(interp: &mut Interp, class: &TypeClass, args: Args) -> EvalResult<SqlType> {
    let mut t = SqlType::new(class.kind.clone(), class.name);
    match &class.kind {
        // Any arguments: SQLite never renders these; ARRAY and DOMAIN still need theirs.
        TypeKind::Unrenderable(visit) => {
            let given = args.positional.len() + args.keywords.len();
            let required: &[&str] = match *visit {
                "ARRAY" => &["item_type"],
                "DOMAIN" => &["name", "data_type"],
                _ => &[],
            };
            let missing: Vec<&str> = required
                .iter()
                .skip(args.positional.len())
                .filter(|n| args.kw(n).is_none())
                .copied()
                .collect();
            if given < required.len() && !missing.is_empty() {
                let names = missing
                    .iter()
                    .map(|n| format!("'{n}'"))
                    .collect::<Vec<_>>()
                    .join(" and ");
                let s = if missing.len() == 1 { "" } else { "s" };
                return Err(interp.type_error(format!(
                    "{visit}.__init__() missing {} required positional argument{s}: {names}",
                    missing.len()
                )));
            }
        }
        TypeKind::Enum => {
            let mut b = Bound::new(interp, "Enum", &[], args, true)?;
            let values_callable = b.take_extra("values_callable");
            for v in std::mem::take(&mut b.rest) {
                match &v {
                    Value::Str(s) => t.enum_values.push(s.to_string()),
                    Value::Class(c) if c.is_enum => {
                        // SQLAlchemy names the type (and its CHECK) after the class and
                        // stores member names, unless values_callable says otherwise.
                        t.name = Some(c.name.to_lowercase());
                        if let Some(f) = values_callable.as_ref().filter(|f| !f.is_none()) {
                            let vals = interp.call(f, Args::new(vec![v.clone()]))?;
                            for item in interp.iterate(&vals)? {
                                if let Some(s) = item.as_str() {
                                    t.enum_values.push(s.to_owned());
                                }
                            }
                        } else {
                            let members: Vec<Value> = c.attrs.borrow().values().cloned().collect();
                            for member in members {
                                if let Value::Instance(i) = &member
                                    && Rc::ptr_eq(&i.class, c)
                                    && let Some(Value::Str(n)) = i.get("name")
                                {
                                    t.enum_values.push(n.to_string());
                                }
                            }
                        }
                    }
                    Value::List(_) | Value::Tuple(_) => {
                        for item in interp.iterate(&v)? {
                            if let Some(s) = item.as_str() {
                                t.enum_values.push(s.to_owned());
                            }
                        }
                    }
                    // An enum of a library Retort does not have: a type no DDL can render.
                    other if super::standin::stand_in(other).is_some() => {
                        return Ok(SqlType::new(
                            TypeKind::StandIn(format!("Enum({})", other.type_name())),
                            "Enum",
                        ));
                    }
                    other => {
                        return Err(interp.type_error(format!(
                            "Enum() expects strings or an enum class, got {}",
                            other.type_name()
                        )));
                    }
                }
            }
            for (k, v) in b.extra {
                match k.as_str() {
                    "name" => t.name = name_of(&v).map(|n| n.0),
                    "create_constraint" => t.create_constraint = interp.truthy(&v)?,
                    "length" => t.length = v.as_int(),
                    _ => {}
                }
            }
        }
        _ => {
            let names: &'static [&'static str] = match &class.kind {
                TypeKind::String | TypeKind::Text | TypeKind::LargeBinary => {
                    &["length", "collation"]
                }
                TypeKind::Named("VARCHAR" | "CHAR" | "NCHAR" | "NVARCHAR" | "TEXT" | "CLOB")
                | TypeKind::Named("BINARY" | "VARBINARY") => &["length", "collation"],
                TypeKind::Numeric | TypeKind::Named("NUMERIC" | "DECIMAL") => {
                    &["precision", "scale", "decimal_return_scale", "asdecimal"]
                }
                TypeKind::Float
                | TypeKind::Double
                | TypeKind::Named("FLOAT" | "REAL" | "DOUBLE") => {
                    &["precision", "asdecimal", "decimal_return_scale"]
                }
                TypeKind::DateTime | TypeKind::Named("DATETIME" | "TIMESTAMP") => &["timezone"],
                TypeKind::Time | TypeKind::Named("TIME") => &["timezone"],
                TypeKind::Boolean => &["create_constraint", "name"],
                TypeKind::Json => &["none_as_null"],
                _ => &[],
            };
            let b = Bound::new(interp, class.name, names, args, true)?;
            if names.contains(&"length") {
                t.length = b.size(interp, "length")?;
                t.collation = b.str(interp, "collation")?;
            }
            if names.contains(&"precision") {
                t.precision = b.size(interp, "precision")?;
                // SQLAlchemy renders `%(precision)s`: a string that is not a number
                // (`Numeric('18,6')`) appears in the DDL as written.
                if t.precision.is_none()
                    && let Some(Value::Str(text)) = b.get("precision")
                {
                    t.precision_text = Some(text.to_string());
                }
            }
            if names.contains(&"scale") {
                t.scale = b.size(interp, "scale")?;
            }
            if names.contains(&"asdecimal") {
                t.asdecimal = b.bool(interp, "asdecimal")?;
                t.decimal_return_scale = b.int(interp, "decimal_return_scale")?;
            }
            if names.contains(&"timezone") {
                t.timezone = b.bool(interp, "timezone")?.unwrap_or(false);
            }
            if class.kind == TypeKind::Json {
                t.none_as_null = b.bool(interp, "none_as_null")?.unwrap_or(false);
            }
            if class.kind == TypeKind::Boolean {
                t.create_constraint = b.bool(interp, "create_constraint")?.unwrap_or(false);
                t.name = b.str(interp, "name")?;
            }
        }
    }
    Ok(t)
}

/// A type argument: a type class (instantiated with defaults) or a type instance.
pub fn to_type(interp: &mut Interp, v: &Value) -> EvalResult<Option<SqlType>> {
    if let Some(t) = v.downcast_host::<SaType>() {
        return Ok(Some(t.0.clone()));
    }
    if let Some(t) = super::typedecorator::resolve(interp, v)? {
        return Ok(Some(t));
    }
    if let Some(s) = super::standin::stand_in(v) {
        return Ok(Some(SqlType::new(
            TypeKind::StandIn(s.name.to_string()),
            &s.name,
        )));
    }
    if let Some(Value::Host(h)) = Some(v)
        && let Some(c) = h.as_any().downcast_ref::<TypeClass>()
    {
        return make_type(interp, c, Args::default()).map(Some);
    }
    Ok(None)
}

// ---- expressions ---------------------------------------------------------------------

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
    if let Some(s) = super::standin::stand_in(v) {
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
        let processed = super::typedecorator::bind_param(interp, d, v)?;
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
            } else if let Some(c) = h.as_any().downcast_ref::<super::args::Conv>() {
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

fn expr_binary(
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

fn and_or(op: BinOp, items: Vec<Expr>) -> Expr {
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
fn expr_method(this: Expr, name: &str) -> Option<Value> {
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
fn negate(e: Expr) -> Expr {
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

// ---- columns -------------------------------------------------------------------------

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
                        arg: super::conn::sql_to_py(value),
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

fn make_column(interp: &mut Interp, args: Args) -> EvalResult<Value> {
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
        } else if item.is_none() || super::standin::stand_in(item).is_some() {
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
            "default" if v.is_none() => {}
            "default" if is_callable_default(interp, &v) => {
                // Offline, SQLAlchemy's prefetch parameter renders NULL (sqlite::compiler).
                col.default = Some(Expr::Null);
                callable = Some(v);
            }
            "default" => {
                let ty = col.ty.clone();
                if let Ok(e) = to_expr(interp, &v, Some(&ty)) {
                    col.default = Some(e);
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

/// `column.default`: a Python-side default, as SQLAlchemy's `ColumnDefault` shows it.
pub struct SaColumnDefault {
    arg: Value,
    /// `callable`, `scalar` or `clause_element`.
    kind: &'static str,
}

impl HostObject for SaColumnDefault {
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
    fn type_name(&self) -> String {
        "DefaultClause".into()
    }
}

pub struct SaComputed(pub Expr, pub Option<bool>);

impl HostObject for SaComputed {
    fn type_name(&self) -> String {
        "Computed".into()
    }
}

pub struct SaIdentity(pub bool);

impl HostObject for SaIdentity {
    fn type_name(&self) -> String {
        "Identity".into()
    }
}

// ---- constraints, foreign keys, indexes ------------------------------------------------

pub struct SaForeignKey(pub ForeignKey);

impl HostObject for SaForeignKey {
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

fn make_fk(interp: &mut Interp, args: Args) -> EvalResult<Value> {
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

fn make_pk_or_unique(interp: &mut Interp, args: Args, pk: bool) -> EvalResult<Value> {
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

fn sql_text_arg(interp: &mut Interp, v: &Value) -> EvalResult<Expr> {
    if let Some(s) = v.as_str() {
        return Ok(Expr::text(s));
    }
    to_expr(interp, v, None)
}

fn make_check(interp: &mut Interp, args: Args) -> EvalResult<Value> {
    let mut b = Bound::new(interp, "CheckConstraint", &["sqltext", "name"], args, false)?;
    let sqltext = sql_text_arg(interp, b.required(interp, "sqltext")?)?;
    let name = constraint_name(b.get("name"));
    let mut c = Constraint::new(ConstraintKind::Check { sqltext }, name);
    take_deferrable(interp, &mut b, &mut c)?;
    Ok(Value::host(SaConstraint(RefCell::new(c))))
}

fn make_fk_constraint(interp: &mut Interp, args: Args) -> EvalResult<Value> {
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

fn make_index(interp: &mut Interp, args: Args) -> EvalResult<Value> {
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
    }))))
}

// ---- tables --------------------------------------------------------------------------

/// `sa.Table(...)` (full: columns with constraints) or `sa.table(...)` (lightweight).
pub struct SaTable {
    pub table: RefCell<Table>,
    pub lightweight: bool,
}

impl SaTable {
    pub fn lightweight(t: TableRef) -> SaTable {
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

    pub fn table_ref(&self) -> TableRef {
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
                    super::create_all::create_or_drop(interp, &this, drop, args)
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

fn remember_table(t: &Table) {
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
fn is_callable_default(interp: &mut Interp, v: &Value) -> bool {
    match v {
        Value::Function(_) | Value::Native(_) | Value::BoundMethod(_) | Value::Class(_) => true,
        Value::Instance(_) => interp.get_attr_opt(v, "__call__").ok().flatten().is_some(),
        _ => super::standin::stand_in(v).is_some(),
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

fn table_named(name: &str) -> Option<Table> {
    TABLES_BY_NAME.with(|m| m.borrow().get(name).cloned())
}

/// `sa.join(a, b, on)`, `a.join(b, on)`: a FROM clause of joined tables.
pub struct SaJoin {
    pub join: Join,
    /// The tables it joins (for foreign keys when a further join names no condition).
    pub tables: Vec<Table>,
}

impl HostObject for SaJoin {
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
fn make_join(interp: &mut Interp, args: Args, outer: bool) -> EvalResult<Value> {
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

fn select_all(t: &SaTable) -> Statement {
    let r = t.table_ref();
    Statement::Select(Select {
        columns: column_exprs(&r),
        froms: vec![r],
        ..Default::default()
    })
}

/// A table's columns as expressions, in order (`select(t)`, `returning(t)`).
fn column_exprs(r: &TableRef) -> Vec<Expr> {
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

/// `sa.MetaData(naming_convention=...)`.
pub struct SaMetaData {
    pub naming: NamingConvention,
    pub tables: RefCell<IndexMap<String, Value>>,
}

impl HostObject for SaMetaData {
    fn type_name(&self) -> String {
        "MetaData".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
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
            "sorted_tables" => Some(Value::list(super::create_all::sorted_tables(&self))),
            "create_all" | "drop_all" => {
                let me = self.clone();
                let drop = name == "drop_all";
                Some(Value::native(name, move |interp, args| {
                    if drop {
                        super::create_all::drop_all(interp, &me, args)
                    } else {
                        super::create_all::create_all(interp, &me, args)
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
                    let Some(ctx) = super::conn::bind_context(&bind) else {
                        return Err(interp.type_error(format!(
                            "reflect() expects op.get_bind() or its .engine, got {}",
                            bind.type_name()
                        )));
                    };
                    if ctx.as_sql() {
                        return Err(no_inspection_offline(interp));
                    }
                    let names = crate::sqlite::reflect::table_names(&ctx.db).map_err(|e| {
                        super::op::raise(interp, crate::sqlite::reflect::reflect_error(e))
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
                            super::op::raise(interp, crate::sqlite::reflect::reflect_error(e))
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

fn make_metadata(interp: &mut Interp, args: Args) -> EvalResult<Value> {
    let b = Bound::new(
        interp,
        "MetaData",
        &["schema", "quote_schema", "naming_convention", "info"],
        args,
        false,
    )?;
    let mut naming = NamingConvention::default();
    if let Some(nc) = b.get("naming_convention") {
        naming.0.clear();
        for (k, v) in interp.dict_items(nc)? {
            if let (Some(k), Some(v)) = (k.as_str(), v.as_str()) {
                naming.0.insert(k.to_owned(), v.to_owned());
            }
        }
    }
    Ok(Value::host(SaMetaData {
        naming,
        tables: RefCell::new(IndexMap::new()),
    }))
}

fn make_table(interp: &mut Interp, args: Args) -> EvalResult<Value> {
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
    super::create_all::resolve_foreign_key_types(meta);
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
    let Some(ctx) = super::conn::bind_context(bind) else {
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
        .map_err(|e| super::op::raise(interp, reflect_error(e)))?
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
pub(super) fn inspect(interp: &mut Interp, args: Args) -> EvalResult {
    let subject = args.positional.first().cloned().unwrap_or(Value::None);
    match super::conn::bind_context(&subject) {
        Some(ctx) if ctx.as_sql() => Err(no_inspection_offline(interp)),
        Some(ctx) => Ok(Value::host(super::inspector::Inspector(ctx))),
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

fn no_inspection_offline(interp: &mut Interp) -> retort_pyscript::Unwind {
    exception_class(interp, "NoInspectionAvailable");
    interp.exc(
        "NoInspectionAvailable",
        "No inspection system is available for object of type <class 'sqlalchemy.engine.mock.MockConnection'>",
    )
}

fn make_lightweight_table(interp: &mut Interp, args: Args) -> EvalResult<Value> {
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

// ---- statements ----------------------------------------------------------------------

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

fn make_select(interp: &mut Interp, args: Args) -> EvalResult<Value> {
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

fn table_arg(interp: &mut Interp, args: &Args, func: &str) -> EvalResult<TableRef> {
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

// ---- functions -------------------------------------------------------------------------

/// `sa.func`: any attribute is a SQL function.
pub struct SaFunc;

impl HostObject for SaFunc {
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

// ---- the module ----------------------------------------------------------------------

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
        "TypeDecorator" => Value::host(super::typedecorator::DecoratorClass(
            super::typedecorator::Base::TypeDecorator,
        )),
        "UserDefinedType" => Value::host(super::typedecorator::DecoratorClass(
            super::typedecorator::Base::UserDefinedType,
        )),
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
            Ok(Value::host(super::args::Conv(
                b.required_str(interp, "value")?,
            )))
        }),
        "inspect" => native("inspect", inspect),
        "Inspector" => Value::host(super::inspector::InspectorClass),
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
    pub slot: super::OpSlot,
    /// The names looked up so far: `sa.text` in a data migration's loop is looked up once
    /// per row, and `sa.Integer is sa.Integer`, as in Python.
    pub cache: RefCell<retort_pyscript::Map<String, Value>>,
}

impl SaModule {
    pub fn new(name: String, slot: super::OpSlot) -> SaModule {
        SaModule {
            name,
            slot,
            cache: RefCell::default(),
        }
    }
}

impl HostObject for SaModule {
    fn type_name(&self) -> String {
        "module".into()
    }
    fn get_attr(self: Rc<Self>, interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        if let Some(v) = self.cache.borrow().get(name) {
            return Ok(Some(v.clone()));
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
            | "elements" | "engine" => Value::host(SaModule::new(
                format!("{}.{name}", self.name),
                self.slot.clone(),
            )),
            _ => {
                if let Some(c) = exception_class(interp, name) {
                    return Ok(Some(Value::Class(c)));
                }
                return Ok(Some(Value::host(super::Missing(
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
