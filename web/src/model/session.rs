//! The engine's session as the page holds it: one `Session` in the reactive arena (replaced
//! whole when a project is loaded), and [`Shown`], what the page shows of it, read again
//! after every action.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use retort_engine::ProjectFiles;
use retort_engine::inspect::Snapshot;
use retort_engine::session::{Direction, RevisionItem, Session};

/// The session: a copyable handle on the one `Session` of the page, with a count of the
/// sessions it has held (a run in progress belongs to one of them).
#[derive(Clone, Copy)]
pub struct SessionCell(StoredValue<Session, LocalStorage>, StoredValue<u32>);

impl SessionCell {
    pub fn new(s: Session) -> SessionCell {
        SessionCell(StoredValue::new_local(s), StoredValue::new(0))
    }

    /// Which session this is: changes when a project replaces it.
    pub fn generation(&self) -> u32 {
        self.1.get_value()
    }

    /// `f` of the session.
    pub fn with<R>(&self, f: impl FnOnce(&Session) -> R) -> R {
        self.0.with_value(f)
    }

    /// `f` of the session, which it may change (open a database in it).
    pub(super) fn update<R>(&self, f: impl FnOnce(&mut Session) -> R) -> R {
        let mut f = Some(f);
        self.0
            .try_update_value(|s| (f.take().unwrap())(s))
            .expect("the page's session lives as long as the page")
    }

    pub(super) fn replace(&self, s: Session) {
        self.0.set_value(s);
        self.1.update_value(|g| *g += 1);
    }

    /// What the page shows of the session now.
    pub fn shown(&self) -> Shown {
        self.with(|s| Shown::read(s, None))
    }

    /// What the page shows of the session now, the schema read again only where it changed
    /// since it was `schema` (after a run over a thousand tables, only those it touched).
    pub fn shown_since(&self, schema: &Snapshot) -> Shown {
        self.with(|s| Shown::read(s, Some(schema)))
    }

    /// What going to `rev` would run: upgrades, else downgrades (or why neither can).
    pub fn plan_to(&self, rev: &str) -> Vec<String> {
        self.with(|s| match s.plan(Direction::Upgrade, rev) {
            Ok(p) if !p.is_empty() => p,
            _ => s
                .plan(Direction::Downgrade, rev)
                .unwrap_or_else(|e| vec![e]),
        })
    }

    /// A copy of the project's files.
    pub fn files(&self) -> ProjectFiles {
        self.with(|s| s.files.clone())
    }

    /// The models against the history at its heads (`alembic check`), once per project:
    /// `None` without models, else what autogenerate would detect.
    pub fn models_check(&self) -> Option<Result<Vec<String>, String>> {
        self.with(|s| s.models_check())
    }

    /// The project's file paths.
    pub fn paths(&self) -> Vec<String> {
        self.with(|s| s.files.paths().map(str::to_owned).collect())
    }

    /// A file's text (empty if there is no such file).
    pub fn file(&self, path: &str) -> String {
        self.with(|s| s.files.get(path).unwrap_or_default().to_owned())
    }

    /// The folder of the revision files (that of the first one), if there is one.
    pub fn versions_dir(&self) -> Option<String> {
        self.with(|s| {
            s.dir
                .scripts
                .first()
                .and_then(|sc| sc.path.rsplit_once('/').map(|(d, _)| d.to_owned()))
        })
    }
}

/// What the page shows, refreshed from the session after every action.
#[derive(Clone, Default, PartialEq)]
pub struct Shown {
    pub revisions: Vec<RevisionItem>,
    pub current: Vec<String>,
    pub schema: Snapshot,
    /// `sqlite_master`, a paragraph per object: type, name, table, then its SQL.
    pub master: String,
}

impl Shown {
    fn read(s: &Session, before: Option<&Snapshot>) -> Shown {
        let master =
            s.db.schema()
                .map(|objs| {
                    objs.iter()
                        .map(|o| {
                            format!(
                                "{} {} {}\n{}\n",
                                o.kind,
                                o.name,
                                o.table,
                                o.sql.as_deref().unwrap_or("NULL")
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default();
        Shown {
            revisions: s.revisions(),
            current: s.current(),
            schema: match before {
                Some(b) => s.snapshot_since(b),
                None => s.snapshot(),
            },
            master,
        }
    }

    /// Revisions at or below the current ones (those whose upgrade has run).
    pub fn applied(&self) -> HashSet<String> {
        let by_id: HashMap<&str, &RevisionItem> = self
            .revisions
            .iter()
            .map(|r| (r.revision.as_str(), r))
            .collect();
        let mut out = HashSet::new();
        let mut stack: Vec<&str> = self.current.iter().map(String::as_str).collect();
        while let Some(id) = stack.pop() {
            if out.insert(id.to_owned())
                && let Some(r) = by_id.get(id)
            {
                stack.extend(r.down_revision.iter().map(String::as_str));
            }
        }
        out
    }

    /// The current position, in words.
    pub fn current_label(&self) -> String {
        if self.current.is_empty() {
            "base (empty database)".to_owned()
        } else {
            self.current.join(", ")
        }
    }

    /// The revisions that are heads.
    pub fn heads(&self) -> Vec<String> {
        self.revisions
            .iter()
            .filter(|r| r.is_head)
            .map(|r| r.revision.clone())
            .collect()
    }
}
