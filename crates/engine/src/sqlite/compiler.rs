//! SQLAlchemy's `SQLiteCompiler`: expressions and statements to SQL text with `?`
//! parameters (pysqlite's `qmark` style), or with values rendered inline (`literal_binds`:
//! DDL, `op.inline_literal`, offline `--sql`).

use crate::sql::expr::{
    BinOp, Expr, FromItem, Join, Select, SqlValue, Statement, TableRef, TextClause, UnaryKind,
};

use super::quote;

/// One `?` of a compiled statement.
#[derive(Clone, Debug, PartialEq)]
pub enum Param {
    Value(SqlValue),
    /// A `:name` of `text()` (or a column of an INSERT without values), taken from the
    /// execution's parameters.
    Named(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Compiled {
    pub sql: String,
    pub params: Vec<Param>,
}

struct Ctx {
    literal: bool,
    include_table: bool,
    params: Vec<Param>,
    /// Anonymous labels handed out so far, by base name (`count` → `count_1`, `count_2`;
    /// `anon` for other expressions), for the whole statement as SQLAlchemy numbers them.
    labels: Vec<(String, usize)>,
    /// `str(statement)`: parameters as SQLAlchemy's default compiler names them
    /// (`:role_1` after the column compared, else `:param_1`), numbered in `binds`.
    named: bool,
    binds: Vec<(String, usize)>,
    /// The column the bind about to be rendered is compared with.
    bind_hint: Option<String>,
}

impl Ctx {
    fn anon_label(&mut self, base: &str) -> String {
        let n = match self.labels.iter_mut().find(|(b, _)| b == base) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                self.labels.push((base.to_owned(), 1));
                1
            }
        };
        format!("{base}_{n}")
    }
}

/// A value as a SQL literal, as SQLAlchemy's literal processors render it on SQLite.
pub fn literal(v: &SqlValue) -> String {
    match v {
        SqlValue::Null => "NULL".into(),
        SqlValue::Int(i) => i.to_string(),
        SqlValue::Float(f) => retort_pyscript::float_repr(*f),
        SqlValue::Decimal(d) => d.clone(),
        SqlValue::Text(s) => format!("'{}'", s.replace('\'', "''")),
        SqlValue::Blob(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02X}")).collect();
            format!("X'{hex}'")
        }
    }
}

/// An expression with values inline and columns unqualified: how DDL renders defaults,
/// CHECK bodies, index expressions.
pub fn compile_expr_literal(e: &Expr) -> Result<String, String> {
    let mut ctx = Ctx {
        literal: true,
        include_table: false,
        params: Vec::new(),
        labels: Vec::new(),
        named: false,
        binds: Vec::new(),
        bind_hint: None,
    };
    expr(&mut ctx, e, 0)
}

/// `str(statement)`: the statement as SQLAlchemy's default compiler prints it, its
/// parameters named (`WHERE users.role = :role_1`).
pub fn statement_str(stmt: &Statement) -> Result<String, String> {
    compile(stmt, false, true).map(|c| c.sql)
}

/// A statement; `literal` renders every value inline (offline `--sql`).
pub fn compile_statement(stmt: &Statement, literal: bool) -> Result<Compiled, String> {
    compile(stmt, literal, false)
}

fn compile(stmt: &Statement, literal: bool, named: bool) -> Result<Compiled, String> {
    let mut ctx = Ctx {
        literal,
        include_table: true,
        params: Vec::new(),
        labels: Vec::new(),
        named,
        binds: Vec::new(),
        bind_hint: None,
    };
    let sql = match stmt {
        Statement::Text(t) => text(&mut ctx, t)?,
        Statement::Insert {
            table,
            values,
            multi,
            returning,
        } => insert(&mut ctx, table, values, multi)? + &returning_clause(&mut ctx, returning)?,
        Statement::Update {
            table,
            values,
            where_,
            returning,
        } => {
            let mut s = format!("UPDATE {} SET ", table_name(table));
            let mut sets = Vec::new();
            // SQLAlchemy renders SET in the table's column order.
            let mut ordered: Vec<&(String, Expr)> = values.iter().collect();
            ordered.sort_by_key(|(n, _)| {
                table
                    .columns
                    .iter()
                    .position(|(c, _)| c == n)
                    .unwrap_or(usize::MAX)
            });
            for (name, v) in ordered {
                let rendered = value(&mut ctx, v)?;
                sets.push(format!("{}={rendered}", quote(name)));
            }
            s += &sets.join(", ");
            if !where_.is_empty() {
                s += " WHERE ";
                s += &and_clauses(&mut ctx, where_)?;
            }
            s + &returning_clause(&mut ctx, returning)?
        }
        Statement::Delete {
            table,
            where_,
            returning,
        } => {
            let mut s = format!("DELETE FROM {}", table_name(table));
            if !where_.is_empty() {
                s += " WHERE ";
                s += &and_clauses(&mut ctx, where_)?;
            }
            s + &returning_clause(&mut ctx, returning)?
        }
        Statement::Select(sel) => select(&mut ctx, sel)?,
        Statement::InsertFromSelect {
            table,
            columns,
            select: sel,
        } => {
            // `include_defaults`: each column of the table (in its order) that the names do
            // not give and that has a Python-side default joins the INSERT, its default the
            // SELECT (a value as a parameter, NULL with values inline, as `insert`'s).
            let mut columns = columns.clone();
            let mut sel = sel.clone();
            for (name, _) in &table.columns {
                if columns.contains(name) {
                    continue;
                }
                if let Some((_, d)) = table.defaults.iter().find(|(n, _)| n == name) {
                    columns.push(name.clone());
                    sel.columns.push(match d {
                        Expr::Bind { .. } if ctx.literal => Expr::Null,
                        d => d.clone(),
                    });
                }
            }
            format!(
                "INSERT INTO {} ({}) {}",
                table_name(table),
                columns
                    .iter()
                    .map(|c| quote(c))
                    .collect::<Vec<_>>()
                    .join(", "),
                select(&mut ctx, &sel)?
            )
        }
    };
    Ok(Compiled {
        sql,
        params: ctx.params,
    })
}

/// `a JOIN b ON a.x = b.y`, as SQLAlchemy's compiler writes a join.
fn join(ctx: &mut Ctx, j: &Join) -> Result<String, String> {
    let left = match &j.left {
        FromItem::Table(t) => table_name(t),
        FromItem::Join(inner) => join(ctx, inner)?,
    };
    let kw = if j.full {
        "FULL OUTER JOIN"
    } else if j.isouter {
        "LEFT OUTER JOIN"
    } else {
        "JOIN"
    };
    Ok(format!(
        "{left} {kw} {} ON {}",
        table_name(&j.right),
        expr(ctx, &j.on, 0)?
    ))
}

fn table_name(t: &TableRef) -> String {
    match &t.schema {
        Some(s) => format!("{}.{}", quote(s), quote(&t.name)),
        None => quote(&t.name),
    }
}

/// ` RETURNING a, b`: columns by their own names, as SQLAlchemy's SQLite compiler renders
/// them (other expressions as they render elsewhere).
fn returning_clause(ctx: &mut Ctx, returning: &[Expr]) -> Result<String, String> {
    if returning.is_empty() {
        return Ok(String::new());
    }
    let mut cols = Vec::new();
    for e in returning {
        cols.push(match e {
            Expr::Column { name, .. } => quote(name),
            other => value(ctx, other)?,
        });
    }
    Ok(format!(" RETURNING {}", cols.join(", ")))
}

fn insert(
    ctx: &mut Ctx,
    table: &TableRef,
    values: &[(String, Expr)],
    multi: &[Vec<(String, Expr)>],
) -> Result<String, String> {
    let mut s = format!("INSERT INTO {} ", table_name(table));
    let defaulted;
    let multi = if !multi.is_empty() && !table.defaults.is_empty() {
        defaulted = multi
            .iter()
            .map(|row| with_defaults(table, row, ctx.literal))
            .collect::<Vec<_>>();
        &defaulted[..]
    } else {
        multi
    };
    let given;
    let values = if multi.is_empty() && !table.defaults.is_empty() {
        given = with_defaults(table, values, ctx.literal);
        &given[..]
    } else {
        values
    };
    if !multi.is_empty() {
        let cols: Vec<&String> = multi[0].iter().map(|(n, _)| n).collect();
        s += &format!(
            "({}) VALUES ",
            cols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ")
        );
        let mut rows = Vec::new();
        for row in multi {
            let mut vals = Vec::new();
            for (_, v) in row {
                vals.push(value(ctx, v)?);
            }
            rows.push(format!("({})", vals.join(", ")));
        }
        s += &rows.join(", ");
        return Ok(s);
    }
    if values.is_empty() {
        return Ok(format!("INSERT INTO {} DEFAULT VALUES", table_name(table)));
    }
    let cols: Vec<String> = values.iter().map(|(n, _)| quote(n)).collect();
    let mut vals = Vec::new();
    for (_, v) in values {
        vals.push(value(ctx, v)?);
    }
    s += &format!("({}) VALUES ({})", cols.join(", "), vals.join(", "));
    Ok(s)
}

/// The columns an INSERT gives when the table has Python-side defaults: as SQLAlchemy's
/// compiler scans the table's columns in order, each given value, else the column's
/// default (names the table does not have keep their place at the end). A value default is
/// a parameter SQLAlchemy fills in when it executes ("prefetch"): with values inline
/// (`--sql`), it has none and renders NULL.
fn with_defaults(
    table: &TableRef,
    values: &[(String, Expr)],
    literal: bool,
) -> Vec<(String, Expr)> {
    let mut out = Vec::new();
    for (name, _) in &table.columns {
        if let Some(v) = values.iter().find(|(n, _)| n == name) {
            out.push(v.clone());
        } else if let Some((n, d)) = table.defaults.iter().find(|(n, _)| n == name) {
            match d {
                Expr::Bind { .. } if literal => out.push((n.clone(), Expr::Null)),
                d => out.push((n.clone(), d.clone())),
            }
        }
    }
    out.extend(
        values
            .iter()
            .filter(|(n, _)| !table.columns.iter().any(|(c, _)| c == n))
            .cloned(),
    );
    out
}

fn select(ctx: &mut Ctx, sel: &Select) -> Result<String, String> {
    let mut s = String::from("SELECT ");
    if sel.distinct {
        s += "DISTINCT ";
    }
    let mut cols = Vec::new();
    for c in &sel.columns {
        let mut text = expr(ctx, c, 0)?;
        match c {
            // A CAST of a column is a `WrapsColumnExpression`: SQLAlchemy labels it with
            // the column's name in a SELECT list.
            Expr::Cast { expr: inner, .. } if matches!(&**inner, Expr::Column { .. }) => {
                if let Expr::Column { name, .. } = &**inner {
                    text = format!("{text} AS {}", super::quote(name));
                }
            }
            // Columns, labels and literal SQL name themselves; a function is labelled
            // after itself (`count(*) AS count_1`), anything else anonymously.
            Expr::Column { .. }
            | Expr::Label { .. }
            | Expr::LiteralColumn(_)
            | Expr::Text(_)
            | Expr::Star => {}
            Expr::Func { name, .. } => {
                let base = name.rsplit('.').next().unwrap_or(name).to_owned();
                text = format!("{text} AS {}", ctx.anon_label(&base));
            }
            _ => text = format!("{text} AS {}", ctx.anon_label("anon")),
        }
        cols.push(text);
    }
    s += &cols.join(", ");
    let mut joined: Vec<&TableRef> = Vec::new();
    for j in &sel.joins {
        joined.extend(j.left.tables());
        joined.push(&j.right);
    }
    let mut froms: Vec<String> = Vec::new();
    for j in &sel.joins {
        froms.push(join(ctx, j)?);
    }
    for t in &sel.froms {
        if !joined
            .iter()
            .any(|j| j.name == t.name && j.schema == t.schema)
        {
            froms.push(table_name(t));
        }
    }
    froms.dedup();
    if !froms.is_empty() {
        s += " \nFROM ";
        s += &froms.join(", ");
    }
    if !sel.where_.is_empty() {
        s += " \nWHERE ";
        s += &and_clauses(ctx, &sel.where_)?;
    }
    if !sel.group_by.is_empty() {
        let mut g = Vec::new();
        for e in &sel.group_by {
            g.push(expr(ctx, e, 0)?);
        }
        s += " GROUP BY ";
        s += &g.join(", ");
    }
    if !sel.order_by.is_empty() {
        let mut o = Vec::new();
        for e in &sel.order_by {
            o.push(expr(ctx, e, 0)?);
        }
        s += " ORDER BY ";
        s += &o.join(", ");
    }
    match (&sel.limit, &sel.offset) {
        (None, None) => {}
        (Some(l), None) => s += &format!("\n LIMIT {}", expr(ctx, l, 0)?),
        (None, Some(o)) => s += &format!("\n LIMIT -1 OFFSET {}", expr(ctx, o, 0)?),
        (Some(l), Some(o)) => {
            let l = expr(ctx, l, 0)?;
            let o = expr(ctx, o, 0)?;
            s += &format!("\n LIMIT {l} OFFSET {o}");
        }
    }
    Ok(s)
}

/// How `expr` is asked to render an element SQLAlchemy `self_group()`s: a binary
/// expression, a clause list or a negation in parentheses.
const GROUPED: u8 = u8::MAX;

/// `s` in parentheses where SQLAlchemy `self_group()`s it.
fn self_grouped(s: String, outer: u8) -> String {
    if outer == GROUPED {
        format!("({s})")
    } else {
        s
    }
}

/// A value of INSERT ... VALUES or UPDATE ... SET (SQLAlchemy's `crud`: the value
/// `self_group()`ed). Inline, a value of an untyped column has no literal renderer.
fn value(ctx: &mut Ctx, v: &Expr) -> Result<String, String> {
    // (`op.inline_literal(...)` binds carry their own type, inferred from the value.)
    if let Expr::Bind {
        value,
        ty,
        literal: false,
        ..
    } = v
        && ctx.literal
        && ty.kind == crate::sql::types::TypeKind::Null
        && *value != SqlValue::Null
    {
        let shown = match value {
            SqlValue::Text(t) => format!("'{t}'"),
            other => literal(other),
        };
        return Err(format!(
            "No literal value renderer is available for literal value \"{shown}\" with datatype NULL"
        ));
    }
    expr(ctx, v, GROUPED)
}

/// The criteria of a WHERE clause, joined by AND. `true()` (or Python's `True`) alone is
/// `1 = 1` on SQLite (no native boolean); beside other criteria it is dropped, as
/// SQLAlchemy's `and_()` drops it.
fn and_clauses(ctx: &mut Ctx, items: &[Expr]) -> Result<String, String> {
    if items.iter().any(|e| matches!(e, Expr::False)) {
        return Ok("0 = 1".into());
    }
    let kept: Vec<&Expr> = items.iter().filter(|e| !matches!(e, Expr::True)).collect();
    if kept.is_empty() && !items.is_empty() {
        return Ok("1 = 1".into());
    }
    let items = kept;
    let mut parts = Vec::new();
    for e in &items {
        parts.push(expr(
            ctx,
            e,
            if items.len() > 1 {
                BinOp::And.precedence()
            } else {
                0
            },
        )?);
    }
    Ok(parts.join(" AND "))
}

fn bind(ctx: &mut Ctx, v: &SqlValue, literal_here: bool) -> String {
    if ctx.literal || literal_here {
        literal(v)
    } else if ctx.named {
        ctx.params.push(Param::Value(v.clone()));
        let base = ctx.bind_hint.take().unwrap_or_else(|| "param".into());
        let n = match ctx.binds.iter_mut().find(|(b, _)| *b == base) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                ctx.binds.push((base.clone(), 1));
                1
            }
        };
        format!(":{base}_{n}")
    } else {
        ctx.params.push(Param::Value(v.clone()));
        "?".into()
    }
}

/// `text()`: `:name` becomes `?` (or the bound value, inline); `\:` is a literal colon.
fn text(ctx: &mut Ctx, t: &TextClause) -> Result<String, String> {
    let src = t.text.as_str();
    let mut out = String::with_capacity(src.len());
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && chars.get(i + 1) == Some(&':') {
            out.push(':');
            i += 2;
            continue;
        }
        let prev_ok = i == 0 || !(chars[i - 1] == ':' || is_word(chars[i - 1]));
        if c == ':' && prev_ok && chars.get(i + 1).is_some_and(|c| is_word(*c)) {
            let mut j = i + 1;
            while j < chars.len() && is_word(chars[j]) {
                j += 1;
            }
            if chars.get(j) != Some(&':') {
                let name: String = chars[i + 1..j].iter().collect();
                match t.binds.get(&name) {
                    Some(v) => out += &bind(ctx, v, false),
                    None if ctx.literal => {
                        return Err(format!("A value is required for bind parameter '{name}'"));
                    }
                    None => {
                        ctx.params.push(Param::Named(name));
                        out.push('?');
                    }
                }
                i = j;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    Ok(out)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn binop_sql(op: BinOp) -> &'static str {
    match op {
        BinOp::Eq => " = ",
        BinOp::Ne => " != ",
        BinOp::Lt => " < ",
        BinOp::Le => " <= ",
        BinOp::Gt => " > ",
        BinOp::Ge => " >= ",
        BinOp::Add => " + ",
        BinOp::Sub => " - ",
        BinOp::Mul => " * ",
        BinOp::Div => " / ",
        BinOp::Mod => " % ",
        BinOp::Concat => " || ",
        BinOp::And => " AND ",
        BinOp::Or => " OR ",
        BinOp::Is => " IS ",
        BinOp::IsNot => " IS NOT ",
        BinOp::Like => " LIKE ",
        BinOp::NotLike => " NOT LIKE ",
        BinOp::ILike => " LIKE ",
        BinOp::NotILike => " NOT LIKE ",
        BinOp::In => " IN ",
        BinOp::NotIn => " NOT IN ",
        BinOp::BitAnd => " & ",
        BinOp::BitOr => " | ",
    }
}

/// Renders `e`; `outer` is the precedence of the enclosing operator (parentheses when `e`
/// binds less tightly, as SQLAlchemy's `self_group`).
fn expr(ctx: &mut Ctx, e: &Expr, outer: u8) -> Result<String, String> {
    Ok(match e {
        Expr::Column { table, name, .. } => match table {
            Some(t) if ctx.include_table => format!("{}.{}", quote(t), quote(name)),
            _ => quote(name),
        },
        Expr::Bind { value, literal, .. } => bind(ctx, value, *literal),
        Expr::Text(t) => text(ctx, t)?,
        Expr::LiteralColumn(s) => s.clone(),
        Expr::Star => "*".into(),
        Expr::Param(name) => {
            ctx.params.push(Param::Named(name.clone()));
            "?".into()
        }
        Expr::StandIn(name) => {
            return Err(format!(
                "`{name}` is a stand-in for a library Retort does not run (docs/decisions/0003): it cannot be SQL"
            ));
        }
        Expr::Null => "NULL".into(),
        Expr::True => "1".into(),
        Expr::False => "0".into(),
        Expr::Func { name, args } => func(ctx, name, args)?,
        Expr::Binary { left, op, right } => {
            let p = op.precedence();
            let l = expr(ctx, left, p)?;
            let (op_sql, r) = match (op, &**right) {
                (BinOp::Eq, Expr::Null) => (" IS ", "NULL".to_owned()),
                (BinOp::Ne, Expr::Null) => (" IS NOT ", "NULL".to_owned()),
                (BinOp::In | BinOp::NotIn, Expr::Tuple(items)) => {
                    let mut parts = Vec::new();
                    for it in items {
                        parts.push(expr(ctx, it, 0)?);
                    }
                    (binop_sql(*op), format!("({})", parts.join(", ")))
                }
                (BinOp::In | BinOp::NotIn, Expr::Select(s)) => {
                    (binop_sql(*op), format!("({})", select(ctx, s)?))
                }
                _ => {
                    if let Expr::Column { name, .. } = &**left {
                        ctx.bind_hint = Some(name.clone());
                    }
                    let r = expr(ctx, right, p + 1)?;
                    ctx.bind_hint = None;
                    (binop_sql(*op), r)
                }
            };
            let s = if matches!(op, BinOp::ILike | BinOp::NotILike) {
                format!("lower({l}){op_sql}lower({r})")
            } else {
                format!("{l}{op_sql}{r}")
            };
            if p < outer { format!("({s})") } else { s }
        }
        Expr::Clauses { op, items } => {
            let p = op.precedence();
            let mut parts = Vec::new();
            for it in items {
                parts.push(expr(ctx, it, p)?);
            }
            let s = parts.join(binop_sql(*op));
            if p < outer && items.len() > 1 {
                format!("({s})")
            } else {
                s
            }
        }
        Expr::Unary { op, operand } => match op {
            UnaryKind::Not => format!("NOT ({})", expr(ctx, operand, 0)?),
            UnaryKind::Neg => self_grouped(format!("-{}", expr(ctx, operand, 9)?), outer),
            UnaryKind::Desc => format!("{} DESC", expr(ctx, operand, 0)?),
            UnaryKind::Asc => format!("{} ASC", expr(ctx, operand, 0)?),
            UnaryKind::Distinct => format!("DISTINCT {}", expr(ctx, operand, 0)?),
            UnaryKind::IsNull | UnaryKind::IsNotNull => {
                let not = if matches!(op, UnaryKind::IsNotNull) {
                    " NOT"
                } else {
                    ""
                };
                self_grouped(format!("{} IS{not} NULL", expr(ctx, operand, 5)?), outer)
            }
        },
        Expr::Grouping(inner) => format!("({})", expr(ctx, inner, 0)?),
        Expr::Cast { expr: inner, ty } => format!(
            "CAST({} AS {})",
            expr(ctx, inner, 0)?,
            crate::sqlite::render_type(ty)?
        ),
        Expr::Label { name, expr: inner } => {
            format!("{} AS {}", expr(ctx, inner, 0)?, quote(name))
        }
        Expr::Tuple(items) => {
            let mut parts = Vec::new();
            for it in items {
                parts.push(expr(ctx, it, 0)?);
            }
            format!("({})", parts.join(", "))
        }
        Expr::Between { expr: e, low, high } => {
            let s = format!(
                "{} BETWEEN {} AND {}",
                expr(ctx, e, 6)?,
                expr(ctx, low, 6)?,
                expr(ctx, high, 6)?
            );
            if outer > 5 { format!("({s})") } else { s }
        }
        Expr::Case {
            whens,
            value,
            else_,
        } => {
            let mut s = String::from("CASE");
            if let Some(v) = value {
                s += &format!(" {}", expr(ctx, v, 0)?);
            }
            // A searched CASE's conditions are `self_group()`ed; a simple CASE's values not.
            let when_outer = if value.is_some() { 0 } else { GROUPED };
            for (w, t) in whens {
                s += &format!(
                    " WHEN {} THEN {}",
                    expr(ctx, w, when_outer)?,
                    expr(ctx, t, 0)?
                );
            }
            if let Some(e) = else_ {
                s += &format!(" ELSE {}", expr(ctx, e, 0)?);
            }
            s + " END"
        }
        Expr::Select(sel) => format!("({})", select(ctx, sel)?),
    })
}

/// `func.*` on SQLite: ANSI functions render bare, `now()` is CURRENT_TIMESTAMP.
fn func(ctx: &mut Ctx, name: &str, args: &[Expr]) -> Result<String, String> {
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "now" | "current_timestamp" => return Ok("CURRENT_TIMESTAMP".into()),
        "current_date" => return Ok("CURRENT_DATE".into()),
        "current_time" => return Ok("CURRENT_TIME".into()),
        "localtime" => return Ok("LOCALTIME".into()),
        "localtimestamp" => return Ok("LOCALTIMESTAMP".into()),
        "current_user" => return Ok("CURRENT_USER".into()),
        "char_length" => {
            let mut parts = Vec::new();
            for a in args {
                parts.push(expr(ctx, a, 0)?);
            }
            return Ok(format!("length({})", parts.join(", ")));
        }
        "count" if args.is_empty() => return Ok("count(*)".into()),
        _ => {}
    }
    let mut parts = Vec::new();
    for a in args {
        parts.push(expr(ctx, a, 0)?);
    }
    Ok(format!("{name}({})", parts.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::types::SqlType;

    fn col(t: &str, c: &str) -> Expr {
        Expr::Column {
            table: Some(t.into()),
            name: c.into(),
            ty: SqlType::integer(),
        }
    }

    #[test]
    fn text_binds_become_qmarks_and_escaped_colons_stay() {
        let t = TextClause {
            text: r"UPDATE t SET a = :a WHERE b = :b AND c = '\:x' AND d::text = 'y'".into(),
            binds: [("b".to_owned(), SqlValue::Int(2))].into_iter().collect(),
        };
        let c = compile_statement(&Statement::Text(t), false).unwrap();
        assert_eq!(
            c.sql,
            "UPDATE t SET a = ? WHERE b = ? AND c = ':x' AND d::text = 'y'"
        );
        assert_eq!(
            c.params,
            vec![Param::Named("a".into()), Param::Value(SqlValue::Int(2))]
        );
    }

    #[test]
    fn update_renders_like_sqlalchemy() {
        let table = TableRef {
            name: "accounts".into(),
            schema: None,
            columns: vec![],
            defaults: vec![],
        };
        let stmt = Statement::Update {
            returning: vec![],
            table,
            values: vec![(
                "status".into(),
                Expr::Bind {
                    key: None,
                    value: SqlValue::Text("it's".into()),
                    ty: SqlType::string(),
                    literal: false,
                },
            )],
            where_: vec![Expr::Binary {
                left: Box::new(col("accounts", "id")),
                op: BinOp::Eq,
                right: Box::new(Expr::Bind {
                    key: None,
                    value: SqlValue::Int(5),
                    ty: SqlType::integer(),
                    literal: false,
                }),
            }],
        };
        let online = compile_statement(&stmt, false).unwrap();
        assert_eq!(
            online.sql,
            "UPDATE accounts SET status=? WHERE accounts.id = ?"
        );
        let offline = compile_statement(&stmt, true).unwrap();
        assert_eq!(
            offline.sql,
            "UPDATE accounts SET status='it''s' WHERE accounts.id = 5"
        );
    }
}
