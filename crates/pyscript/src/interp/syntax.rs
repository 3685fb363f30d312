//! Parsing a file: `Syntax`, which a host may make on any thread, and the bound on nesting
//! checked before the parser recurses.

use ruff_python_ast::Stmt;
use ruff_text_size::TextRange;

/// The result of parsing one file, before anything is shared: it is `Send`, so a host may
/// parse many files on several threads and hand them to
/// [`Interp::from_syntax`](super::Interp::from_syntax).
pub struct Syntax(pub(super) Result<Vec<Stmt>, (TextRange, String)>);

impl Syntax {
    pub fn parse(text: &str) -> Syntax {
        if let Some((at, message)) = too_deeply_nested(text) {
            let at = ruff_text_size::TextSize::try_from(at).unwrap_or_default();
            return Syntax(Err((
                TextRange::new(at, at + ruff_text_size::TextSize::from(1)),
                message.to_owned(),
            )));
        }
        Syntax(
            ruff_python_parser::parse_module(text)
                .map(|p| p.into_syntax().body.into_iter().collect())
                .map_err(|e| (e.location, e.error.to_string())),
        )
    }
}

/// CPython's tokenizer allows 200 levels of brackets (`MAXLEVEL`) and says "too many
/// nested parentheses" at the 201st, and 100 levels of indentation (`MAXINDENT`: "too many
/// levels of indentation"); its compiler ends an expression nested about 3,000 deep
/// (`1+1+...`, `-(-(...))`, `a.b.c...`, `not not ...`, `lambda: lambda: ...`, `a if b else
/// ...`) with a RecursionError (Retort: 1,000, what the parser's recursion fits in the
/// browser's machine stack). The parser and everything after it recurse per level, so such
/// input is refused before it is parsed — natively and in wasm alike, whatever the stack.
/// The byte offset and message of the first excess, skipping comments and string literals.
const TOO_DEEP: &str = "expression too deeply nested (CPython: RecursionError: maximum recursion depth exceeded during compilation)";

fn too_deeply_nested(text: &str) -> Option<(usize, &'static str)> {
    const MAX_LEVEL: usize = 200;
    const MAX_INDENT: usize = 100;
    // The widths of the open indentation levels (the module's, 0, first).
    let mut indents: Vec<usize> = vec![0];
    let mut line_start = true;
    // Operators in a row with nothing that ends an operand list between them (a comma, a
    // colon, an assignment, the end of the statement): the depth of the tree they build.
    // Below CPython's ~3,000, so that what is allowed also parses and runs in the page.
    const MAX_CHAIN: usize = 1_000;
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut chain = 0usize;
    let mut i = 0;
    while i < b.len() {
        if line_start {
            line_start = false;
            let width = b[i..]
                .iter()
                .take_while(|c| matches!(c, b' ' | b'\t'))
                .count();
            let rest = b.get(i + width);
            // Blank lines and comments open no block.
            if !matches!(rest, None | Some(b'\n' | b'\r' | b'#')) {
                while indents.last().is_some_and(|&w| w > width) {
                    indents.pop();
                }
                if indents.last().is_some_and(|&w| w < width) {
                    indents.push(width);
                    if indents.len() > MAX_INDENT {
                        return Some((i, "too many levels of indentation"));
                    }
                }
            }
            i += width;
            continue;
        }
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            q @ (b'\'' | b'"') => {
                let triple = b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q);
                i += if triple { 3 } else { 1 };
                while i < b.len() {
                    if b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if triple {
                        if b[i] == q && b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q) {
                            i += 2;
                            break;
                        }
                    } else if b[i] == q || b[i] == b'\n' {
                        break;
                    }
                    i += 1;
                }
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 => {
                // A name or a number (with its `.` and exponent) is one operand; the
                // keywords that nest what follows them are operators.
                let start = i;
                while i < b.len()
                    && (b[i].is_ascii_alphanumeric()
                        || b[i] == b'_'
                        || b[i] == b'.'
                        || b[i] >= 0x80)
                {
                    i += 1;
                }
                if matches!(
                    &b[start..i],
                    b"not" | b"lambda" | b"await" | b"yield" | b"if" | b"else"
                ) {
                    chain += 1;
                    if chain > MAX_CHAIN {
                        return Some((start, TOO_DEEP));
                    }
                }
                continue;
            }
            b'(' | b'[' | b'{' => {
                if depth >= MAX_LEVEL {
                    return Some((i, "too many nested parentheses"));
                }
                depth += 1;
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'+' | b'-' | b'*' | b'/' | b'%' | b'@' | b'&' | b'|' | b'^' | b'~' | b'.' => {
                if b.get(i + 1) == Some(&b'=') {
                    chain = 0;
                    i += 2;
                    continue;
                }
                chain += 1;
                if chain > MAX_CHAIN {
                    return Some((i, TOO_DEEP));
                }
            }
            // (Not `:`, which a `lambda` nests through.)
            b',' | b';' => chain = 0,
            b'=' if b.get(i + 1) != Some(&b'=')
                && !matches!(b.get(i.wrapping_sub(1)), Some(b'<' | b'>' | b'!' | b'=')) =>
            {
                chain = 0
            }
            b'\n' if depth == 0 && b.get(i.wrapping_sub(1)) != Some(&b'\\') => {
                chain = 0;
                line_start = true;
            }
            _ => {}
        }
        i += 1;
    }
    None
}
