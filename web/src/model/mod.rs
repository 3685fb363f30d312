//! The page's model, apart from its views: the session and the signals the views read, with
//! the actions that change them (run, go to a revision, seed, load a project, reset, share).
//! Views read the signals and call these methods; effects here only keep localStorage in step.

mod background;
mod database;
mod learn;
mod load;
mod open;
mod review;
mod running;
mod session;

use leptos::prelude::*;
use retort_engine::session::{Direction, RunReport};

use crate::journal::{self, Action};
use crate::storage;
pub use database::LoadedDatabase;
pub use review::Reviewed;
pub use running::Progress;
pub use session::{SessionCell, Shown};

/// The panel's tabs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Steps,
    Schema,
    Data,
    Offline,
    History,
    Files,
    Verify,
}

/// The page's state. Copyable: a handle on the reactive arena, passed to every view.
#[derive(Clone, Copy)]
pub struct Page {
    /// The project and its database.
    pub session: SessionCell,
    /// What was done since the project was opened; kept, replayed on load, shared.
    journal: RwSignal<Vec<Action>>,
    shown: RwSignal<Shown>,
    report: RwSignal<Option<RunReport>>,
    tab: RwSignal<Tab>,
    busy_ms: RwSignal<Option<f64>>,
    load_error: RwSignal<Option<String>>,
    load_note: RwSignal<Option<String>>,
    set_aside: RwSignal<bool>,
    share: RwSignal<Option<String>>,
    /// A file and line the editor is to show (from a Verify finding).
    goto: RwSignal<Option<(String, usize)>>,
    schema_diagram: RwSignal<bool>,
    /// The run in progress, once it has taken longer than a frame.
    progress: RwSignal<Option<Progress>>,
    /// A run is in progress (another waits for it), and whether it is to stop.
    running: StoredValue<bool>,
    cancel: StoredValue<bool>,
    /// The user's database file the session started from, and its bytes.
    database: RwSignal<Option<LoadedDatabase>>,
    database_bytes: StoredValue<Option<js_sys::Uint8Array>, LocalStorage>,
    drift: RwSignal<Option<database::DriftFound>>,
    /// The pull request's review the link asked for.
    review: RwSignal<Option<Reviewed>>,
    /// Learn mode: lessons, progress, what the checks have seen.
    learn: learn::Learn,
    /// The engine's worker, for long runs and Verify.
    background: background::Background,
}

impl Page {
    /// The page as a link, this browser's kept project or the example opens it. `Err`: not
    /// even the example loads.
    pub fn open() -> Result<Page, String> {
        let opened = open::open()?;
        let session = SessionCell::new(opened.session);
        let page = Page {
            session,
            journal: RwSignal::new(opened.journal),
            shown: RwSignal::new(session.shown()),
            report: RwSignal::new(None),
            tab: RwSignal::new(Tab::Steps),
            busy_ms: RwSignal::new(None),
            load_error: RwSignal::new(opened.message),
            load_note: RwSignal::new(None),
            set_aside: RwSignal::new(opened.set_aside || storage::has_set_aside()),
            share: RwSignal::new(None),
            goto: RwSignal::new(None),
            schema_diagram: RwSignal::new(storage::schema_diagram()),
            progress: RwSignal::new(None),
            running: StoredValue::new(false),
            cancel: StoredValue::new(false),
            database: RwSignal::new(None),
            database_bytes: StoredValue::new_local(None),
            drift: RwSignal::new(None),
            review: RwSignal::new(None),
            learn: learn::Learn::kept(),
            background: background::Background::new(),
        };
        page.sync_storage();
        page.keep_learning();
        match page.journal.with_untracked(|j| j.first().cloned()) {
            Some(Action::Database(name)) => page.restore_database(name),
            _ => page.replay(opened.from_link.then_some("link")),
        }
        page.prepare_when_idle();
        Ok(page)
    }

    /// Once the page has drawn, runs what the first step would otherwise wait for (env.py's
    /// offline branch, which may import the project's models).
    fn prepare_when_idle(&self) {
        let session = self.session;
        set_timeout(
            move || session.with(|s| s.prepare_offline()),
            std::time::Duration::ZERO,
        );
    }

    /// What changes is kept: the journal, the schema tab's view (not their first values,
    /// which came from storage or were written there when the page opened).
    fn sync_storage(self) {
        let journal = self.journal;
        Effect::new(move |ran: Option<()>| {
            journal.with(|j| {
                if ran.is_some() {
                    storage::keep_journal(j);
                }
            });
        });
        let diagram = self.schema_diagram;
        Effect::new(move |ran: Option<()>| {
            let on = diagram.get();
            if ran.is_some() {
                storage::keep_schema_diagram(on);
            }
        });
    }

    // What the views read.

    pub fn shown(&self) -> ReadSignal<Shown> {
        self.shown.read_only()
    }
    /// The last run's report (`None`: nothing ran since the project was opened).
    pub fn report(&self) -> ReadSignal<Option<RunReport>> {
        self.report.read_only()
    }
    pub fn tab(&self) -> ReadSignal<Tab> {
        self.tab.read_only()
    }
    /// How long the last step took, in milliseconds.
    pub fn busy_ms(&self) -> ReadSignal<Option<f64>> {
        self.busy_ms.read_only()
    }
    /// Why the last project, link or drop did not load (or its position was not reached).
    pub fn load_error(&self) -> ReadSignal<Option<String>> {
        self.load_error.read_only()
    }
    /// What the last drop or pick read and left out.
    pub fn load_note(&self) -> ReadSignal<Option<String>> {
        self.load_note.read_only()
    }
    /// Is there a project a link set aside, to restore or discard?
    pub fn set_aside(&self) -> ReadSignal<bool> {
        self.set_aside.read_only()
    }
    /// The share link just made.
    pub fn share(&self) -> ReadSignal<Option<String>> {
        self.share.read_only()
    }
    pub fn schema_diagram(&self) -> ReadSignal<bool> {
        self.schema_diagram.read_only()
    }
    /// The SQLite version the session runs on.
    pub fn sqlite_version(&self) -> String {
        self.session
            .with(|s| s.db.sqlite_version().unwrap_or_default())
    }
    /// The notes the project's env.py left (settings Retort could not read, ...).
    pub fn notes(&self) -> Vec<String> {
        self.session.with(|s| s.notes.clone())
    }

    // Actions.

    pub fn select_tab(&self, tab: Tab) {
        self.tab.set(tab);
        self.observe_learning();
    }

    pub fn show_diagram(&self, on: bool) {
        self.schema_diagram.set(on);
    }

    pub fn close_share(&self) {
        self.share.set(None);
    }

    fn record(&self, action: Action) {
        self.journal.update(|j| j.push(action));
    }

    fn refresh(&self) {
        self.shown.set(self.read_shown());
        self.observe_learning();
    }

    /// [`Page::refresh`], drawing again only if something moved since the page last read it
    /// (a thousand revisions' list takes the page a while).
    fn refresh_if_moved(&self) {
        let shown = self.read_shown();
        if self.shown.with_untracked(|before| *before != shown) {
            self.shown.set(shown);
        }
        self.observe_learning();
    }

    /// What the page shows, read again where it changed since it was last read.
    fn read_shown(&self) -> Shown {
        self.shown
            .with_untracked(|before| self.session.shown_since(&before.schema))
    }

    /// Goes to a revision: up if it is above, else down.
    pub fn go_to(&self, rev: String) {
        let up = self.session.with(|s| s.plan(Direction::Upgrade, &rev));
        match up {
            Ok(p) if !p.is_empty() => self.run(Direction::Upgrade, rev),
            _ => self.run(Direction::Downgrade, rev),
        }
    }

    /// Changes rows (a seed statement), recorded: the number of rows changed.
    pub fn seed(&self, sql: String) -> Result<usize, String> {
        let n = self.session.with(|s| s.seed(&sql))?;
        self.record(Action::Seed(sql));
        self.refresh();
        Ok(n)
    }

    /// Opens a file in the editor at a line (a Verify finding's link).
    pub fn open_file(&self, path: String, line: usize) {
        self.goto.set(Some((path, line)));
        self.tab.set(Tab::Files);
    }

    /// The file the editor is to open, if a link asked for one.
    pub fn goto_file(&self) -> Option<String> {
        self.goto.get_untracked().map(|(path, _)| path)
    }

    /// The line the editor is to select, if a link asked for one (asked once).
    pub fn take_goto_line(&self) -> Option<usize> {
        let (_, line) = self.goto.get_untracked()?;
        self.goto.set(None);
        Some(line)
    }

    /// Runs the step a Verify finding is about (`downgrade`: its downgrade), so that the
    /// Steps tab shows it: the page stands just before the step, then takes it.
    pub fn show_step(&self, rev: String, downgrade: bool) {
        // What the page shows already says where the session stands.
        let v = self.shown.get_untracked();
        let applied = v.applied().contains(&rev);
        let parent = v
            .revisions
            .iter()
            .find(|r| r.revision == rev)
            .and_then(|r| r.down_revision.first().cloned())
            .unwrap_or_else(|| "base".into());
        let mut runs = Vec::new();
        if downgrade {
            if !applied {
                runs.push((Direction::Upgrade, rev.clone()));
            }
            runs.push((Direction::Downgrade, parent));
        } else {
            if applied {
                runs.push((Direction::Downgrade, parent));
            }
            runs.push((Direction::Upgrade, rev));
        }
        self.run_all(runs);
    }

    /// A link that opens these files at this position (the journal, so seed rows travel
    /// with the revisions), copied to the clipboard when it is short enough to be a link.
    pub fn make_share_link(&self) {
        // A link cannot carry the user's database: it opens the project at the same
        // revisions, on an empty database.
        let position = if self.database.with_untracked(Option::is_some) {
            let at: Vec<Action> = self
                .session
                .with(|s| s.current())
                .into_iter()
                .map(Action::Upgrade)
                .collect();
            journal::encode_link(&at)
        } else {
            self.journal.with_untracked(|j| journal::encode_link(j))
        };
        let fragment = self
            .session
            .with(|s| retort_engine::share::encode(&s.files, position.as_deref()));
        let base = window().location().href().unwrap_or_default();
        let base = base.split('#').next().unwrap_or_default().to_owned();
        let link = format!("{base}#{fragment}");
        if fragment.len() <= retort_engine::share::MAX_FRAGMENT {
            let _ = window().navigator().clipboard().write_text(&link);
        }
        self.share.set(Some(link));
    }

    /// The project a link set aside becomes the kept one again; the page reloads into it.
    pub fn restore_set_aside(&self) {
        storage::restore_set_aside();
        self.set_aside.set(false);
        let _ = window().location().reload();
    }

    pub fn forget_set_aside(&self) {
        storage::forget_set_aside();
        self.set_aside.set(false);
    }
}

/// The browser's clock, in milliseconds (for timing actions).
pub fn now_ms() -> Option<f64> {
    window().performance().map(|p| p.now())
}
