//! The case files of the operation and render tests (`operations.txt`, `render.txt`): each
//! case is `### name`, a script's lines, `---`, and the expected text. One reader for
//! Retort's tests and the oracle's (`tests/oracle/tests/` includes this file).
#![allow(dead_code)] // each including test uses what it needs

pub struct Case {
    pub name: String,
    pub source: String,
    pub expected: String,
}

/// The cases of a case file, in order.
pub fn parse(text: &str) -> Vec<Case> {
    text.split("\n### ")
        .skip(1)
        .map(|block| {
            let (name, rest) = block.split_once('\n').unwrap();
            let (source, expected) = rest
                .split_once("\n---\n")
                .unwrap_or_else(|| panic!("case {name:?}: no `---` line"));
            Case {
                name: name.trim().to_owned(),
                source: source.trim().to_owned(),
                expected: expected.trim_end().to_owned(),
            }
        })
        .collect()
}

/// The file's text before its first case (its comment).
pub fn head(text: &str) -> &str {
    &text[..text.find("\n### ").unwrap_or(text.len())]
}

/// `source` as the body of a function: each line indented four spaces.
pub fn body(source: &str) -> String {
    source.lines().map(|l| format!("    {l}\n")).collect()
}
