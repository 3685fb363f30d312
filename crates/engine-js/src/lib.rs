//! Retort's engine for JavaScript: a [`Project`] is an engine `Session` (a project's files,
//! its revision graph, a throwaway in-memory SQLite database) with Alembic's verbs as
//! methods. Values cross as plain objects typed in the generated `.d.ts` (`types`); every
//! failure is a `RetortError` (`error`). wasm-pack packs it for npm (scripts/build-npm.sh).
//!
//! Nothing here does I/O: files come in as a `{path: text}` object, databases as bytes.

mod error;
mod types;

use retort_engine::ProjectFiles;
use retort_engine::script::CreateDate;
use retort_engine::session::{Direction, Session};
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

use error::retort_error;
pub use types::*;

/// A project open in the engine, over its own in-memory SQLite database (at base when opened).
#[wasm_bindgen]
pub struct Project {
    session: Session,
    /// The project's file paths, to locate errors in.
    paths: Vec<String>,
    /// The revision a share link opened the project at.
    link_revision: Option<String>,
}

type JsResult<T> = Result<T, JsValue>;

fn into_js<T: Tsify + serde::Serialize>(value: T) -> JsResult<Ts<T>> {
    value
        .into_ts()
        .map_err(|e| retort_error(&format!("cannot pass a value to JavaScript: {e}"), &[]))
}

fn from_js<T>(value: Option<Ts<T>>, what: &str) -> JsResult<T>
where
    T: Tsify + serde::de::DeserializeOwned + Default,
    T::JsType: Clone,
{
    match value {
        None => Ok(T::default()),
        Some(v) => v
            .to_rust()
            .map_err(|e| retort_error(&format!("{what}: {e}"), &[])),
    }
}

#[wasm_bindgen]
impl Project {
    /// Opens a project from its files: `alembic.ini` (any folder) if there is one, else the
    /// folder holding `env.py`, else a `versions/` folder, else loose revision files. Every
    /// revision file's top level runs, as Alembic loads them.
    pub fn open(files: Ts<Files>) -> JsResult<Project> {
        let files: Files = files
            .to_rust()
            .map_err(|e| retort_error(&format!("files: {e} (expected {{path: text}})"), &[]))?;
        let mut project = ProjectFiles::new();
        for (path, text) in files.0 {
            project.insert(path, text);
        }
        Project::from_files(project, None)
    }

    /// Opens the project a share link carries (`https://.../#s=1....`, or the fragment
    /// alone), upgraded to the revision the link names.
    #[wasm_bindgen(js_name = openShared)]
    pub fn open_shared(link: &str) -> JsResult<Project> {
        let fragment = link.rsplit_once('#').map_or(link, |(_, f)| f);
        let shared = retort_engine::share::decode(fragment).map_err(|e| retort_error(&e, &[]))?;
        let project = Project::from_files(shared.files, shared.revision.clone())?;
        if let Some(revision) = &shared.revision {
            let report = project.session.run(Direction::Upgrade, revision);
            if let Some(f) = report.failure {
                return Err(retort_error(
                    &format!(
                        "the link's revision {revision} could not be reached: {}",
                        f.message
                    ),
                    &project.paths,
                ));
            }
        }
        Ok(project)
    }

    fn from_files(files: ProjectFiles, link_revision: Option<String>) -> JsResult<Project> {
        let paths: Vec<String> = files.paths().map(str::to_owned).collect();
        let session = Session::open(files).map_err(|e| retort_error(&e, &paths))?;
        Ok(Project {
            session,
            paths,
            link_revision,
        })
    }

    /// The revision the share link named (`openShared`), if any.
    #[wasm_bindgen(getter, js_name = linkRevision)]
    pub fn link_revision(&self) -> Option<String> {
        self.link_revision.clone()
    }

    /// How the project was understood (no `alembic.ini`, env.py's fallback, ...).
    pub fn notes(&self) -> Vec<String> {
        self.session.notes.clone()
    }

    /// The project's files.
    pub fn files(&self) -> JsResult<Ts<Files>> {
        let files = &self.session.files;
        into_js(Files(
            files
                .paths()
                .map(|p| (p.to_owned(), files.get(p).unwrap_or_default().to_owned()))
                .collect(),
        ))
    }

    /// `alembic heads`: the revisions nothing revises.
    pub fn heads(&self) -> Vec<String> {
        self.session
            .revisions()
            .into_iter()
            .filter(|r| r.is_head)
            .map(|r| r.revision)
            .collect()
    }

    /// `alembic current`: the rows of the version table.
    pub fn current(&self) -> Vec<String> {
        self.session.current()
    }

    /// Every revision, in `alembic history` order (newest first).
    pub fn history(&self) -> Vec<Ts<Revision>> {
        self.session
            .revisions()
            .into_iter()
            .filter_map(|r| Revision::from(r).into_ts().ok())
            .collect()
    }

    /// `alembic history -i`'s text, the current revisions marked.
    #[wasm_bindgen(js_name = historyText)]
    pub fn history_text(&self) -> JsResult<String> {
        self.session
            .history()
            .map_err(|e| retort_error(&e, &self.paths))
    }

    /// What going to `target` would run (upgrades, else downgrades), without running it.
    pub fn plan(&self, target: &str) -> JsResult<Ts<Plan>> {
        let up = self.session.plan(Direction::Upgrade, target);
        let plan = match up {
            Ok(steps) if !steps.is_empty() => Plan {
                direction: "upgrade",
                steps,
            },
            up => match self.session.plan(Direction::Downgrade, target) {
                Ok(steps) => Plan {
                    direction: "downgrade",
                    steps,
                },
                // Neither: the upgrade's reason, unless the upgrade had nothing to do.
                Err(e) => return Err(retort_error(&up.err().unwrap_or(e), &self.paths)),
            },
        };
        into_js(plan)
    }

    /// `alembic upgrade target`, one step at a time, each in its own transaction: a failing
    /// step is rolled back whole and ends the run (`failure`), the steps before it stay.
    pub fn upgrade(&self, target: &str) -> JsResult<Ts<RunResult>> {
        self.run(Direction::Upgrade, target)
    }

    /// `alembic downgrade target`, as `upgrade`.
    pub fn downgrade(&self, target: &str) -> JsResult<Ts<RunResult>> {
        self.run(Direction::Downgrade, target)
    }

    /// `alembic stamp target`: the version table only.
    pub fn stamp(&self, target: &str) -> JsResult<Ts<RunResult>> {
        self.run(Direction::Stamp, target)
    }

    fn run(&self, direction: Direction, target: &str) -> JsResult<Ts<RunResult>> {
        let report = self.session.run(direction, target);
        // A target that cannot be planned ran nothing: an error, not a failed step.
        if let Some(f) = &report.failure
            && f.description.is_none()
            && report.steps.is_empty()
        {
            return Err(retort_error(&f.message, &self.paths));
        }
        into_js(RunResult::new(report, &self.paths))
    }

    /// `alembic upgrade start:end --sql` (or `downgrade`, with `downgrade: true`): the
    /// offline script, rendered on a scratch database.
    #[wasm_bindgen(js_name = offlineSql)]
    pub fn offline_sql(&self, range: &str, downgrade: Option<bool>) -> JsResult<String> {
        let direction = match downgrade {
            Some(true) => Direction::Downgrade,
            _ => Direction::Upgrade,
        };
        self.session
            .offline_sql(direction, range)
            .map_err(|e| retort_error(&e, &self.paths))
    }

    /// The database's tables (the version table too) and `sqlite_master`.
    pub fn schema(&self) -> JsResult<Ts<Schema>> {
        let master = self
            .session
            .db
            .schema()
            .map_err(|e| retort_error(&e.to_string(), &[]))?;
        into_js(Schema::new(self.session.snapshot(), master))
    }

    /// A read-only query (`SELECT`, `PRAGMA` reads); anything that would write is refused.
    pub fn query(&self, sql: &str) -> JsResult<Ts<QueryResult>> {
        let (columns, rows) = self.session.query(sql).map_err(|e| retort_error(&e, &[]))?;
        into_js(QueryResult { columns, rows })
    }

    /// Seed data: one INSERT, UPDATE, DELETE or REPLACE, in its own transaction. Returns the
    /// number of rows it changed.
    pub fn seed(&self, sql: &str) -> JsResult<usize> {
        self.session.seed(sql).map_err(|e| retort_error(&e, &[]))
    }

    /// `retort verify`: the history upgraded, downgraded and upgraded again, each revision
    /// on a throwaway database, and the SQLite lint rules.
    pub fn verify(&self, options: Option<Ts<VerifyOptions>>) -> JsResult<Ts<VerifyReport>> {
        let options = from_js(options, "verify options")?;
        into_js(VerifyReport::from(self.session.verify(options.from_here)))
    }

    /// A share link's fragment (`s=1....`) for the project at `revision` (base if not given).
    pub fn share(&self, revision: Option<String>) -> String {
        retort_engine::share::encode(&self.session.files, revision.as_deref())
    }

    /// `alembic revision -m message`: the new file, rendered from `script.py.mako` (nothing
    /// is added to the project; open it again with the file to add it).
    pub fn revision(
        &self,
        message: &str,
        options: Option<Ts<RevisionOptions>>,
    ) -> JsResult<Ts<NewRevision>> {
        let (rev_id, date) = self.new_revision_id(options)?;
        let (path, text) = self
            .session
            .new_revision(message, Vec::new(), rev_id, date)
            .map_err(|e| retort_error(&e, &self.paths))?;
        into_js(NewRevision {
            path,
            text,
            log: Vec::new(),
        })
    }

    /// `alembic revision --autogenerate -m message`: env.py's models compared with this
    /// database (which must be at head), the new file as Alembic writes it.
    pub fn autogenerate(
        &self,
        message: &str,
        options: Option<Ts<RevisionOptions>>,
    ) -> JsResult<Ts<NewRevision>> {
        let (rev_id, date) = self.new_revision_id(options)?;
        let (path, text, log) = self
            .session
            .autogenerate(message, rev_id, date)
            .map_err(|e| retort_error(&e, &self.paths))?;
        into_js(NewRevision { path, text, log })
    }

    fn new_revision_id(
        &self,
        options: Option<Ts<RevisionOptions>>,
    ) -> JsResult<(String, CreateDate)> {
        let options = from_js(options, "revision options")?;
        let rev_id = options.rev_id.unwrap_or_else(|| {
            (0..12)
                .map(|_| format!("{:x}", (js_sys::Math::random() * 16.0) as u32 & 15))
                .collect()
        });
        let ms = options.date.unwrap_or_else(js_sys::Date::now);
        let local_offset = -(js_sys::Date::new(&ms.into()).get_timezone_offset() as i64) * 60;
        let date = CreateDate::at(
            (ms * 1000.0) as i64,
            local_offset,
            self.session.timezone.as_deref(),
        )
        .map_err(|e| retort_error(&e, &[]))?;
        Ok((rev_id, date))
    }

    /// Works on a copy of a database file from now on (its bytes; its version table must
    /// name revisions of this project). Returns what to know of the copy.
    #[wasm_bindgen(js_name = openDatabase)]
    pub fn open_database(&mut self, bytes: &[u8], name: Option<String>) -> JsResult<Vec<String>> {
        let name = name.unwrap_or_else(|| "database.sqlite".to_owned());
        self.session
            .open_database(&name, bytes.len(), bytes)
            .map_err(|e| retort_error(&e, &[]))
    }

    /// The database as a file's bytes, as it stands.
    #[wasm_bindgen(js_name = databaseImage)]
    pub fn database_image(&self) -> JsResult<Vec<u8>> {
        self.session
            .database_image()
            .map_err(|e| retort_error(&e, &[]))
    }
}
