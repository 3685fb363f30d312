//! What each piece of a Python source is, for showing it in colour (the page's editor).
//!
//! The same lexer that parses revision files classifies their tokens, so the colours agree
//! with what the interpreter will read: an unterminated string is coloured as the string it
//! swallows. Source that does not parse is still classified as far as the lexer gets.

use ruff_python_ast::token::TokenKind;
use ruff_python_parser::{Mode, ParseOptions, parse_unchecked};
use ruff_text_size::Ranged;

/// The kind of a highlighted span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenClass {
    Keyword,
    /// `True`, `False`, `None`.
    Constant,
    String,
    Number,
    Comment,
    /// The name a `def` or `class` defines.
    Definition,
    /// `@name` before a definition.
    Decorator,
}

impl TokenClass {
    /// A short CSS class name.
    pub fn css(self) -> &'static str {
        match self {
            TokenClass::Keyword => "kw",
            TokenClass::Constant => "const",
            TokenClass::String => "str",
            TokenClass::Number => "num",
            TokenClass::Comment => "com",
            TokenClass::Definition => "def",
            TokenClass::Decorator => "dec",
        }
    }
}

/// The classified spans of `source`: byte ranges, in order, not overlapping. Text between
/// them (names, operators, whitespace) has no class.
pub fn highlight(source: &str) -> Vec<(usize, usize, TokenClass)> {
    let parsed = parse_unchecked(source, ParseOptions::from(Mode::Module));
    let mut out: Vec<(usize, usize, TokenClass)> = Vec::new();
    let mut previous = TokenKind::EndOfFile;
    for token in parsed.tokens().iter() {
        let kind = token.kind();
        let class = match kind {
            TokenKind::True | TokenKind::False | TokenKind::None => Some(TokenClass::Constant),
            k if k.is_keyword() => Some(TokenClass::Keyword),
            TokenKind::String
            | TokenKind::FStringStart
            | TokenKind::FStringMiddle
            | TokenKind::FStringEnd
            | TokenKind::TStringStart
            | TokenKind::TStringMiddle
            | TokenKind::TStringEnd => Some(TokenClass::String),
            TokenKind::Int | TokenKind::Float | TokenKind::Complex => Some(TokenClass::Number),
            TokenKind::Comment => Some(TokenClass::Comment),
            TokenKind::Name if matches!(previous, TokenKind::Def | TokenKind::Class) => {
                Some(TokenClass::Definition)
            }
            TokenKind::Name if previous == TokenKind::At => Some(TokenClass::Decorator),
            _ => None,
        };
        if !matches!(kind, TokenKind::NonLogicalNewline | TokenKind::Comment) {
            previous = kind;
        }
        let Some(class) = class else { continue };
        let (start, end) = (token.start().to_usize(), token.end().to_usize());
        match out.last_mut() {
            // One span for adjacent pieces of one class (an f-string's parts).
            Some(last) if last.1 == start && last.2 == class => last.1 = end,
            _ => out.push((start, end, class)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_a_revision_file() {
        let src = "@dec\ndef upgrade() -> None:  # go\n    op.execute(f\"x {n}\", 3, True)\n";
        let spans: Vec<(&str, &str)> = highlight(src)
            .into_iter()
            .map(|(s, e, c)| (&src[s..e], c.css()))
            .collect();
        assert_eq!(
            spans,
            [
                ("dec", "dec"),
                ("def", "kw"),
                ("upgrade", "def"),
                ("None", "const"),
                ("# go", "com"),
                ("f\"x ", "str"),
                ("\"", "str"),
                ("3", "num"),
                ("True", "const"),
            ]
        );
    }

    #[test]
    fn source_that_does_not_parse_is_classified_as_far_as_it_lexes() {
        let src = "def f(:\n    return 'unterminated\n";
        let classes: Vec<&str> = highlight(src).into_iter().map(|s| s.2.css()).collect();
        assert_eq!(classes, ["kw", "def", "kw", "str"]);
    }
}
