//! Runs taken a few steps at a time: the page draws, takes input and shows progress between
//! slices of a long run (a thousand revisions to head), and the user can stop it between
//! steps. A short run (or one that fits in a slice) finishes before the page draws again.
//! Opening the page replays its journal the same way.

use std::collections::VecDeque;
use std::time::Duration;

use leptos::prelude::*;
use retort_engine::session::{Direction, Run, Session};

use super::{Page, Tab, now_ms};
use crate::journal::Action;
use crate::storage;

/// How long a slice of steps may hold the page before it draws again.
const SLICE_MS: f64 = 25.0;
/// The delay that makes a task of its own that lets timers already due run first (a
/// `setTimeout` of zero is, in Chromium, queued ahead of them: a chain of such tasks holds
/// everything else back until it ends).
pub(super) const NEXT_TASK: Duration = Duration::from_millis(10);
/// Runs of at most this many steps are taken whole, in the task that asked for them: a step
/// or two up and down is done when the click returns, with nothing drawn halfway. (Not a
/// replay's: it is drawn at its end only, and a step on a thousand tables takes a while.)
const WHOLE_STEPS: usize = 10;

/// A run in progress, as the toolbar shows it (the engine's worker sends it as it runs).
#[derive(Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    /// The step running next (`upgrade a -> b, message`).
    pub next: Option<String>,
}

impl Progress {
    /// Where `run` stands in `session`.
    pub fn of(session: &Session, run: &Run) -> Progress {
        Progress {
            done: run.done(),
            total: run.report.planned,
            next: session.next_step(run),
        }
    }
}

/// What is left to do, in order.
struct Queue {
    actions: VecDeque<Action>,
    /// Replaying the journal the page opened with (its actions are in the journal already):
    /// every action is done whatever the one before it did, as when it was first done.
    replay: Option<Replay>,
}

struct Replay {
    /// Who asked for this position (`"link"`, `"file"`): a failure to reach it is said.
    asked_by: Option<&'static str>,
    /// How many of the journal's actions are done.
    done: usize,
    /// The first failure, as `"upgrade X: message"`.
    failure: Option<String>,
}

/// The run being taken, and what to do after it.
pub(super) struct Running {
    pub run: Run,
    pub direction: Direction,
    pub target: String,
    queue: Queue,
    started: Option<f64>,
    generation: u32,
}

impl Page {
    /// Runs the session in `direction` to `target`, records it, and shows the steps.
    pub fn run(&self, direction: Direction, target: String) {
        self.run_all(vec![(direction, target)]);
    }

    /// Runs one after the other, each once the one before it has finished (not after a
    /// failure or a cancel). Ignored while a run is in progress.
    pub(super) fn run_all(&self, runs: Vec<(Direction, String)>) {
        if self.running.get_value() {
            return;
        }
        let actions = runs.into_iter().map(|(d, t)| Action::run(d, t)).collect();
        self.next(Queue {
            actions,
            replay: None,
        });
    }

    /// Does again what the journal recorded (the page opening: its kept journal, or a link's;
    /// a project loaded at a position).
    pub(super) fn replay(&self, asked_by: Option<&'static str>) {
        let actions = self.journal.get_untracked().into();
        self.next(Queue {
            actions,
            replay: Some(Replay {
                asked_by,
                done: 0,
                failure: None,
            }),
        });
    }

    /// Stops the run in progress after the step that is running.
    pub fn cancel_run(&self) {
        self.cancel.set_value(true);
        self.cancel_background();
    }

    /// The run in progress, when it has outlasted a slice.
    pub fn progress(&self) -> ReadSignal<Option<Progress>> {
        self.progress.read_only()
    }

    /// Does the queue's next actions: seed rows at once, a run by slices.
    fn next(self, mut queue: Queue) {
        while let Some(action) = queue.actions.pop_front() {
            let Some((direction, target)) = action.as_run().map(|(d, t)| (d, t.to_owned())) else {
                // Only a replay has rows to seed, or lines it does not know (kept as they are).
                if let (Action::Seed(sql), Some(r)) = (&action, &mut queue.replay)
                    && let Err(e) = self.session.with(|s| s.seed(sql))
                {
                    r.failure.get_or_insert(format!("{action}: {e}"));
                }
                if let Some(r) = &mut queue.replay {
                    r.done += 1;
                }
                continue;
            };
            self.running.set_value(true);
            self.cancel.set_value(false);
            let started = now_ms();
            // From the schema the page shows: only what changed since is read again.
            let run = self.shown.with_untracked(|v| {
                self.session
                    .with(|s| s.start_from(direction, &target, Some(&v.schema)))
            });
            let running = Running {
                run,
                direction,
                target,
                queue,
                started,
                generation: self.session.generation(),
            };
            // A long run goes to the engine's worker (if there is one): the page stays free.
            if running.run.report.planned <= WHOLE_STEPS {
                self.drive(running);
            } else if let Err(running) = self.run_in_background(running) {
                self.drive(*running);
            }
            return;
        }
        self.running.set_value(false);
        if let Some(r) = queue.replay {
            self.replayed(r);
        }
    }

    /// The journal is done again: where it stands is shown, and a link's failure said.
    fn replayed(self, r: Replay) {
        // The last run's end drew it already, unless seed rows came after it.
        self.refresh_if_moved();
        self.review_if_asked();
        if let (Some(who), Some(f)) = (r.asked_by, r.failure) {
            self.load_error.set(Some(format!(
                "The {who}'s position could not be reached: {f}. The page shows where its steps stopped."
            )));
        }
        storage::end_opening();
    }

    /// Takes steps for a slice, then lets the page draw and comes back.
    pub(super) fn drive(self, mut r: Running) {
        let page = self;
        let slice_end = now_ms().map(|t| t + SLICE_MS);
        loop {
            if page.session.generation() != r.generation {
                // Another project replaced the session: its run ended with it.
                return;
            }
            if page.cancel.get_value() || !page.session.with(|s| s.step(&mut r.run)) {
                // Drawing what a long run did is a task of its own.
                if page.progress.with_untracked(Option::is_some) {
                    set_timeout(move || page.finish(r), NEXT_TASK);
                    return;
                }
                break;
            }
            if let (Some(end), Some(t)) = (slice_end, now_ms())
                && t > end
                && (r.run.report.planned > WHOLE_STEPS || r.queue.replay.is_some())
            {
                page.progress
                    .set(Some(page.session.with(|s| Progress::of(s, &r.run))));
                set_timeout(move || page.drive(r), Duration::ZERO);
                return;
            }
        }
        page.finish(r);
    }

    /// Records and shows a run that has ended (done, failed or stopped), and goes on.
    pub(super) fn finish(self, r: Running) {
        if self.session.generation() != r.generation {
            return;
        }
        // The schema as the run's last step left it, for the page to show (re-read only
        // where it changed: nothing, unless a seed ran since).
        let known = r.run.schema().clone();
        let Running {
            run,
            direction,
            target,
            mut queue,
            started,
            generation,
        } = r;
        let report = run.report;
        let cancelled = report.cancelled();
        // Where a stopped run left the database, as runs the journal can replay: up to each
        // current revision, or down to them (to base when none is left).
        let reached = || {
            let current = self.session.with(|s| s.current());
            let targets = if current.is_empty() {
                vec!["base".to_owned()]
            } else {
                current
            };
            targets.into_iter().map(move |t| Action::run(direction, t))
        };
        match &mut queue.replay {
            None => {
                if let (Some(t0), Some(t1)) = (started, now_ms()) {
                    self.busy_ms.set(Some(t1 - t0));
                }
                if cancelled {
                    reached().for_each(|a| self.record(a));
                } else {
                    self.record(Action::run(direction, target));
                }
            }
            Some(r) => {
                if cancelled {
                    // The rest of the journal is not done: it ends where the run stopped.
                    let done = r.done;
                    let reached: Vec<Action> = reached().collect();
                    self.journal.update(|j| {
                        j.truncate(done);
                        j.extend(reached);
                    });
                    queue.actions.clear();
                } else if let Some(f) = &report.failure {
                    let action = Action::run(direction, target);
                    r.failure.get_or_insert(format!("{action}: {}", f.message));
                }
                r.done += 1;
            }
        }
        let shown = self.session.shown_since(&known);
        let runs_follow = queue.actions.iter().any(|a| a.as_run().is_some());
        if queue.replay.is_some() && !cancelled && runs_follow {
            // A replay draws where it stands after its last run, not between its runs (a
            // thousand revisions' list takes the page a while).
            self.shown.update_untracked(|s| *s = shown);
        } else {
            self.shown.set(shown);
        }
        // After a long run, its steps are drawn in a task of their own, apart from the
        // revisions' new marks.
        let page = self;
        let long = self.progress.with_untracked(Option::is_some);
        let show = move || {
            if page.session.generation() != generation {
                return;
            }
            let go_on = !cancelled && (queue.replay.is_some() || report.failure.is_none());
            if queue.replay.is_none() {
                page.report.set(Some(report));
                page.tab.set(Tab::Steps);
                page.observe_learning();
            }
            page.progress.set(None);
            if !go_on {
                queue.actions.clear();
            }
            if long && !queue.actions.is_empty() {
                // What comes next is a task of its own too (a step on a thousand tables
                // takes a while): the page draws this run's end first.
                set_timeout(
                    move || {
                        if page.session.generation() == generation {
                            page.next(queue);
                        }
                    },
                    NEXT_TASK,
                );
            } else {
                page.next(queue);
            }
        };
        if long {
            set_timeout(show, NEXT_TASK);
        } else {
            show();
        }
    }
}
