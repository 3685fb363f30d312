//! Alembic's `UpgradeOps.as_diffs()`, as `alembic check` prints it: a tuple per operation
//! (`('add_column', None, 't', Column('x', Integer(), table=<t>))`), a list of tuples per
//! changed column, the schema objects in SQLAlchemy's `repr`. Where that `repr` shows a memory
//! address (`<... object at 0x7f...>`), which varies from run to run, Retort writes `0x0`.

use retort_pyscript::str_repr;

use crate::sql::expr::{Expr, SqlValue};
use crate::sql::schema::{
    Column, Constraint, ConstraintKind, Index, IndexExpr, ServerDefault, Table,
};
use crate::sql::types::{SqlType, TypeKind};

/// `repr(column)` for a column of `table`, with the `ForeignKey`s the table's foreign key
/// constraints give it.
pub fn column(c: &Column, table: &Table) -> String {
    column_repr(c, table, true)
}

/// `with_fks`: the column's `ForeignKey`s shown; an index's copies of its columns have none.
fn column_repr(c: &Column, t: &Table, with_fks: bool) -> String {
    let mut parts = vec![str_repr(&c.name), c.ty.repr()];
    if with_fks {
        for k in &t.constraints {
            if let ConstraintKind::ForeignKey {
                columns,
                refcolumns,
                ..
            } = &k.kind
                && let Some(i) = columns.iter().position(|n| *n == c.name)
                && let Some(target) = refcolumns.get(i)
            {
                parts.push(format!("ForeignKey({})", str_repr(target)));
            }
        }
    }
    // A CHECK given among the column's arguments: its SQL as a clause object.
    for k in &c.checks {
        if let ConstraintKind::Check { sqltext } = &k.kind {
            let class = match sqltext {
                Expr::Text(_) => "TextClause",
                Expr::Binary { .. } => "BinaryExpression",
                Expr::Clauses { .. } => "BooleanClauseList",
                _ => "ColumnElement",
            };
            parts.push(format!(
                "CheckConstraint(<sqlalchemy.sql.elements.{class} object at 0x0>)"
            ));
        }
    }
    let table = &t.name;
    parts.push(format!("table=<{table}>"));
    if c.primary_key {
        parts.push("primary_key=True".into());
    }
    if !c.nullable {
        parts.push("nullable=False".into());
    }
    if let Some((e, r)) = &c.onupdate {
        parts.push(format!("onupdate={}", python_default(r, e, &c.ty)));
    }
    if let Some(d) = &c.default {
        parts.push(format!(
            "default={}",
            python_default(&c.default_repr, d, &c.ty)
        ));
    }
    if let Some(d) = &c.server_default {
        parts.push(format!("server_default={}", server_default(d)));
    }
    if let Some(comment) = &c.comment {
        parts.push(format!("comment={}", str_repr(comment)));
    }
    format!("Column({})", parts.join(", "))
}

/// `repr(table)`: its name, a fresh `MetaData()`, its columns.
pub fn table(t: &Table) -> String {
    let mut parts = vec![str_repr(&t.name), "MetaData()".to_owned()];
    parts.extend(t.columns.iter().map(|c| column(c, t)));
    parts.push("schema=None".into());
    format!("Table({})", parts.join(", "))
}

/// `repr(index)`: its name, its columns as the table has them.
pub fn index(ix: &Index, name: &str, t: &Table) -> String {
    let mut parts = vec![str_repr(name)];
    for e in &ix.expressions {
        parts.push(match e {
            IndexExpr::Column(n) => t.column(n).map_or_else(
                || format!("Column({})", str_repr(n)),
                |c| column_repr(c, t, false),
            ),
            IndexExpr::Expr(_) => "<sqlalchemy.sql.elements.TextClause object at 0x0>".into(),
        });
    }
    if ix.unique {
        parts.push("unique=True".into());
    }
    format!("Index({})", parts.join(", "))
}

/// A column as the constraints of an `AddConstraintOp` rebuild it: name only, no type.
fn bare_column(name: &str, table: &str) -> String {
    format!("Column({}, NullType(), table=<{table}>)", str_repr(name))
}

/// `repr(UniqueConstraint)` as Alembic's op rebuilds it (no name shown).
pub fn unique(c: &Constraint, table: &str) -> String {
    let cols: Vec<String> = c.columns().iter().map(|n| bare_column(n, table)).collect();
    format!("UniqueConstraint({})", cols.join(", "))
}

/// `repr(ForeignKeyConstraint)` as Alembic's op rebuilds it: the column collection (an
/// address), its keywords, and the table it builds around the constraint.
pub(crate) fn foreign_key(c: &Constraint, name: Option<&str>, table: &str) -> String {
    let ConstraintKind::ForeignKey {
        columns,
        refcolumns,
        ondelete,
        onupdate,
        ..
    } = &c.kind
    else {
        return String::new();
    };
    let mut parts = vec![
        "<sqlalchemy.sql.base.ReadOnlyColumnCollection object at 0x0>".to_owned(),
        "None".to_owned(),
    ];
    if let Some(n) = name {
        parts.push(format!("name={}", str_repr(n)));
    }
    if let Some(u) = onupdate {
        parts.push(format!("onupdate={}", str_repr(u)));
    }
    if let Some(d) = ondelete {
        parts.push(format!("ondelete={}", str_repr(d)));
    }
    let cols: Vec<String> = columns
        .iter()
        .zip(refcolumns)
        .map(|(col, target)| {
            format!(
                "Column({}, NullType(), ForeignKey({}), table=<{table}>)",
                str_repr(col),
                str_repr(target)
            )
        })
        .collect();
    parts.push(format!(
        "table=Table({}, MetaData(), {}, schema=None)",
        str_repr(table),
        cols.join(", ")
    ));
    format!("ForeignKeyConstraint({})", parts.join(", "))
}

/// `existing_server_default` in a modify tuple: `False` for none.
pub(crate) fn existing_server_default(d: Option<&ServerDefault>) -> String {
    d.map_or("False".into(), server_default)
}

/// `repr(func.name())`: SQLAlchemy's known functions have a class of their own.
fn function(name: &str) -> String {
    let class = match name.to_lowercase().as_str() {
        n @ ("now" | "current_timestamp" | "current_date" | "current_time" | "localtimestamp"
        | "localtime" | "random" | "count" | "max" | "min" | "sum" | "coalesce") => n.to_owned(),
        _ => "Function".to_owned(),
    };
    format!("<sqlalchemy.sql.functions.{class} at 0x0; {name}>")
}

fn server_default(d: &ServerDefault) -> String {
    let arg = match d {
        ServerDefault::Str(s) => str_repr(s),
        ServerDefault::Expr(Expr::Func { name, .. }) => function(name),
        ServerDefault::Expr(Expr::False) => "<sqlalchemy.sql.elements.False_ object at 0x0>".into(),
        ServerDefault::Expr(Expr::True) => "<sqlalchemy.sql.elements.True_ object at 0x0>".into(),
        ServerDefault::Expr(_) => "<sqlalchemy.sql.elements.TextClause object at 0x0>".into(),
    };
    format!("DefaultClause({arg}, for_update=False)")
}

/// A Python-side `default=` (or `onupdate=`): as the column recorded its repr, else from its
/// SQL: a value (`ScalarElementColumnDefault(...)`), a SQL function.
fn python_default(repr: &Option<String>, e: &Expr, ty: &SqlType) -> String {
    if let Some(r) = repr {
        return r.clone();
    }
    let value = match e {
        Expr::Bind { value, .. } => Some(match value {
            SqlValue::Int(i) if ty.kind == TypeKind::Boolean => {
                if *i != 0 {
                    "True".into()
                } else {
                    "False".into()
                }
            }
            SqlValue::Int(i) => i.to_string(),
            SqlValue::Float(f) => retort_pyscript::float_repr(*f),
            SqlValue::Decimal(d) => format!("Decimal({})", str_repr(d)),
            SqlValue::Text(s) => str_repr(s),
            SqlValue::Null => "None".into(),
            SqlValue::Blob(_) => "b''".into(),
        }),
        Expr::True => Some("True".into()),
        Expr::False => Some("False".into()),
        Expr::Func { name, .. } => {
            return format!("ColumnElementColumnDefault({})", function(name));
        }
        _ => None,
    };
    match value {
        Some(v) => format!("ScalarElementColumnDefault({v})"),
        None => "CallableColumnDefault(<function at 0x0>)".into(),
    }
}

/// A Python tuple of already-written items.
pub fn tuple(items: &[String]) -> String {
    format!("({})", items.join(", "))
}
