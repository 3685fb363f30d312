//! The rules of `retort verify`: a stable code, a name, a severity, a one-line summary and
//! a page of explanation each. `docs/rules.md` is generated from this table
//! (`retort verify --explain all`); a test keeps the two in step.
//!
//! One file per rule (or per family of rules one check decides between), as ruff has it:
//! the rule's entry in the table, documented, and the logic that reports it.

mod alter_outside_batch;
mod batch_rebuild_referenced;
mod data_changed;
mod drop_column;
mod drop_table;
mod execute_without_counterpart;
mod models_match;
mod multiple_bases;
mod multiple_heads;
mod not_null_without_default;
mod re_upgrade;
mod rename_referenced_table;
mod round_trip;
mod step_fails;
mod type_narrowing;
mod unbatched_data_migration;
mod unique_on_existing_data;

use std::fmt;

pub(super) use not_null_without_default::adds_null_column;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "info" => Severity::Info,
            "warning" => Severity::Warning,
            "error" => Severity::Error,
            _ => return None,
        })
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// Why it matters, what Retort measures, how to fix it or silence it (Markdown).
    pub explain: &'static str,
}

/// The rules' codes, each spelled once: what a finding's `code` and a rule's `code` hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Code {
    MultipleHeads,
    MultipleBases,
    RoundTrip,
    ReUpgrade,
    StepFails,
    DataChanged,
    DowngradeLosesData,
    IrreversibleDowngrade,
    ModelsDiffer,
    DropTable,
    DropColumn,
    NotNullWithoutDefault,
    TypeNarrowing,
    AlterOutsideBatch,
    BatchRebuildReferenced,
    UniqueOnExistingData,
    ExecuteWithoutCounterpart,
    UnbatchedDataMigration,
    RenameReferencedTable,
}

impl Code {
    pub(super) const fn as_str(self) -> &'static str {
        match self {
            Code::MultipleHeads => "RT001",
            Code::MultipleBases => "RT002",
            Code::RoundTrip => "RT003",
            Code::ReUpgrade => "RT004",
            Code::StepFails => "RT005",
            Code::DataChanged => "RT006",
            Code::DowngradeLosesData => "RT007",
            Code::IrreversibleDowngrade => "RT008",
            Code::ModelsDiffer => "RT009",
            Code::DropTable => "RT101",
            Code::DropColumn => "RT102",
            Code::NotNullWithoutDefault => "RT103",
            Code::TypeNarrowing => "RT104",
            Code::AlterOutsideBatch => "RT105",
            Code::BatchRebuildReferenced => "RT106",
            Code::UniqueOnExistingData => "RT107",
            Code::ExecuteWithoutCounterpart => "RT108",
            Code::UnbatchedDataMigration => "RT109",
            Code::RenameReferencedTable => "RT110",
        }
    }
}

pub const RULES: &[Rule] = &[
    // ---- checks of the history -------------------------------------------------------
    multiple_heads::RULE,
    multiple_bases::RULE,
    round_trip::ROUND_TRIP,
    re_upgrade::RULE,
    step_fails::RULE,
    data_changed::DATA_CHANGED,
    data_changed::DOWNGRADE_LOSES_DATA,
    round_trip::IRREVERSIBLE_DOWNGRADE,
    models_match::RULE,
    // ---- lint rules of operations ----------------------------------------------------
    drop_table::RULE,
    drop_column::RULE,
    not_null_without_default::RULE,
    type_narrowing::RULE,
    alter_outside_batch::RULE,
    batch_rebuild_referenced::RULE,
    unique_on_existing_data::RULE,
    execute_without_counterpart::RULE,
    unbatched_data_migration::RULE,
    rename_referenced_table::RULE,
];

impl Rule {
    /// The one-line fix: the rule's `Fix:` paragraph, else its summary.
    pub fn hint(&self) -> String {
        self.explain
            .split("\n\n")
            .find_map(|p| p.strip_prefix("Fix: "))
            .unwrap_or(self.summary)
            .replace('\n', " ")
    }
}

pub fn rule(code: &str) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.code == code)
        .unwrap_or_else(|| panic!("unknown rule {code}"))
}

/// Finds a rule by code (`RT101`) or name (`drop-table`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// The Markdown page of one rule.
pub fn explain(r: &Rule) -> String {
    format!(
        "## {} {}\n\n*{}* — {}.\n\n{}\n",
        r.code, r.name, r.severity, r.summary, r.explain
    )
}

/// `docs/rules.md`.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# Rules of `retort verify`\n\n\
<!-- Generated by `retort verify --explain all`; a test keeps it in step. -->\n\n\
Silence a rule for one operation with a trailing comment on its line \
(`op.drop_column(\"t\", \"c\")  # retort: disable=RT102`), for a whole revision file with a \
comment on a line of its own (`# retort: disable=RT102,RT108`), and for a project in \
`alembic.ini`:\n\n```ini\n[retort]\ndisable = RT109, RT007\n```\n\n\
| code | name | severity | summary |\n|---|---|---|---|\n",
    );
    for r in RULES {
        out += &format!(
            "| [{}](#{}-{}) | {} | {} | {} |\n",
            r.code,
            r.code.to_lowercase(),
            r.name,
            r.name,
            r.severity,
            r.summary
        );
    }
    for r in RULES {
        out += "\n";
        out += &explain(r);
    }
    out
}
