//! SQLAlchemy's SQLite dialect: identifier quoting, the SQL compiler (expressions and
//! statements) and the DDL compiler, rendering the very text SQLAlchemy renders.

pub mod batch;
mod compiler;
mod ddl;
pub mod reflect;

pub use compiler::{Compiled, Param, compile_expr_literal, compile_statement, literal};
pub use ddl::{
    DdlError, column_spec, constraint_name, constraint_sql, create_index, create_table, drop_index,
    drop_table, index_name, server_default_sql,
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
pub fn requires_quotes(name: &str) -> bool {
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
