//! Reflecting a live SQLite table into the schema model, as SQLAlchemy's SQLite dialect does
//! (PRAGMA table_xinfo / foreign_key_list / index_list plus its regular expressions over the
//! stored `CREATE TABLE` text), with Alembic's batch-mode tweak for server defaults. Batch
//! mode rebuilds tables from this, so what SQLAlchemy loses (AUTOINCREMENT, unnamed CHECKs,
//! expression indexes) Retort loses too.

use std::sync::LazyLock;

use regex_lite::Regex;

use crate::Database;
use crate::sql::expr::Expr;
use crate::sql::schema::{
    Column, Constraint, ConstraintKind, ConstraintName, Index, IndexExpr, NamingConvention,
    ServerDefault, Table,
};
use crate::sql::types::{SqlType, TypeKind};

// SQLAlchemy's regular expressions over the stored DDL, compiled once.
static TYPE_DECL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([\w ]+)(\(.*?\))?").unwrap());
static DIGITS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d+)").unwrap());
static SIG_COLUMN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)(?:"(.+?)")|([a-z0-9_]+)"#).unwrap());
static PK_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)CONSTRAINT\s+(?:"(.+?)"|(\w+))\s+PRIMARY\s+KEY"#).unwrap());
static FK_PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
    r#"(?i)(?:CONSTRAINT\s+(?:"(.+?)"|(\w+))\s+)?"#,
    r"FOREIGN\s+KEY\s*\(\s*(.+?)\s*\)\s+",
    r#"REFERENCES\s+(?:(?:"(.+?)")|([a-z0-9_]+))\s*\(\s*((?:"[^"]+"|[a-z0-9_]+)(?:(?:\s*,\s*|\s+)(?:"[^"]+"|[a-z0-9_]+))*\s*)\)\s*"#,
    r"((?:ON\s+(?:DELETE|UPDATE)\s+(?:SET\s+NULL|SET\s+DEFAULT|CASCADE|RESTRICT|NO\s+ACTION)\s*)*)",
    r"((?:NOT\s+)?DEFERRABLE)?",
    r"(?:\s+INITIALLY\s+(DEFERRED|IMMEDIATE))?"
    )).unwrap()
});
static TABLE_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)^create table .*?\((.*)\)(?:\s*,?\s*(?:WITHOUT\s+ROWID|STRICT))*$").unwrap()
});
static GENERATED_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)generated").unwrap());
static ALWAYS_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)always").unwrap());
static WHITESPACE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+").unwrap());
static ON_KEYWORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r" *\bON\b *").unwrap());
static PARTIAL_WHERE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)\)\s+where\s+(.+)").unwrap());
static UNIQUE_PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?:CONSTRAINT\s+(?:"(.+?)"|(\w+))\s+)?UNIQUE\s*\((.+?)\)"#).unwrap()
});
static INLINE_UNIQUE_PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?:(".+?")|(?:[\[`])?([a-z0-9_]+)(?:[\]`])?)[\t ]+[a-z0-9_]+(?:[\t ]+[a-z0-9_]+)*?[\t ]+UNIQUE"#).unwrap()
});
static CHECK_NAME_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)CONSTRAINT\s+("(?:[^"]|"")+"|'(?:[^']|'')+'|\[(?:[^\]]|\]\])+\]|`(?:[^`]|``)+`|\S+)$"#).unwrap()
});
static TABLE_OPTIONS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\)(?:\s*,?\s*(WITHOUT\s+ROWID|STRICT))*\s*$").unwrap());

/// A reflected table and the warnings SQLAlchemy would emit while reflecting it.
pub struct Reflected {
    pub table: Table,
    pub warnings: Vec<String>,
}

fn q(e: rusqlite::Error) -> String {
    e.to_string()
}

/// SQLAlchemy's `_resolve_type_affinity`: a declared type name to a type.
pub(crate) fn resolve_type(decl: &str) -> SqlType {
    let (name, args) = match TYPE_DECL.captures(decl) {
        Some(c) => (
            c.get(1).map(|m| m.as_str()).unwrap_or("").to_owned(),
            c.get(2).map(|m| m.as_str().to_owned()),
        ),
        None => (String::new(), None),
    };
    let named = |n: &'static str| SqlType::new(TypeKind::Named(n), n);
    let mut t = match name.as_str() {
        "BIGINT" => named("BIGINT"),
        "BLOB" => named("BLOB"),
        "BOOL" | "BOOLEAN" => named("BOOLEAN"),
        "CHAR" => named("CHAR"),
        "DATE" | "DATE_CHAR" => named("DATE"),
        "DATETIME" | "DATETIME_CHAR" => named("DATETIME"),
        "DOUBLE" => named("DOUBLE"),
        "DECIMAL" => named("DECIMAL"),
        "FLOAT" => named("FLOAT"),
        "INT" | "INTEGER" => named("INTEGER"),
        "JSON" => SqlType::new(TypeKind::Json, "JSON"),
        "JSONB" => named("JSONB"),
        "NUMERIC" => named("NUMERIC"),
        "REAL" => named("REAL"),
        "SMALLINT" => named("SMALLINT"),
        "TEXT" => named("TEXT"),
        "TIME" | "TIME_CHAR" => named("TIME"),
        "TIMESTAMP" => named("TIMESTAMP"),
        "VARCHAR" => named("VARCHAR"),
        "NVARCHAR" => named("NVARCHAR"),
        "NCHAR" => named("NCHAR"),
        n if n.contains("INT") => named("INTEGER"),
        n if n.contains("CHAR") || n.contains("CLOB") || n.contains("TEXT") => named("TEXT"),
        n if n.contains("BLOB") || n.is_empty() => SqlType::null(),
        n if n.contains("REAL") || n.contains("FLOA") || n.contains("DOUB") => named("REAL"),
        _ => named("NUMERIC"),
    };
    if let Some(args) = args {
        let nums: Vec<i64> = DIGITS
            .find_iter(&args)
            .filter_map(|m| m.as_str().parse().ok())
            .collect();
        match &t.kind {
            TypeKind::Named("VARCHAR" | "CHAR" | "NCHAR" | "NVARCHAR" | "TEXT") => {
                t.length = nums.first().copied()
            }
            TypeKind::Named("NUMERIC" | "DECIMAL") => {
                t.precision = nums.first().copied();
                t.scale = nums.get(1).copied();
            }
            TypeKind::Named("FLOAT" | "REAL" | "DOUBLE") => t.precision = nums.first().copied(),
            TypeKind::Named("DATETIME" | "TIMESTAMP" | "TIME") => {
                t.timezone = nums.first().is_some_and(|n| *n != 0)
            }
            _ => {}
        }
    }
    t
}

/// Alembic's `SQLiteImpl._guess_if_default_is_unparenthesized_sql_expr`: reflected
/// expression defaults get parentheses back.
fn default_text(d: &str) -> String {
    let single_digit = d.chars().count() == 1 && d.chars().all(|c| c.is_ascii_digit() || c == '.');
    let quoted = d.len() >= 3 && d.starts_with('\'') && d.ends_with('\'');
    let parened = d.len() >= 3 && d.starts_with('(') && d.ends_with(')');
    if d.is_empty() || single_digit || quoted || parened {
        d.to_owned()
    } else {
        format!("({d})")
    }
}

/// The column names in a constraint's column list (`_find_cols_in_sig`).
fn cols_in_sig(sig: &str) -> Vec<String> {
    SIG_COLUMN
        .captures_iter(sig)
        .filter_map(|c| c.get(1).or(c.get(2)).map(|m| m.as_str().to_owned()))
        .collect()
}

/// Index of the parenthesis closing the one at `open` (quote-aware).
fn matching_paren(s: &str, open: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut depth = 0;
    let mut quote: Option<u8> = None;
    let mut i = open;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(qc) => {
                if c == qc {
                    quote = None;
                }
            }
            None => match c {
                b'\'' | b'"' | b'`' => quote = Some(c),
                b'[' => quote = Some(b']'),
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    None
}

fn unquote(name: &str) -> String {
    let n = name.trim();
    if n.len() >= 2
        && ((n.starts_with('"') && n.ends_with('"'))
            || (n.starts_with('\'') && n.ends_with('\''))
            || (n.starts_with('`') && n.ends_with('`'))
            || (n.starts_with('[') && n.ends_with(']')))
    {
        n[1..n.len() - 1].to_owned()
    } else {
        n.to_owned()
    }
}

/// A reflection failure as SQLAlchemy raises it (`NoSuchTableError` for a missing table).
pub(crate) fn reflect_error(message: String) -> crate::error::OpError {
    crate::error::OpError::Compile(
        "NoSuchTableError",
        message.trim_start_matches("NoSuchTableError: ").to_owned(),
    )
}

/// A generated column as SQLAlchemy's SQLite dialect reflects it (`PRAGMA table_xinfo`'s
/// `hidden` 2 is virtual, 3 stored): `Computed(sqltext, persisted)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Generated {
    pub sqltext: String,
    pub persisted: bool,
}

impl Generated {
    /// `hidden` of `PRAGMA table_xinfo` for `column` of the table created by `table_sql`.
    pub fn of(hidden: u32, table_sql: &str, column: &str) -> Option<Generated> {
        (hidden == 2 || hidden == 3).then(|| Generated {
            sqltext: generated_sqltext(table_sql, column),
            persisted: hidden == 3,
        })
    }
}

/// A reflected column's type from its declared type. A generated column's is reported by
/// SQLite as `INTEGER GENERATED ALWAYS`: the dialect deletes the two words wherever they are
/// and strips the rest.
pub(crate) fn reflected_type(decl: &str, generated: bool) -> SqlType {
    let decl = decl.to_uppercase();
    if !generated {
        return resolve_type(&decl);
    }
    let t = GENERATED_WORD.replace_all(&decl, "");
    resolve_type(ALWAYS_WORD.replace_all(&t, "").trim())
}

/// The tables `Inspector.get_table_names()` lists: by name, SQLite's own left out.
pub(crate) fn table_names(db: &Database) -> Result<Vec<String>, String> {
    let conn = db.connection();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite~_%' ESCAPE '~' ORDER BY name")
        .map_err(|e| e.to_string())?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(|e| e.to_string())?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    Ok(names)
}

/// The `CREATE TABLE` text of table `name` in `sqlite_master`.
pub(crate) fn table_sql(db: &Database, name: &str) -> Option<String> {
    db.connection()
        .query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [name],
            |r| r.get::<_, Option<String>>(0),
        )
        .ok()
        .flatten()
}

/// The expression of a generated column as the dialect finds it: the table's SQL without
/// `CREATE TABLE name (` and `)`, then the column's name followed by anything up to
/// `GENERATED ALWAYS AS (` and, greedily, everything to the line's last `)`. A column
/// written `AS (...)` without `GENERATED ALWAYS`, or on one line with later columns,
/// reflects as the dialect reflects it: empty, or with the rest of the line.
fn generated_sqltext(table_sql: &str, column: &str) -> String {
    let Some(body) = TABLE_BODY.captures(table_sql.trim()).and_then(|c| c.get(1)) else {
        return String::new();
    };
    let Ok(pattern) = Regex::new(&format!(
        r"(?i){}[^,]*\s+GENERATED\s+ALWAYS\s+AS\s+\((.*)\)\s*(?:virtual|stored)?",
        regex_lite::escape(column)
    )) else {
        return String::new();
    };
    pattern
        .captures(body.as_str().trim())
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_owned())
        .unwrap_or_default()
}

/// Reflects `name` from the live database, as `Table(name, MetaData(), autoload_with=...)`
/// with Alembic's batch column listener.
pub(crate) fn reflect_table(
    db: &Database,
    name: &str,
    naming: NamingConvention,
) -> Result<Reflected, String> {
    let conn = db.connection();
    let Some(table_sql) = table_sql(db, name) else {
        return Err(format!("NoSuchTableError: {name}"));
    };
    let mut warnings = Vec::new();
    let mut t = Table::new(name, naming);

    // Columns.
    let mut pk: Vec<(u32, String)> = Vec::new();
    for c in columns(db, name).map_err(q)? {
        if c.hidden == 1 {
            continue;
        }
        let generated = Generated::of(c.hidden, &table_sql, &c.name);
        let mut col = Column::new(&c.name, reflected_type(&c.decl_type, generated.is_some()));
        col.computed = generated.map(|g| (Expr::text(&g.sqltext), Some(g.persisted)));
        col.nullable = !c.not_null;
        if let Some(d) = c.default {
            col.server_default = Some(ServerDefault::Expr(Expr::text(&default_text(&d))));
        }
        if c.pk > 0 {
            pk.push((c.pk, c.name.clone()));
            col.primary_key = true;
        }
        t.columns.push(col);
    }
    pk.sort();
    let pk_name = PK_NAME
        .captures(&table_sql)
        .and_then(|c| c.get(1).or(c.get(2)).map(|m| m.as_str().to_owned()));
    t.primary_key = Constraint::new(
        ConstraintKind::PrimaryKey {
            columns: pk.into_iter().map(|(_, n)| n).collect(),
        },
        pk_name
            .map(ConstraintName::Given)
            .unwrap_or(ConstraintName::None),
    );

    // Foreign keys: PRAGMA for the facts, the table's SQL for names and options.
    let mut fks: Vec<(i64, String, Vec<String>, Vec<String>)> = Vec::new();
    let mut stmt = conn
        .prepare(&format!(
            "PRAGMA main.foreign_key_list(\"{}\")",
            name.replace('"', "\"\"")
        ))
        .map_err(q)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })
        .map_err(q)?;
    for row in rows {
        let (id, rtbl, lcol, rcol) = row.map_err(q)?;
        let pos = match fks.iter().position(|f| f.0 == id) {
            Some(p) => p,
            None => {
                fks.push((id, rtbl.clone(), vec![], vec![]));
                fks.len() - 1
            }
        };
        fks[pos].2.push(lcol);
        match rcol {
            Some(r) => fks[pos].3.push(r),
            None => {
                // The referred table's primary key.
                if fks[pos].3.is_empty()
                    && let Ok(rt) = reflect_pk(db, &rtbl)
                {
                    fks[pos].3 = rt;
                }
            }
        }
    }
    fks.sort_by_key(|f| f.0);
    fks.reverse();
    let mut parsed = Vec::new();
    for c in FK_PATTERN.captures_iter(&table_sql) {
        let g = |i: usize| c.get(i).map(|m| m.as_str().to_owned());
        let cname = g(1).or(g(2));
        let lcols = cols_in_sig(&g(3).unwrap_or_default());
        let rtable = g(4).or(g(5)).unwrap_or_default();
        let rcols = cols_in_sig(&g(6).unwrap_or_default());
        let upd = WHITESPACE
            .replace_all(&g(7).unwrap_or_default().to_uppercase(), " ")
            .trim()
            .to_owned();
        let (mut ondelete, mut onupdate) = (None, None);
        for tok in ON_KEYWORD.split(&upd) {
            if let Some(v) = tok.strip_prefix("DELETE") {
                let v = v.trim();
                if !v.is_empty() && v != "NO ACTION" {
                    ondelete = Some(v.to_owned());
                }
            } else if let Some(v) = tok.strip_prefix("UPDATE") {
                let v = v.trim();
                if !v.is_empty() && v != "NO ACTION" {
                    onupdate = Some(v.to_owned());
                }
            }
        }
        let deferrable = g(8).map(|d| !d.to_uppercase().contains("NOT"));
        let initially = g(9).map(|i| i.to_uppercase());
        parsed.push((
            cname, lcols, rtable, rcols, ondelete, onupdate, deferrable, initially,
        ));
    }
    let mut fk_constraints = Vec::new();
    // SQLAlchemy keys the PRAGMA's foreign keys by signature (columns, referred table,
    // referred columns): of two with the same signature, it keeps one (at the first one's
    // place, with the last one's details), so a table with two identical foreign keys
    // reflects (and a batch rebuild keeps) only the first name its SQL gives.
    let mut unmatched: Vec<(i64, String, Vec<String>, Vec<String>)> = Vec::new();
    for f in fks.iter().cloned() {
        match unmatched
            .iter()
            .position(|u| u.2 == f.2 && u.1 == f.1 && u.3 == f.3)
        {
            Some(i) => unmatched[i] = f,
            None => unmatched.push(f),
        }
    }
    for (cname, lcols, rtable, rcols, ondelete, onupdate, deferrable, initially) in parsed {
        let Some(pos) = unmatched
            .iter()
            .position(|f| f.2 == lcols && f.1 == rtable && f.3 == rcols)
        else {
            // Python's repr of the signature tuple.
            let sig: Vec<String> = lcols
                .iter()
                .chain(std::iter::once(&rtable))
                .chain(&rcols)
                .map(|s| retort_pyscript::str_repr(s))
                .collect();
            let sig = match sig.as_slice() {
                [one] => format!("({one},)"),
                _ => format!("({})", sig.join(", ")),
            };
            warnings.push(format!(
                "WARNING: SQL-parsed foreign key constraint '{sig}' could not be located in PRAGMA foreign_keys for table {name}"
            ));
            continue;
        };
        let f = unmatched.remove(pos);
        let mut c = fk_constraint(&f, ondelete, onupdate);
        c.name = cname
            .map(ConstraintName::Given)
            .unwrap_or(ConstraintName::None);
        c.deferrable = deferrable;
        c.initially = initially;
        fk_constraints.push(c);
    }
    for f in unmatched {
        fk_constraints.push(fk_constraint(&f, None, None));
    }
    t.constraints.extend(fk_constraints);

    // Indexes (and the automatic ones, to tell UNIQUE constraints from indexes).
    let mut auto_sigs: Vec<Vec<String>> = Vec::new();
    let mut stmt = conn
        .prepare(&format!(
            "PRAGMA main.index_list(\"{}\")",
            name.replace('"', "\"\"")
        ))
        .map_err(q)?;
    let list: Vec<(String, bool)> = stmt
        .query_map([], |r| {
            Ok((r.get::<_, String>(1)?, r.get::<_, i64>(2)? != 0))
        })
        .map_err(q)?
        .collect::<Result<_, _>>()
        .map_err(q)?;
    for (iname, unique) in list.into_iter().rev() {
        let mut cols: Vec<Option<String>> = Vec::new();
        let mut s = conn
            .prepare(&format!(
                "PRAGMA main.index_info(\"{}\")",
                iname.replace('"', "\"\"")
            ))
            .map_err(q)?;
        let rows = s
            .query_map([], |r| r.get::<_, Option<String>>(2))
            .map_err(q)?;
        for r in rows {
            cols.push(r.map_err(q)?);
        }
        if iname.starts_with("sqlite_autoindex") {
            auto_sigs.push(cols.into_iter().flatten().collect());
            continue;
        }
        if cols.iter().any(|c| c.is_none()) {
            warnings.push(format!(
                "Skipped unsupported reflection of expression-based index {iname}"
            ));
            continue;
        }
        let isql: Option<String> = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
                [&iname],
                |r| r.get(0),
            )
            .ok()
            .flatten();
        let sqlite_where = isql.and_then(|s| {
            PARTIAL_WHERE
                .captures(&s)
                .map(|c| Expr::text(c.get(1).unwrap().as_str()))
        });
        t.indexes.push(Index {
            name: ConstraintName::Given(iname),
            table: name.to_owned(),
            expressions: cols.into_iter().flatten().map(IndexExpr::Column).collect(),
            unique,
            sqlite_where,
            column_flag: false,
            reflected: true,
        });
    }

    // UNIQUE constraints: parsed from the SQL, kept when an automatic index backs them.
    let mut uniques: Vec<(Option<String>, Vec<String>)> = Vec::new();
    for c in UNIQUE_PATTERN.captures_iter(&table_sql) {
        let n = c.get(1).or(c.get(2)).map(|m| m.as_str().to_owned());
        uniques.push((n, cols_in_sig(c.get(3).unwrap().as_str())));
    }
    for c in INLINE_UNIQUE_PATTERN.captures_iter(&table_sql) {
        let cols = cols_in_sig(c.get(1).or(c.get(2)).unwrap().as_str());
        uniques.push((None, cols));
    }
    for (n, cols) in uniques {
        if let Some(p) = auto_sigs.iter().position(|s| *s == cols) {
            auto_sigs.remove(p);
            t.constraints.push(Constraint::new(
                ConstraintKind::Unique { columns: cols },
                n.map(ConstraintName::Given).unwrap_or(ConstraintName::None),
            ));
        }
    }

    // CHECK constraints.
    let mut checks = Vec::new();
    let upper = table_sql.to_uppercase();
    let mut from = 0;
    while let Some(pos) = upper[from..].find("CHECK") {
        let at = from + pos;
        from = at + 5;
        let before_ok = at == 0
            || !upper.as_bytes()[at - 1].is_ascii_alphanumeric()
                && upper.as_bytes()[at - 1] != b'_';
        if !before_ok {
            continue;
        }
        let rest = &table_sql[at + 5..];
        let ws = rest.len() - rest.trim_start().len();
        if !rest[ws..].starts_with('(') {
            continue;
        }
        let open = at + 5 + ws;
        let Some(close) = matching_paren(&table_sql, open) else {
            continue;
        };
        let body = table_sql[open + 1..close].trim().to_owned();
        // An optional `CONSTRAINT name` right before.
        let head = table_sql[..at].trim_end();
        let cname = CHECK_NAME_BEFORE
            .captures(head)
            .map(|c| unquote(c.get(1).unwrap().as_str()));
        checks.push((cname, body));
    }
    checks.sort_by(|a, b| {
        a.0.clone()
            .unwrap_or_else(|| "~".into())
            .cmp(&b.0.clone().unwrap_or_else(|| "~".into()))
    });
    for (n, body) in checks {
        t.constraints.push(Constraint::new(
            ConstraintKind::Check {
                sqltext: Expr::text(&body),
            },
            n.map(ConstraintName::Given).unwrap_or(ConstraintName::None),
        ));
    }

    // Table options.
    if let Some(m) = TABLE_OPTIONS.find(&table_sql) {
        let tail = m.as_str().to_uppercase();
        t.sqlite_with_rowid = !tail.contains("WITHOUT");
        t.sqlite_strict = tail.contains("STRICT");
    }
    // SQLAlchemy names an unnamed constraint by the MetaData's convention when it is attached
    // to the table (its `_constraint_name` event): a batch's `naming_convention=` thereby
    // names reflected constraints, so that `drop_constraint` can find them.
    if let Some(n) = convention_name(&t.primary_key, &t) {
        t.primary_key.name = n;
    }
    let names: Vec<_> = t
        .constraints
        .iter()
        .map(|c| convention_name(c, &t))
        .collect();
    for (c, n) in t.constraints.iter_mut().zip(names) {
        if let Some(n) = n {
            c.name = n;
        }
    }
    Ok(Reflected { table: t, warnings })
}

/// The name the table's convention gives an unnamed constraint, if any.
fn convention_name(c: &Constraint, t: &Table) -> Option<ConstraintName> {
    if c.name != ConstraintName::None || c.columns().is_empty() {
        return None;
    }
    super::ddl::constraint_name(c, t)
        .ok()
        .flatten()
        .map(ConstraintName::Final)
}

fn fk_constraint(
    f: &(i64, String, Vec<String>, Vec<String>),
    ondelete: Option<String>,
    onupdate: Option<String>,
) -> Constraint {
    Constraint::new(
        ConstraintKind::ForeignKey {
            columns: f.2.clone(),
            refcolumns: f.3.iter().map(|c| format!("{}.{c}", f.1)).collect(),
            ondelete,
            onupdate,
            match_: None,
            use_alter: false,
        },
        ConstraintName::None,
    )
}

fn reflect_pk(db: &Database, table: &str) -> Result<Vec<String>, String> {
    let mut stmt = db
        .connection()
        .prepare(&format!(
            "PRAGMA main.table_info(\"{}\")",
            table.replace('"', "\"\"")
        ))
        .map_err(q)?;
    let mut pk: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(5)?, r.get::<_, String>(1)?)))
        .map_err(q)?
        .filter_map(|r| r.ok())
        .filter(|(p, _)| *p > 0)
        .collect();
    pk.sort();
    Ok(pk.into_iter().map(|(_, n)| n).collect())
}

/// One column as `PRAGMA table_xinfo` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnInfo {
    pub name: String,
    pub decl_type: String,
    pub not_null: bool,
    pub default: Option<String>,
    /// 1-based position in the primary key, 0 if not part of it.
    pub pk: u32,
    /// 0 normal, 1 hidden (virtual tables), 2/3 generated.
    pub hidden: u32,
}

/// The columns of a table (or view), as `PRAGMA table_xinfo` lists them; none if there is
/// no such table.
pub fn columns(db: &Database, table: &str) -> crate::db::Result<Vec<ColumnInfo>> {
    let mut stmt = db
        .connection()
        .prepare(&format!("PRAGMA table_xinfo({})", super::quote(table)))?;
    stmt.query_map([], |r| {
        Ok(ColumnInfo {
            name: r.get(1)?,
            decl_type: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            not_null: r.get::<_, i64>(3)? != 0,
            default: r.get(4)?,
            pk: r.get(5)?,
            hidden: r.get(6)?,
        })
    })?
    .collect()
}
