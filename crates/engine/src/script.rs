//! Revision scripts: the project's files, and which of them Alembic treats as revisions.

use std::collections::BTreeMap;

/// A project's files held in memory, keyed by `/`-separated path relative to the project
/// root. The CLI fills it from disk, the page from its embedded example or a drop.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
    pub fn list_dir(&self, dir: &str, recursive: bool) -> Vec<&str> {
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
    path.split(['/', '\\'])
        .filter(|c| !c.is_empty() && *c != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether Alembic would load `file_name` as a revision script (`sourceless = false`):
/// a name ending in `.py` that starts with neither `.#` (an editor lock file) nor `__init__`.
pub fn is_revision_file_name(file_name: &str) -> bool {
    file_name.ends_with(".py") && !file_name.starts_with(".#") && !file_name.starts_with("__init__")
}

/// The revision scripts of a version location, in the order Alembic reads them.
pub fn revision_files<'a>(
    files: &'a ProjectFiles,
    versions_dir: &str,
    recursive: bool,
) -> Vec<&'a str> {
    files
        .list_dir(versions_dir, recursive)
        .into_iter()
        .filter(|p| is_revision_file_name(p.rsplit('/').next().unwrap_or(p)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(paths: &[&str]) -> ProjectFiles {
        let mut files = ProjectFiles::new();
        for p in paths {
            files.insert(*p, "");
        }
        files
    }

    #[test]
    fn revision_file_names_follow_alembics_pattern() {
        let check = |name, expect| assert_eq!(is_revision_file_name(name), expect, "{name}");
        check("3f2a_initial.py", true);
        check("__init__.py", false);
        check(".#3f2a_initial.py", false);
        check("3f2a_initial.pyc", false);
        check("notes.txt", false);
        check("x.pyi", false);
    }

    #[test]
    fn listing_is_sorted_and_recursion_is_opt_in() {
        let files = project(&[
            "migrations/versions/b.py",
            "migrations/versions/a.py",
            "migrations/versions/__init__.py",
            "migrations/versions/sub/c.py",
            "migrations/versions/__pycache__/a.cpython-311.pyc",
            "migrations/env.py",
        ]);
        assert_eq!(
            revision_files(&files, "migrations/versions", false),
            ["migrations/versions/a.py", "migrations/versions/b.py"]
        );
        assert_eq!(
            revision_files(&files, "./migrations/versions/", true),
            [
                "migrations/versions/a.py",
                "migrations/versions/b.py",
                "migrations/versions/sub/c.py"
            ]
        );
    }
}
