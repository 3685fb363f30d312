//! What a script may see of its host, and only what the host chooses to show: an
//! environment (`os.environ`), a working directory (`os.getcwd()`, `os.path.abspath`),
//! `sys.path` (shared with the host, which reads it back to find project modules), and,
//! through optional hooks, which files exist and what a file holds. Without a hook, a
//! script that asks is refused at its line: the sandbox has no file system.
//!
//! Also the views of the interpreter's own state that `sys` gives: `sys.modules` (the module
//! cache) and `sys.exc_info()`.

use std::rc::Rc;

use super::Interp;
use crate::value::*;

/// What a path names, as the host's [`FileProbe`] answers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    File,
    Dir,
}

/// Answers `os.path.exists` / `isfile` / `isdir` and `Path.exists()`... for an absolute,
/// normalised path (`/project/alembic.ini`): `None` when nothing is there.
pub type FileProbe = Rc<dyn Fn(&str) -> Option<FileKind>>;

/// The text of the file at an absolute, normalised path (`ConfigParser.read`,
/// `Path.read_text`); `None` when there is no such file.
pub type FileReader = Rc<dyn Fn(&str) -> Option<String>>;

/// `sys.path`, shared by the script and the host: what the script inserts (`sys.path.insert(0,
/// ...)` in env.py) the host reads back, with [`SysPath::get`], to find project modules,
/// even if the script rebinds `sys.path` to a new list.
#[derive(Clone)]
pub struct SysPath(Rc<Scope>);

impl SysPath {
    /// A `sys.path` of its own, before any interpreter shares it ([`Interp::share_sys_path`]).
    pub fn new(paths: Vec<String>) -> SysPath {
        let path = SysPath(Rc::new(Scope::default()));
        path.set(paths);
        path
    }

    /// The string entries of `sys.path`, in order (other values are skipped, as Python's
    /// import system skips them).
    pub fn get(&self) -> Vec<String> {
        match self.0.get("path") {
            Some(Value::List(l)) => l
                .borrow()
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Replaces `sys.path` with a new list of `paths`.
    pub fn set(&self, paths: Vec<String>) {
        self.0.set(
            "path",
            Value::list(paths.iter().map(|p| Value::str(p)).collect()),
        );
    }
}

/// The host's side of the sandbox, as [`Interp`]'s setters fill it.
pub(crate) struct HostEnv {
    pub(crate) environ: Vec<(String, String)>,
    pub(crate) cwd: String,
    /// The namespace of the `sys` module (made when first imported, over this scope).
    pub(crate) sys_globals: Rc<Scope>,
    pub(crate) file_probe: Option<FileProbe>,
    pub(crate) file_reader: Option<FileReader>,
    /// What the script wrote to `sys.stderr`.
    pub(crate) stderr: String,
}

impl Default for HostEnv {
    fn default() -> Self {
        let sys_globals = Rc::new(Scope::default());
        sys_globals.set("path", Value::list(Vec::new()));
        HostEnv {
            environ: Vec::new(),
            cwd: "/".to_owned(),
            sys_globals,
            file_probe: None,
            file_reader: None,
            stderr: String::new(),
        }
    }
}

impl Interp {
    /// The environment `os.environ` and `os.getenv` read (default: empty). The CLI passes
    /// the process's environment, the page the variables its user set.
    pub fn set_environ(&mut self, vars: Vec<(String, String)>) {
        self.host.environ = vars;
    }

    /// The working directory `os.getcwd()` answers and relative paths are resolved against
    /// (`os.path.abspath`, `Path.resolve()`); default `/`.
    pub fn set_cwd(&mut self, cwd: &str) {
        self.host.cwd = cwd.to_owned();
    }

    /// Replaces `sys.path` (default: empty).
    pub fn set_sys_path(&mut self, paths: Vec<String>) {
        self.sys_path().set(paths);
    }

    /// Makes `path` this interpreter's `sys.path` (and `sys`'s other names): interpreters
    /// of one project share one, as the modules of one Python process do.
    pub fn share_sys_path(&mut self, path: &SysPath) {
        self.host.sys_globals = path.0.clone();
    }

    /// `sys.path`, live: keep it to read what the script made of it.
    pub fn sys_path(&self) -> SysPath {
        SysPath(self.host.sys_globals.clone())
    }

    /// Lets `os.path.exists`, `isfile`, `isdir` and `Path.exists()`, `is_file()`, `is_dir()`
    /// answer; without it they are refused.
    pub fn set_file_probe(&mut self, probe: FileProbe) {
        self.host.file_probe = Some(probe);
    }

    /// Lets `ConfigParser.read` and `Path.read_text()` read files; without it they are
    /// refused.
    pub fn set_file_reader(&mut self, reader: FileReader) {
        self.host.file_reader = Some(reader);
    }

    /// What the script wrote to `sys.stderr` (`print(..., file=sys.stderr)`).
    pub fn stderr(&self) -> &str {
        &self.host.stderr
    }

    /// The module cached under `name` (`sys.modules[name]`).
    pub(crate) fn cached_module(&self, name: &str) -> Option<Value> {
        self.modules.get(name).cloned().or_else(|| {
            // The program that runs the migrations (Alembic's console script): a module
            // without a package.
            (name == "__main__").then(|| {
                Value::Module(Rc::new(crate::Module::new(
                    "__main__",
                    [("__package__", Value::None), ("__spec__", Value::None)],
                )))
            })
        })
    }

    /// The names in the module cache, sorted (`sys.modules.keys()`).
    pub(crate) fn cached_module_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.modules.keys().cloned().collect();
        names.sort();
        names
    }

    /// `sys.modules[name] = module`; `None` removes it.
    pub(crate) fn set_cached_module(&mut self, name: &str, module: Option<Value>) -> bool {
        match module {
            Some(m) => self.modules.insert(name.to_owned(), m).is_some(),
            None => self.modules.remove(name).is_some(),
        }
    }

    /// The exception being handled (`sys.exc_info()`, `sys.exception()`).
    pub(crate) fn handled_exception(&self) -> Option<Value> {
        self.handling.last().cloned()
    }
}
