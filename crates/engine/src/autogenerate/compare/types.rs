//! `DefaultImpl.compare_type` and SQLite's `compare_server_default` normalisation.

use crate::sqlite;

/// `SQLiteImpl.compare_server_default`'s normalisation: one pair of parentheses, then one
/// pair of quotes (double around single included) taken off.
pub(super) fn normalized_default(d: Option<&str>) -> Option<String> {
    let d = d?;
    let d = match d.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        Some(inner) if !inner.is_empty() => inner,
        _ => d,
    };
    let unquoted = d
        .strip_prefix("\"'")
        .and_then(|r| r.strip_suffix("'\""))
        .or_else(|| d.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
        .or_else(|| d.strip_prefix("\"'").and_then(|r| r.strip_suffix('\'')))
        .or_else(|| d.strip_prefix('\'').and_then(|r| r.strip_suffix("'\"")))
        .filter(|r| !r.is_empty());
    Some(unquoted.unwrap_or(d).to_owned())
}

/// `DefaultImpl.compare_type`: both types as SQLite's type compiler writes them,
/// tokenized, compared by their first word (NUMERIC and DECIMAL are one) and their
/// arguments.
pub(super) fn types_differ(
    conn: &crate::sql::types::SqlType,
    model: &crate::sql::types::SqlType,
) -> Result<bool, String> {
    let a = Params::of(&sqlite::render_type(conn)?);
    let b = Params::of(&sqlite::render_type(model)?);
    Ok(!(a.types_match(&b) && a.args_match(&b)))
}

/// `DefaultImpl._tokenize_column_type`'s result.
struct Params {
    token0: String,
    tokens: Vec<String>,
    args: Vec<String>,
}

impl Params {
    fn of(definition: &str) -> Params {
        let definition = definition.to_lowercase();
        let mut words = Vec::new();
        let mut paren: Option<String> = None;
        let mut rest = definition.as_str();
        while !rest.is_empty() {
            let c = rest.chars().next().unwrap_or(' ');
            if c == '(' {
                // `\(.+?\)`: the shortest parenthesised run with at least one character.
                match rest[2.min(rest.len())..].find(')') {
                    Some(end) if rest.len() > 2 => {
                        let end = end + 2;
                        paren = Some(rest[..=end].to_owned());
                        rest = &rest[end + 1..];
                    }
                    _ => rest = &rest[1..],
                }
            } else if c.is_alphanumeric() || c == '_' || c == '-' {
                let end = rest
                    .find(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == '-'))
                    .unwrap_or(rest.len());
                words.push(rest[..end].to_owned());
                rest = &rest[end..];
            } else {
                rest = &rest[c.len_utf8()..];
            }
        }
        let mut args = Vec::new();
        if let Some(p) = paren {
            for term in p.split(['(', ')', ',']).filter(|t| !t.is_empty()) {
                if !term.contains('=') {
                    args.push(term.trim().to_owned());
                }
            }
        }
        let token0 = if words.is_empty() {
            String::new()
        } else {
            words.remove(0)
        };
        Params {
            token0,
            tokens: words,
            args,
        }
    }

    fn types_match(&self, other: &Params) -> bool {
        if self.token0 == other.token0 {
            return true;
        }
        let synonyms = ["numeric", "decimal"];
        let all = |p: &Params| {
            std::iter::once(p.token0.clone())
                .chain(p.tokens.iter().cloned())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let both_in = |x: &str, y: &str| synonyms.contains(&x) && synonyms.contains(&y);
        both_in(&all(self), &all(other)) || both_in(&self.token0, &other.token0)
    }

    fn args_match(&self, meta: &Params) -> bool {
        if meta.tokens.len() == self.tokens.len() && meta.tokens != self.tokens {
            return false;
        }
        !(meta.args.len() == self.args.len() && meta.args != self.args)
    }
}
