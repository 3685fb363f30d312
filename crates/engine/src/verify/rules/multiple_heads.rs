//! RT001 `multiple-heads`: the history has more than one head.

use super::{Code, Rule, Severity};
use crate::verify::Verifier;

/// ## What it does
/// Checks that the history has one head.
///
/// ## Why is this bad?
/// Two revisions share a parent and nothing merges them, usually because two branches each
/// added a migration. `alembic upgrade head` then fails with "Multiple head revisions are
/// present".
///
/// ## Example
/// Two revisions that follow the same one:
/// ```python
/// # versions/b2.py
/// revision = "b2"
/// down_revision = "a1"
///
/// # versions/c3.py
/// revision = "c3"
/// down_revision = "a1"
/// ```
///
/// ## Fix
/// `alembic merge -m "merge heads" heads` (or the page's *draft merge* button), review the merge
/// revision, commit it.
pub(super) const RULE: Rule = Rule {
    code: Code::MultipleHeads.as_str(),
    name: "multiple-heads",
    severity: Severity::Error,
    summary: "the history has more than one head",
    explain: "Two revisions share a parent and nothing merges them, usually because two \
branches each added a migration. `alembic upgrade head` then fails with \"Multiple head \
revisions are present\".\n\nFix: `alembic merge -m \"merge heads\" heads` (or the page's \
*draft merge* button), review the merge revision, commit it.",
};

impl Verifier<'_> {
    pub(in crate::verify) fn multiple_heads(&mut self) {
        let map = &self.dir.map;
        let heads: Vec<usize> = map.iter().filter(|&i| map.rev(i).is_head()).collect();
        if heads.len() > 1 {
            let ids: Vec<String> = heads.iter().map(|&i| map.rev(i).revision.clone()).collect();
            let mut f = self.finding(
                Code::MultipleHeads,
                format!(
                    "{} heads: {} (`alembic upgrade head` fails; merge them)",
                    heads.len(),
                    ids.join(", ")
                ),
                None,
            );
            f.detail = heads
                .iter()
                .map(|&i| {
                    format!(
                        "{}  {}",
                        self.dir.scripts[i].path,
                        self.dir.scripts[i].doc()
                    )
                })
                .collect();
            self.push(None, None, f);
        }
    }
}
