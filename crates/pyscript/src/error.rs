//! Diagnostics: every parse or evaluation error names file, line and column, shows the
//! source line with a caret, and, where we know what to do about it, a hint.

use std::fmt;

/// What kind of failure ended evaluation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file is not valid Python.
    Syntax,
    /// Valid Python that Retort's interpreter does not support (never silently skipped).
    Unsupported,
    /// A Python exception the script raised or caused (`ValueError`, `KeyError`, ...).
    Exception { class: String },
    /// A sandbox limit: step budget, recursion depth or memory.
    Limit,
}

/// One frame of a Python-like traceback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceFrame {
    pub path: String,
    pub line: usize,
    pub function: String,
    pub source_line: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub path: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    /// The source line the error points at, without its newline.
    pub source_line: String,
    /// Length of the underlined span on `source_line`, in characters (at least 1).
    pub span_len: usize,
    pub hint: Option<String>,
    /// The failure is Retort's own coverage (an unsupported construct, a name its
    /// re-implementation of a library lacks), not an error the script would raise in Python.
    pub retort_gap: bool,
    /// Outermost call first, as Python prints it.
    pub traceback: Vec<TraceFrame>,
}

impl Error {
    /// `path:line:col: message` — the plain form that tests snapshot.
    pub fn short(&self) -> String {
        format!(
            "{}:{}:{}: {}",
            self.path,
            self.line,
            self.column,
            self.headline()
        )
    }

    /// For an uncaught `ModuleNotFoundError` (`No module named 'x'`): the module `x`.
    pub fn missing_module(&self) -> Option<&str> {
        match &self.kind {
            ErrorKind::Exception { class } if class == "ModuleNotFoundError" => self
                .message
                .strip_prefix("No module named '")
                .and_then(|m| m.strip_suffix('\'')),
            _ => None,
        }
    }

    /// The message with the exception class, as Python's last traceback line reads.
    pub fn headline(&self) -> String {
        match &self.kind {
            ErrorKind::Exception { class } if self.message.is_empty() => class.clone(),
            ErrorKind::Exception { class } => format!("{class}: {}", self.message),
            ErrorKind::Syntax => format!("SyntaxError: {}", self.message),
            ErrorKind::Unsupported => format!("unsupported: {}", self.message),
            ErrorKind::Limit => format!("limit exceeded: {}", self.message),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.short())?;
        if !self.source_line.is_empty() {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            writeln!(f, "{pad} |")?;
            writeln!(f, "{gutter} | {}", self.source_line)?;
            let indent: String = self
                .source_line
                .chars()
                .take(self.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{pad} | {indent}{}", "^".repeat(self.span_len.max(1)))?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "hint: {hint}")?;
        }
        if self.traceback.len() > 1 {
            writeln!(f, "Traceback (most recent call last):")?;
            for frame in &self.traceback {
                writeln!(
                    f,
                    "  File \"{}\", line {}, in {}",
                    frame.path, frame.line, frame.function
                )?;
                if !frame.source_line.trim().is_empty() {
                    writeln!(f, "    {}", frame.source_line.trim())?;
                }
            }
            writeln!(f, "{}", self.headline())?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Line starts of a source text, for offset -> (line, column) lookups.
#[derive(Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// 1-based line, 1-based character column, and the line's text.
    pub fn locate<'t>(&self, text: &'t str, offset: usize) -> (usize, usize, &'t str) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let end = self.starts.get(line).map_or(text.len(), |&e| e - 1);
        let end = end.max(start);
        let line_text = text[start..end].trim_end_matches('\r');
        let col = text[start..offset].chars().count() + 1;
        (line, col, line_text)
    }
}
