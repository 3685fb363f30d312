//! Loading a project into the page: dropped, picked or edited files, a `.retort` file, a new
//! revision from `script.py.mako`, or the example again (Reset). A new session replaces the
//! old one, at the same position where asked; a project that does not load changes nothing.

use leptos::prelude::*;
use retort_engine::ProjectFiles;
use retort_engine::session::Session;

use super::{Page, Tab, open};
use crate::dropped::Dropped;
use crate::journal::{self, Action};
use crate::storage;

impl Page {
    /// A new set of files (dropped, picked, edited): a new session, kept, brought to the same
    /// position (`keep_position`) where those revisions still exist. A set that does not load
    /// changes nothing.
    pub fn load(&self, files: ProjectFiles, keep_position: bool) {
        self.open_project(files, keep_position, true);
    }

    pub(super) fn open_project(&self, files: ProjectFiles, keep_position: bool, keep_files: bool) {
        let position = if keep_position {
            self.session.with(|s| s.current())
        } else {
            Vec::new()
        };
        match Session::open(files) {
            Err(e) => self.load_error.set(Some(e)),
            Ok(mut new) => {
                self.load_error.set(None);
                if keep_files {
                    storage::keep_files(&new.files);
                }
                // Where the old project was, by revision, then its seed rows again (added
                // where the database now stands: a row a changed revision no longer fits is
                // said, not lost silently). On the user's database, from where the file stands.
                let seeds: Vec<Action> = if keep_position {
                    self.journal.with_untracked(|j| {
                        j.iter()
                            .filter(|a| matches!(a, Action::Seed(_)))
                            .cloned()
                            .collect()
                    })
                } else {
                    Vec::new()
                };
                let actions = match self.on_loaded_database(&mut new, keep_position) {
                    None => position
                        .into_iter()
                        .map(Action::Upgrade)
                        .chain(seeds)
                        .collect(),
                    Some(Ok(actions)) => actions,
                    Some(Err(e)) => {
                        let name = self
                            .database
                            .get_untracked()
                            .map(|d| d.name)
                            .unwrap_or_default();
                        self.drop_database();
                        self.load_error.set(Some(format!(
                            "The database {name} does not fit this project ({e}): the project opened on an empty database."
                        )));
                        Vec::new()
                    }
                };
                self.drift.set(None);
                self.replace_session(new, actions, keep_position.then_some("edited project"));
            }
        }
    }

    /// The page's session becomes `new`, brought to where `actions` lead (a run a slice at a
    /// time); a run of the old session stops with it. `asked_by` (`"link"`, `"file"`): who
    /// asked for that position, to be told when it cannot be reached.
    pub(super) fn replace_session(
        &self,
        new: Session,
        actions: Vec<Action>,
        asked_by: Option<&'static str>,
    ) {
        self.running.set_value(false);
        self.progress.set(None);
        self.drop_background_job();
        self.session.replace(new);
        self.journal.set(actions);
        self.report.set(None);
        self.refresh();
        self.replay(asked_by);
        self.prepare_when_idle();
    }

    /// A drop or a pick is being read (a large database file takes a moment): said until
    /// what it read is loaded.
    pub fn reading(&self) {
        self.load_error.set(None);
        self.load_note
            .set(Some("Reading what was dropped or picked…".into()));
    }

    /// What a drop or a pick read: a project's files, or one `.retort` file (a share link's
    /// fragment, saved), which opens at its position.
    pub fn load_dropped(&self, dropped: Result<Dropped, String>) {
        let (pairs, database) = match dropped {
            Ok(d) => {
                self.load_note.set(Some(d.summary));
                (d.pairs, d.database)
            }
            Err(e) => {
                self.load_error.set(Some(e));
                return;
            }
        };
        if let Some((name, bytes)) = database {
            let files = (!pairs.is_empty()).then(|| {
                let mut files = ProjectFiles::new();
                for (p, t) in pairs {
                    files.insert(p, t);
                }
                files
            });
            return self.load_database(files, name, bytes);
        }
        if pairs.is_empty() {
            self.load_error.set(Some(
                "no .py, .ini or .mako files in what was dropped (a folder, files, or a .zip of them), and no database file (.db, .sqlite, .sqlite3)".into(),
            ));
            return;
        }
        if let [(path, text)] = pairs.as_slice()
            && path.ends_with(".retort")
        {
            match retort_engine::share::decode(text.trim()) {
                Ok(shared) => match Session::open(shared.files) {
                    Err(e) => self.load_error.set(Some(e)),
                    Ok(new) => {
                        self.load_error.set(None);
                        self.drop_database();
                        storage::keep_files(&new.files);
                        let actions = journal::decode_link(&shared.revision.unwrap_or_default());
                        self.replace_session(new, actions, Some("file"));
                    }
                },
                Err(e) => self.load_error.set(Some(e)),
            }
            return;
        }
        let mut files = ProjectFiles::new();
        for (p, t) in pairs {
            files.insert(p, t);
        }
        self.load(files, false);
        self.tab.set(Tab::Files);
    }

    /// Saves an edited file and reloads the project at the same position.
    pub fn save_file(&self, path: String, text: String) {
        let mut files = self.session.files();
        files.insert(path, text);
        self.load(files, true);
    }

    /// Adds a revision file named `name` (`.py` added; a default name if empty) beside the
    /// others, and reloads at the same position. Returns its path.
    pub fn add_file(&self, name: &str, text: String) -> String {
        let mut name = name.trim().to_owned();
        if name.is_empty() {
            name = "new_revision.py".into();
        }
        if !name.ends_with(".py") {
            name.push_str(".py");
        }
        let path = match self.session.versions_dir() {
            Some(d) => format!("{d}/{name}"),
            None => format!("versions/{name}"),
        };
        self.save_file(path.clone(), text);
        path
    }

    /// A new revision file from `script.py.mako` (over `heads`: a merge when there are
    /// several), added and loaded at the same position. Its path and text.
    pub fn new_revision(
        &self,
        message: &str,
        heads: Vec<String>,
    ) -> Result<(String, String), String> {
        let (path, text) = self.session.with(|s| {
            s.new_revision(message, heads, random_rev_id(), now(s.timezone.as_deref())?)
        })?;
        self.save_file(path.clone(), text.clone());
        Ok((path, text))
    }

    /// `revision --autogenerate -m message`: the project's models compared with the
    /// database (at head), the new revision added and loaded at the same position. Its path,
    /// text and what Alembic would log (what it detected).
    pub fn autogenerate(&self, message: &str) -> Result<(String, String, Vec<String>), String> {
        let (path, text, log) = self
            .session
            .with(|s| s.autogenerate(message, random_rev_id(), now(s.timezone.as_deref())?))?;
        self.save_file(path.clone(), text.clone());
        Ok((path, text, log))
    }

    /// Back to the embedded example, on an empty database; nothing kept.
    pub fn reset(&self) {
        storage::forget_project();
        self.drop_database();
        self.open_project(open::example_project(), false, false);
    }
}

/// A revision id as Alembic makes one (12 hex digits), from the browser's randomness.
fn random_rev_id() -> String {
    (0..12)
        .map(|_| format!("{:x}", (js_sys::Math::random() * 16.0) as u32 & 15))
        .collect()
}

/// Now, as Alembic's `Create Date`: the browser's local time without a `timezone` setting,
/// UTC with `timezone = UTC`.
fn now(timezone: Option<&str>) -> Result<retort_engine::script::CreateDate, String> {
    let d = js_sys::Date::new_0();
    let local_offset = -(d.get_timezone_offset() as i64) * 60;
    retort_engine::script::CreateDate::at((d.get_time() * 1000.0) as i64, local_offset, timezone)
}
