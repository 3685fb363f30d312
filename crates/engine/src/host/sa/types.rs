//! SQLAlchemy's types: the type classes of `sqlalchemy` and its dialects (`sa.Integer`,
//! `sqlite.DATETIME`, `postgresql.INTERVAL`) and their instances, over `crate::sql::types`.

use std::rc::Rc;

use retort_pyscript::{Args, Class, EvalResult, HostObject, Interp, Value};

use crate::host::args::{Bound, name_of};
use crate::host::typedecorator::{Base, Decorated};
use crate::sql::types::{SqlType, TypeKind};

/// A type class: `sa.Integer`, `sa.String`, `sqlite.DATETIME`. Calling it makes a type.
pub struct TypeClass {
    pub name: &'static str,
    pub kind: TypeKind,
    /// The dialect module it comes from (`postgresql.JSONB`), if not SQLAlchemy's generic ones.
    pub dialect: Option<&'static str>,
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
pub(super) fn dialect_type(dialect: &str, name: &str) -> Option<Value> {
    let (d, renders, fails) = DIALECT_TYPES.iter().find(|(d, _, _)| *d == dialect)?;
    if let Some((_, standard)) = renders.iter().find(|(n, _)| *n == name) {
        let (n, k) = TYPE_CLASSES.iter().find(|(n, _)| n == standard)?;
        return Some(Value::host(TypeClass {
            name: n,
            kind: k.clone(),
            dialect: Some(d),
        }));
    }
    let visit = fails.iter().find(|n| **n == name)?;
    Some(Value::host(TypeClass {
        name: visit,
        kind: TypeKind::Unrenderable(visit),
        dialect: Some(d),
    }))
}

/// The dialect a `sqlalchemy.dialects.<d>...` module belongs to.
pub(super) fn dialect_of(module: &str) -> Option<&str> {
    let d = module.strip_prefix("sqlalchemy.dialects.")?;
    Some(d.split('.').next().unwrap_or(d))
}

pub fn type_class(name: &str) -> Option<Value> {
    TYPE_CLASSES.iter().find(|(n, _)| *n == name).map(|(n, k)| {
        Value::host(TypeClass {
            name: n,
            kind: k.clone(),
            dialect: None,
        })
    })
}

impl HostObject for TypeClass {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "type".into()
    }
    fn call(self: Rc<Self>, interp: &mut Interp, args: Args) -> EvalResult<Option<Value>> {
        make_type(interp, &self, args).map(|t| Some(Value::host(SaType(t))))
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "__name__" => Some(Value::str(self.name)),
            "__init__" => Some(crate::host::typedecorator::base_init()),
            _ => None,
        })
    }
    fn repr(&self) -> String {
        format!("<class 'sqlalchemy.{}'>", self.name)
    }
    fn instance_check(&self, value: &Value) -> Option<bool> {
        if let Some(d) = value.downcast_host::<Decorated>() {
            return Some(d.type_class().is_some_and(|c| c.name == self.name));
        }
        Some(
            value
                .downcast_host::<SaType>()
                .is_some_and(|t| t.0.class_name == self.name),
        )
    }
    /// `class JSONB(sa.JSON)`: a project's own type, made as its base makes it, with the
    /// subclass's name, `__visit_name__` and `@compiles` functions (host::compiler).
    fn instantiate(
        self: Rc<Self>,
        _: &mut Interp,
        class: &Rc<Class>,
        args: &Args,
    ) -> EvalResult<Option<Value>> {
        Ok(Some(Decorated::instance(class, Base::Type, args)))
    }
}

impl HostObject for SaType {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
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
                    let Some(variant) = to_type(interp, &variant)? else {
                        return Ok(Value::Host(this.clone()));
                    };
                    let mut dialects = Vec::new();
                    for d in args.positional.iter().skip(1) {
                        match d {
                            Value::Str(s) => dialects.push(s.to_string()),
                            other => {
                                for x in interp.iterate(other)? {
                                    dialects.extend(x.as_str().map(str::to_owned));
                                }
                            }
                        }
                    }
                    // SQLAlchemy keeps the base type and a mapping of dialect names to
                    // variants; SQLite's DDL takes its own variant.
                    let (base, mut mapping) = match &this.0.variants {
                        Some(v) => (v.0.clone(), v.1.clone()),
                        None => (this.0.clone(), Vec::new()),
                    };
                    for d in dialects {
                        mapping.retain(|(n, _)| *n != d);
                        mapping.push((d, variant.clone()));
                    }
                    mapping.sort_by(|a, b| a.0.cmp(&b.0));
                    let mut t = match mapping.iter().find(|(d, _)| d == "sqlite") {
                        Some((_, v)) => v.clone(),
                        None => base.clone(),
                    };
                    t.variants = Some(Box::new((base, mapping)));
                    Ok(Value::host(SaType(t)))
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

pub fn make_type(interp: &mut Interp, class: &TypeClass, args: Args) -> EvalResult<SqlType> {
    let mut t = SqlType::new(class.kind.clone(), class.name);
    t.dialect = class.dialect;
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
                    other if crate::host::standin::stand_in(other).is_some() => {
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
        let mut t = t.0.clone();
        if t.decorator.is_none()
            && let Some(c) = crate::host::compiler::compiled_host(interp, v, &t)?
        {
            t.compiled = Some(c);
        }
        return Ok(Some(t));
    }
    if let Some(t) = crate::host::typedecorator::resolve(interp, v)? {
        return Ok(Some(t));
    }
    if let Some(s) = crate::host::standin::stand_in(v) {
        return Ok(Some(SqlType::new(
            TypeKind::StandIn(s.name.to_string()),
            &s.name,
        )));
    }
    if let Some(Value::Host(h)) = Some(v)
        && let Some(c) = h.as_any().downcast_ref::<TypeClass>()
    {
        let t = make_type(interp, c, Args::default())?;
        return to_type(interp, &Value::host(SaType(t)));
    }
    Ok(None)
}
