//! A run in progress: `upgrade` / `downgrade` / `stamp` to a target, taken one step at a
//! time by [`Session::step`], so that a host can show progress and stop between steps (the
//! page does, to stay responsive on long histories; the database is then at the last
//! finished step).

use std::collections::VecDeque;

use super::{RunReport, Session, StepFailure, StepReport};
use crate::inspect::{Change, Snapshot, diff};
use crate::operations::{MigrationContext, Mode};
use crate::runtime::{Direction, Step};

pub struct Run {
    steps: VecDeque<Step>,
    /// The version rows before the next step.
    current: Vec<String>,
    /// The schema before the next step (each step's "after" is the next one's "before").
    before: Snapshot,
    /// What the finished steps did (and the failure, once there is one).
    pub report: RunReport,
}

impl Run {
    /// Steps finished so far.
    pub fn done(&self) -> usize {
        self.report.steps.len()
    }

    /// Is there nothing left to run (all done, or a step failed)?
    pub fn finished(&self) -> bool {
        self.steps.is_empty() || self.report.failure.is_some()
    }

    /// The schema as the last finished step left it (as the run started, before any).
    pub fn schema(&self) -> &Snapshot {
        &self.before
    }
}

impl Session {
    /// Plans a run (nothing runs yet). A target that cannot be planned gives a run that is
    /// already finished, with the reason as its failure.
    pub fn start(&self, direction: Direction, target: &str) -> Run {
        self.start_from(direction, target, None)
    }

    /// [`Session::start`], with the schema as a host last read it (`known`): only what
    /// changed since is read again (a host that shows the schema has just read it).
    pub fn start_from(&self, direction: Direction, target: &str, known: Option<&Snapshot>) -> Run {
        let mut report = RunReport::default();
        let steps = match self.steps(direction, target) {
            Ok(s) => s,
            Err(message) => {
                report.failure = Some(StepFailure {
                    description: None,
                    message,
                    alembic_would_leave: None,
                    output: String::new(),
                });
                Vec::new()
            }
        };
        report.planned = steps.len();
        Run {
            steps: steps.into(),
            current: self.current(),
            before: match known {
                Some(k) => Snapshot::take_since(&self.db, k),
                None => Snapshot::take(&self.db),
            }
            .unwrap_or_default(),
            report,
        }
    }

    /// `run` as another session of the same project took it (a page's worker), whose
    /// database this session now has: its report, and its schema read again where it changed.
    pub fn caught_up(&self, run: &mut Run, report: RunReport) {
        run.steps.clear();
        run.current = self.current();
        run.before = Snapshot::take_since(&self.db, &run.before).unwrap_or_default();
        run.report = report;
    }

    /// What the next step of `run` is, in Alembic's words (`upgrade a -> b, message`).
    pub fn next_step(&self, run: &Run) -> Option<String> {
        (!run.finished())
            .then(|| run.steps.front())
            .flatten()
            .map(|s| crate::command::describe(&self.dir, s))
    }

    /// Runs the next step of `run` in its own transaction. `false` when there is nothing
    /// more to run: every step done, or this one failed (and was rolled back).
    pub fn step(&self, run: &mut Run) -> bool {
        if run.finished() {
            return false;
        }
        let step = run.steps.pop_front().expect("a step left");
        let vt = &self.version_table;
        let offline = self.offline_step(&run.current, &step);
        let ctx = MigrationContext::with_naming(self.db.clone(), Mode::Atomic, self.naming.clone());
        match crate::command::run_steps(
            &ctx,
            &self.dir,
            vt,
            &run.current,
            std::slice::from_ref(&step),
        ) {
            Ok(applied) => {
                let after = Snapshot::take_since(&self.db, &run.before).unwrap_or_default();
                let changes = diff(&run.before, &after, true)
                    .into_iter()
                    .filter(|c| !matches!(c, Change::RowsChanged { table, .. } | Change::TableCreated { table, .. } if *table == vt.name))
                    .collect();
                run.current = self.current();
                run.before = after;
                let a = applied
                    .into_iter()
                    .next()
                    .expect("one applied step per step run");
                run.report.steps.push(StepReport {
                    description: a.log,
                    statements: a.statements,
                    changes,
                    output: a.output,
                    warnings: a.warnings,
                    version: run.current.clone(),
                    offline,
                });
                !run.finished()
            }
            Err(e) => {
                run.report.failure = Some(StepFailure {
                    description: Some(crate::command::describe(&self.dir, &step)),
                    message: e.message.clone(),
                    alembic_would_leave: e.alembic_would_leave.map(|l| l.sentence(vt)),
                    output: e.failed_output,
                });
                false
            }
        }
    }
}
