//! Alembic's `operations` package for SQLite: the operations a revision script asks for
//! (`ops`: one [`Op`] per `op.*` / `batch_op.*` call, with `reverse`), what each does on
//! SQLite (`toimpl`: [`MigrationContext::invoke`] records and runs one), batch mode's
//! "move and copy" (`batch`), and the [`MigrationContext`] they run in (`context`).
//!
//! Plain Rust: `crate::host` turns the scripts' Python calls into [`Op`]s.

pub mod batch;
mod context;
mod ops;
mod toimpl;

pub use crate::error::{OpError, OpResult, db_error};
pub(crate) use context::bind_params;
pub use context::{
    DbapiOutcome, DbapiParams, Executed, MigrationContext, Mode, OpCall, PARAMS_KEPT, Rows, Site,
    Transactions,
};
pub use ops::{AlterColumn, Op};
pub use toimpl::NO_ALTER_CONSTRAINTS;
