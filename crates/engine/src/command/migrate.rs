//! Alembic's `command.upgrade`, `command.downgrade` and `command.stamp` on a live database:
//! read the version table, create it when missing (Alembic does so before it plans), plan
//! the steps from its rows, run them. The CLI calls one of these per verb; the page's
//! session plans with [`plan`] and runs the same steps one transaction at a time.

use std::rc::Rc;

use super::run::{AppliedStep, RunError, run_steps};
use crate::Database;
use crate::operations::{MigrationContext, Mode};
use crate::runtime::{self, Direction, Step, VersionTable};
use crate::script::ScriptDirectory;

/// A verb that changes the database.
#[derive(Debug, Clone, Copy)]
pub enum Verb<'a> {
    Upgrade(&'a str),
    Downgrade(&'a str),
    /// `stamp REV...`; with `purge`, the version table is emptied first.
    Stamp {
        revisions: &'a [String],
        purge: bool,
    },
}

/// What a verb will run: the heads it starts from and its steps.
#[derive(Debug, Clone)]
pub struct Plan {
    pub heads: Vec<String>,
    pub steps: Vec<Step>,
}

/// The steps of `verb` from the version table's rows, without touching the database.
pub fn plan(
    db: &Database,
    dir: &ScriptDirectory,
    vt: &VersionTable,
    verb: Verb,
) -> Result<Plan, String> {
    let heads = match verb {
        Verb::Stamp { purge: true, .. } => Vec::new(),
        _ => vt.heads(db).map_err(|e| e.to_string())?,
    };
    plan_from(dir, verb, heads)
}

/// The steps of `verb` from `heads`.
fn plan_from(dir: &ScriptDirectory, verb: Verb, heads: Vec<String>) -> Result<Plan, String> {
    let steps = match verb {
        Verb::Upgrade(target) => runtime::plan(&dir.map, Direction::Upgrade, target, &heads)?,
        Verb::Downgrade(target) => runtime::plan(&dir.map, Direction::Downgrade, target, &heads)?,
        Verb::Stamp { revisions, .. } => runtime::stamp_steps(&dir.map, revisions, &heads)?,
    };
    Ok(Plan { heads, steps })
}

/// `upgrade` / `downgrade` / `stamp` through `ctx`, as Alembic runs them online. In
/// [`Mode::Atomic`] a failure leaves nothing, not even a version table this call created.
pub fn migrate(
    ctx: &Rc<MigrationContext>,
    dir: &ScriptDirectory,
    vt: &VersionTable,
    verb: Verb,
) -> Result<Vec<AppliedStep>, RunError> {
    let db = &ctx.db;
    let had_rows = vt.heads(db).map_err(|e| RunError::new(e.to_string()))?;
    let created = vt.ensure(db).map_err(|e| RunError::new(e.to_string()))?;
    let heads = match verb {
        Verb::Stamp { purge: true, .. } => {
            db.execute_batch(&format!("DELETE FROM {}", crate::sqlite::quote(&vt.name)))
                .map_err(|e| RunError::new(e.to_string()))?;
            Vec::new()
        }
        _ => had_rows.clone(),
    };
    let result = plan_from(dir, verb, heads)
        .map_err(RunError::new)
        .and_then(|plan| run_steps(ctx, dir, vt, &plan.heads, &plan.steps));
    if result.is_err()
        && ctx.mode == Mode::Atomic
        && created
        && had_rows.is_empty()
        && vt.heads(db).is_ok_and(|h| h.is_empty())
    {
        // Created for this run, which recorded nothing in it: it goes with the failure.
        db.execute_batch(&format!("DROP TABLE {}", crate::sqlite::quote(&vt.name)))
            .map_err(|e| RunError::new(e.to_string()))?;
    }
    result
}
