//! SQL expressions and statements: what `sa.text()`, `sa.func.*`, `table.c.x == 5`,
//! `table.update().where(...).values(...)` and friends build. The SQLite compiler
//! (`crate::sqlite::compiler`) turns them into SQL text and parameters.

use indexmap::IndexMap;

use super::types::SqlType;

/// A value bound to a statement, as SQLite stores it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum SqlValue {
    Null,
    Int(i64),
    Float(f64),
    /// A `decimal.Decimal` bound to a Numeric or Float column: SQLAlchemy's SQLite dialect
    /// binds it as a float and renders it as a literal in its own digits (`12.50`).
    Decimal(String),
    Text(String),
    Blob(Vec<u8>),
}

impl SqlValue {
    /// A [`SqlValue::Decimal`]'s digits as the float it is bound as.
    pub fn decimal_f64(digits: &str) -> f64 {
        digits.parse().unwrap_or(f64::NAN)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Concat,
    And,
    Or,
    Is,
    IsNot,
    Like,
    NotLike,
    ILike,
    NotILike,
    In,
    NotIn,
    BitAnd,
    BitOr,
}

impl BinOp {
    /// SQLAlchemy's operator precedence (`operators._PRECEDENCE`), to know where a nested
    /// expression needs parentheses.
    pub(crate) fn precedence(self) -> u8 {
        match self {
            BinOp::Mul | BinOp::Div | BinOp::Mod => 8,
            BinOp::Add | BinOp::Sub | BinOp::Concat => 7,
            BinOp::BitAnd | BinOp::BitOr => 7,
            BinOp::Eq
            | BinOp::Ne
            | BinOp::Lt
            | BinOp::Le
            | BinOp::Gt
            | BinOp::Ge
            | BinOp::Is
            | BinOp::IsNot
            | BinOp::Like
            | BinOp::NotLike
            | BinOp::ILike
            | BinOp::NotILike
            | BinOp::In
            | BinOp::NotIn => 5,
            BinOp::And => 3,
            BinOp::Or => 2,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryKind {
    Not,
    Neg,
    Desc,
    Asc,
    Distinct,
    IsNull,
    IsNotNull,
}

/// `sa.text("...")`: SQL text with `:name` bind parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct TextClause {
    pub text: String,
    /// Values given with `.bindparams(name=value)`.
    pub binds: IndexMap<String, SqlValue>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A column: `t.c.x`, `sa.column("x")`, a `Column` object.
    Column {
        table: Option<String>,
        name: String,
        ty: SqlType,
    },
    /// A bound value. `literal` (`op.inline_literal`, DDL, `--sql`) renders it inline.
    Bind {
        key: Option<String>,
        value: SqlValue,
        ty: SqlType,
        literal: bool,
    },
    Text(TextClause),
    /// `sa.literal_column("...")`: text rendered as is.
    LiteralColumn(String),
    Func {
        name: String,
        args: Vec<Expr>,
    },
    Binary {
        left: Box<Expr>,
        op: BinOp,
        right: Box<Expr>,
    },
    /// `AND` / `OR` of several clauses (`sa.and_`, `sa.or_`).
    Clauses {
        op: BinOp,
        items: Vec<Expr>,
    },
    Unary {
        op: UnaryKind,
        operand: Box<Expr>,
    },
    Grouping(Box<Expr>),
    Cast {
        expr: Box<Expr>,
        ty: SqlType,
    },
    Label {
        name: String,
        expr: Box<Expr>,
    },
    Tuple(Vec<Expr>),
    Between {
        expr: Box<Expr>,
        low: Box<Expr>,
        high: Box<Expr>,
    },
    Case {
        whens: Vec<(Expr, Expr)>,
        value: Option<Box<Expr>>,
        else_: Option<Box<Expr>>,
    },
    Null,
    True,
    False,
    /// `select(...)` used as a value (`IN (SELECT ...)`, scalar subqueries).
    Select(Box<Select>),
    /// `*` in `select(text("*"))`-like spellings and `count(*)`.
    Star,
    /// A value of a library Retort does not have (docs/decisions/0003), given where SQL
    /// was expected: kept, so that a module defining it loads; an error when rendered.
    StandIn(String),
    /// A parameter taken by name from each set of an execution's parameters: the columns
    /// of `execute(table.insert(), [{...}, ...])` and `op.bulk_insert`.
    Param(String),
}

impl Expr {
    pub fn text(sql: &str) -> Expr {
        Expr::Text(TextClause {
            text: sql.to_owned(),
            binds: IndexMap::new(),
        })
    }

    /// The type of the expression, where SQLAlchemy knows it.
    pub fn ty(&self) -> SqlType {
        match self {
            Expr::Column { ty, .. } | Expr::Bind { ty, .. } | Expr::Cast { ty, .. } => ty.clone(),
            Expr::Label { expr, .. } | Expr::Grouping(expr) => expr.ty(),
            Expr::Binary { left, op, .. } => match op {
                BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Mod | BinOp::Concat => {
                    left.ty()
                }
                _ => SqlType::new(super::types::TypeKind::Boolean, "Boolean"),
            },
            _ => SqlType::null(),
        }
    }

    /// The name a result column of this expression gets.
    pub(crate) fn result_name(&self) -> Option<String> {
        match self {
            Expr::Column { name, .. } | Expr::Label { name, .. } => Some(name.clone()),
            Expr::LiteralColumn(s) => Some(s.clone()),
            _ => None,
        }
    }
}

/// A table as statements see it: `sa.table("t", sa.column("x"), ...)` or a `Table`.
#[derive(Clone, Debug, PartialEq)]
pub struct TableRef {
    pub name: String,
    pub schema: Option<String>,
    /// `(name, type)` of its columns, in order.
    pub columns: Vec<(String, SqlType)>,
    /// The Python-side `default=` of its columns that are a value or a SQL expression:
    /// an INSERT that does not give such a column gives it its default, as SQLAlchemy's
    /// compiler adds it.
    pub defaults: Vec<(String, Expr)>,
}

impl TableRef {
    pub(crate) fn column_type(&self, name: &str) -> Option<&SqlType> {
        self.columns.iter().find(|(n, _)| n == name).map(|(_, t)| t)
    }
}

/// `a JOIN b ON ...` (`sa.join`, `table.join`, `select(...).join(...)`).
#[derive(Clone, Debug, PartialEq)]
pub struct Join {
    pub left: FromItem,
    pub right: TableRef,
    pub on: Expr,
    /// `isouter=True`: LEFT OUTER JOIN.
    pub isouter: bool,
    /// `full=True`: FULL OUTER JOIN.
    pub full: bool,
}

/// What a FROM clause lists: a table, or a join of tables.
#[derive(Clone, Debug, PartialEq)]
pub enum FromItem {
    Table(TableRef),
    Join(Box<Join>),
}

impl FromItem {
    /// The tables it is made of, left to right.
    pub fn tables(&self) -> Vec<&TableRef> {
        match self {
            FromItem::Table(t) => vec![t],
            FromItem::Join(j) => {
                let mut v = j.left.tables();
                v.push(&j.right);
                v
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Select {
    pub columns: Vec<Expr>,
    pub froms: Vec<TableRef>,
    /// Joins given with `select_from(join)` or `.join(...)`: they come first in the FROM
    /// clause, and the tables they join are not listed again.
    pub joins: Vec<Join>,
    pub where_: Vec<Expr>,
    pub order_by: Vec<Expr>,
    pub group_by: Vec<Expr>,
    pub limit: Option<Expr>,
    pub offset: Option<Expr>,
    pub distinct: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Statement {
    Insert {
        table: TableRef,
        /// Explicit `.values(...)`; empty means "the keys of the parameters".
        values: Vec<(String, Expr)>,
        /// `.values([{...}, {...}])`: a multi-row VALUES.
        multi: Vec<Vec<(String, Expr)>>,
        /// `.returning(...)`: SQLite's RETURNING clause (3.35+), as SQLAlchemy 2 renders it.
        returning: Vec<Expr>,
    },
    Update {
        table: TableRef,
        values: Vec<(String, Expr)>,
        where_: Vec<Expr>,
        returning: Vec<Expr>,
    },
    Delete {
        table: TableRef,
        where_: Vec<Expr>,
        returning: Vec<Expr>,
    },
    Select(Select),
    Text(TextClause),
    /// `table.insert().from_select(columns, select)`: batch mode's copy of the rows.
    InsertFromSelect {
        table: TableRef,
        columns: Vec<String>,
        select: Select,
    },
}
