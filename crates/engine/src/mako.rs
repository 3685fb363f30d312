//! Rendering `script.py.mako`, the template of new revision files.
//!
//! Mako compiles a template into Python that writes the output; so does this module, and
//! pyscript runs the result. Supported: text with `${expression}` (and `| filter, ...`,
//! where `n` turns off the default `str` filter), `%` control lines (`if` / `elif` / `else`
//! / `for` / `while` and their `end…`), `%%` for a literal `%`, `##` comments, and a
//! trailing `\` that joins lines. Anything else (`<% %>` blocks, `<%def>`, …) is reported.

use std::rc::Rc;

use retort_pyscript::{Interp, Scope, Value};

/// Translates the template into a Python program that calls `__w(text)`.
fn compile(template: &str) -> Result<String, String> {
    let mut py = String::new();
    let mut indent = 0usize;
    let pad = |n: usize| "    ".repeat(n);
    for (n, raw) in template.split_inclusive('\n').enumerate() {
        let line_no = n + 1;
        let stripped = raw.trim_start();
        if stripped.starts_with("##") {
            continue;
        }
        if stripped.starts_with('%') && !stripped.starts_with("%%") {
            let stmt = stripped[1..].trim();
            let word = stmt
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("");
            if word.starts_with("end") {
                indent = indent.checked_sub(1).ok_or_else(|| {
                    format!("script.py.mako line {line_no}: `% {stmt}` closes nothing")
                })?;
                continue;
            }
            if matches!(word, "elif" | "else" | "except" | "finally") {
                py.push_str(&format!("{}{stmt}\n", pad(indent.saturating_sub(1))));
                py.push_str(&format!("{}pass\n", pad(indent)));
                continue;
            }
            py.push_str(&format!("{}{stmt}\n", pad(indent)));
            if stmt.ends_with(':') {
                indent += 1;
                py.push_str(&format!("{}pass\n", pad(indent)));
            }
            continue;
        }
        if raw.contains("<%") {
            return Err(format!(
                "script.py.mako line {line_no}: Mako blocks (`<% %>`, `<%def>`, …) are not supported by Retort; use `${{…}}` and `%` lines"
            ));
        }
        let text = raw
            .strip_prefix("%%")
            .map(|r| format!("%{r}"))
            .unwrap_or_else(|| raw.to_owned());
        // A backslash before the newline joins the next line.
        let text = match text.strip_suffix("\\\n") {
            Some(t) => t.to_owned(),
            None => text,
        };
        emit_text(&mut py, &pad(indent), &text, line_no)?;
    }
    Ok(py)
}

fn emit_text(py: &mut String, pad: &str, text: &str, line_no: usize) -> Result<(), String> {
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        if start > 0 {
            py.push_str(&format!(
                "{pad}__w({})\n",
                retort_pyscript::str_repr(&rest[..start])
            ));
        }
        let after = &rest[start + 2..];
        let end = matching_brace(after)
            .ok_or_else(|| format!("script.py.mako line {line_no}: `${{` without its `}}`"))?;
        let inner = after[..end].trim();
        let (expr, filters) = split_filters(inner);
        let mut value = format!("({expr})");
        for f in filters {
            match f.as_str() {
                // `n` turns off Mako's default filter, `str`; the result is written as text
                // either way.
                "n" => {}
                "h" | "u" | "x" | "trim" => {
                    return Err(format!(
                        "script.py.mako line {line_no}: the `{f}` filter is not supported by Retort"
                    ));
                }
                other => value = format!("{other}({value})"),
            }
        }
        let value = format!("str({value})");
        py.push_str(&format!("{pad}__w({value})\n"));
        rest = &after[end + 1..];
    }
    if !rest.is_empty() {
        py.push_str(&format!("{pad}__w({})\n", retort_pyscript::str_repr(rest)));
    }
    Ok(())
}

/// Index of the `}` closing an expression, skipping nested braces and string literals.
fn matching_brace(s: &str) -> Option<usize> {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => quote = Some(c),
                '{' => depth += 1,
                '}' if depth == 0 => return Some(i),
                '}' => depth -= 1,
                _ => {}
            },
        }
    }
    None
}

/// `expr | f1, f2`: the expression and its filters (a `|` inside strings or brackets is
/// part of the expression).
fn split_filters(inner: &str) -> (String, Vec<String>) {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    let mut split = None;
    for (i, c) in inner.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => quote = Some(c),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                '|' if depth == 0 => split = Some(i),
                _ => {}
            },
        }
    }
    match split {
        Some(i) => (
            inner[..i].trim().to_owned(),
            inner[i + 1..]
                .split(',')
                .map(|f| f.trim().to_owned())
                .filter(|f| !f.is_empty())
                .collect(),
        ),
        None => (inner.to_owned(), Vec::new()),
    }
}

/// Renders `template` with the given variables.
pub fn render(template: &str, vars: Vec<(&str, Value)>) -> Result<String, String> {
    let py = compile(template)?;
    let module = Interp::parse("script.py.mako", &py)
        .map_err(|e| format!("Template rendering failed: {}", e.short()))?;
    let mut interp = Interp::default();
    let out = Rc::new(std::cell::RefCell::new(String::new()));
    let sink = out.clone();
    let globals = Rc::new(Scope::default());
    globals.set(
        "__w",
        Value::native("__w", move |_, a| {
            if let Some(Value::Str(s)) = a.positional.first() {
                sink.borrow_mut().push_str(s);
            }
            Ok(Value::None)
        }),
    );
    for (k, v) in vars {
        globals.set(k, v);
    }
    interp
        .exec_in(&module, globals)
        .map_err(|e| format!("Template rendering failed: {}", e.headline()))?;
    let rendered = out.borrow().clone();
    Ok(rendered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_filters_and_control_lines() {
        let comma = Value::native("comma", |_, a| {
            Ok(match a.positional.first() {
                Some(Value::Tuple(t)) => Value::str(
                    &t.iter()
                        .map(retort_pyscript::to_str)
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                Some(Value::None) | None => Value::str(""),
                Some(v) => v.clone(),
            })
        });
        let out = render(
            "Revises: ${down | comma,n}\nrev = ${repr(rev)}\n## comment\n% if flag:\nyes ${1 + 1}\n% else:\nno\n% endif\n%% literal\nend\\\njoined\n",
            vec![
                ("down", Value::tuple(vec![Value::str("a"), Value::str("b")])),
                ("rev", Value::str("x1")),
                ("flag", Value::Bool(true)),
                ("comma", comma),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "Revises: a, b\nrev = 'x1'\nyes 2\n% literal\nendjoined\n"
        );
    }
}
