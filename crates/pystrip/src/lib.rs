//! The Python modules Retort embeds (the interpreter's library, the engine's SQLAlchemy ORM
//! and model wrappers) go in without their comments and docstrings: the page's size budget
//! counts every byte (docs/benchmarks.md). Lines are kept, blanked, so tracebacks still
//! point at the source's line numbers. Used by the crates' build scripts.

use std::path::Path;

/// Copies the `.py` files under `from` to `to`, stripped, and tells cargo to watch `from`.
pub fn copy_stripped(from: &Path, to: &Path) {
    println!("cargo:rerun-if-changed={}", from.display());
    copy(from, to);
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("OUT_DIR is writable");
    for entry in std::fs::read_dir(from).expect("the Python sources' folder exists") {
        let path = entry.expect("a directory entry").path();
        let target = to.join(path.file_name().expect("a file name"));
        if path.is_dir() {
            copy(&path, &target);
        } else if path.extension().is_some_and(|e| e == "py") {
            let text = std::fs::read_to_string(&path).expect("Python sources are UTF-8");
            std::fs::write(&target, strip(&text)).expect("OUT_DIR is writable");
        }
    }
}

/// Blanks full-line comments and the text of docstrings (a string statement opening a module,
/// class or function body, written with `"""`), keeping every line.
pub fn strip(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    // Where a docstring may start: the top of the module, or the line after a `:`.
    let mut body_starts = true;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if trimmed.starts_with('#') || trimmed.is_empty() {
            out.push(String::new());
            i += 1;
            continue;
        }
        if body_starts && trimmed.starts_with("\"\"\"") {
            let rest = &trimmed[3..];
            if let Some(end) = rest.find("\"\"\"") {
                // One line: the statement stays, empty, so that a body of only a docstring
                // is still a body.
                let after = &rest[end + 3..];
                out.push(format!("{indent}\"\"{after}"));
                i += 1;
            } else {
                let start = i;
                i += 1;
                while i < lines.len() && !lines[i].contains("\"\"\"") {
                    i += 1;
                }
                let closing = lines.get(i).copied().unwrap_or("");
                let after = closing.find("\"\"\"").map_or("", |p| &closing[p + 3..]);
                out.push(format!("{indent}\"\"{after}"));
                out.extend(std::iter::repeat_n(String::new(), i - start));
                i += 1;
            }
            body_starts = false;
            continue;
        }
        body_starts = trimmed.ends_with(':');
        out.push(line.to_owned());
        i += 1;
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::strip;

    #[test]
    fn comments_and_docstrings_go_lines_stay() {
        let src = "\"\"\"Module doc.\n\nMore.\n\"\"\"\n# a comment\ndef f():\n    \"\"\"One line.\"\"\"\n    x = '# not a comment'\n    return x\n";
        let out = strip(src);
        assert_eq!(out.lines().count(), src.lines().count());
        assert_eq!(
            out,
            "\"\"\n\n\n\n\ndef f():\n    \"\"\n    x = '# not a comment'\n    return x\n"
        );
    }
}
