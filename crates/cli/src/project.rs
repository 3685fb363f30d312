//! The CLI's side of loading a project: reading `alembic.ini` and the version locations from
//! disk into the engine's in-memory `ProjectFiles`, resolving paths as Alembic does.

use std::path::{Path, PathBuf};

use std::rc::Rc;

use retort_engine::ProjectFiles;
use retort_engine::config::{Ini, ProjectConfig};
use retort_engine::imports::{ProjectHost, SourceTree};
use retort_engine::script::{ScriptDirectory, ScriptError, ScriptOptions, parse_in_order};
use retort_pyscript::Syntax;

use crate::args::Cli;

pub struct Project {
    pub config: ProjectConfig,
    pub ini: Ini,
    /// `env.py` of the script directory (path, text), if there is one.
    pub env_py: Option<(String, String)>,
    pub dir: ScriptDirectory,
    /// `script_location`, absolute.
    pub script_dir: PathBuf,
    /// The version locations, absolute, in configuration order.
    pub version_locations: Vec<PathBuf>,
}

/// An error already worded for the user (`FAILED: <message>`).
pub type Failed = String;

/// Why a project did not load.
pub enum LoadError {
    /// Alembic's `CommandError` (`FAILED: ...`).
    Command(Failed),
    /// A revision file raised while its top level ran: Alembic shows a traceback (exit 1). It
    /// loads revisions lazily, once env.py has run, so the project without its revisions comes
    /// along, for the commands that get that far under Alembic.
    Script(String, &'static Project),
}

impl From<Failed> for LoadError {
    fn from(m: Failed) -> Self {
        LoadError::Command(m)
    }
}

impl From<LoadError> for Failed {
    fn from(e: LoadError) -> Self {
        match e {
            LoadError::Command(m) | LoadError::Script(m, _) => m,
        }
    }
}

/// Loads the project. The CLI runs one command per process, so the project is leaked: freeing
/// thousands of parsed revision files at exit is time spent for nothing.
pub fn load(cli: &Cli) -> Result<&'static Project, LoadError> {
    load_owned(cli, false).map(|p| &*Box::leak(Box::new(p)))
}

/// Like [`load`], keeping each revision's code, for the commands that run steps.
pub fn load_code(cli: &Cli) -> Result<&'static Project, LoadError> {
    load_owned(cli, true).map(|p| &*Box::leak(Box::new(p)))
}

fn load_owned(cli: &Cli, keep_code: bool) -> Result<Project, LoadError> {
    let ini_path = Path::new(&cli.config);
    // Alembic reads a missing file as an empty config, then misses `script_location`.
    let text = std::fs::read_to_string(ini_path).unwrap_or_default();
    let here = absolute(ini_path.parent().unwrap_or(Path::new("")));
    let ini = Ini::parse(&text, &cli.config, &here.to_string_lossy()).map_err(|e| e.to_string())?;
    let config = ProjectConfig::from_ini(&ini, &cli.name).map_err(|e| e.to_string())?;
    if config.sourceless {
        return Err(
            LoadError::Command("sourceless = true: Retort reads revision sources (.py) only; it cannot run compiled .pyc files".into()),
        );
    }
    if config.script_location.contains(':') && !Path::new(&config.script_location).exists() {
        return Err(LoadError::Command(format!(
            "script_location '{}' looks like a package resource (`package:path`); Retort reads plain directories only",
            config.script_location
        )));
    }
    let script_dir = absolute(Path::new(&config.script_location));
    if !script_dir.exists() {
        return Err(LoadError::Command(format!(
            "Path doesn't exist: {}.  Please use the 'init' command to create a new scripts folder.",
            config.script_location
        )));
    }
    let locations: Vec<PathBuf> = match &config.version_locations {
        Some(locs) => locs.iter().map(|l| absolute(Path::new(l))).collect(),
        None => vec![script_dir.join("versions")],
    };
    let mut files = ProjectFiles::new();
    let mut keys = Vec::new();
    for loc in &locations {
        if !loc.exists() {
            continue;
        }
        // Revision paths print resolved (symlinks followed), as Alembic's do.
        let real = loc.canonicalize().unwrap_or_else(|_| loc.clone());
        read_tree(&real, config.recursive_version_locations, &mut files)
            .map_err(|e| format!("{}: {e}", real.display()))?;
        keys.push(real.to_string_lossy().into_owned());
    }
    let opts = ScriptOptions {
        version_locations: keys,
        recursive: config.recursive_version_locations,
        keep_code,
        project: Some(project_host(&config)),
    };
    let env_path = script_dir.join("env.py");
    let env_py = std::fs::read_to_string(&env_path)
        .ok()
        .map(|text| (env_path.to_string_lossy().into_owned(), text));
    let project = |dir| Project {
        config: config.clone(),
        ini: ini.clone(),
        env_py: env_py.clone(),
        dir,
        script_dir: script_dir.clone(),
        version_locations: locations.clone(),
    };
    let dir = match ScriptDirectory::load_with(&files, &opts, &parse_parallel) {
        Ok(dir) => dir,
        Err(ScriptError::Python(e)) => {
            let bare = ScriptDirectory::load_with(&ProjectFiles::new(), &opts, &parse_parallel)
                .map_err(|e| e.to_string())?;
            let bare: &'static Project = Box::leak(Box::new(project(bare)));
            return Err(LoadError::Script(e.to_string(), bare));
        }
        Err(e) => return Err(LoadError::Command(e.to_string())),
    };
    for w in &dir.warnings {
        eprintln!("UserWarning: {w}");
    }
    Ok(project(dir))
}

/// The files a share link carries: the config file, `env.py`, `script.py.mako` and every
/// revision file, with paths relative to the working directory (where Alembic resolves a
/// relative `script_location`), which becomes the page's project root.
pub fn shareable_files(cli: &Cli, p: &Project) -> Result<retort_engine::ProjectFiles, Failed> {
    let ini = absolute(Path::new(&cli.config));
    let root = absolute(Path::new("."));
    let root = root.canonicalize().unwrap_or(root);
    let mut files = ProjectFiles::new();
    let mut add = |path: &Path| -> Result<(), Failed> {
        let real = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let rel = real.strip_prefix(&root).map_err(|_| {
            format!(
                "{} is outside {}: a share link carries the files below the working directory; run `retort share` from the project's root",
                real.display(),
                root.display()
            )
        })?;
        let text =
            std::fs::read_to_string(&real).map_err(|e| format!("{}: {e}", real.display()))?;
        files.insert(rel.to_string_lossy().replace('\\', "/"), text);
        Ok(())
    };
    add(&ini)?;
    for name in ["env.py", "script.py.mako"] {
        let f = p.script_dir.join(name);
        if f.exists() {
            add(&f)?;
        }
    }
    for s in &p.dir.scripts {
        add(Path::new(&s.path))?;
    }
    Ok(files)
}

/// The machine as the project's Python sees it under the CLI, as under Alembic: the file
/// system, the process's environment and working directory. Its own modules are read from
/// disk when a script imports them: along `prepend_sys_path` (against the working
/// directory, as Python takes relative `sys.path` entries), then the working directory
/// itself — where a project run with `python -m alembic`, or installed in its virtualenv,
/// finds its package (docs/divergences/cli.md).
pub fn project_host(config: &ProjectConfig) -> Rc<ProjectHost> {
    let mut entries: Vec<String> = config
        .prepend_sys_path
        .iter()
        .map(|p| absolute(Path::new(p)).to_string_lossy().into_owned())
        .collect();
    let cwd = absolute(Path::new(".")).to_string_lossy().into_owned();
    entries.push(cwd.clone());
    let mut host = ProjectHost::new(Rc::new(FileSystem), entries);
    host.environ = std::env::vars().collect();
    host.cwd = cwd;
    Rc::new(host)
}

/// The file system, read on demand as the project's Python asks.
struct FileSystem;

impl SourceTree for FileSystem {
    fn read(&self, path: &str) -> Option<String> {
        std::fs::read_to_string(path).ok()
    }
    fn is_dir(&self, path: &str) -> bool {
        Path::new(path).is_dir()
    }
    fn is_file(&self, path: &str) -> bool {
        Path::new(path).is_file()
    }
}

/// Python's `os.path.abspath`: joined to the working directory and normalised lexically
/// (no `.`, `..` or trailing separator), as Alembic computes `%(here)s` and paths.
pub fn absolute(p: &Path) -> PathBuf {
    use std::path::Component;
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn read_tree(dir: &Path, recursive: bool, files: &mut ProjectFiles) -> std::io::Result<()> {
    let mut paths = Vec::new();
    list_tree(dir, recursive, &mut paths)?;
    // Thousands of small files: reading them is mostly system calls, so on several cores.
    let chunk = paths.len().div_ceil(workers()).max(1);
    let texts = std::thread::scope(|s| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(std::fs::read_to_string)
                        .collect::<std::io::Result<Vec<_>>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("reader thread"))
            .collect::<std::io::Result<Vec<_>>>()
    })?;
    for (path, text) in paths.iter().zip(texts.into_iter().flatten()) {
        files.insert(path.to_string_lossy().into_owned(), text);
    }
    Ok(())
}

/// How many threads the loader's parallel work uses.
fn workers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
}

/// The `.py` files under `dir` (and its subdirectories but `__pycache__`, if recursive).
fn list_tree(dir: &Path, recursive: bool, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let ty = entry.file_type()?;
        if ty.is_dir() {
            if recursive && entry.file_name() != "__pycache__" {
                list_tree(&path, recursive, out)?;
            }
        } else if path.extension().is_some_and(|e| e == "py") {
            out.push(path);
        }
    }
    Ok(())
}

/// The SQLite file of a `sqlite:` URL (relative paths against the current directory).
pub fn sqlite_path(url: &str) -> Result<Option<PathBuf>, Failed> {
    let Some(rest) = url.strip_prefix("sqlite") else {
        return Err(format!(
            "sqlalchemy.url = {url}: Retort runs migrations against SQLite only"
        ));
    };
    let rest = rest.split_once("://").map(|(_driver, r)| r).unwrap_or("");
    let path = rest.strip_prefix('/').unwrap_or(rest);
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() || path == ":memory:" {
        return Ok(None);
    }
    Ok(Some(absolute(Path::new(path))))
}

/// Parses files on other cores while this one evaluates them, in order (parsing is
/// independent per file; evaluation is not). Long-lived parser threads reuse the memory of
/// the trees the evaluator has freed.
fn parse_parallel(texts: &[&str], each: &mut dyn FnMut(Syntax) -> bool) {
    let workers = workers();
    if workers < 2 || texts.len() < 64 {
        return parse_in_order(texts, each);
    }
    // Worker k parses batches k, k + workers, ...: batches, so that handing trees over costs
    // one wake-up per batch rather than per file; bounded channels keep at most a few
    // batches alive ahead of the evaluator.
    const BATCH: usize = 64;
    let batches: Vec<&[&str]> = texts.chunks(BATCH).collect();
    std::thread::scope(|s| {
        let receivers: Vec<_> = (0..workers)
            .map(|k| {
                let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Syntax>>(2);
                let batches = &batches;
                s.spawn(move || {
                    for batch in batches.iter().skip(k).step_by(workers) {
                        let parsed = batch.iter().map(|t| Syntax::parse(t)).collect();
                        if tx.send(parsed).is_err() {
                            return; // the evaluator stopped
                        }
                    }
                });
                rx
            })
            .collect();
        'all: for i in 0..batches.len() {
            for syntax in receivers[i % workers].recv().expect("parser thread") {
                if !each(syntax) {
                    break 'all;
                }
            }
        }
        // Dropping the receivers ends the workers.
        drop(receivers);
    });
}
