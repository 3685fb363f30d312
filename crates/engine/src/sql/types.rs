//! SQLAlchemy's column types, as far as DDL on SQLite and value handling need them.
//!
//! SQLAlchemy distinguishes "generic" types (`Integer`, `String`: CamelCase, rendered by the
//! dialect's choice) from SQL-standard and dialect types (`INTEGER`, `VARCHAR`,
//! `sqlite.DATETIME`: UPPERCASE, rendered by name). Both reach SQLite's type compiler; the
//! [`TypeKind`] keeps which one the script named, because a few render differently.

/// Which type a script named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeKind {
    Integer,
    BigInteger,
    SmallInteger,
    /// `String`, `Unicode`: VARCHAR.
    String,
    /// `Text`, `UnicodeText`: TEXT.
    Text,
    Boolean,
    DateTime,
    Date,
    Time,
    /// `Interval` is a TypeDecorator over DateTime on SQLite.
    Interval,
    Float,
    Double,
    Numeric,
    LargeBinary,
    Json,
    Enum,
    /// The generic `Uuid`: CHAR(32) on SQLite.
    Uuid,
    /// `PickleType` is a TypeDecorator over LargeBinary.
    Pickle,
    /// An UPPERCASE type that renders as its own name (plus length or precision):
    /// `INTEGER`, `VARCHAR(20)`, `NUMERIC(10, 2)`, `UUID`, `JSONB`, `TIMESTAMP`.
    Named(&'static str),
    /// No type (`sa.Column('x')` or a reflected type SQLAlchemy does not know).
    Null,
    /// A type of another dialect that SQLite's type compiler has no rendering for
    /// (`postgresql.INTERVAL`, `mysql.TINYINT`): constructible, an error in DDL. The name is
    /// the type's `__visit_name__`.
    Unrenderable(&'static str),
    /// A `UserDefinedType`: DDL is what its `get_col_spec()` returned.
    UserDefined(String),
    /// A type of a library Retort does not have (docs/decisions/0003): the stand-in's
    /// expression. A table may name it; DDL cannot render it.
    StandIn(String),
}

/// The Python object of a `TypeDecorator` (or `UserDefinedType`) subclass a type came from:
/// its `process_bind_param` / `process_result_value` run on values (host::typedecorator).
/// Equal when it is the same object.
#[derive(Clone)]
pub struct Decorator(pub retort_pyscript::Value);

impl PartialEq for Decorator {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (retort_pyscript::Value::Host(a), retort_pyscript::Value::Host(b)) => {
                std::ptr::addr_eq(std::rc::Rc::as_ptr(a), std::rc::Rc::as_ptr(b))
            }
            _ => false,
        }
    }
}

impl std::fmt::Debug for Decorator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&retort_pyscript::repr(&self.0))
    }
}

/// The affinity SQLAlchemy uses to tell whether a type change needs a CAST in batch mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Affinity {
    Integer,
    String,
    Text,
    Boolean,
    DateTime,
    Date,
    Time,
    Numeric,
    Float,
    Binary,
    Json,
    Null,
    Other,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SqlType {
    pub kind: TypeKind,
    /// The Python class name, for `repr`.
    pub class_name: String,
    pub length: Option<i64>,
    pub precision: Option<i64>,
    /// A precision given as a string that is not a number (`Numeric('18,6')`), rendered
    /// verbatim as SQLAlchemy's `%(precision)s` does.
    pub precision_text: Option<String>,
    pub scale: Option<i64>,
    pub timezone: bool,
    pub collation: Option<String>,
    /// `Enum` members (their names, as SQLAlchemy stores them).
    pub enum_values: Vec<String>,
    /// `Enum(name=...)` / `Boolean(name=...)`: the name of the CHECK constraint.
    pub name: Option<String>,
    /// `Enum` / `Boolean` with `create_constraint=True` add a CHECK constraint.
    pub create_constraint: bool,
    /// `JSON(none_as_null=True)`: Python `None` is SQL NULL rather than JSON `null`.
    pub none_as_null: bool,
    /// `Numeric(asdecimal=...)` / `Float(asdecimal=...)`, when given.
    pub asdecimal: Option<bool>,
    /// `Numeric(decimal_return_scale=...)`, when given.
    pub decimal_return_scale: Option<i64>,
    /// Set when a `TypeDecorator` subclass made this type (its `impl`, with the class name).
    pub decorator: Option<Decorator>,
    /// The module of a type defined outside SQLAlchemy (`models`, for `models.JSONList`):
    /// autogenerate writes it as that module's attribute, not `sa.`'s.
    pub module: Option<String>,
    /// What the type's own `__repr__` returns, when a `TypeDecorator` subclass defines one.
    pub own_repr: Option<String>,
    /// The dialect whose module made the type (`postgresql` for `postgresql.JSONB()`).
    pub dialect: Option<&'static str>,
    /// `base.with_variant(t, "dialect")...`: the base type and each dialect's variant, by
    /// dialect name. The type's own fields are what SQLite uses (its variant, else the
    /// base); `repr` and autogenerate write the base and the variants.
    pub variants: Option<Box<Variants>>,
    /// SQLite's DDL for the type when a `@compiles` function (`sqlalchemy.ext.compiler`)
    /// makes it, or when a subclass's own `__visit_name__` decides it: the text, or why it
    /// cannot be compiled (host::compiler).
    pub compiled: Option<Result<String, String>>,
}

/// A type's base and its variants by dialect name (`with_variant`).
pub type Variants = (SqlType, Vec<(String, SqlType)>);

impl SqlType {
    pub fn new(kind: TypeKind, class_name: &str) -> SqlType {
        SqlType {
            kind,
            class_name: class_name.to_owned(),
            length: None,
            precision: None,
            precision_text: None,
            scale: None,
            timezone: false,
            collation: None,
            enum_values: Vec::new(),
            name: None,
            create_constraint: false,
            none_as_null: false,
            asdecimal: None,
            decimal_return_scale: None,
            decorator: None,
            own_repr: None,
            dialect: None,
            variants: None,
            module: None,
            compiled: None,
        }
    }

    /// The scale a fetched value of this type becomes a `Decimal` with, when the type's
    /// result processor makes Decimals (`Numeric` and `DECIMAL` by default, `Float` with
    /// `asdecimal=True`): `decimal_return_scale`, else the scale, else 10.
    pub(crate) fn decimal_scale(&self) -> Option<i64> {
        let default = match self.affinity() {
            Affinity::Numeric => true,
            Affinity::Float => false,
            _ => return None,
        };
        self.asdecimal
            .unwrap_or(default)
            .then(|| self.decimal_return_scale.or(self.scale).unwrap_or(10))
    }

    pub fn null() -> SqlType {
        SqlType::new(TypeKind::Null, "NullType")
    }

    pub(crate) fn integer() -> SqlType {
        SqlType::new(TypeKind::Integer, "Integer")
    }

    pub fn string() -> SqlType {
        SqlType::new(TypeKind::String, "String")
    }

    /// SQLAlchemy's `_type_affinity`: the generic type a type belongs to.
    pub(crate) fn affinity(&self) -> Affinity {
        match &self.kind {
            TypeKind::Integer | TypeKind::BigInteger | TypeKind::SmallInteger => Affinity::Integer,
            TypeKind::String | TypeKind::Enum | TypeKind::Uuid => Affinity::String,
            TypeKind::Text => Affinity::Text,
            TypeKind::Boolean => Affinity::Boolean,
            TypeKind::DateTime | TypeKind::Interval => Affinity::DateTime,
            TypeKind::Date => Affinity::Date,
            TypeKind::Time => Affinity::Time,
            TypeKind::Numeric => Affinity::Numeric,
            TypeKind::Float | TypeKind::Double => Affinity::Float,
            TypeKind::LargeBinary | TypeKind::Pickle => Affinity::Binary,
            TypeKind::Json => Affinity::Json,
            TypeKind::Null => Affinity::Null,
            TypeKind::Unrenderable(_) | TypeKind::UserDefined(_) | TypeKind::StandIn(_) => {
                Affinity::Other
            }
            TypeKind::Named(n) => match *n {
                "INTEGER" | "INT" | "BIGINT" | "SMALLINT" => Affinity::Integer,
                "VARCHAR" | "CHAR" | "NCHAR" | "NVARCHAR" => Affinity::String,
                "TEXT" | "CLOB" | "NCLOB" => Affinity::Text,
                "BOOLEAN" => Affinity::Boolean,
                "DATETIME" | "TIMESTAMP" => Affinity::DateTime,
                "DATE" => Affinity::Date,
                "TIME" => Affinity::Time,
                "NUMERIC" | "DECIMAL" => Affinity::Numeric,
                "FLOAT" | "REAL" | "DOUBLE" | "DOUBLE PRECISION" => Affinity::Float,
                "BLOB" | "BINARY" | "VARBINARY" => Affinity::Binary,
                "JSON" => Affinity::Json,
                "UUID" => Affinity::String,
                _ => Affinity::Other,
            },
        }
    }

    pub(crate) fn is_integer(&self) -> bool {
        self.affinity() == Affinity::Integer
    }

    /// The length an `Enum` column gets: its `length`, else the longest member.
    pub(crate) fn enum_length(&self) -> i64 {
        self.length.unwrap_or_else(|| {
            self.enum_values
                .iter()
                .map(|v| v.chars().count() as i64)
                .max()
                .unwrap_or(0)
        })
    }

    /// Whether this type adds a CHECK constraint to the table its column joins.
    pub(crate) fn has_check_constraint(&self) -> bool {
        self.create_constraint && (self.kind == TypeKind::Boolean || self.kind == TypeKind::Enum)
    }

    /// `repr(type)`, as SQLAlchemy's `util.generic_repr` gives it for the common cases.
    pub fn repr(&self) -> String {
        if let Some(r) = &self.own_repr {
            return r.clone();
        }
        if let Some(v) = &self.variants {
            return v.0.repr();
        }
        // PostgreSQL's JSON types show the `astext_type` they default to.
        if self.dialect == Some("postgresql")
            && matches!(self.class_name.as_str(), "JSON" | "JSONB")
        {
            return format!("{}(astext_type=Text())", self.class_name);
        }
        let mut args = Vec::new();
        match self.kind {
            TypeKind::Enum => {
                args.extend(
                    self.enum_values
                        .iter()
                        .map(|v| retort_pyscript::str_repr(v)),
                );
                if let Some(name) = &self.name {
                    args.push(format!("name={}", retort_pyscript::str_repr(name)));
                }
            }
            _ => {
                if let Some(l) = self.length {
                    args.push(format!("length={l}"));
                }
                if let Some(p) = self.precision {
                    args.push(format!("precision={p}"));
                }
                if let Some(s) = self.scale {
                    args.push(format!("scale={s}"));
                }
                if self.timezone {
                    args.push("timezone=True".into());
                }
            }
        }
        format!("{}({})", self.class_name, args.join(", "))
    }
}
