//! SQLAlchemy's `SQLiteDDLCompiler`: `CREATE TABLE`, `CREATE INDEX`, `DROP ...`, column
//! specifications and constraint clauses, byte for byte, so that `sqlite_master` holds the
//! same text after Retort as after Alembic.

use crate::sql::schema::{
    Autoincrement, Column, Constraint, ConstraintKind, ConstraintName, Index, IndexExpr,
    NamingConvention, ServerDefault, Table, split_column_ref,
};
use crate::sql::types::{SqlType, TypeKind};

use super::compiler::{compile_expr_literal, literal};
use super::quote;
use crate::sql::expr::SqlValue;

/// SQLAlchemy's `CompileError` (and the naming-convention errors it raises).
#[derive(Debug, Clone, PartialEq)]
pub struct DdlError(pub String);

impl std::fmt::Display for DdlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

type Result<T> = std::result::Result<T, DdlError>;

fn err(e: String) -> DdlError {
    DdlError(e)
}

/// The text of a server default, before SQLite's parenthesising.
pub fn server_default_sql(d: &ServerDefault) -> Result<String> {
    match d {
        ServerDefault::Str(s) => Ok(literal(&SqlValue::Text(s.clone()))),
        ServerDefault::Expr(e) => compile_expr_literal(e).map_err(err),
    }
}

/// `DEFAULT x` as SQLite's `get_column_specification` adds it: expressions that do not
/// start with a quote or parenthesis and contain a non-word character get parentheses.
fn default_clause(d: &ServerDefault) -> Result<String> {
    let s = server_default_sql(d)?;
    let starts_quoted = s.trim_start().starts_with(['\'', '"', '(']);
    let first_line = s.split('\n').next().unwrap_or("");
    let has_non_word = first_line
        .chars()
        .any(|c| !(c.is_alphanumeric() || c == '_'));
    Ok(if !starts_quoted && has_non_word {
        format!(" DEFAULT ({s})")
    } else {
        format!(" DEFAULT {s}")
    })
}

/// A column's specification: name, type, default, NOT NULL, the inline
/// `PRIMARY KEY AUTOINCREMENT` of `sqlite_autoincrement` tables, a computed clause.
pub fn column_spec(col: &Column, table: Option<&Table>) -> Result<String> {
    let ty = render_type(&col.ty).map_err(err)?;
    let mut s = format!("{} {ty}", quote(&col.name));
    if let Some(d) = &col.server_default {
        s += &default_clause(d)?;
    }
    if !col.nullable {
        s += " NOT NULL";
    }
    if col.primary_key
        && let Some(t) = table
    {
        let single = t.pk_columns().len() == 1;
        if col.autoincrement == Autoincrement::True && !single {
            return Err(err(
                "SQLite does not support autoincrement for composite primary keys".into(),
            ));
        }
        if t.sqlite_autoincrement && single && col.ty.is_integer() && col.foreign_keys.is_empty() {
            s += " PRIMARY KEY AUTOINCREMENT";
        }
    }
    if let Some((e, persisted)) = &col.computed {
        s += &format!(
            " GENERATED ALWAYS AS ({})",
            compile_expr_literal(e).map_err(err)?
        );
        match persisted {
            Some(true) => s += " STORED",
            Some(false) => s += " VIRTUAL",
            None => {}
        }
    }
    Ok(s)
}

/// The tokens of a naming convention for one constraint or index.
fn convention_tokens(
    table: &Table,
    columns: &[String],
    c: Option<&Constraint>,
    given: Option<&str>,
) -> impl Fn(&str) -> Result<String> {
    let table_name = table.name.clone();
    let columns = columns.to_vec();
    let referred: Option<(String, Vec<String>)> = c.and_then(|c| match &c.kind {
        ConstraintKind::ForeignKey { refcolumns, .. } => {
            let parts: Vec<(&str, &str)> = refcolumns.iter().map(|r| split_column_ref(r)).collect();
            Some((
                parts.first().map(|p| p.0.to_owned()).unwrap_or_default(),
                parts.iter().map(|p| p.1.to_owned()).collect(),
            ))
        }
        _ => None,
    });
    let given = given.map(str::to_owned);
    move |token: &str| -> Result<String> {
        let cols_tok = |prefix: &str, cols: &[String], label: Option<&str>| -> Option<String> {
            let render = |c: &String| match label {
                Some(t) => format!("{t}_{c}"),
                None => c.clone(),
            };
            let rest = token.strip_prefix(prefix)?;
            let (kind, joiner) = if let Some(k) = rest.strip_prefix("0N_") {
                (k, Some(""))
            } else if let Some(k) = rest.strip_prefix("0_N_") {
                (k, Some("_"))
            } else if let Some(k) = rest.strip_prefix("0_") {
                (k, None)
            } else {
                return None;
            };
            if !matches!(kind, "name" | "key" | "label") {
                return None;
            }
            let want_label = kind == "label";
            let render_one = |c: &String| {
                if want_label { render(c) } else { c.clone() }
            };
            Some(match joiner {
                None => cols.first().map(render_one).unwrap_or_default(),
                Some(j) => cols.iter().map(render_one).collect::<Vec<_>>().join(j),
            })
        };
        match token {
            "table_name" => Ok(table_name.clone()),
            "constraint_name" => given.clone().ok_or_else(|| {
                err("Naming convention including %(constraint_name)s token requires that constraint is explicitly named.".into())
            }),
            "referred_table_name" => Ok(referred.as_ref().map(|r| r.0.clone()).unwrap_or_default()),
            _ => {
                if let Some(v) = cols_tok("column_", &columns, Some(&table_name)) {
                    return Ok(v);
                }
                if let Some((rt, rcols)) = &referred
                    && let Some(v) = cols_tok("referred_column_", rcols, Some(rt))
                {
                    return Ok(v);
                }
                Err(err(format!("Unknown naming convention token: {token}")))
            }
        }
    }
}

fn apply_convention(template: &str, tokens: impl Fn(&str) -> Result<String>) -> Result<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = rest.find("%(") {
        out += &rest[..i];
        let after = &rest[i + 2..];
        let Some(j) = after.find(")s") else {
            out += &rest[i..];
            return Ok(out);
        };
        out += &tokens(&after[..j])?;
        rest = &after[j + 2..];
    }
    out += rest;
    Ok(out)
}

fn named(
    name: &ConstraintName,
    key: &str,
    naming: &NamingConvention,
    tokens: impl Fn(&str) -> Result<String>,
) -> Result<Option<String>> {
    match name {
        ConstraintName::Final(s) => Ok(Some(s.clone())),
        ConstraintName::Given(s) => match naming.0.get(key) {
            Some(conv) if conv.contains("%(constraint_name)s") => {
                apply_convention(conv, tokens).map(Some)
            }
            _ => Ok(Some(s.clone())),
        },
        ConstraintName::None => match naming.0.get(key) {
            Some(conv) => apply_convention(conv, tokens).map(Some),
            None => Ok(None),
        },
    }
}

/// The name a constraint gets on `table` (its own, or its naming convention's).
pub fn constraint_name(c: &Constraint, table: &Table) -> Result<Option<String>> {
    let cols: Vec<String> = match &c.kind {
        ConstraintKind::Check { sqltext } => check_columns(sqltext),
        _ => c.columns().to_vec(),
    };
    named(
        &c.name,
        c.convention_key(),
        &table.naming,
        convention_tokens(table, &cols, Some(c), c.name.as_str()),
    )
}

fn check_columns(e: &crate::sql::expr::Expr) -> Vec<String> {
    use crate::sql::expr::Expr;
    let mut out = Vec::new();
    fn walk(e: &Expr, out: &mut Vec<String>) {
        match e {
            Expr::Column { name, .. } if !out.contains(name) => out.push(name.clone()),
            Expr::Binary { left, right, .. } => {
                walk(left, out);
                walk(right, out);
            }
            Expr::Clauses { items, .. } | Expr::Tuple(items) => {
                items.iter().for_each(|i| walk(i, out))
            }
            Expr::Unary { operand, .. } => walk(operand, out),
            Expr::Grouping(e) | Expr::Cast { expr: e, .. } | Expr::Label { expr: e, .. } => {
                walk(e, out)
            }
            Expr::Func { args, .. } => args.iter().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    walk(e, &mut out);
    out
}

/// The name an index gets on `table`.
pub fn index_name(ix: &Index, table: &Table) -> Result<Option<String>> {
    let cols: Vec<String> = ix
        .expressions
        .iter()
        .filter_map(|e| match e {
            IndexExpr::Column(c) => Some(c.clone()),
            IndexExpr::Expr(_) => None,
        })
        .collect();
    named(
        &ix.name,
        "ix",
        &table.naming,
        convention_tokens(table, &cols, None, ix.name.as_str()),
    )
}

/// A constraint's clause as `CREATE TABLE` renders it (`None`: rendered nowhere, e.g. an
/// empty primary key or the inline one of `sqlite_autoincrement`).
pub fn constraint_sql(c: &Constraint, table: &Table) -> Result<Option<String>> {
    let mut s = String::new();
    if let Some(name) = constraint_name(c, table)? {
        s += &format!("CONSTRAINT {} ", quote(&name));
    }
    match &c.kind {
        ConstraintKind::PrimaryKey { columns } => {
            if columns.is_empty() {
                return Ok(None);
            }
            if columns.len() == 1
                && let Some(col) = table.column(&columns[0])
                && table.sqlite_autoincrement
                && col.ty.is_integer()
                && col.foreign_keys.is_empty()
            {
                return Ok(None);
            }
            s += &format!(
                "PRIMARY KEY ({})",
                columns
                    .iter()
                    .map(|c| quote(c))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        ConstraintKind::Unique { columns } => {
            if columns.is_empty() {
                return Ok(None);
            }
            s += &format!(
                "UNIQUE ({})",
                columns
                    .iter()
                    .map(|c| quote(c))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        ConstraintKind::Check { sqltext } => {
            s += &format!("CHECK ({})", compile_expr_literal(sqltext).map_err(err)?);
        }
        ConstraintKind::ForeignKey {
            columns,
            refcolumns,
            ondelete,
            onupdate,
            match_,
            ..
        } => {
            let remote: Vec<(&str, &str)> =
                refcolumns.iter().map(|r| split_column_ref(r)).collect();
            let remote_table = remote.first().map(|r| r.0).unwrap_or_default();
            s += &format!(
                "FOREIGN KEY({}) REFERENCES {} ({})",
                columns
                    .iter()
                    .map(|c| quote(c))
                    .collect::<Vec<_>>()
                    .join(", "),
                quote(remote_table),
                remote
                    .iter()
                    .map(|r| quote(r.1))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if let Some(m) = match_ {
                s += &format!(" MATCH {m}");
            }
            if let Some(d) = ondelete {
                s += &format!(" ON DELETE {d}");
            }
            if let Some(u) = onupdate {
                s += &format!(" ON UPDATE {u}");
            }
        }
    }
    match c.deferrable {
        Some(true) => s += " DEFERRABLE",
        Some(false) => s += " NOT DEFERRABLE",
        None => {}
    }
    if let Some(i) = &c.initially {
        s += &format!(" INITIALLY {i}");
    }
    Ok(Some(s))
}

/// `CREATE TABLE`, exactly as SQLAlchemy's DDL compiler renders it (leading newline and
/// trailing blank line included: SQLite keeps the text from `CREATE` to `)`).
pub fn create_table(t: &Table, if_not_exists: bool) -> Result<String> {
    let mut s = String::from("\nCREATE ");
    for p in &t.prefixes {
        s += p;
        s.push(' ');
    }
    s += "TABLE ";
    if if_not_exists {
        s += "IF NOT EXISTS ";
    }
    s += &table_name(t);
    s += " (";
    let mut sep = "\n";
    for col in &t.columns {
        let mut spec = column_spec(col, Some(t)).map_err(|e| {
            err(format!(
                "(in table '{}', column '{}'): {}",
                t.name, col.name, e.0
            ))
        })?;
        for c in &col.checks {
            if let Some(clause) = constraint_sql(c, t)? {
                spec += " ";
                spec += &clause;
            }
        }
        s += sep;
        sep = ", \n";
        s += "\t";
        s += &spec;
    }
    let mut consts = Vec::new();
    if let Some(pk) = constraint_sql(&t.primary_key, t)? {
        consts.push(pk);
    }
    for c in t.sorted_constraints() {
        if let Some(clause) = constraint_sql(c, t)? {
            consts.push(clause);
        }
    }
    if !consts.is_empty() {
        s += sep;
        s += "\t";
        s += &consts.join(", \n\t");
    }
    s += "\n)";
    let mut opts = Vec::new();
    if !t.sqlite_with_rowid {
        opts.push("WITHOUT ROWID");
    }
    if t.sqlite_strict {
        opts.push("STRICT");
    }
    if !opts.is_empty() {
        s += "\n ";
        s += &opts.join(",\n ");
    }
    s += "\n\n";
    Ok(s)
}

fn table_name(t: &Table) -> String {
    match &t.schema {
        Some(sch) => format!("{}.{}", quote(sch), quote(&t.name)),
        None => quote(&t.name),
    }
}

/// `CREATE INDEX` as SQLite's DDL compiler renders it.
pub fn create_index(ix: &Index, table: &Table, if_not_exists: bool) -> Result<String> {
    let mut s = String::from("CREATE ");
    if ix.unique {
        s += "UNIQUE ";
    }
    s += "INDEX ";
    if if_not_exists {
        s += "IF NOT EXISTS ";
    }
    let name = index_name(ix, table)?
        .ok_or_else(|| err("CREATE INDEX requires that the index have a name".into()))?;
    let mut exprs = Vec::new();
    for e in &ix.expressions {
        exprs.push(match e {
            IndexExpr::Column(c) => quote(c),
            IndexExpr::Expr(e) => compile_expr_literal(e).map_err(err)?,
        });
    }
    let iname = match &table.schema {
        Some(sch) => format!("{}.{}", quote(sch), quote(&name)),
        None => quote(&name),
    };
    s += &format!("{iname} ON {} ({})", quote(&table.name), exprs.join(", "));
    if let Some(w) = &ix.sqlite_where {
        s += &format!(" WHERE {}", compile_expr_literal(w).map_err(err)?);
    }
    Ok(s)
}

pub fn drop_table(t: &Table, if_exists: bool) -> String {
    format!(
        "\nDROP TABLE {}{}",
        if if_exists { "IF EXISTS " } else { "" },
        table_name(t)
    )
}

pub fn drop_index(name: &str, schema: Option<&str>, if_exists: bool) -> String {
    let n = match schema {
        Some(s) => format!("{}.{}", quote(s), quote(name)),
        None => quote(name),
    };
    format!(
        "\nDROP INDEX {}{n}",
        if if_exists { "IF EXISTS " } else { "" }
    )
}

/// What SQLite's type compiler (SQLAlchemy's `SQLiteTypeCompiler`) renders for `t`; the
/// error is SQLAlchemy's `CompileError` text.
pub fn render_type(t: &SqlType) -> std::result::Result<String, String> {
    if let Some(compiled) = &t.compiled {
        return compiled.clone();
    }
    let with_len = |name: &str| {
        let mut s = name.to_owned();
        if let Some(l) = t.length.filter(|l| *l != 0) {
            s += &format!("({l})");
        }
        if let Some(c) = &t.collation {
            s += &format!(" COLLATE {}", super::quote(c));
        }
        s
    };
    let numeric = |name: &str| match (t.precision, t.scale) {
        (None, _) => match &t.precision_text {
            Some(p) => format!("{name}({p})"),
            None => name.to_owned(),
        },
        (Some(p), None) => format!("{name}({p})"),
        (Some(p), Some(s)) => format!("{name}({p}, {s})"),
    };
    Ok(match &t.kind {
        TypeKind::Integer => "INTEGER".into(),
        TypeKind::BigInteger => "BIGINT".into(),
        TypeKind::SmallInteger => "SMALLINT".into(),
        TypeKind::String => with_len("VARCHAR"),
        TypeKind::Text => with_len("TEXT"),
        TypeKind::Boolean => "BOOLEAN".into(),
        TypeKind::DateTime | TypeKind::Interval => "DATETIME".into(),
        TypeKind::Date => "DATE".into(),
        TypeKind::Time => "TIME".into(),
        TypeKind::Float => "FLOAT".into(),
        TypeKind::Double => "DOUBLE".into(),
        TypeKind::Numeric => numeric("NUMERIC"),
        TypeKind::LargeBinary | TypeKind::Pickle => "BLOB".into(),
        TypeKind::Json => "JSON".into(),
        TypeKind::Enum => {
            // An Enum without members (and length) is a VARCHAR of no length.
            let mut s = match t.enum_length() {
                0 => "VARCHAR".to_owned(),
                n => format!("VARCHAR({n})"),
            };
            if let Some(c) = &t.collation {
                s += &format!(" COLLATE {}", super::quote(c));
            }
            s
        }
        TypeKind::Uuid => "CHAR(32)".into(),
        TypeKind::Named(name) => match *name {
            "VARCHAR" | "CHAR" | "NCHAR" | "NVARCHAR" | "TEXT" => with_len(name),
            "BINARY" | "VARBINARY" => match t.length {
                Some(l) if l != 0 => format!("{name}({l})"),
                _ => name.to_string(),
            },
            "NUMERIC" | "DECIMAL" => numeric(name),
            _ => name.to_string(),
        },
        TypeKind::UserDefined(spec) => spec.clone(),
        TypeKind::StandIn(name) => {
            return Err(format!(
                "the column type `{name}` is a stand-in for a library Retort does not run (docs/decisions/0003): it has no DDL"
            ));
        }
        TypeKind::Null => {
            return Err("Can't generate DDL for NullType(); did you forget to specify a type on this Column?".into());
        }
        // SQLAlchemy's message names the compiler object by address; Retort has none.
        TypeKind::Unrenderable(visit) => {
            return Err(format!(
                "Compiler <sqlalchemy.dialects.sqlite.base.SQLiteTypeCompiler object> can't render element of type {visit}"
            ));
        }
    })
}
