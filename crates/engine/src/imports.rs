//! Where the project's own Python modules come from (docs/decisions/0003): the files of the
//! project, searched along `sys.path` as Python searches it, for the interpreter's import
//! system (`ModuleResolver::find_source`).
//!
//! The engine does no I/O: a host hands it a [`SourceTree`] — the page its in-memory files,
//! the CLI the file system (read on demand: a repository can be large, and an import reads
//! only what it names).

use std::rc::Rc;

use retort_pyscript::{FileKind, Interp, SourceModule, SysPath};

use crate::files::ProjectFiles;

/// Files the project's modules are read from. Paths are `/`-separated; the page's are
/// relative to the dropped folder (a leading `/` is its root), the CLI's absolute.
pub trait SourceTree {
    /// The text of a file, if there is one (and it is text).
    fn read(&self, path: &str) -> Option<String>;
    /// Whether a directory exists there.
    fn is_dir(&self, path: &str) -> bool;
    /// Whether a file exists there.
    fn is_file(&self, path: &str) -> bool {
        self.read(path).is_some()
    }
}

impl SourceTree for ProjectFiles {
    fn read(&self, path: &str) -> Option<String> {
        self.get(path.trim_start_matches('/')).map(str::to_owned)
    }
    fn is_dir(&self, path: &str) -> bool {
        let dir = path.trim_start_matches('/').trim_end_matches('/');
        if dir.is_empty() {
            return !self.is_empty();
        }
        let prefix = format!("{dir}/");
        self.paths().any(|p| p.starts_with(&prefix))
    }
}

/// What the project's Python sees of the machine it runs on (docs/decisions/0003): its
/// files, searched along `sys.path` for modules as Python's path finder searches them and
/// probed or read by `os.path.exists`, `Path.read_text` and the like; its environment
/// (`os.environ`); its working directory. The CLI shows the real ones, the page the dropped
/// folder (at `/`) and an empty environment.
///
/// One `sys.path` is shared by every interpreter of the project (env.py's, the revision
/// files'), as by the modules of one Python process: `sys.path.insert(0, ...)` in env.py
/// takes effect for the revision files' imports.
pub struct ProjectHost {
    pub tree: Rc<dyn SourceTree>,
    pub sys_path: SysPath,
    pub environ: Vec<(String, String)>,
    pub cwd: String,
    /// What the host keeps process-wide, as Python does (`@compiles` registrations: env.py's
    /// apply to the revision files' columns).
    pub host_state: retort_pyscript::HostState,
}

impl ProjectHost {
    /// A project whose modules are found along `entries` (Alembic's `prepend_sys_path`,
    /// then the working directory), with an empty environment and `/` as working directory.
    pub fn new(tree: Rc<dyn SourceTree>, entries: Vec<String>) -> ProjectHost {
        ProjectHost {
            tree,
            sys_path: SysPath::new(entries),
            environ: Vec::new(),
            cwd: "/".to_owned(),
            host_state: Default::default(),
        }
    }

    /// Shows this host to an interpreter: `sys.path`, `os.environ`, `os.getcwd()`, and the
    /// project's files to `os.path` and `pathlib`.
    pub(crate) fn install(&self, interp: &mut Interp) {
        interp.share_sys_path(&self.sys_path);
        interp.set_environ(self.environ.clone());
        interp.set_cwd(&self.cwd);
        interp.share_host_state(&self.host_state);
        let tree = self.tree.clone();
        interp.set_file_probe(Rc::new(move |path: &str| {
            if tree.is_file(path) {
                Some(FileKind::File)
            } else if tree.is_dir(path) {
                Some(FileKind::Dir)
            } else {
                None
            }
        }));
        let tree = self.tree.clone();
        interp.set_file_reader(Rc::new(move |path: &str| tree.read(path)));
    }

    /// Finds a module's source on `sys.path`, as Python's path finder does: in each entry, a
    /// package (`a/b/__init__.py`) or a module (`a/b.py`) wins at once; directories without
    /// `__init__.py` are a namespace package if nothing else is found.
    pub fn find(&self, name: &str) -> Option<SourceModule> {
        let rel = name.replace('.', "/");
        let mut namespace = None;
        for entry in self.sys_path.get() {
            let base = join(&entry, &rel);
            let init = format!("{base}/__init__.py");
            if let Some(text) = self.tree.read(&init) {
                return Some(SourceModule::file(&init, &text, true));
            }
            let file = format!("{base}.py");
            if let Some(text) = self.tree.read(&file) {
                return Some(SourceModule::file(&file, &text, false));
            }
            if namespace.is_none() && self.tree.is_dir(&base) {
                namespace = Some(base);
            }
        }
        namespace.map(|dir| SourceModule::namespace(&dir))
    }
}

/// `os.path.join` and `normpath` of a `sys.path` entry and a relative module path.
fn join(entry: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let absolute = entry.starts_with('/');
    for p in entry.split('/').chain(rel.split('/')) {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finder(paths: &[(&str, &str)], entries: &[&str]) -> ProjectHost {
        let mut files = ProjectFiles::new();
        for (p, t) in paths {
            files.insert(*p, *t);
        }
        ProjectHost::new(
            Rc::new(files),
            entries.iter().map(|e| e.to_string()).collect(),
        )
    }

    #[test]
    fn modules_packages_and_namespaces_are_found_along_sys_path() {
        let f = finder(
            &[
                ("src/app/__init__.py", "X = 1"),
                ("src/app/models.py", "Y = 2"),
                ("src/loose/helper.py", ""),
                ("other/app.py", "shadowed"),
                ("migrations/env.py", ""),
            ],
            &["src", "other", "."],
        );
        let app = f.find("app").unwrap();
        assert_eq!(
            (app.path.as_str(), app.is_package),
            ("src/app/__init__.py", true)
        );
        assert_eq!(f.find("app.models").unwrap().text.as_deref(), Some("Y = 2"));
        let ns = f.find("loose").unwrap();
        assert_eq!(
            (ns.path.as_str(), ns.is_package, ns.text),
            ("src/loose", true, None)
        );
        assert!(f.find("loose.helper").is_some());
        assert!(f.find("missing").is_none());
        // An entry added later (env.py's `sys.path.insert`) is searched.
        let mut entries = f.sys_path.get();
        entries.insert(0, "other".into());
        f.sys_path.set(entries);
        assert_eq!(f.find("app").unwrap().path, "other/app.py");
    }

    #[test]
    fn entries_are_normalised_as_os_path_does() {
        assert_eq!(
            join("/repo/migrations/..", "app/models"),
            "/repo/app/models"
        );
        assert_eq!(join(".", "app"), "app");
        assert_eq!(join("", "app"), "app");
    }
}
