//! RT009 `models-differ`: at head, the project's models and the database the history built
//! disagree (autogenerate would write a revision).

use super::{Code, Rule, Severity};
use crate::autogenerate;
use crate::verify::Verifier;

/// ## What it does
/// When env.py gives a `target_metadata`, compares the models with the database the history
/// built at head, as `alembic check` does (pytest-alembic's `test_model_definitions_match_ddl`).
///
/// ## Why is this bad?
/// A model changed and no revision records the change (or a revision changed the schema and the
/// models were not updated): deploying the history gives a database the application does not
/// expect, and the next `revision --autogenerate` picks up a change someone else made.
///
/// ## Example
/// `ConversationORM` gains `language: Mapped[str | None]`, and no revision adds the column.
///
/// ## Fix
/// `retort revision --autogenerate -m "..."` (or the page's Autogenerate button), review the
/// revision it writes, commit it with the model change.
pub(super) const RULE: Rule = Rule {
    code: Code::ModelsDiffer.as_str(),
    name: "models-differ",
    severity: Severity::Error,
    summary: "at head, the models and the history's schema disagree (autogenerate would write a revision)",
    explain: "When env.py gives a `target_metadata`, Retort compares the models with the \
database the history built at head, as `alembic check` does. A model changed and no revision \
records it (or a revision changed the schema and the models were not updated): deploying the \
history gives a database the application does not expect.\n\nFix: `retort revision \
--autogenerate -m \"...\"` (or the page's Autogenerate button), review the revision it writes, \
commit it with the model change.",
};

impl Verifier<'_> {
    /// After the last revision: the models against the database at head.
    pub(in crate::verify) fn models_match(&mut self) {
        let Some((tables, opts, hooks)) = &self.opts.models else {
            return;
        };
        let found = match autogenerate::compare(
            &self.db,
            tables,
            opts,
            match hooks {
                Some(h) => &*h.0,
                None => &autogenerate::NoHooks,
            },
        ) {
            Ok(c) => c,
            Err(e) => {
                let f = self.finding(
                    Code::ModelsDiffer,
                    format!("the models could not be compared with the database at head: {e}"),
                    None,
                );
                self.push(None, None, f);
                return;
            }
        };
        if found.items.is_empty() {
            return;
        }
        let body = autogenerate::render_items(&found.items, &opts.style()).unwrap_or_else(|e| e);
        let mut f = self.finding(
            Code::ModelsDiffer,
            format!(
                "at head, the models (env.py's target_metadata) and the history disagree: autogenerate would write {} operation{}",
                found.diffs.len(),
                if found.diffs.len() == 1 { "" } else { "s" }
            ),
            None,
        );
        // The body's lines, unindented once (a batch block keeps its own indentation).
        f.detail = body
            .lines()
            .map(|l| l.strip_prefix("    ").unwrap_or(l).to_owned())
            .filter(|l| !l.trim().is_empty() && !l.starts_with("# ###"))
            .collect();
        self.push(None, None, f);
    }
}
