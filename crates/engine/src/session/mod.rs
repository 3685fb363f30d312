//! A playground session: a project's files, its revision graph and a throwaway in-memory
//! database, stepped up and down one revision at a time with every step explained.
//!
//! This is what the page drives (and what `verify` will): the same runtime as the CLI, in
//! [`Mode::Atomic`] so that a failing step leaves the database as it was, plus what a user
//! looks at after each step: the statements that ran, the schema changes, the version rows.

use std::rc::Rc;

use crate::command;
use crate::config::{Ini, ProjectConfig};
use crate::db::Database;
/// The largest database file a session opens (held in memory).
pub use crate::db::MAX_IMAGE as MAX_DATABASE;
use crate::env::{EnvInput, install_step_context, read_env};
use crate::files::ProjectFiles;
use crate::inspect::{Change, Snapshot};
use crate::operations::{MigrationContext, Mode};
use crate::runtime::{self, Step, VersionTable};
use crate::script::{ScriptDirectory, ScriptOptions};
use crate::sql::schema::NamingConvention;

pub use crate::command::detected;
pub use crate::operations::Executed;
pub use crate::runtime::Direction;

/// One revision as the page lists it (history order: newest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionItem {
    pub revision: String,
    pub down_revision: Vec<String>,
    pub doc: String,
    pub path: String,
    pub branch_labels: Vec<String>,
    pub is_head: bool,
    pub is_merge: bool,
    pub is_branch_point: bool,
}

/// One row of the drawn revision graph (rows in history order, newest first). Lanes are
/// columns; a row's top half runs from the row above to its node, its bottom half from the
/// node to the row below.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GraphRow {
    /// The lane of this revision's node.
    pub lane: usize,
    /// Lines in the top half: (lane at the top edge, lane at the node's height).
    pub top: Vec<(usize, usize)>,
    /// Lines in the bottom half: (lane at the node's height, lane at the bottom edge).
    pub bottom: Vec<(usize, usize)>,
    /// How many lanes the row spans.
    pub width: usize,
}

/// Lays out the revision graph in lanes, as `git log --graph` does: a revision continues
/// the lane of its first child; its first parent stays in its lane; other parents get
/// (or join) other lanes. `items` in history order (newest first).
pub fn graph_layout(items: &[RevisionItem]) -> Vec<GraphRow> {
    let mut lanes: Vec<Option<String>> = Vec::new();
    let mut rows = Vec::with_capacity(items.len());
    for item in items {
        let r = &item.revision;
        let incoming: Vec<usize> = (0..lanes.len())
            .filter(|&j| lanes[j].as_deref() == Some(r.as_str()))
            .collect();
        let lane = match incoming.first() {
            Some(&j) => j,
            None => match lanes.iter().position(Option::is_none) {
                Some(j) => j,
                None => {
                    lanes.push(None);
                    lanes.len() - 1
                }
            },
        };
        let mut row = GraphRow {
            lane,
            ..Default::default()
        };
        for (j, expected) in lanes.iter().enumerate() {
            match expected {
                Some(x) if x == r => row.top.push((j, lane)),
                Some(_) => {
                    row.top.push((j, j));
                    row.bottom.push((j, j));
                }
                None => {}
            }
        }
        for &j in &incoming {
            lanes[j] = None;
        }
        for (k, parent) in item.down_revision.iter().enumerate() {
            // The first parent continues this lane (lanes expecting the same parent converge
            // on it there); other parents join a lane already going there, or open one.
            let target = if k == 0 {
                lanes[lane] = Some(parent.clone());
                lane
            } else if let Some(j) = lanes
                .iter()
                .position(|l| l.as_deref() == Some(parent.as_str()))
            {
                j
            } else {
                let j = match lanes.iter().position(Option::is_none) {
                    Some(j) => j,
                    None => {
                        lanes.push(None);
                        lanes.len() - 1
                    }
                };
                lanes[j] = Some(parent.clone());
                j
            };
            row.bottom.push((lane, target));
        }
        while lanes.last().is_some_and(Option::is_none) {
            lanes.pop();
        }
        row.width = lanes.len().max(lane + 1).max(
            row.top
                .iter()
                .chain(&row.bottom)
                .map(|&(a, b)| a.max(b) + 1)
                .max()
                .unwrap_or(0),
        );
        rows.push(row);
    }
    rows
}

/// What one step did.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct StepReport {
    /// Alembic's log line: `upgrade a -> b, message`.
    pub description: String,
    pub statements: Vec<Executed>,
    pub changes: Vec<Change>,
    pub output: String,
    pub warnings: Vec<String>,
    /// `alembic_version` after the step.
    pub version: Vec<String>,
    /// What `--sql` writes for this step (rendered from the schema as it was before it), or
    /// why it cannot be written.
    pub offline: Result<String, String>,
}

/// A step that failed (and was rolled back).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct StepFailure {
    pub description: Option<String>,
    /// The error as the CLI prints it: file:line:column, the source line and a caret for a
    /// script error; Alembic's message otherwise.
    pub message: String,
    /// `under Alembic this failure would leave ...`.
    pub alembic_would_leave: Option<String>,
    /// What the step's script printed before it failed.
    pub output: String,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct RunReport {
    /// How many steps the run was to take.
    pub planned: usize,
    pub steps: Vec<StepReport>,
    pub failure: Option<StepFailure>,
}

impl RunReport {
    /// Stopped by its host between steps: fewer steps than planned, none failed.
    pub fn cancelled(&self) -> bool {
        self.failure.is_none() && self.steps.len() < self.planned
    }
}

/// What env.py runs with in a session: the project's config, no `-x` or `--tag`.
fn env_input<'a>(
    path: &'a str,
    text: &'a str,
    ini: Option<&'a Ini>,
    ini_path: Option<&'a str>,
    offline: bool,
    project: Option<Rc<crate::imports::ProjectHost>>,
) -> EnvInput<'a> {
    EnvInput {
        path,
        text,
        offline,
        ini,
        config_file_name: ini_path,
        ini_section: "alembic",
        x_args: &[],
        tag: None,
        project,
    }
}

pub struct Session {
    pub files: ProjectFiles,
    pub dir: ScriptDirectory,
    /// Where the scripts are (`migrations`), in `files`' paths.
    pub script_location: String,
    pub db: Rc<Database>,
    pub version_table: VersionTable,
    pub naming: NamingConvention,
    /// The project's config file, as env.py reads it.
    ini: Option<Ini>,
    ini_path: Option<String>,
    /// What env.py's offline branch (`run_migrations_offline`) configures, for the `--sql`
    /// view (its own `context.configure(...)` call may differ from the online one): read
    /// the first time the view is rendered.
    offline_env: std::cell::OnceCell<crate::env::EnvSettings>,
    /// `models_check`'s answer: the session's files, so its models and history, never change.
    models_checked: std::cell::OnceCell<Option<Result<Vec<String>, String>>>,
    /// [`Session::revisions`], walked once.
    revisions: std::cell::OnceCell<Vec<RevisionItem>>,
    /// How the project was understood (no alembic.ini, env.py fallback, ...).
    pub notes: Vec<String>,
    /// Where new revision files go (the first version location).
    pub versions_dir: String,
    /// `file_template` and `truncate_slug_length` of the config (Alembic's defaults without one).
    pub file_template: String,
    pub truncate_slug_length: usize,
    /// `timezone` of the config: the zone of a new revision's `Create Date`.
    pub timezone: Option<String>,
    /// env.py's models (`target_metadata`) and autogenerate's settings, as env.py configured
    /// them when the session opened: for Autogenerate and Verify's comparison at head (RT009).
    target_metadata: Option<Vec<crate::sql::schema::Table>>,
    autogenerate: crate::autogenerate::Options,
    hooks: Option<crate::env::EnvHooksRef>,
}

impl Session {
    /// Opens a project from its files: `alembic.ini` (any folder) if present, else the
    /// folder holding `env.py`, else a `versions/` folder, else loose revision files.
    pub fn open(files: ProjectFiles) -> Result<Session, String> {
        let mut notes = Vec::new();
        let ini_path = files
            .paths()
            .filter(|p| p.rsplit('/').next() == Some("alembic.ini"))
            .min_by_key(|p| (p.matches('/').count(), p.to_string()))
            .map(str::to_owned);
        let mut file_template = crate::config::DEFAULT_FILE_TEMPLATE.to_owned();
        let mut truncate_slug_length = 40;
        let mut timezone = None;
        let mut sys_path: Vec<String> = Vec::new();
        // The working directory Alembic would run from: the dropped folder itself (a
        // repository dropped whole runs as `alembic -c migrations/alembic.ini` from its root).
        let mut cwd = dropped_folder(&files);
        let (script_location, version_locations, ini) = match &ini_path {
            Some(path) => {
                let here = path.rsplit_once('/').map_or(".", |(d, _)| d);
                let ini = Ini::parse(files.get(path).unwrap_or_default(), path, here)
                    .map_err(|e| e.to_string())?;
                let config = ProjectConfig::from_ini(&ini, "alembic").map_err(|e| e.to_string())?;
                file_template = config.file_template.clone();
                truncate_slug_length = config.truncate_slug_length;
                timezone = config.timezone.clone();
                // Alembic resolves a relative `script_location` against the working
                // directory: the dropped folder if the scripts are there, else the ini's
                // folder, else the top of the files.
                let loc = {
                    let plain = clean(&config.script_location);
                    let from_cwd = clean(&join(&cwd, &plain));
                    let beside = clean(&join(here, &plain));
                    let has = |d: &str| files.paths().any(|p| p.starts_with(&prefix(d)));
                    let relative = !config.script_location.starts_with('/');
                    if relative && !cwd.is_empty() && has(&from_cwd) && !has(&plain) {
                        from_cwd
                    } else if here != "." && relative && has(&beside) && !has(&plain) {
                        beside
                    } else {
                        // Found from the top of the files only: Alembic runs from there
                        // (`alembic -c migrations/alembic.ini`, as the embedded example).
                        if relative && !has(&from_cwd) && !plain.starts_with(&prefix(&cwd)) {
                            cwd = String::new();
                        }
                        plain
                    }
                };
                // `prepend_sys_path` entries are relative to the working directory, as
                // Python's `sys.path` is (those made from `%(here)s` already name the folder).
                sys_path = config
                    .prepend_sys_path
                    .iter()
                    .map(|p| {
                        if p.starts_with(&prefix(&cwd)) || *p == cwd {
                            p.clone()
                        } else {
                            join(&cwd, p)
                        }
                    })
                    .collect();

                let versions = config
                    .version_locations
                    .clone()
                    .map(|v| v.iter().map(|l| clean(l)).collect())
                    .unwrap_or_else(|| vec![join(&loc, "versions")]);
                (loc, versions, Some(ini))
            }
            None => {
                let dir_of = |suffix: &str| {
                    files
                        .paths()
                        .filter_map(|p| p.strip_suffix(suffix))
                        .min_by_key(|d| d.len())
                        .map(|d| d.trim_end_matches('/').to_owned())
                };
                let loc = dir_of("env.py")
                    .or_else(|| {
                        files.paths().find_map(|p| {
                            let i = p.find("versions/")?;
                            (i == 0 || p[..i].ends_with('/'))
                                .then(|| p[..i].trim_end_matches('/').to_owned())
                        })
                    })
                    .unwrap_or_default();
                let has_versions = files
                    .paths()
                    .any(|p| p.starts_with(&format!("{}versions/", prefix(&loc))));
                notes.push("no alembic.ini: Alembic's defaults are used".to_owned());
                let versions = if has_versions {
                    join(&loc, "versions")
                } else {
                    loc.clone()
                };
                (loc, vec![versions], None)
            }
        };
        let versions_dir = version_locations.first().cloned().unwrap_or_default();
        // The project's modules: `prepend_sys_path` and then the dropped folder (the working
        // directory Alembic runs from), as Python searches them.
        sys_path.push(cwd.clone());
        let project = Rc::new(crate::imports::ProjectHost::new(
            Rc::new(files.clone()),
            sys_path,
        ));
        let opts = ScriptOptions {
            version_locations,
            recursive: false,
            keep_code: true,
            project: Some(project.clone()),
        };
        let dir = ScriptDirectory::load(&files, &opts).map_err(|e| e.to_string())?;
        let env_path = join(&script_location, "env.py");
        let env_text = files.get(&env_path);
        let input = env_input(
            &env_path,
            env_text.unwrap_or_default(),
            ini.as_ref(),
            ini_path.as_deref(),
            false,
            Some(project),
        );
        let env = match env_text {
            Some(_) => read_env(&input),
            None => Default::default(),
        };
        install_step_context(&input, &dir.modules);
        notes.extend(env.notes.iter().cloned());
        let db = Rc::new(Database::open_in_memory().map_err(|e| e.to_string())?);
        Ok(Session {
            files,
            dir,
            script_location,
            db,
            version_table: env.version_table,
            naming: env.naming,
            target_metadata: env.target_metadata,
            autogenerate: env.autogenerate,
            hooks: env.hooks,
            ini,
            ini_path,
            offline_env: Default::default(),
            models_checked: Default::default(),
            revisions: Default::default(),
            notes,
            versions_dir,
            file_template,
            truncate_slug_length,
            timezone,
        })
    }

    /// `alembic revision -m message` (or `alembic merge` with `heads`): the new file's path and
    /// text, rendered from the project's `script.py.mako`. Nothing is added to the session.
    pub fn new_revision(
        &self,
        message: &str,
        heads: Vec<String>,
        rev_id: String,
        create_date: crate::script::CreateDate,
    ) -> Result<(String, String), String> {
        self.generate(message, heads, rev_id, create_date, None)
    }

    /// `alembic revision --autogenerate -m message`: env.py's `target_metadata` (the
    /// project's models) compared with the session's database, which must be at head; the
    /// new file's path and text, and what Alembic would log. Nothing is added to the session.
    pub fn autogenerate(
        &self,
        message: &str,
        rev_id: String,
        create_date: crate::script::CreateDate,
    ) -> Result<(String, String, Vec<String>), String> {
        // The models env.py gave when the session opened (a saved edit reopens it).
        let hooks = self.hooks.as_ref().map(|h| &*h.0);
        let mut found = command::autogenerate(
            &self.db,
            &self.dir,
            &self.version_table,
            self.target_metadata.as_deref(),
            &self.autogenerate,
            &join(&self.script_location, "env.py"),
            hooks,
        )?;
        let given = (!message.is_empty()).then_some(message);
        let Some((rev_id, message)) =
            command::revision_directives(&mut found, hooks, &self.autogenerate, &rev_id, given)?
        else {
            return Err(
                "no revision written: env.py's process_revision_directives emptied the directives (Alembic writes nothing then; its usual reason: no changes were detected)"
                    .into(),
            );
        };
        let bodies = Some((found.upgrades, found.downgrades, found.imports));
        let message = message.unwrap_or_default();
        let (path, text) =
            self.generate(&message, vec!["head".into()], rev_id, create_date, bodies)?;
        Ok((path, text, found.log))
    }

    fn generate(
        &self,
        message: &str,
        heads: Vec<String>,
        rev_id: String,
        create_date: crate::script::CreateDate,
        bodies: Option<(String, String, String)>,
    ) -> Result<(String, String), String> {
        let template_path = join(&self.script_location, "script.py.mako");
        let Some(template) = self.files.get(&template_path) else {
            return Err(format!(
                "{template_path} is missing: new revisions are rendered from the project's script.py.mako"
            ));
        };
        let generated = crate::script::generate_revision(
            &self.dir,
            &crate::script::NewRevision {
                rev_id,
                message: (!message.is_empty()).then(|| message.to_owned()),
                heads,
                splice: false,
                branch_labels: Vec::new(),
                depends_on: Vec::new(),
                create_date,
                template,
                version_location: self.versions_dir.clone(),
                file_template: &self.file_template,
                truncate_slug_length: self.truncate_slug_length,
                upgrades: bodies.as_ref().map(|b| b.0.clone()),
                imports: bodies.as_ref().map(|b| b.2.clone()).unwrap_or_default(),
                downgrades: bodies.map(|b| b.1),
            },
        )?;
        Ok((generated.path, generated.text))
    }

    /// The rows of the version table (the current revisions).
    pub fn current(&self) -> Vec<String> {
        self.version_table.heads(&self.db).unwrap_or_default()
    }

    /// Every revision, in `alembic history` order (heads first).
    pub fn revisions(&self) -> Vec<RevisionItem> {
        // Walked once: a session's files never change (the page asks after every step).
        self.revisions.get_or_init(|| self.walk_revisions()).clone()
    }

    fn walk_revisions(&self) -> Vec<RevisionItem> {
        let order = command::walk_revisions(&self.dir, "base", "heads").unwrap_or_default();
        order
            .into_iter()
            .map(|i| {
                let r = self.dir.map.rev(i);
                RevisionItem {
                    revision: r.revision.clone(),
                    down_revision: r.down_revision.clone(),
                    doc: self.dir.scripts[i].doc().to_owned(),
                    path: self.dir.scripts[i].path.clone(),
                    branch_labels: r.branch_labels.clone(),
                    is_head: r.is_head(),
                    is_merge: r.is_merge_point(),
                    is_branch_point: r.is_branch_point(),
                }
            })
            .collect()
    }

    /// `alembic history` (with `-i`: the current revisions marked).
    pub fn history(&self) -> Result<String, String> {
        let current = self.current();
        command::history(&self.dir, None, false, Some(&current), true)
    }

    fn steps(&self, direction: Direction, target: &str) -> Result<Vec<Step>, String> {
        let targets = [target.to_owned()];
        let verb = match direction {
            Direction::Upgrade => command::Verb::Upgrade(target),
            Direction::Downgrade => command::Verb::Downgrade(target),
            Direction::Stamp => command::Verb::Stamp {
                revisions: &targets,
                purge: false,
            },
        };
        Ok(command::plan(&self.db, &self.dir, &self.version_table, verb)?.steps)
    }

    /// What `upgrade target` / `downgrade target` would run, without running it.
    pub fn plan(&self, direction: Direction, target: &str) -> Result<Vec<String>, String> {
        Ok(self
            .steps(direction, target)?
            .iter()
            .map(|s| crate::command::describe(&self.dir, s))
            .collect())
    }

    /// Runs `upgrade target` / `downgrade target` one step at a time, each in its own
    /// transaction; stops at the first failing step, which leaves nothing behind. (A host
    /// that shows progress, or lets the user stop between steps, drives a [`Run`] itself.)
    pub fn run(&self, direction: Direction, target: &str) -> RunReport {
        let mut run = self.start(direction, target);
        while self.step(&mut run) {}
        run.report
    }

    /// `upgrade start:end --sql` / `downgrade start:end --sql`: the offline script, rendered
    /// on a scratch database (the session's is untouched).
    pub fn offline_sql(&self, direction: Direction, range: &str) -> Result<String, String> {
        let (heads, steps) = runtime::offline_plan(&self.dir.map, direction, range)?;
        let scratch = Database::open_in_memory().map_err(|e| e.to_string())?;
        self.render_offline(scratch, &heads, &steps)
    }

    /// The `--sql` script of one step, rendered on a copy of the database as it is (so that
    /// batch mode reflects the real tables).
    fn offline_step(&self, current: &[String], step: &Step) -> Result<String, String> {
        let scratch = crate::inspect::copy_database(&self.db).map_err(|e| e.to_string())?;
        self.render_offline(scratch, current, std::slice::from_ref(step))
    }

    /// `alembic check` against the history rather than the tab's database: the models
    /// compared with a scratch database the history builds to its heads. `None` when env.py
    /// gives no models; the operations autogenerate would write, as Alembic logs them
    /// (`Detected added column 'things.name'`), empty when models and history agree.
    /// Computed once per session.
    pub fn models_check(&self) -> Option<Result<Vec<String>, String>> {
        self.models_checked
            .get_or_init(|| {
                let tables = self.target_metadata.as_deref()?;
                Some(self.check_models(tables))
            })
            .clone()
    }

    fn check_models(&self, tables: &[crate::sql::schema::Table]) -> Result<Vec<String>, String> {
        let db = Rc::new(Database::open_in_memory().map_err(|e| e.to_string())?);
        let ctx = MigrationContext::with_naming(db.clone(), Mode::Atomic, self.naming.clone());
        let verb = command::Verb::Upgrade("heads");
        command::migrate(&ctx, &self.dir, &self.version_table, verb)
            .map_err(|e| format!("the history does not reach its heads: {}", e.message))?;
        let found = command::autogenerate(
            &db,
            &self.dir,
            &self.version_table,
            Some(tables),
            &self.autogenerate,
            &join(&self.script_location, "env.py"),
            self.hooks.as_ref().map(|h| &*h.0),
        )?;
        Ok(command::detected(&found.log))
    }

    /// Runs env.py's offline branch now, if it has not run yet: the first step's `--sql`
    /// script then costs only itself (env.py may import the project's models). The page calls
    /// it when it is idle after opening a project.
    pub fn prepare_offline(&self) {
        self.offline_env();
    }

    /// Writes `steps` offline; `scratch` mirrors their DDL (for batch mode's reflection).
    fn render_offline(
        &self,
        scratch: Database,
        heads: &[String],
        steps: &[Step],
    ) -> Result<String, String> {
        let env = self.offline_env();
        let ctx = env.migration_context(Rc::new(scratch), Mode::Offline);
        crate::command::run_steps(&ctx, &self.dir, &env.version_table, heads, steps)
            .map_err(|e| e.message)?;
        let out = ctx.output.borrow().clone();
        Ok(out)
    }

    /// What env.py's offline branch configures (run once).
    fn offline_env(&self) -> &crate::env::EnvSettings {
        self.offline_env.get_or_init(|| {
            let path = join(&self.script_location, "env.py");
            match self.files.get(&path) {
                Some(text) => read_env(&env_input(
                    &path,
                    text,
                    self.ini.as_ref(),
                    self.ini_path.as_deref(),
                    true,
                    self.dir.modules.project.clone(),
                )),
                None => Default::default(),
            }
        })
    }

    /// `retort verify` on a throwaway database: from base with generated rows, or (with
    /// `from_here`) on a copy of the session's database, from its revision, with its rows.
    pub fn verify(&self, from_here: bool) -> crate::verify::Report {
        let (db, mut opts) = if from_here {
            (
                crate::inspect::copy_database(&self.db),
                crate::verify::Options::on_copy(),
            )
        } else {
            (
                Database::open_in_memory(),
                crate::verify::Options::default(),
            )
        };
        opts.models = self
            .target_metadata
            .clone()
            .map(|t| (t, self.autogenerate.clone(), self.hooks.clone()));
        match db {
            Ok(db) => crate::verify::verify(
                &self.dir,
                &self.version_table,
                &self.naming,
                Rc::new(db),
                &opts,
            ),
            Err(e) => crate::verify::Report {
                stopped: Some(e.to_string()),
                ..Default::default()
            },
        }
    }

    /// The session works on a copy of a user's database file from now on: `len` bytes read
    /// from `read` (the file is never opened). Its version table must name revisions of this
    /// project, as Alembic requires of any command that reads it; else nothing changes.
    /// Returns what the user should know of the copy (a WAL-mode file, ...).
    pub fn open_database(
        &mut self,
        name: &str,
        len: usize,
        read: impl std::io::Read,
    ) -> Result<Vec<String>, String> {
        let (db, notes) = Database::from_image(name, len, read)?;
        self.use_database(db)?;
        Ok(notes)
    }

    /// The database as a file's bytes, as it stands.
    pub fn database_image(&self) -> Result<Vec<u8>, String> {
        self.db.image().map_err(|e| e.to_string())
    }

    /// The session works on `db` from now on; see [`Session::open_database`].
    fn use_database(&mut self, db: Database) -> Result<(), String> {
        let current = self.version_table.heads(&db).map_err(|e| e.to_string())?;
        for rev in &current {
            self.dir
                .map
                .get_revision(Some(rev))
                .map_err(|e| e.command_message(None, None))?;
        }
        self.db = Rc::new(db);
        Ok(())
    }

    /// How the database differs from what its history builds at the revisions it names
    /// (`retort drift`): from the database's side, one sentence per difference.
    pub fn drift(&self) -> Result<crate::drift::Drift, String> {
        crate::drift::drift(&self.dir, &self.version_table, &self.naming, &self.db)
    }

    /// The schema as it is now.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot::take(&self.db).unwrap_or_default()
    }

    /// The schema as it is now, read again only where it changed since `before`.
    pub fn snapshot_since(&self, before: &Snapshot) -> Snapshot {
        Snapshot::take_since(&self.db, before).unwrap_or_default()
    }

    /// A page of a table's rows, values rendered as SQL literals (`NULL`, `'text'`, `X'..'`).
    pub fn rows(
        &self,
        table: &str,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
        let sql = format!(
            "SELECT * FROM {} LIMIT {limit} OFFSET {offset}",
            crate::sqlite::quote(table)
        );
        self.query(&sql)
    }

    /// Seed data: one INSERT / UPDATE / DELETE / REPLACE, in its own transaction (schema
    /// changes belong in revisions). Returns the number of rows it changed.
    pub fn seed(&self, sql: &str) -> Result<usize, String> {
        if !crate::sqlite::is_dml(sql) {
            return Err("seed data: one INSERT, UPDATE, DELETE or REPLACE statement (schema changes belong in revision files)".into());
        }
        self.db.execute_batch("BEGIN").map_err(|e| e.to_string())?;
        match self.db.execute_counting(sql) {
            Ok(n) => {
                self.db.execute_batch("COMMIT").map_err(|e| e.to_string())?;
                Ok(n)
            }
            Err(e) => {
                let _ = self.db.execute_batch("ROLLBACK");
                Err(e.to_string())
            }
        }
    }

    /// A read-only query (anything that would write is refused by SQLite).
    pub fn query(&self, sql: &str) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
        let conn = self.db.connection();
        let mut stmt = conn.prepare(sql).map_err(|e| e.to_string())?;
        if !stmt.readonly() {
            return Err("only read-only statements (SELECT, PRAGMA reads) can run here".into());
        }
        let columns: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
        let n = columns.len();
        let mut out = Vec::new();
        let mut rows = stmt.query([]).map_err(|e| e.to_string())?;
        while let Some(row) = rows.next().map_err(|e| e.to_string())? {
            let mut vals = Vec::with_capacity(n);
            for i in 0..n {
                use rusqlite::types::ValueRef as V;
                vals.push(match row.get_ref(i).map_err(|e| e.to_string())? {
                    V::Null => "NULL".to_owned(),
                    V::Integer(x) => x.to_string(),
                    V::Real(f) => f.to_string(),
                    V::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    V::Blob(b) => format!(
                        "X'{}'",
                        b.iter().map(|x| format!("{x:02X}")).collect::<String>()
                    ),
                });
            }
            out.push(vals);
        }
        Ok((columns, out))
    }
}

/// The one folder every file is under (`bots` when `bots/` was dropped), else the top.
fn dropped_folder(files: &ProjectFiles) -> String {
    let mut top: Option<&str> = None;
    for p in files.paths() {
        let Some((first, _)) = p.split_once('/') else {
            return String::new();
        };
        match top {
            None => top = Some(first),
            Some(t) if t == first => {}
            Some(_) => return String::new(),
        }
    }
    top.unwrap_or_default().to_owned()
}

fn clean(path: &str) -> String {
    path.split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect::<Vec<_>>()
        .join("/")
}

fn prefix(dir: &str) -> String {
    if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    }
}

fn join(dir: &str, name: &str) -> String {
    format!("{}{name}", prefix(dir))
}

mod run;
#[cfg(test)]
mod tests;

pub use run::Run;
