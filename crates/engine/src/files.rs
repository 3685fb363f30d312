//! The project's files as an in-memory directory: the one way files reach the engine. The
//! CLI fills it from disk, the page from its embedded example, a drop or its editor.

use std::collections::BTreeMap;

/// A project's files held in memory, keyed by `/`-separated path relative to the project
/// root. The CLI fills it from disk, the page from its embedded example or a drop.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct ProjectFiles {
    files: BTreeMap<String, String>,
}

impl ProjectFiles {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn insert(&mut self, path: impl Into<String>, contents: impl Into<String>) {
        self.files.insert(normalize(&path.into()), contents.into());
    }

    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(&normalize(path)).map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Files directly inside `dir` (or, with `recursive`, below it), sorted as Alembic
    /// lists them: file names sorted within a directory, directories visited in sorted order.
    pub(crate) fn list_dir(&self, dir: &str, recursive: bool) -> Vec<&str> {
        let dir = normalize(dir);
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let mut out: Vec<&str> = self
            .files
            .keys()
            .filter_map(|p| {
                let rest = p.strip_prefix(&prefix)?;
                let nested = rest.contains('/');
                if nested && (!recursive || rest.split('/').any(|c| c == "__pycache__")) {
                    return None;
                }
                Some(p.as_str())
            })
            .collect();
        // Alembic walks top-down: a directory's own files before its subdirectories.
        out.sort_by_key(|p| {
            let rest = &p[prefix.len()..];
            let (dirs, file) = rest.rsplit_once('/').unwrap_or(("", rest));
            (dirs.to_owned(), file.to_owned())
        });
        out
    }
}

fn normalize(path: &str) -> String {
    let joined = path
        .split(['/', '\\'])
        .filter(|c| !c.is_empty() && *c != ".")
        .collect::<Vec<_>>()
        .join("/");
    if path.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}
