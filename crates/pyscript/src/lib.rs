//! A sandboxed interpreter for the Python that Alembic revision files use.
//!
//! Architecture invariant: this crate knows nothing of Alembic, SQL or SQLite. Every `op.*`
//! and `sa.*` call goes through host objects that the engine provides.
//!
//! The parser and evaluator arrive with issue 4; until then the crate only fixes the
//! boundary: source text in, a file name for diagnostics.

/// A Python source file as the interpreter sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Path shown in diagnostics (`migrations/versions/abc_init.py`).
    pub path: String,
    pub text: String,
}

impl Source {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            path: path.into(),
            text: text.into(),
        }
    }

    /// 1-based line and column of a byte offset, as diagnostics print them.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_is_one_based_and_counts_characters() {
        let s = Source::new("x.py", "a = 1\nb = 'é'\n");
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(6), (2, 1));
        assert_eq!(s.line_col(13), (2, 7));
    }
}
