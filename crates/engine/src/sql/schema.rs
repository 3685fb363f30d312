//! SQLAlchemy's schema objects: `Column`, constraints, `ForeignKey`, `Index`, `Table`, and
//! `MetaData`'s naming conventions — the data that DDL is rendered from.
//!
//! Constraint order in `CREATE TABLE` follows SQLAlchemy: the primary key, then the others
//! by *creation order* (`_creation_order`), a counter every constraint takes when built. So
//! constraints a script builds before calling `Table(...)`/`op.create_table(...)` come before
//! the ones a column creates when it joins the table (`unique=True`, `ForeignKey`, the CHECK
//! of a `Boolean`/`Enum` with `create_constraint=True`).

use std::cell::Cell;

use indexmap::IndexMap;

use super::expr::{Expr, TableRef};
use super::types::{SqlType, TypeKind};

thread_local! {
    static CREATION_ORDER: Cell<u64> = const { Cell::new(0) };
}

/// The next value of SQLAlchemy's global `_creation_order` counter.
pub(crate) fn next_creation_order() -> u64 {
    CREATION_ORDER.with(|c| {
        let n = c.get() + 1;
        c.set(n);
        n
    })
}

// Plain data moved around a few at a time: boxing the big variant buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum ServerDefault {
    /// A Python string: rendered as a quoted literal.
    Str(String),
    /// `sa.text(...)`, `sa.func.now()`, `sa.literal_column(...)`, ...
    Expr(Expr),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Autoincrement {
    Auto,
    True,
    False,
    IgnoreFk,
}

/// `sa.ForeignKey("table.col", ...)` on a column.
#[derive(Clone, Debug, PartialEq)]
pub struct ForeignKey {
    /// `"table.column"` (or `"schema.table.column"`).
    pub target: String,
    pub name: Option<String>,
    pub ondelete: Option<String>,
    pub onupdate: Option<String>,
    pub deferrable: Option<bool>,
    pub initially: Option<String>,
    pub match_: Option<String>,
    pub use_alter: bool,
}

impl ForeignKey {
    pub fn new(target: &str) -> ForeignKey {
        ForeignKey {
            target: target.to_owned(),
            name: None,
            ondelete: None,
            onupdate: None,
            deferrable: None,
            initially: None,
            match_: None,
            use_alter: false,
        }
    }
}

/// `(table, column)` of a foreign key target `"table.column"` (or
/// `"schema.table.column"`); a bare name is a table without a column.
pub(crate) fn split_column_ref(target: &str) -> (&str, &str) {
    match target.rsplit_once('.') {
        Some((t, c)) => (t.rsplit('.').next().unwrap_or(t), c),
        None => (target, ""),
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub name: String,
    pub ty: SqlType,
    pub nullable: bool,
    pub primary_key: bool,
    pub server_default: Option<ServerDefault>,
    pub autoincrement: Autoincrement,
    pub unique: Option<bool>,
    pub index: Option<bool>,
    pub foreign_keys: Vec<ForeignKey>,
    /// `CheckConstraint`s given among the column's arguments (rendered inline).
    pub checks: Vec<Constraint>,
    pub comment: Option<String>,
    /// `sa.Computed("expr", persisted=...)`.
    pub computed: Option<(Expr, Option<bool>)>,
    /// Python-side `default=` (used by inserts, not by DDL).
    pub default: Option<Expr>,
    /// A Python `default=` as SQLAlchemy's `ColumnDefault` shows it in `check`'s reprs
    /// (`CallableColumnDefault(<function datetime.utcnow at 0x0>)`,
    /// `ScalarElementColumnDefault(<Power.fire: 'fire'>)`); `None` for a SQL expression.
    pub default_repr: Option<String>,
    /// `onupdate=`, kept for `check`'s reprs only (`default`'s forms; it is never DDL).
    pub onupdate: Option<(Expr, Option<String>)>,
}

impl Column {
    pub fn new(name: &str, ty: SqlType) -> Column {
        Column {
            name: name.to_owned(),
            ty,
            nullable: true,
            primary_key: false,
            server_default: None,
            autoincrement: Autoincrement::Auto,
            unique: None,
            index: None,
            foreign_keys: Vec::new(),
            checks: Vec::new(),
            comment: None,
            computed: None,
            default: None,
            default_repr: None,
            onupdate: None,
        }
    }
}

// Plain data moved around a few at a time: boxing the CHECK's expression buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum ConstraintKind {
    PrimaryKey {
        columns: Vec<String>,
    },
    Unique {
        columns: Vec<String>,
    },
    Check {
        sqltext: Expr,
    },
    ForeignKey {
        columns: Vec<String>,
        /// `"table.column"` targets, one per column.
        refcolumns: Vec<String>,
        ondelete: Option<String>,
        onupdate: Option<String>,
        match_: Option<String>,
        use_alter: bool,
    },
}

/// How a constraint's name was given.
#[derive(Clone, Debug, PartialEq)]
pub enum ConstraintName {
    /// No name: the naming convention may give one.
    None,
    /// A plain name (a convention with `%(constraint_name)s` wraps it).
    Given(String),
    /// `op.f("...")` / `sa.schema.conv`: final, conventions do not apply.
    Final(String),
}

impl ConstraintName {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            ConstraintName::None => None,
            ConstraintName::Given(s) | ConstraintName::Final(s) => Some(s),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Constraint {
    pub name: ConstraintName,
    pub kind: ConstraintKind,
    pub deferrable: Option<bool>,
    pub initially: Option<String>,
    pub creation_order: u64,
    /// Created by a column's type (`Boolean` / `Enum` CHECK): SQLite cannot ALTER it in,
    /// and Alembic skips it with a warning instead of failing.
    pub type_bound: bool,
}

impl Constraint {
    pub fn new(kind: ConstraintKind, name: ConstraintName) -> Constraint {
        Constraint {
            name,
            kind,
            deferrable: None,
            initially: None,
            creation_order: next_creation_order(),
            type_bound: false,
        }
    }

    pub fn columns(&self) -> &[String] {
        match &self.kind {
            ConstraintKind::PrimaryKey { columns }
            | ConstraintKind::Unique { columns }
            | ConstraintKind::ForeignKey { columns, .. } => columns,
            ConstraintKind::Check { .. } => &[],
        }
    }

    /// The key of a naming convention that applies: `pk`, `uq`, `ck`, `fk`.
    pub(crate) fn convention_key(&self) -> &'static str {
        match self.kind {
            ConstraintKind::PrimaryKey { .. } => "pk",
            ConstraintKind::Unique { .. } => "uq",
            ConstraintKind::Check { .. } => "ck",
            ConstraintKind::ForeignKey { .. } => "fk",
        }
    }
}

// Plain data moved around a few at a time: boxing the big variant buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum IndexExpr {
    Column(String),
    Expr(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Index {
    pub name: ConstraintName,
    pub table: String,
    pub expressions: Vec<IndexExpr>,
    pub unique: bool,
    pub sqlite_where: Option<Expr>,
    pub column_flag: bool,
    /// Read back from SQLite, whose `unique` is the integer `1` (autogenerate writes it so).
    pub reflected: bool,
}

/// `MetaData(naming_convention=...)`: SQLAlchemy's default is `{"ix": "ix_%(column_0_label)s"}`.
#[derive(Clone, Debug, PartialEq)]
pub struct NamingConvention(pub IndexMap<String, String>);

impl Default for NamingConvention {
    fn default() -> Self {
        let mut m = IndexMap::new();
        m.insert("ix".to_owned(), "ix_%(column_0_label)s".to_owned());
        NamingConvention(m)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub name: String,
    pub schema: Option<String>,
    pub columns: Vec<Column>,
    /// The primary key (always present; empty when no column is part of it).
    pub primary_key: Constraint,
    /// The other constraints, in the order they joined the table.
    pub constraints: Vec<Constraint>,
    pub indexes: Vec<Index>,
    pub comment: Option<String>,
    pub sqlite_autoincrement: bool,
    pub sqlite_with_rowid: bool,
    pub sqlite_strict: bool,
    pub prefixes: Vec<String>,
    pub naming: NamingConvention,
}

impl Table {
    /// The table as statements see it: its columns and their Python-side defaults.
    pub(crate) fn table_ref(&self) -> TableRef {
        TableRef {
            name: self.name.clone(),
            schema: self.schema.clone(),
            columns: self
                .columns
                .iter()
                .map(|c| (c.name.clone(), c.ty.clone()))
                .collect(),
            defaults: self
                .columns
                .iter()
                .filter_map(|c| c.default.clone().map(|d| (c.name.clone(), d)))
                .collect(),
        }
    }

    pub fn new(name: &str, naming: NamingConvention) -> Table {
        Table {
            name: name.to_owned(),
            schema: None,
            columns: Vec::new(),
            primary_key: Constraint::new(
                ConstraintKind::PrimaryKey {
                    columns: Vec::new(),
                },
                ConstraintName::None,
            ),
            constraints: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            sqlite_autoincrement: false,
            sqlite_with_rowid: true,
            sqlite_strict: false,
            prefixes: Vec::new(),
            naming,
        }
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub(crate) fn pk_columns(&self) -> &[String] {
        self.primary_key.columns()
    }

    /// Adds a column as SQLAlchemy's `Column._set_parent` does: primary key membership,
    /// then the constraints and index its flags, foreign keys and type imply (in that
    /// order, each taking the next creation order).
    pub(crate) fn append_column(&mut self, col: Column) -> Result<(), String> {
        if self.column(&col.name).is_some() {
            return Err(format!(
                "A column with name '{}' is already present in table '{}'.",
                col.name, self.name
            ));
        }
        if col.primary_key
            && let ConstraintKind::PrimaryKey { columns } = &mut self.primary_key.kind
        {
            columns.push(col.name.clone());
        }
        if col.index == Some(true) {
            self.indexes.push(Index {
                name: ConstraintName::None,
                table: self.name.clone(),
                expressions: vec![IndexExpr::Column(col.name.clone())],
                unique: col.unique == Some(true),
                sqlite_where: None,
                column_flag: true,
                reflected: false,
            });
        } else if col.unique == Some(true) {
            self.constraints.push(Constraint::new(
                ConstraintKind::Unique {
                    columns: vec![col.name.clone()],
                },
                ConstraintName::None,
            ));
        }
        for fk in &col.foreign_keys {
            let mut c = Constraint::new(
                ConstraintKind::ForeignKey {
                    columns: vec![col.name.clone()],
                    refcolumns: vec![fk.target.clone()],
                    ondelete: fk.ondelete.clone(),
                    onupdate: fk.onupdate.clone(),
                    match_: fk.match_.clone(),
                    use_alter: fk.use_alter,
                },
                match &fk.name {
                    Some(n) => ConstraintName::Given(n.clone()),
                    None => ConstraintName::None,
                },
            );
            c.deferrable = fk.deferrable;
            c.initially = fk.initially.clone();
            self.constraints.push(c);
        }
        if col.ty.has_check_constraint() {
            let sqltext = type_check_expr(&col.name, &col.ty);
            let mut c = Constraint::new(
                ConstraintKind::Check { sqltext },
                match &col.ty.name {
                    Some(n) => ConstraintName::Given(n.clone()),
                    None => ConstraintName::None,
                },
            );
            c.type_bound = true;
            self.constraints.push(c);
        }
        if !col.primary_key && self.pk_columns().contains(&col.name) {
            return Err(format!(
                "Trying to redefine primary-key column '{}' as a non-primary-key column on table '{}'",
                col.name, self.name
            ));
        }
        self.columns.push(col);
        Ok(())
    }

    /// `Table.append_constraint`: a `PrimaryKeyConstraint` replaces the primary key and
    /// marks its columns; others join the list.
    pub(crate) fn append_constraint(&mut self, c: Constraint) {
        match &c.kind {
            ConstraintKind::PrimaryKey { columns } => {
                for col in &mut self.columns {
                    if columns.contains(&col.name) {
                        col.primary_key = true;
                        col.nullable = false;
                    }
                }
                self.primary_key = c;
            }
            _ => self.constraints.push(c),
        }
    }

    /// The constraints `CREATE TABLE` renders after the columns, in SQLAlchemy's order.
    pub(crate) fn sorted_constraints(&self) -> Vec<&Constraint> {
        let mut v: Vec<&Constraint> = self.constraints.iter().collect();
        v.sort_by_key(|c| c.creation_order);
        v
    }
}

/// The CHECK a `Boolean` / `Enum` type with `create_constraint=True` adds.
pub(crate) fn type_check_expr(column: &str, ty: &SqlType) -> Expr {
    use super::expr::{BinOp, SqlValue};
    let col = Expr::Column {
        table: None,
        name: column.to_owned(),
        ty: ty.clone(),
    };
    let values: Vec<Expr> = match ty.kind {
        TypeKind::Boolean => vec![SqlValue::Int(0), SqlValue::Int(1)],
        _ => ty
            .enum_values
            .iter()
            .map(|v| SqlValue::Text(v.clone()))
            .collect(),
    }
    .into_iter()
    .map(|value| Expr::Bind {
        key: None,
        value,
        ty: SqlType::string(),
        literal: true,
    })
    .collect();
    Expr::Binary {
        left: Box::new(col),
        op: BinOp::In,
        right: Box::new(Expr::Tuple(values)),
    }
}
