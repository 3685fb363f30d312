//! Revision scripts: the project's files, which of them Alembic treats as revisions, how
//! they load (their top level runs in the interpreter), and how commands print them.

use std::collections::BTreeMap;
use std::rc::Rc;

use retort_pyscript::{Interp, ParsedModule, Scope, Syntax, Value};

use crate::host::HostModules;
use crate::revision::{RevisionMap, RevisionSpec};

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

/// Where a script directory's revisions are, as the host resolved the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptOptions {
    /// Version locations in order (absolute in the CLI; any prefix of `ProjectFiles` keys).
    pub version_locations: Vec<String>,
    pub recursive: bool,
}

/// Why a script directory could not load.
#[derive(Debug, Clone)]
pub enum ScriptError {
    /// A revision file failed to parse or to run its top level.
    Python(Box<retort_pyscript::Error>),
    /// Alembic's `CommandError` text.
    Command(String),
}

impl std::fmt::Display for ScriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScriptError::Python(e) => write!(f, "{e}"),
            ScriptError::Command(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ScriptError {}

/// One revision file, loaded.
pub struct Script {
    pub path: String,
    /// The module docstring, stripped (Alembic's `longdoc`).
    pub longdoc: String,
    pub module: Rc<ParsedModule>,
    pub globals: Rc<Scope>,
}

impl Script {
    /// The first paragraph of the docstring (Alembic's `doc`).
    pub fn doc(&self) -> &str {
        self.longdoc.split("\n\n").next().unwrap_or("")
    }
}

/// A project's revisions: the scripts, and their graph (indices are shared).
pub struct ScriptDirectory {
    pub scripts: Vec<Script>,
    /// The modules the scripts imported (their `op` proxy is filled while a step runs).
    pub modules: HostModules,
    pub map: RevisionMap,
    /// Warnings Alembic prints while loading (duplicate revisions, ...).
    pub warnings: Vec<String>,
}

impl ScriptDirectory {
    /// Loads every revision file under the version locations, in Alembic's order.
    pub fn load(
        files: &ProjectFiles,
        opts: &ScriptOptions,
    ) -> Result<ScriptDirectory, ScriptError> {
        Self::load_with(files, opts, &|texts| {
            texts.iter().map(|t| Syntax::parse(t)).collect()
        })
    }

    /// Like [`ScriptDirectory::load`], with the host's way of parsing many files (the CLI
    /// parses on all cores; parsing is independent per file, evaluation is not).
    pub fn load_with(
        files: &ProjectFiles,
        opts: &ScriptOptions,
        parse: &dyn Fn(&[&str]) -> Vec<Syntax>,
    ) -> Result<ScriptDirectory, ScriptError> {
        let mut scripts = Vec::new();
        let mut specs = Vec::new();
        let mut warnings = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let modules = HostModules::default();
        // One interpreter for the whole directory: its builtins are built once.
        let mut interp = Interp::default();
        interp.set_resolver(Rc::new(modules.clone()));
        let mut paths: Vec<&str> = Vec::new();
        for location in &opts.version_locations {
            for path in revision_files(files, location, opts.recursive) {
                if !seen.insert(path.to_owned()) {
                    warnings.push(format!(
                        "File {path} loaded twice! ignoring. Please ensure version_locations is unique."
                    ));
                    continue;
                }
                paths.push(path);
            }
        }
        let texts: Vec<&str> = paths
            .iter()
            .map(|p| files.get(p).unwrap_or_default())
            .collect();
        let syntaxes = parse(&texts);
        for ((path, text), syntax) in paths.iter().zip(&texts).zip(syntaxes) {
            interp.reset_budget();
            let (script, spec) = load_script(&mut interp, path, text, syntax)?;
            scripts.push(script);
            specs.push(spec);
        }
        let map = RevisionMap::new(specs).map_err(|e| ScriptError::Command(e.to_string()))?;
        warnings.extend(map.warnings.iter().cloned());
        Ok(ScriptDirectory {
            scripts,
            modules,
            map,
            warnings,
        })
    }
}

/// Loads one revision file on its own (its header and top level), as Alembic imports it.
pub fn load_revision_file(path: &str, text: &str) -> Result<(Script, RevisionSpec), ScriptError> {
    let mut interp = Interp::default();
    interp.set_resolver(Rc::new(HostModules::default()));
    load_script(&mut interp, path, text, Syntax::parse(text))
}

fn load_script(
    interp: &mut Interp,
    path: &str,
    text: &str,
    syntax: Syntax,
) -> Result<(Script, RevisionSpec), ScriptError> {
    let module = Interp::from_syntax(path, text, syntax).map_err(ScriptError::Python)?;
    let globals = interp.exec_module(&module).map_err(ScriptError::Python)?;
    let file_name = path.rsplit('/').next().unwrap_or(path);
    let revision = match globals.get("revision") {
        Some(Value::Str(s)) => s.to_string(),
        Some(other) => {
            return Err(ScriptError::Command(format!(
                "{path}: `revision` must be a string, not {}",
                other.type_name()
            )));
        }
        None => {
            // Alembic 0.1 named files after their revision.
            let legacy = file_name.strip_suffix(".py").filter(|stem| {
                !stem.is_empty()
                    && stem
                        .chars()
                        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
            });
            match legacy {
                Some(stem) => stem.to_owned(),
                None => {
                    return Err(ScriptError::Command(format!(
                        "Could not determine revision id from filename {file_name}. Be sure the 'revision' variable is declared inside the script (please see 'Upgrading from Alembic 0.1 to 0.2' in the documentation)."
                    )));
                }
            }
        }
    };
    let Some(down) = globals.get("down_revision") else {
        return Err(ScriptError::Command(format!(
            "{path}: the module has no `down_revision` (Alembic fails with AttributeError: module has no attribute 'down_revision')"
        )));
    };
    let spec = RevisionSpec {
        revision,
        down_revision: to_tuple(path, "down_revision", &down)?,
        depends_on: to_tuple(
            path,
            "depends_on",
            &globals.get("depends_on").unwrap_or(Value::None),
        )?,
        branch_labels: to_tuple(
            path,
            "branch_labels",
            &globals.get("branch_labels").unwrap_or(Value::None),
        )?,
    };
    let longdoc = match globals.get("__doc__") {
        Some(Value::Str(d)) => d.trim().to_owned(),
        _ => String::new(),
    };
    Ok((
        Script {
            path: path.to_owned(),
            longdoc,
            module,
            globals,
        },
        spec,
    ))
}

/// Alembic's `util.to_tuple(x, default=())` for revision identifiers.
fn to_tuple(path: &str, name: &str, v: &Value) -> Result<Vec<String>, ScriptError> {
    let item = |x: &Value| match x {
        Value::Str(s) => Ok(s.to_string()),
        other => Err(ScriptError::Command(format!(
            "{path}: `{name}` must hold revision identifiers (strings), found {}",
            other.type_name()
        ))),
    };
    match v {
        Value::None => Ok(vec![]),
        Value::Str(s) if s.is_empty() => Ok(vec![]),
        Value::Str(s) => Ok(vec![s.to_string()]),
        Value::Tuple(t) => t.iter().map(item).collect(),
        Value::List(l) => l.borrow().iter().map(item).collect(),
        Value::Set(d) => d.borrow().keys().iter().map(item).collect(),
        other => Err(ScriptError::Command(format!(
            "{path}: `{name}` must be None, a string or a tuple of strings, not {}",
            other.type_name()
        ))),
    }
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
