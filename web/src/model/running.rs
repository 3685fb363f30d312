//! Runs taken a few steps at a time: the page draws, takes input and shows progress between
//! slices of a long run (a thousand revisions to head), and the user can stop it between
//! steps. A run that fits in one slice finishes before the page draws again, as it always did.

use std::collections::VecDeque;
use std::time::Duration;

use leptos::prelude::*;
use retort_engine::session::{Direction, Run};

use super::{Page, Tab, now_ms};
use crate::journal::Action;

/// How long a slice of steps may hold the page before it draws again.
const SLICE_MS: f64 = 40.0;

/// A run in progress, as the toolbar shows it.
#[derive(Clone, PartialEq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    /// The step running next (`upgrade a -> b, message`).
    pub next: Option<String>,
}

/// The run being taken, and what to run after it.
struct Running {
    run: Run,
    direction: Direction,
    target: String,
    then: VecDeque<(Direction, String)>,
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
        let mut then: VecDeque<_> = runs.into();
        let Some((direction, target)) = then.pop_front() else {
            return;
        };
        self.running.set_value(true);
        self.cancel.set_value(false);
        let started = now_ms();
        let run = self.session.with(|s| s.start(direction, &target));
        self.drive(Running {
            run,
            direction,
            target,
            then,
            started,
            generation: self.session.generation(),
        });
    }

    /// Stops the run in progress after the step that is running.
    pub fn cancel_run(&self) {
        self.cancel.set_value(true);
    }

    /// The run in progress, when it has outlasted a slice.
    pub fn progress(&self) -> ReadSignal<Option<Progress>> {
        self.progress.read_only()
    }

    /// Takes steps for a slice, then lets the page draw and comes back.
    fn drive(self, mut r: Running) {
        let page = self;
        let slice_end = now_ms().map(|t| t + SLICE_MS);
        loop {
            if page.session.generation() != r.generation {
                // Another project replaced the session: its run ends with it.
                page.running.set_value(false);
                page.progress.set(None);
                return;
            }
            if page.cancel.get_value() || !page.session.with(|s| s.step(&mut r.run)) {
                // Drawing what a long run did is a task of its own.
                if page.progress.with_untracked(Option::is_some) {
                    set_timeout(move || page.finish(r), Duration::ZERO);
                    return;
                }
                break;
            }
            if let (Some(end), Some(t)) = (slice_end, now_ms())
                && t > end
            {
                page.progress.set(Some(Progress {
                    done: r.run.done(),
                    total: r.run.report.planned,
                    next: page.session.with(|s| s.next_step(&r.run)),
                }));
                set_timeout(move || page.drive(r), Duration::ZERO);
                return;
            }
        }
        page.finish(r);
    }

    /// Records and shows a run that has ended (done, failed or stopped), and starts the next.
    fn finish(self, r: Running) {
        if let (Some(t0), Some(t1)) = (r.started, now_ms()) {
            self.busy_ms.set(Some(t1 - t0));
        }
        let report = r.run.report;
        if report.cancelled() {
            // Where it stopped, as runs the journal can replay: up to each current revision,
            // or down to them (to base when none is left).
            let current = self.session.with(|s| s.current());
            if current.is_empty() {
                self.record(Action::run(r.direction, "base".into()));
            }
            for rev in current {
                self.record(Action::run(r.direction, rev));
            }
        } else {
            self.record(Action::run(r.direction, r.target));
        }
        self.refresh();
        // After a long run, its steps are drawn in a task of their own, apart from the
        // revisions' new marks.
        let page = self;
        let show = move || {
            let go_on = report.failure.is_none() && !report.cancelled();
            page.report.set(Some(report));
            page.tab.set(Tab::Steps);
            page.progress.set(None);
            page.running.set_value(false);
            if go_on && !r.then.is_empty() {
                page.run_all(r.then.into());
            }
        };
        if self.progress.with_untracked(Option::is_some) {
            set_timeout(show, Duration::ZERO);
        } else {
            show();
        }
    }
}
