//! Learn mode: which lesson is shown, which one the page holds the starting state of, what
//! the page has seen since that lesson started (the checks that look back: a tab opened, a
//! step run, a failure), and which lessons are done. Kept across reloads.
//!
//! A check holds only on what the page observes of the learner's own actions: runs the
//! user asked for (a replay on opening is not one), tabs opened, files saved. The model's
//! actions report what they did (`observe_learning`); no effect watches the page.

use leptos::prelude::*;
use retort_engine::ProjectFiles;
use retort_engine::session::Session;

use super::{Page, Tab, open};
use crate::journal::Action;
use crate::lessons::{Check, Kind, LESSONS, Lesson};
use crate::storage;

/// Learn mode's state (a handle on signals: copyable).
#[derive(Clone, Copy)]
pub struct Learn {
    /// The Learn panel is open.
    open: RwSignal<bool>,
    /// The lesson shown (an index into [`LESSONS`]).
    shown: RwSignal<usize>,
    /// The lesson whose starting state the page holds, once started.
    active: RwSignal<Option<usize>>,
    /// What happened since the active lesson started: `tab history`, `ran upgrade`,
    /// `versions 2`, `failed <message>`.
    seen: RwSignal<Vec<String>>,
    /// The slugs of the lessons done.
    done: RwSignal<Vec<String>>,
}

impl Learn {
    /// Learn mode as the page kept it.
    pub(super) fn kept() -> Learn {
        let lines = storage::kept_learn();
        let value = |key: &str| {
            lines
                .iter()
                .find_map(|l| l.strip_prefix(key)?.strip_prefix(' '))
        };
        let index =
            |slug: Option<&str>| slug.and_then(|s| LESSONS.iter().position(|l| l.slug == s));
        Learn {
            open: RwSignal::new(lines.iter().any(|l| l == "open")),
            shown: RwSignal::new(index(value("shown")).unwrap_or(0)),
            active: RwSignal::new(index(value("active"))),
            seen: RwSignal::new(
                lines
                    .iter()
                    .filter_map(|l| l.strip_prefix("seen "))
                    .map(str::to_owned)
                    .collect(),
            ),
            done: RwSignal::new(
                lines
                    .iter()
                    .filter_map(|l| l.strip_prefix("done "))
                    .map(str::to_owned)
                    .collect(),
            ),
        }
    }

    /// What is kept, as lines.
    fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if self.open.get() {
            lines.push("open".to_owned());
        }
        lines.push(format!("shown {}", LESSONS[self.shown.get()].slug));
        if let Some(i) = self.active.get() {
            lines.push(format!("active {}", LESSONS[i].slug));
        }
        lines.extend(self.seen.get().into_iter().map(|s| format!("seen {s}")));
        lines.extend(self.done.get().into_iter().map(|s| format!("done {s}")));
        lines
    }

    fn see(&self, what: String) {
        if self.active.get_untracked().is_some() && !self.seen.with_untracked(|s| s.contains(&what))
        {
            self.seen.update(|s| s.push(what));
        }
    }
}

/// The example project with a lesson's files added.
fn lesson_files(lesson: &Lesson) -> ProjectFiles {
    let mut files = open::example_project();
    for (path, text) in lesson.files {
        files.insert(*path, *text);
    }
    files
}

/// The text a lesson started with at `path` (its own file, else the example's).
fn start_text(lesson: &Lesson, path: &str) -> Option<&'static str> {
    lesson
        .files
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, text)| *text)
        .or_else(|| open::example_file(path))
}

impl Page {
    /// Keeps Learn mode's state in storage as it changes (called once).
    pub(super) fn keep_learning(self) {
        let learn = self.learn;
        Effect::new(move |ran: Option<()>| {
            let lines = learn.lines();
            if ran.is_some() {
                storage::keep_learn(&lines);
            }
        });
    }

    /// Records what the learner's last action left to see (the model's actions call it: a
    /// tab opened, a run the user asked for, a project loaded), for the checks that look
    /// back, and marks the active lesson done once all its checks hold.
    pub(super) fn observe_learning(&self) {
        let learn = self.learn;
        let Some(i) = learn.active.get_untracked() else {
            return;
        };
        let tab = match self.tab.get_untracked() {
            Tab::Steps => "steps",
            Tab::Schema => "schema",
            Tab::Data => "data",
            Tab::Offline => "offline",
            Tab::History => "history",
            Tab::Files => "files",
            Tab::Verify => "verify",
        };
        learn.see(format!("tab {tab}"));
        if let Some(r) = self.report.get_untracked() {
            for step in &r.steps {
                let verb = step.description.split(' ').next().unwrap_or_default();
                learn.see(format!("ran {verb}"));
            }
            if let Some(f) = &r.failure {
                learn.see(format!("failed {}", f.message));
            }
        }
        learn.see(format!(
            "versions {}",
            self.shown.with_untracked(|v| v.current.len())
        ));
        for check in LESSONS[i].checks {
            if check.kind == Kind::Query && untrack(|| self.query_gives(check.arg)) {
                learn.see(format!("query {}", check.arg));
            }
        }
        let slug = LESSONS[i].slug;
        if !learn.done.with_untracked(|d| d.iter().any(|s| s == slug))
            && untrack(|| self.lesson_checks(i)).iter().all(|&ok| ok)
        {
            learn.done.update(|d| d.push(slug.to_owned()));
        }
    }

    pub fn learn_open(&self) -> ReadSignal<bool> {
        self.learn.open.read_only()
    }

    pub fn toggle_learn(&self) {
        self.learn.open.update(|o| *o = !*o);
    }

    /// The lesson shown in the panel.
    pub fn lesson_shown(&self) -> ReadSignal<usize> {
        self.learn.shown.read_only()
    }

    pub fn show_lesson(&self, i: usize) {
        self.learn.shown.set(i.min(LESSONS.len() - 1));
    }

    /// The lesson the page holds the starting state of.
    pub fn lesson_active(&self) -> ReadSignal<Option<usize>> {
        self.learn.active.read_only()
    }

    pub fn lesson_done(&self, i: usize) -> bool {
        self.learn
            .done
            .with(|d| d.iter().any(|s| s == LESSONS[i].slug))
    }

    /// Starts lesson `i` (again): the example project with its files, at its revision; what
    /// was seen is forgotten. The project the page held is replaced, as Reset replaces it.
    pub fn start_lesson(&self, i: usize) {
        let lesson = &LESSONS[i];
        let files = lesson_files(lesson);
        match Session::open(files) {
            Err(e) => self
                .load_error
                .set(Some(format!("The lesson's project does not open: {e}"))),
            Ok(new) => {
                self.load_error.set(None);
                self.drop_database();
                let mut actions = match lesson.start {
                    "base" => Vec::new(),
                    rev => vec![Action::Upgrade(rev.to_owned())],
                };
                actions.extend(
                    lesson
                        .seed
                        .iter()
                        .map(|sql| Action::Seed((*sql).to_owned())),
                );
                // The project the page holds is set aside (to restore) unless it is the
                // example or a lesson's starting files, unchanged.
                let unchanged = self.session.with(|s| {
                    s.files == open::example_project()
                        || LESSONS.iter().any(|l| s.files == lesson_files(l))
                });
                if unchanged {
                    storage::keep_files(&new.files);
                } else if storage::keep_link(&new.files, &actions) == Some(true) {
                    self.set_aside.set(true);
                }
                self.learn.active.set(Some(i));
                self.learn.shown.set(i);
                self.learn.seen.set(Vec::new());
                self.tab.set(Tab::Steps);
                self.replace_session(new, actions, None);
                // What opening the lesson showed is not the learner's doing.
                self.learn.seen.set(Vec::new());
                self.report.set(None);
            }
        }
    }

    /// Whether `SQL = value` holds: the read-only query's first value, as text, is `value`
    /// (read again whenever what the page shows changes).
    fn query_gives(&self, arg: &str) -> bool {
        let Some((sql, want)) = arg.rsplit_once(" = ") else {
            return false;
        };
        self.shown.track();
        self.session.with(|s| {
            s.query(sql).is_ok_and(|(_, rows)| {
                rows.first()
                    .and_then(|r| r.first())
                    .is_some_and(|v| v == want)
            })
        })
    }

    /// A Verify run finished with findings of these rules (`RT003`, ...): the Verify tab
    /// reports it, for the checks that look at findings.
    pub fn verified(&self, codes: &[&str]) {
        let learn = self.learn;
        if learn.active.get_untracked().is_none() {
            return;
        }
        // "clean X" stands for the last run: dropped by a run that found X.
        learn.seen.update(|s| {
            s.retain(|x| {
                !x.strip_prefix("clean ")
                    .is_some_and(|code| codes.contains(&code))
            })
        });
        for code in codes {
            learn.see(format!("finding {code}"));
        }
        let found: Vec<String> = learn.seen.with_untracked(|s| {
            s.iter()
                .filter_map(|x| x.strip_prefix("finding "))
                .filter(|code| !codes.contains(code))
                .map(|code| format!("clean {code}"))
                .collect()
        });
        for clean in found {
            learn.see(clean);
        }
        self.observe_learning();
    }

    /// Whether each check of lesson `i` holds now (reactive: read in views and effects).
    pub fn lesson_checks(&self, i: usize) -> Vec<bool> {
        if self.learn.active.get() != Some(i) {
            return vec![false; LESSONS[i].checks.len()];
        }
        LESSONS[i]
            .checks
            .iter()
            .map(|c| self.check_holds(&LESSONS[i], c))
            .collect()
    }

    fn check_holds(&self, lesson: &Lesson, check: &Check) -> bool {
        let seen = |what: String| self.learn.seen.with(|s| s.contains(&what));
        match check.kind {
            Kind::Tab => seen(format!("tab {}", check.arg)),
            Kind::Ran => seen(format!("ran {}", check.arg)),
            Kind::Versions => seen(format!("versions {}", check.arg)),
            Kind::Finding => seen(format!("finding {}", check.arg)),
            Kind::Clean => {
                seen(format!("finding {}", check.arg)) && seen(format!("clean {}", check.arg))
            }
            Kind::Failed => self.learn.seen.with(|s| {
                s.iter()
                    .any(|x| x.starts_with("failed ") && x.contains(check.arg))
            }),
            Kind::Query => seen(format!("query {}", check.arg)) || self.query_gives(check.arg),
            Kind::Kept => {
                self.learn
                    .seen
                    .with(|s| s.iter().any(|x| x.starts_with("failed ")))
                    && self.query_gives(check.arg)
            }
            Kind::At => self.shown.with(|v| {
                let mut current = v.current.clone();
                current.sort();
                match check.arg {
                    "base" => current.is_empty(),
                    "head" => {
                        let mut heads = v.heads();
                        heads.sort();
                        !current.is_empty() && current == heads
                    }
                    rev => current == [rev],
                }
            }),
            Kind::Heads => self
                .shown
                .with(|v| check.arg.parse() == Ok(v.heads().len())),
            Kind::Column => {
                let (name, want_type) = check.arg.split_once(' ').unwrap_or((check.arg, ""));
                let (table, column) = name.split_once('.').unwrap_or((name, ""));
                self.shown.with(|v| {
                    v.schema.table(table).is_some_and(|t| {
                        t.columns.iter().any(|c| {
                            c.name == column
                                && (want_type.is_empty()
                                    || c.decl_type.eq_ignore_ascii_case(want_type))
                        })
                    })
                })
            }
            Kind::File => {
                // Files change with a new session: the shown state follows it.
                self.shown.track();
                self.session.with(|s| {
                    s.files.paths().any(|p| {
                        let text = s.files.get(p).unwrap_or_default();
                        start_text(lesson, p) != Some(text) && text.contains(check.arg)
                    })
                })
            }
        }
    }
}
