//! RT103 `not-null-without-default`: a NOT NULL column is added (or a column made NOT NULL)
//! without a server_default.

use super::{Code, Rule, Severity};
use crate::operations::{AlterColumn, Site};
use crate::sql::schema::Column;
use crate::sqlite::quote;
use crate::verify::{Finding, Verifier, plural_word, rows};

/// ## What it does
/// Checks for a NOT NULL column added (or a column made NOT NULL) without a `server_default`,
/// and lists the rows it fails on.
///
/// ## Why is this bad?
/// SQLite refuses `ALTER TABLE ... ADD COLUMN ... NOT NULL` without a default ("Cannot add a
/// NOT NULL column with default value NULL"), whatever the table holds. In batch mode the copy
/// fails on the first existing row. Making an existing column NOT NULL fails on rows where it
/// is NULL.
///
/// ## Example
/// ```python
/// def upgrade():
///     op.add_column("users", sa.Column("age", sa.Integer, nullable=False))
/// ```
///
/// ## Fix
/// Add it with `server_default=...` (and drop the default in a later step if you must), or add
/// it nullable, fill it, then make it NOT NULL in batch mode.
pub(super) const RULE: Rule = Rule {
    code: Code::NotNullWithoutDefault.as_str(),
    name: "not-null-without-default",
    severity: Severity::Error,
    summary: "a NOT NULL column is added (or a column made NOT NULL) without a server_default",
    explain: "SQLite refuses `ALTER TABLE ... ADD COLUMN ... NOT NULL` without a default \
(\"Cannot add a NOT NULL column with default value NULL\"), whatever the table holds. In \
batch mode the copy fails on the first existing row. Making an existing column NOT NULL \
fails on rows where it is NULL. Retort lists the rows.\n\nFix: add it with \
`server_default=...` (and drop the default in a later step if you must), or add it \
nullable, fill it, then make it NOT NULL in batch mode.",
};

impl Verifier<'_> {
    /// `op.add_column` of such a column: SQLite refuses it.
    pub(in crate::verify) fn add_not_null_column(
        &self,
        table: &str,
        column: &Column,
        site: Option<Site>,
    ) -> Finding {
        self.finding(
            Code::NotNullWithoutDefault,
            format!(
                "adds NOT NULL column `{table}.{}` without a server_default: SQLite refuses it (\"Cannot add a NOT NULL column with default value NULL\")",
                column.name
            ),
            site,
        )
    }

    /// `batch_op.add_column` of such a column, done with ALTER (the table is not copied).
    pub(in crate::verify) fn batch_add_not_null_column_alter(
        &self,
        table: &str,
        column: &Column,
        site: Option<Site>,
    ) -> Finding {
        self.finding(
            Code::NotNullWithoutDefault,
            format!(
                "adds NOT NULL column `{table}.{}` without a server_default: batch mode uses ALTER here, and SQLite refuses it (\"Cannot add a NOT NULL column with default value NULL\")",
                column.name
            ),
            site,
        )
    }

    /// `batch_op.add_column` of such a column into a table batch mode copies: the rows it
    /// fails on.
    pub(in crate::verify) fn batch_add_not_null_column_copy(
        &self,
        table: &str,
        column: &Column,
        site: Option<Site>,
    ) -> Finding {
        let n = self.row_count(table).unwrap_or(0);
        let verdict = if n == 0 {
            "the table is empty here; the copy fails as soon as it has rows".to_owned()
        } else {
            format!(
                "fails on {} existing {}{}",
                n,
                plural_word(n as usize, "row"),
                self.rowids(table, "1")
            )
        };
        self.finding(
            Code::NotNullWithoutDefault,
            format!(
                "adds NOT NULL column `{table}.{}` without a server_default: {verdict}",
                column.name
            ),
            site,
        )
    }

    /// `alter_column(..., nullable=False)` without a default: the rows where it is NULL.
    pub(in crate::verify) fn makes_not_null(
        &self,
        table: &str,
        a: &AlterColumn,
        site: Option<Site>,
    ) -> Option<Finding> {
        if a.nullable == Some(false) && a.server_default.is_none() {
            let cond = format!("{} IS NULL", quote(&a.column));
            let n = self
                .count(&format!(
                    "SELECT count(*) FROM {} WHERE {cond}",
                    quote(table)
                ))
                .unwrap_or(0);
            if n > 0 {
                return Some(self.finding(
                    Code::NotNullWithoutDefault,
                    format!(
                        "makes `{table}.{}` NOT NULL: fails on {} where it is NULL{}",
                        a.column,
                        rows(n as usize),
                        self.rowids(table, &cond)
                    ),
                    site,
                ));
            }
        }
        None
    }
}

pub(in crate::verify) fn adds_null_column(c: &crate::sql::schema::Column) -> bool {
    !c.nullable && c.server_default.is_none() && !c.primary_key
}
