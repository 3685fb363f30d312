//! RT108 `execute-without-counterpart`: the upgrade runs raw SQL (`op.execute`) and the
//! downgrade runs none.

use super::{Code, Rule, Severity};
use crate::operations::Op;
use crate::runtime::Step;
use crate::verify::{Ran, Verifier};

/// ## What it does
/// Checks for an upgrade that runs raw SQL (`op.execute`) when the downgrade runs none.
///
/// ## Why is this bad?
/// Data changes made with `op.execute` are not undone by schema operations. A downgrade without
/// any `execute` usually means the data change is irreversible by accident.
///
/// ## Example
/// ```python
/// def upgrade():
///     op.execute("UPDATE users SET name = upper(name)")
///
///
/// def downgrade():
///     pass
/// ```
pub(super) const RULE: Rule = Rule {
    code: Code::ExecuteWithoutCounterpart.as_str(),
    name: "execute-without-counterpart",
    severity: Severity::Warning,
    summary: "upgrade runs raw SQL (op.execute) and the downgrade runs none",
    explain: "Data changes made with `op.execute` are not undone by schema operations. A \
downgrade without any `execute` usually means the data change is irreversible by accident.",
};

impl Verifier<'_> {
    pub(in crate::verify) fn execute_without_counterpart(
        &mut self,
        rev: usize,
        up: &Step,
        up_run: &Ran,
        down_run: &Ran,
    ) {
        let up_exec = up_run.calls.iter().find(|c| matches!(*c.op, Op::Execute));
        if let Some(call) = up_exec
            && !down_run.calls.iter().any(|c| matches!(*c.op, Op::Execute))
        {
            let f = self.finding(
                Code::ExecuteWithoutCounterpart,
                "upgrade runs SQL with execute(); the downgrade runs none".into(),
                call.site.clone(),
            );
            self.push(Some(rev), Some(up), f);
        }
    }
}
