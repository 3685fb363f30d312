//! RT005 `step-fails`: a step fails on the verification database.

use super::{Code, Rule, Severity};
use crate::command::RunError;
use crate::runtime::Step;
use crate::verify::{Ran, Verifier, error_message};

/// ## What it does
/// Reports a step that raised an error when run on a scratch database that went through every
/// earlier step (with generated rows in every table, or the rows of the database given with
/// `--db`). The finding carries Alembic's error message and where the script was.
///
/// ## Why is this bad?
/// The verification of later revisions stops here, since they build on this one.
///
/// ## Example
/// ```python
/// def upgrade():
///     op.execute("DROP TABLE nope")
/// ```
pub(super) const RULE: Rule = Rule {
    code: Code::StepFails.as_str(),
    name: "step-fails",
    severity: Severity::Error,
    summary: "a step fails on the verification database",
    explain: "The step raised an error when run on a scratch database that went through \
every earlier step (with generated rows in every table, or the rows of the database given \
with `--db`). The finding carries Alembic's error message and where the script was. The \
verification of later revisions stops here, since they build on this one.",
};

impl Verifier<'_> {
    /// The upgrade failed: at the last call it made, else at `def upgrade`.
    pub(in crate::verify) fn upgrade_fails(
        &mut self,
        rev: usize,
        up: &Step,
        ran: &Ran,
        e: &RunError,
    ) {
        let fallback = ran
            .calls
            .last()
            .and_then(|c| c.site.clone())
            .or_else(|| self.def_site(rev, "upgrade"));
        let m = format!("upgrade fails: {}", error_message(e));
        let f = self.failure(Code::StepFails, m, e, fallback);
        self.push(Some(rev), Some(up), f);
    }
}
