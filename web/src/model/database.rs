//! A user's database in the page: a copy of a dropped or picked SQLite file that the steps run
//! on (the file itself is never written), saved as a download as it stands, compared with its
//! history (drift), and kept in IndexedDB so that a reload starts from it again. The journal
//! then begins with `database NAME`; a link never carries the database.

use leptos::prelude::*;
use retort_engine::ProjectFiles;
use retort_engine::session::{Direction, Session};

use super::Page;
use crate::db_file::{self, Reader};
use crate::journal::Action;
use crate::storage;

/// A drift check's answer: the revisions compared at and the differences, or why it could
/// not run.
pub type DriftFound = Result<(String, Vec<String>), String>;

/// The database file the session started from.
#[derive(Clone, PartialEq)]
pub struct LoadedDatabase {
    pub name: String,
    pub size: usize,
    /// What the user should know of the copy (a WAL-mode file, ...).
    pub notes: Vec<String>,
    /// Why the browser did not keep it for the next visit, if it did not.
    pub not_kept: Option<String>,
}

impl Page {
    /// The user's database the steps run on (`None`: a throwaway empty one).
    pub fn database(&self) -> ReadSignal<Option<LoadedDatabase>> {
        self.database.read_only()
    }

    /// A database file dropped or picked: `files` (else the current project's) open on a
    /// copy of it, where its version table stands; the file is kept for the next visit. A
    /// file that does not open, or names revisions the project does not have, changes nothing.
    pub fn load_database(
        &self,
        files: Option<ProjectFiles>,
        name: String,
        bytes: js_sys::Uint8Array,
    ) {
        let keep_files = files.is_some();
        let files = files.unwrap_or_else(|| self.session.files());
        let size = bytes.length() as usize;
        let opened = Session::open(files).and_then(|mut s| {
            let notes = s.open_database(&name, size, Reader::new(bytes.clone()))?;
            Ok((s, notes))
        });
        let (session, notes) = match opened {
            Ok(o) => o,
            Err(e) => return self.load_error.set(Some(e)),
        };
        self.load_error.set(None);
        if keep_files {
            storage::keep_files(&session.files);
        }
        self.database_bytes.set_value(Some(bytes.clone()));
        self.database.set(Some(LoadedDatabase {
            name: name.clone(),
            size,
            notes,
            not_kept: None,
        }));
        self.drift.set(None);
        self.replace_session(session, vec![Action::Database(name.clone())], None);
        let page = *self;
        leptos::task::spawn_local(async move {
            if let Err(e) = db_file::keep_file(&name, &bytes).await {
                page.database.update(|d| {
                    if let Some(d) = d {
                        d.not_kept = Some(e);
                    }
                });
            }
        });
    }

    /// A new session of `files` on the loaded database, with the journal that brings it to
    /// where the page's session stands (`keep_position`), or `None` without a database.
    /// `Err`: the database does not fit these files (it names revisions they do not have).
    pub(super) fn on_loaded_database(
        &self,
        session: &mut Session,
        keep_position: bool,
    ) -> Option<Result<Vec<Action>, String>> {
        let bytes = self.database_bytes.get_value()?;
        let name = self.database.get_untracked()?.name;
        let position = self.session.with(|s| s.current());
        Some(
            session
                .open_database(&name, bytes.length() as usize, Reader::new(bytes))
                .map(|_| {
                    let mut actions = vec![Action::Database(name)];
                    if keep_position {
                        actions.extend(moves_to(session, position));
                    }
                    actions
                }),
        )
    }

    /// The page opened with a journal that starts from a database file: the kept file is
    /// read back (asynchronously), then the journal is done again. A file the browser no
    /// longer keeps is said, and the project opens on an empty database.
    pub(super) fn restore_database(&self, name: String) {
        let page = *self;
        leptos::task::spawn_local(async move {
            let kept = db_file::kept_file().await.filter(|(n, _)| *n == name);
            let restored = kept.map(|(name, bytes)| {
                let size = bytes.length() as usize;
                page.session
                    .update(|s| s.open_database(&name, size, Reader::new(bytes.clone())))
                    .map(|notes| {
                        (
                            bytes,
                            LoadedDatabase {
                                name,
                                size,
                                notes,
                                not_kept: None,
                            },
                        )
                    })
            });
            match restored {
                Some(Ok((bytes, loaded))) => {
                    page.database_bytes.set_value(Some(bytes));
                    page.database.set(Some(loaded));
                }
                other => {
                    let why = match other {
                        Some(Err(e)) => e,
                        _ => "this browser no longer keeps it".into(),
                    };
                    page.load_error.set(Some(format!(
                        "The database {name} of the last visit could not be opened again ({why}): the project opened on an empty database. Drop the file again to go on with it."
                    )));
                    page.journal.set(Vec::new());
                }
            }
            page.replay(None);
        });
    }

    /// Back to an empty database, the project kept; the kept file is forgotten.
    pub fn forget_database(&self) {
        self.drop_database();
        self.open_project(self.session.files(), false, false);
    }

    /// No database from now on (Reset, forget).
    pub(super) fn drop_database(&self) {
        self.database.set(None);
        self.database_bytes.set_value(None);
        self.drift.set(None);
        db_file::forget_file();
    }

    /// Saves the database as it stands as a file: `app.<revision>.db` (`base` when empty).
    pub fn download_database(&self) {
        let Some(loaded) = self.database.get_untracked() else {
            return;
        };
        match self.session.with(|s| s.database_image()) {
            Ok(bytes) => {
                let (stem, ext) = loaded.name.rsplit_once('.').unwrap_or((&loaded.name, "db"));
                let current = self.session.with(|s| s.current());
                let at = if current.is_empty() {
                    "base".to_owned()
                } else {
                    current.join("+")
                };
                db_file::save(&format!("{stem}.{at}.{ext}"), &bytes);
            }
            Err(e) => self
                .load_error
                .set(Some(format!("The database could not be saved: {e}"))),
        }
    }

    /// Compares the database with what its history builds at the revisions it names.
    pub fn check_drift(&self) {
        let found = self.session.with(|s| {
            s.drift().map(|d| {
                let at = if d.revisions.is_empty() {
                    "base".to_owned()
                } else {
                    d.revisions.join(", ")
                };
                (at, d.differences())
            })
        });
        self.drift.set(Some(found));
    }

    /// The last drift check: the revisions compared at and the differences, or why it failed.
    pub fn drift(&self) -> ReadSignal<Option<DriftFound>> {
        self.drift.read_only()
    }
}

/// The runs that bring `session` (where its database stands) to `position`: up to each of
/// those revisions, else down to it; down to base for no revision.
fn moves_to(session: &Session, position: Vec<String>) -> Vec<Action> {
    if position.is_empty() {
        return vec![Action::Downgrade("base".into())];
    }
    position
        .into_iter()
        .map(|rev| match session.plan(Direction::Upgrade, &rev) {
            Ok(p) if !p.is_empty() => Action::Upgrade(rev),
            _ if session.current().contains(&rev) => Action::Upgrade(rev),
            _ => Action::Downgrade(rev),
        })
        .collect()
}
