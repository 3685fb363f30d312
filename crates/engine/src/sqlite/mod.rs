//! SQLAlchemy's SQLite dialect: identifier quoting, the SQL compiler (expressions and
//! statements) and the DDL compiler, rendering the very text SQLAlchemy renders.

mod compiler;
mod ddl;
pub mod reflect;

pub use compiler::{
    Compiled, Param, compile_expr_literal, compile_statement, literal, statement_str,
};
pub use ddl::{
    DdlError, column_spec, constraint_name, constraint_sql, create_index, create_table, drop_index,
    drop_table, index_name, render_type, server_default_sql,
};

/// SQLite's reserved words as SQLAlchemy's `SQLiteIdentifierPreparer` lists them.
const RESERVED: &[&str] = &[
    "add",
    "after",
    "all",
    "alter",
    "analyze",
    "and",
    "as",
    "asc",
    "attach",
    "autoincrement",
    "before",
    "begin",
    "between",
    "by",
    "cascade",
    "case",
    "cast",
    "check",
    "collate",
    "column",
    "commit",
    "conflict",
    "constraint",
    "create",
    "cross",
    "current_date",
    "current_time",
    "current_timestamp",
    "database",
    "default",
    "deferrable",
    "deferred",
    "delete",
    "desc",
    "detach",
    "distinct",
    "drop",
    "each",
    "else",
    "end",
    "escape",
    "except",
    "exclusive",
    "exists",
    "explain",
    "fail",
    "false",
    "for",
    "foreign",
    "from",
    "full",
    "glob",
    "group",
    "having",
    "if",
    "ignore",
    "immediate",
    "in",
    "index",
    "indexed",
    "initially",
    "inner",
    "insert",
    "instead",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "key",
    "left",
    "like",
    "limit",
    "match",
    "natural",
    "not",
    "notnull",
    "null",
    "of",
    "offset",
    "on",
    "or",
    "order",
    "outer",
    "plan",
    "pragma",
    "primary",
    "query",
    "raise",
    "references",
    "reindex",
    "rename",
    "replace",
    "restrict",
    "right",
    "rollback",
    "row",
    "select",
    "set",
    "table",
    "temp",
    "temporary",
    "then",
    "to",
    "transaction",
    "trigger",
    "true",
    "union",
    "unique",
    "update",
    "using",
    "vacuum",
    "values",
    "view",
    "virtual",
    "when",
    "where",
];

/// Whether SQLAlchemy quotes `name` (`IdentifierPreparer._requires_quotes`).
pub(crate) fn requires_quotes(name: &str) -> bool {
    let Some(first) = name.chars().next() else {
        return true;
    };
    let lower = name.to_lowercase();
    RESERVED.binary_search(&lower.as_str()).is_ok()
        || first == '$'
        || first.is_ascii_digit()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        || lower != name
}

/// Whether `sql` is a data change (INSERT, UPDATE, DELETE, REPLACE): the statements before
/// which pysqlite opens a transaction.
pub fn is_dml(sql: &str) -> bool {
    let first = sql
        .trim_start()
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    ["INSERT", "UPDATE", "DELETE", "REPLACE"]
        .iter()
        .any(|k| k.eq_ignore_ascii_case(first))
}

/// The SQLite this engine embeds is newer than the one Python's `sqlite3` links for the
/// oracle (3.40) and for most users; where a newer grammar accepts a statement the older
/// one refuses, the statement is refused as there, with its message. Today that is
/// `ALTER TABLE t ALTER COLUMN c {SET|DROP} NOT NULL` (SQLite 3.5x), which Alembic emits
/// for `op.alter_column(..., nullable=...)` outside batch mode: under Alembic it fails.
pub(crate) fn refused_by_older_sqlite(sql: &str) -> Option<&'static str> {
    let mut words = Tokens(sql);
    let is = |w: Option<&str>, k: &str| w.is_some_and(|w| w.eq_ignore_ascii_case(k));
    if !is(words.next(), "ALTER") || !is(words.next(), "TABLE") {
        return None;
    }
    // The table's name, maybe schema-qualified.
    words.next()?;
    let mut next = words.next();
    while next == Some(".") {
        words.next();
        next = words.next();
    }
    is(next, "ALTER").then_some("near \"ALTER\": syntax error")
}

/// SQL tokens, roughly: words, quoted names (`"a b"`, `[a]`, `` `a` ``), single characters;
/// comments and whitespace skipped.
struct Tokens<'a>(&'a str);

impl<'a> Iterator for Tokens<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        loop {
            self.0 = self.0.trim_start();
            if let Some(rest) = self.0.strip_prefix("--") {
                self.0 = rest.split_once('\n').map_or("", |(_, r)| r);
            } else if let Some(rest) = self.0.strip_prefix("/*") {
                self.0 = rest.split_once("*/").map_or("", |(_, r)| r);
            } else {
                break;
            }
        }
        let s = self.0;
        let first = s.chars().next()?;
        let end = match first {
            '"' | '`' | '[' => {
                let close = if first == '[' { ']' } else { first };
                s[1..].find(close).map_or(s.len(), |i| i + 2)
            }
            c if c.is_alphanumeric() || c == '_' => s
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
                .unwrap_or(s.len()),
            c => c.len_utf8(),
        };
        self.0 = &s[end..];
        Some(&s[..end])
    }
}

/// An identifier as SQLAlchemy renders it: quoted with `"` only when needed.
pub fn quote(name: &str) -> String {
    if requires_quotes(name) {
        format!("\"{}\"", name.replace('"', "\"\""))
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_words_are_sorted_for_binary_search() {
        assert!(RESERVED.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn statements_older_sqlite_refuses() {
        for sql in [
            "ALTER TABLE t ALTER COLUMN c DROP NOT NULL",
            "alter table \"my t\" alter c set not null",
            "  -- c\nALTER TABLE main.t ALTER COLUMN c TYPE TEXT",
        ] {
            assert_eq!(
                refused_by_older_sqlite(sql),
                Some("near \"ALTER\": syntax error"),
                "{sql}"
            );
        }
        for sql in [
            "ALTER TABLE t ADD COLUMN alter INTEGER",
            "ALTER TABLE t RENAME COLUMN a TO b",
            "SELECT 1",
            "ALTER TABLE",
        ] {
            assert_eq!(refused_by_older_sqlite(sql), None, "{sql}");
        }
    }

    #[test]
    fn quoting_follows_sqlalchemy() {
        assert_eq!(quote("users"), "users");
        assert_eq!(quote("order"), "\"order\"");
        assert_eq!(quote("Users"), "\"Users\"");
        assert_eq!(quote("user name"), "\"user name\"");
        assert_eq!(quote("1abc"), "\"1abc\"");
        assert_eq!(quote("a\"b"), "\"a\"\"b\"");
        assert_eq!(quote("_x$"), "_x$");
    }
}
