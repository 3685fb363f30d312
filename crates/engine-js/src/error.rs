//! Errors as JavaScript sees them: an `Error` named `RetortError` whose message is what
//! `retort` prints, with the place it points at (`file`, `line`, `column`) and the `hint`
//! as properties, when the message names a file of the project.

use retort_engine::operations::Site;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const RETORT_ERROR: &str = r#"
/** What every method throws: `message` as `retort` prints it; where it points, when it
 * points into one of the project's files; and what to do about it, when Retort knows. */
export interface RetortError extends Error {
    name: "RetortError";
    file?: string;
    line?: number;
    column?: number;
    hint?: string;
}
"#;

/// Where an error or a finding points: a file of the project, 1-based line and column.
#[derive(Default, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub hint: Option<String>,
}

impl From<Site> for Location {
    fn from(s: Site) -> Location {
        Location {
            file: Some(s.path),
            line: Some(s.line),
            column: Some(s.column),
            hint: None,
        }
    }
}

impl Location {
    /// Reads a message as the engine renders diagnostics (`path:line:column: message`, the
    /// source line and caret, `hint: ...`): the first line that starts with one of the
    /// project's `paths` followed by a line and a column, and the first hint.
    pub fn find(message: &str, paths: &[String]) -> Location {
        let mut found = Location::default();
        for line in message.lines() {
            if found.hint.is_none()
                && let Some(hint) = line.strip_prefix("hint: ")
            {
                found.hint = Some(hint.to_owned());
            }
            if found.file.is_some() {
                continue;
            }
            for path in paths {
                let Some(rest) = line.strip_prefix(path.as_str()) else {
                    continue;
                };
                let mut parts = rest.splitn(4, ':');
                if let (Some(""), Some(l), Some(c), Some(_)) =
                    (parts.next(), parts.next(), parts.next(), parts.next())
                    && let (Ok(l), Ok(c)) = (l.parse(), c.parse())
                {
                    found.file = Some(path.clone());
                    found.line = Some(l);
                    found.column = Some(c);
                    break;
                }
            }
        }
        found
    }
}

/// A `RetortError` for `message`, located in `paths` (the project's files) if it can be.
pub fn retort_error(message: &str, paths: &[String]) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name("RetortError");
    let location = Location::find(message, paths);
    let set = |key: &str, value: JsValue| {
        // Setting a property of a fresh Error cannot fail.
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str(key), &value);
    };
    if let Some(file) = location.file {
        set("file", file.into());
    }
    if let Some(line) = location.line {
        set("line", (line as f64).into());
    }
    if let Some(column) = location.column {
        set("column", (column as f64).into());
    }
    if let Some(hint) = location.hint {
        set("hint", hint.into());
    }
    error.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rendered_diagnostic_is_located_in_the_project() {
        let paths = vec!["migrations/versions/a1_init.py".to_owned()];
        // As retort_pyscript::Error renders it, after the engine's own first line.
        let message = "Could not load revision scripts\n\
            migrations/versions/a1_init.py:7:5: SyntaxError: invalid syntax\n  |\n\
            7 |     op.create_table('x'\n  |     ^\n\
            hint: a bracket opened here is never closed\n";
        assert_eq!(
            Location::find(message, &paths),
            Location {
                file: Some(paths[0].clone()),
                line: Some(7),
                column: Some(5),
                hint: Some("a bracket opened here is never closed".into()),
            }
        );
        // A path that is not the project's, or no line and column: not a location.
        assert_eq!(
            Location::find(
                "other.py:1:2: x\nmigrations/versions/a1_init.py: gone",
                &paths
            ),
            Location::default()
        );
    }
}
