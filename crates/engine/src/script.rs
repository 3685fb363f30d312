//! Revision scripts: the project's files, which of them Alembic treats as revisions, how
//! they load (their top level runs in the interpreter), and how commands print them.

use std::rc::Rc;

use retort_pyscript::{Interp, ParsedModule, Scope, Syntax, Value};

use crate::files::ProjectFiles;
use crate::host::HostModules;
use crate::revision::{RevisionMap, RevisionSpec};

/// Whether Alembic would load `file_name` as a revision script (`sourceless = false`):
/// a name ending in `.py` that starts with neither `.#` (an editor lock file) nor `__init__`.
pub(crate) fn is_revision_file_name(file_name: &str) -> bool {
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
#[derive(Clone)]
pub struct ScriptOptions {
    /// Version locations in order (absolute in the CLI; any prefix of `ProjectFiles` keys).
    pub version_locations: Vec<String>,
    pub recursive: bool,
    /// Keep each script's code (its syntax tree and globals) to run its steps later. The
    /// read-only commands only need the headers: without the code, a 5,000-revision project
    /// loads in a tenth of the memory (and the time that memory costs).
    pub keep_code: bool,
    /// The project's own modules, which revision files may import (docs/decisions/0003).
    pub project: Option<Rc<crate::imports::ProjectHost>>,
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
    /// `None` when the directory was loaded without code ([`ScriptOptions::keep_code`]).
    pub code: Option<Code>,
}

/// A revision file's module, ready to run its `upgrade()` / `downgrade()`.
pub struct Code {
    pub module: Rc<ParsedModule>,
    pub globals: Rc<Scope>,
}

impl Script {
    /// The file's text ("" when loaded without code).
    pub fn text(&self) -> &str {
        self.code
            .as_ref()
            .map_or("", |c| c.module.source.text.as_str())
    }

    /// The script's code; an error naming the file if the directory was loaded without it.
    pub fn code(&self) -> Result<&Code, String> {
        self.code.as_ref().ok_or_else(|| {
            format!(
                "{}: loaded for its headers only; its code is not available",
                self.path
            )
        })
    }

    /// The first paragraph of the docstring (Alembic's `doc`).
    pub fn doc(&self) -> &str {
        self.longdoc.split("\n\n").next().unwrap_or("")
    }
}

/// The host's way of parsing many files: it hands the callback every file's syntax, in
/// order, and stops when the callback returns false.
pub type ParseAll<'a> = &'a dyn Fn(&[&str], &mut dyn FnMut(Syntax) -> bool);

/// Parses `texts` one after another on this thread: the [`ParseAll`] of a host without
/// threads.
pub fn parse_in_order(texts: &[&str], each: &mut dyn FnMut(Syntax) -> bool) {
    for t in texts {
        if !each(Syntax::parse(t)) {
            return;
        }
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
    /// The interpreter that loaded the scripts, which runs their steps too: one process's
    /// modules and classes, as under Python (`sys.modules`; an exception class imported at
    /// a file's top level is the one its functions raise and catch).
    pub interp: std::cell::RefCell<Interp>,
}

impl ScriptDirectory {
    /// Loads every revision file under the version locations, in Alembic's order.
    pub fn load(
        files: &ProjectFiles,
        opts: &ScriptOptions,
    ) -> Result<ScriptDirectory, ScriptError> {
        Self::load_with(files, opts, &parse_in_order)
    }

    /// Like [`ScriptDirectory::load`], with the host's way of parsing many files: it hands
    /// `each` every file's syntax in order, and stops when `each` returns false. (The CLI
    /// parses on other cores while this one evaluates: parsing is independent per file,
    /// evaluation is not.)
    pub fn load_with(
        files: &ProjectFiles,
        opts: &ScriptOptions,
        parse: ParseAll,
    ) -> Result<ScriptDirectory, ScriptError> {
        let mut scripts = Vec::new();
        let mut specs = Vec::new();
        let mut warnings = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let modules = HostModules {
            project: opts.project.clone(),
            ..HostModules::default()
        };
        let mut loader = Loader::new(modules.clone());
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
        let mut failed = None;
        parse(&texts, &mut |syntax| {
            let i = scripts.len();
            match loader.load(paths[i], texts[i], syntax) {
                Ok((mut script, spec)) => {
                    if !opts.keep_code
                        && let Some(code) = script.code.take()
                    {
                        // Functions hold their module's globals: clearing them breaks the
                        // cycle, so the module is freed now.
                        code.globals.vars.borrow_mut().clear();
                    }
                    scripts.push(script);
                    specs.push(spec);
                    true
                }
                Err(e) => {
                    failed = Some(e);
                    false
                }
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        let map = RevisionMap::new(specs).map_err(|e| ScriptError::Command(e.to_string()))?;
        warnings.extend(map.warnings.iter().cloned());
        Ok(ScriptDirectory {
            scripts,
            modules,
            map,
            warnings,
            interp: std::cell::RefCell::new(loader.interp),
        })
    }
}

/// Loads one revision file on its own (its header and top level), as Alembic imports it.
pub fn load_revision_file(path: &str, text: &str) -> Result<(Script, RevisionSpec), ScriptError> {
    Loader::new(HostModules::default()).load(path, text, Syntax::parse(text))
}

/// Loads revision files one after another with one interpreter (its builtins are built
/// once), as a script directory does.
pub struct Loader {
    interp: Interp,
}

impl Loader {
    pub fn new(modules: HostModules) -> Loader {
        let mut interp = Interp::default();
        if let Some(project) = &modules.project {
            project.install(&mut interp);
        }
        interp.set_resolver(Rc::new(modules));
        Loader { interp }
    }

    /// The interpreter the files load in (and their functions run in).
    pub fn interp(&mut self) -> &mut Interp {
        &mut self.interp
    }

    /// Checks a parsed file and runs its top level, with a fresh budget.
    pub fn load(
        &mut self,
        path: &str,
        text: &str,
        syntax: Syntax,
    ) -> Result<(Script, RevisionSpec), ScriptError> {
        self.interp.reset_budget();
        load_script(&mut self.interp, path, text, syntax)
    }
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
            code: Some(Code { module, globals }),
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

/// What `alembic revision` / `alembic merge` need to write a new revision file. The host
/// supplies what is not the engine's to decide: the id (random unless `--rev-id`), the
/// clock, and the template's text.
pub struct NewRevision<'a> {
    pub rev_id: String,
    pub message: Option<String>,
    /// `--head` (or the revisions to merge): identifiers, resolved like Alembic does.
    pub heads: Vec<String>,
    pub splice: bool,
    pub branch_labels: Vec<String>,
    pub depends_on: Vec<String>,
    pub create_date: CreateDate,
    pub template: &'a str,
    /// The version location to write into.
    pub version_location: String,
    pub file_template: &'a str,
    pub truncate_slug_length: usize,
    /// The bodies of `upgrade()` / `downgrade()` (autogenerate's), `pass` when `None`.
    pub upgrades: Option<String>,
    pub downgrades: Option<String>,
    /// Autogenerate's imports (`${imports}`), one per line.
    pub imports: String,
}

/// The revision's `Create Date` (in the configured timezone; `utc_offset` set when aware).
#[derive(Debug, Clone, Copy)]
pub struct CreateDate {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub microsecond: u32,
    /// Seconds since the epoch (the file template's `%(epoch)s`).
    pub epoch: i64,
    /// `Some("+00:00")` when the project sets a timezone; naive otherwise.
    pub utc_offset: Option<&'static str>,
}

impl CreateDate {
    /// The date at `epoch_micros` (microseconds since the epoch, UTC) as Alembic writes a new
    /// revision's: in the host's local time (`local_offset`, seconds east of UTC) without a
    /// `timezone` setting, in UTC with `timezone = UTC`. Other zones need a timezone database
    /// Retort does not carry.
    pub fn at(
        epoch_micros: i64,
        local_offset: i64,
        timezone: Option<&str>,
    ) -> Result<CreateDate, String> {
        let (offset, utc_offset) = match timezone {
            None => (local_offset, None),
            Some(tz) if tz.eq_ignore_ascii_case("utc") => (0, Some("+00:00")),
            Some(tz) => {
                return Err(format!(
                    "timezone = {tz}: Retort knows the UTC zone only (it carries no timezone database)"
                ));
            }
        };
        let epoch = epoch_micros.div_euclid(1_000_000);
        let secs = epoch + offset;
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        // Days to civil date (Howard Hinnant's algorithm).
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        Ok(CreateDate {
            year: yoe + era * 400 + i64::from(month <= 2),
            month,
            day,
            hour: (rem / 3600) as u32,
            minute: ((rem / 60) % 60) as u32,
            second: (rem % 60) as u32,
            microsecond: epoch_micros.rem_euclid(1_000_000) as u32,
            epoch,
            utc_offset,
        })
    }

    /// `str(datetime)`, as the template prints it.
    pub(crate) fn to_python_str(self) -> String {
        let mut s = format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        );
        if self.microsecond != 0 {
            s.push_str(&format!(".{:06}", self.microsecond));
        }
        if let Some(off) = self.utc_offset {
            s.push_str(off);
        }
        s
    }
}

/// A revision file to write: where, and what.
pub struct GeneratedRevision {
    pub path: String,
    pub text: String,
}

/// `ScriptDirectory.generate_revision`: resolves the heads, checks them, names the file
/// after `file_template`, and renders the template.
pub fn generate_revision(
    dir: &ScriptDirectory,
    req: &NewRevision,
) -> Result<GeneratedRevision, String> {
    crate::revision::verify_rev_id(&req.rev_id).map_err(|e| e.command_message(None, None))?;
    let multiple = "Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge.";
    let caught = |e: crate::revision::RevisionError| match e {
        crate::revision::RevisionError::MultipleHeads { .. } => multiple.to_owned(),
        other => other.command_message(None, None),
    };
    let heads: Vec<Option<usize>> = if req.heads.is_empty() {
        dir.map.get_revisions(Some("head")).map_err(caught)?
    } else {
        dir.map.get_revisions_many(&req.heads).map_err(caught)?
    }
    .into_iter()
    .map(|n| match n {
        Some(crate::revision::Node::Rev(i)) => Some(i),
        _ => None,
    })
    .collect();
    let mut seen = std::collections::HashSet::new();
    if !heads.iter().all(|h| seen.insert(*h)) {
        return Err("Duplicate head revisions specified".into());
    }
    if !req.splice {
        for h in heads.iter().flatten() {
            if !dir.map.rev(*h).is_head() {
                return Err(format!(
                    "Revision {} is not a head revision; please specify --splice to create a new branch from this revision",
                    dir.map.rev(*h).revision
                ));
            }
        }
    }
    let mut depends = Vec::new();
    for dep in &req.depends_on {
        let r = dir
            .map
            .get_revision(Some(dep))
            .map_err(caught)?
            .ok_or_else(|| format!("Can't locate revision identified by '{dep}'"))?;
        let rev = dir.map.rev(r);
        depends.push(if rev.branch_labels.contains(dep) {
            dep.clone()
        } else {
            rev.revision.clone()
        });
    }
    let scalar = |items: Vec<Value>| match items.len() {
        0 => Value::None,
        1 => items.into_iter().next().unwrap(),
        _ => Value::tuple(items),
    };
    let down = scalar(
        heads
            .iter()
            .map(|h| h.map_or(Value::None, |i| Value::str(&dir.map.rev(i).revision)))
            .collect(),
    );
    let labels = if req.branch_labels.is_empty() {
        Value::None
    } else {
        Value::tuple(req.branch_labels.iter().map(|l| Value::str(l)).collect())
    };
    let comma = Value::native("comma", |_, a| {
        Ok(match a.positional.first() {
            None | Some(Value::None) => Value::str(""),
            Some(Value::Str(s)) => Value::Str(s.clone()),
            Some(Value::Tuple(t)) => Value::str(
                &t.iter()
                    .map(retort_pyscript::to_str)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Some(Value::List(l)) => Value::str(
                &l.borrow()
                    .iter()
                    .map(retort_pyscript::to_str)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Some(other) => Value::str(&retort_pyscript::to_str(other)),
        })
    });
    let message = req
        .message
        .clone()
        .unwrap_or_else(|| "empty message".into());
    let text = crate::mako::render(
        req.template,
        vec![
            ("up_revision", Value::str(&req.rev_id)),
            ("down_revision", down),
            ("branch_labels", labels),
            (
                "depends_on",
                scalar(depends.iter().map(|d| Value::str(d)).collect()),
            ),
            ("create_date", Value::str(&req.create_date.to_python_str())),
            ("comma", comma),
            ("message", Value::str(&message)),
            ("imports", Value::str(&req.imports)),
            (
                "upgrades",
                Value::str(req.upgrades.as_deref().unwrap_or("pass")),
            ),
            (
                "downgrades",
                Value::str(req.downgrades.as_deref().unwrap_or("pass")),
            ),
        ],
    )?;
    // The file name: `file_template % {rev, slug, epoch, year, ...}`.
    let words: Vec<String> = req
        .message
        .clone()
        .unwrap_or_default()
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let mut slug = words.join("_").to_lowercase();
    if slug.chars().count() > req.truncate_slug_length {
        let cut: String = slug.chars().take(req.truncate_slug_length).collect();
        slug = match cut.rsplit_once('_') {
            Some((head, _)) => format!("{head}_"),
            None => format!("{cut}_"),
        };
    }
    let d = &req.create_date;
    let mut vars = retort_pyscript::Dict::new();
    for (k, v) in [
        ("rev", Value::str(&req.rev_id)),
        ("slug", Value::str(&slug)),
        ("epoch", Value::Int(d.epoch)),
        ("year", Value::Int(d.year)),
        ("month", Value::Int(d.month as i64)),
        ("day", Value::Int(d.day as i64)),
        ("hour", Value::Int(d.hour as i64)),
        ("minute", Value::Int(d.minute as i64)),
        ("second", Value::Int(d.second as i64)),
    ] {
        vars.insert(Value::str(k), v).expect("string keys hash");
    }
    let mut interp = Interp::default();
    let name = retort_pyscript::percent_format(&mut interp, req.file_template, &Value::dict(vars))
        .map_err(|u| interp.unwind_to_error(u).headline())?;
    let name = retort_pyscript::to_str(&name);
    Ok(GeneratedRevision {
        path: format!("{}/{name}.py", req.version_location.trim_end_matches('/')),
        text,
    })
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

    #[test]
    fn create_dates_print_as_python_datetimes() {
        // 2024-02-29 23:59:58.5 UTC; Python: datetime.fromtimestamp(1709251198.5, timezone.utc)
        let t = 1_709_251_198_500_000;
        let utc = CreateDate::at(t, 0, Some("UTC")).unwrap();
        assert_eq!(utc.to_python_str(), "2024-02-29 23:59:58.500000+00:00");
        assert_eq!(utc.epoch, 1_709_251_198);
        // Naive local time, two hours east of UTC: the next day.
        let local = CreateDate::at(t, 7200, None).unwrap();
        assert_eq!(local.to_python_str(), "2024-03-01 01:59:58.500000");
        // Before the epoch, whole seconds: no fraction printed.
        let old = CreateDate::at(-1_000_000, 0, None).unwrap();
        assert_eq!(old.to_python_str(), "1969-12-31 23:59:59");
        assert!(CreateDate::at(t, 0, Some("Europe/Paris")).is_err());
    }
}
