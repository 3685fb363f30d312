//! RT002 `multiple-bases`: more than one revision has no parent (and no branch label).

use super::{Code, Rule, Severity};
use crate::operations::Site;
use crate::verify::Verifier;

/// ## What it does
/// Checks that one revision has no parent, unless each revision without one carries a
/// `branch_labels` entry.
///
/// ## Why is this bad?
/// A second base usually means a revision whose `down_revision` was set to `None` by mistake
/// (an orphan that starts its own history). Independent histories are legitimate when each base
/// carries a `branch_labels` entry; those are not reported.
///
/// ## Example
/// ```python
/// revision = "z9"
/// down_revision = None
/// branch_labels = None
/// ```
///
/// ## Fix
/// Set the revision's `down_revision` to the revision it follows.
pub(super) const RULE: Rule = Rule {
    code: Code::MultipleBases.as_str(),
    name: "multiple-bases",
    severity: Severity::Warning,
    summary: "more than one revision has no parent",
    explain: "A second base usually means a revision whose `down_revision` was set to \
`None` by mistake (an orphan that starts its own history). Independent histories are \
legitimate when each base carries a `branch_labels` entry; those are not reported.\n\nFix: set \
the revision's `down_revision` to the revision it follows.",
};

impl Verifier<'_> {
    pub(in crate::verify) fn multiple_bases(&mut self) {
        let map = &self.dir.map;
        let bases: Vec<usize> = map
            .iter()
            .filter(|&i| map.rev(i).is_base() && map.rev(i).branch_labels.is_empty())
            .collect();
        if bases.len() > 1 {
            for &i in &bases[1..] {
                let r = map.rev(i);
                let f = self.finding(
                    Code::MultipleBases,
                    format!(
                        "revision {} has no parent, like {}: a second history (an orphan?)",
                        r.revision,
                        map.rev(bases[0]).revision
                    ),
                    self.down_revision_site(i),
                );
                self.push(Some(i), None, f);
            }
        }
    }

    fn down_revision_site(&self, rev: usize) -> Option<Site> {
        let script = &self.dir.scripts[rev];
        script
            .text()
            .lines()
            .enumerate()
            .find(|(_, l)| l.trim_start().starts_with("down_revision"))
            .map(|(i, _)| Site {
                path: script.path.clone(),
                line: i + 1,
                column: 1,
            })
    }
}
