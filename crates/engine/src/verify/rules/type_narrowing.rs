//! RT104 `type-narrowing`: `alter_column` changes a column to a narrower type.

use super::{Code, Rule, Severity};
use crate::operations::Site;
use crate::sqlite::quote;
use crate::verify::{Finding, Verifier, plural};

/// ## What it does
/// Checks for `alter_column` changing a column to a narrower type: `VARCHAR(100)` to
/// `VARCHAR(20)`, `Text` to `String(n)`, `Float` to `Integer`, `BigInteger` to `SmallInteger`.
/// Counts the values that do not fit.
///
/// ## Why is this bad?
/// SQLite keeps whatever is stored (it does not enforce lengths), but the application and any
/// other database will truncate or refuse.
///
/// ## Example
/// ```python
/// def upgrade():
///     with op.batch_alter_table("users") as batch_op:
///         batch_op.alter_column("name", type_=sa.String(5), existing_type=sa.String(50))
/// ```
pub(super) const RULE: Rule = Rule {
    code: Code::TypeNarrowing.as_str(),
    name: "type-narrowing",
    severity: Severity::Warning,
    summary: "alter_column changes a column to a narrower type",
    explain: "`VARCHAR(100)` to `VARCHAR(20)`, `Text` to `String(n)`, `Float` to \
`Integer`, `BigInteger` to `SmallInteger`: SQLite keeps whatever is stored (it does not \
enforce lengths), but the application and any other database will truncate or refuse. \
Retort counts the values that do not fit.",
};

impl Verifier<'_> {
    pub(in crate::verify) fn narrowing(
        &self,
        table: &str,
        column: &str,
        new: &crate::sql::types::SqlType,
        site: Option<Site>,
    ) -> Option<Finding> {
        let new_decl = crate::sqlite::render_type(new).ok()?;
        let old_decl: String = self
            .db
            .connection()
            .query_row(
                "SELECT type FROM pragma_table_xinfo(?1) WHERE name = ?2",
                [table, column],
                |r| r.get(0),
            )
            .ok()?;
        let (old, new_t) = (TypeShape::of(&old_decl), TypeShape::of(&new_decl));
        let q = quote(column);
        let (why, cond) = match (old, new_t) {
            (TypeShape::Text(o), TypeShape::Text(Some(n))) if o.is_none_or(|o| n < o) => {
                (format!("{n} characters"), format!("length({q}) > {n}"))
            }
            (TypeShape::Text(_), TypeShape::Integer(_) | TypeShape::Real) => (
                "a number".to_owned(),
                format!("{q} IS NOT NULL AND typeof({q}) = 'text'"),
            ),
            (TypeShape::Real, TypeShape::Integer(_)) => (
                "an integer".to_owned(),
                format!("{q} IS NOT NULL AND {q} != CAST({q} AS INTEGER)"),
            ),
            (TypeShape::Integer(o), TypeShape::Integer(n)) if n < o => (
                format!("{} bits", n),
                format!(
                    "{q} IS NOT NULL AND abs({q}) > {}",
                    (1i64 << (n - 1).min(62)) - 1
                ),
            ),
            _ => return None,
        };
        let n = self
            .count(&format!(
                "SELECT count(*) FROM {} WHERE {cond}",
                quote(table)
            ))
            .unwrap_or(0);
        let verdict = if n == 0 {
            "every value here fits".to_owned()
        } else {
            format!(
                "{} {} not fit{}",
                plural(n as usize, "value"),
                if n == 1 { "does" } else { "do" },
                self.rowids(table, &cond)
            )
        };
        Some(self.finding(
            Code::TypeNarrowing,
            format!("narrows `{table}.{column}` from {old_decl} to {new_decl} ({why}): {verdict}"),
            site,
        ))
    }
}

/// The shape of a declared type, for narrowing.
#[derive(Clone, Copy, Debug)]
enum TypeShape {
    /// Character types, with their length if any.
    Text(Option<u64>),
    /// Integer types, by bits.
    Integer(u32),
    Real,
    Other,
}

impl TypeShape {
    fn of(decl: &str) -> TypeShape {
        let up = decl.to_ascii_uppercase();
        let len = up
            .split_once('(')
            .and_then(|(_, r)| r.trim_end_matches(')').split(',').next())
            .and_then(|n| n.trim().parse().ok());
        if up.contains("BOOL") {
            TypeShape::Integer(1)
        } else if up.contains("SMALLINT") {
            TypeShape::Integer(16)
        } else if up.contains("BIGINT") {
            TypeShape::Integer(64)
        } else if up.contains("INT") {
            TypeShape::Integer(32)
        } else if up.contains("CHAR") || up.contains("TEXT") || up.contains("CLOB") {
            TypeShape::Text(len)
        } else if up.contains("REAL")
            || up.contains("FLOA")
            || up.contains("DOUB")
            || up.contains("NUMERIC")
            || up.contains("DECIMAL")
        {
            TypeShape::Real
        } else {
            TypeShape::Other
        }
    }
}
