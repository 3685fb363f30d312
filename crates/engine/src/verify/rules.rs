//! The rules of `retort verify`: a stable code, a name, a severity, a one-line summary and
//! a page of explanation each. `docs/rules.md` is generated from this table
//! (`retort verify --explain all`); a test keeps the two in step.

use std::fmt;

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

pub const RULES: &[Rule] = &[
    // ---- checks of the history -------------------------------------------------------
    Rule {
        code: "RT001",
        name: "multiple-heads",
        severity: Severity::Error,
        summary: "the history has more than one head",
        explain: "Two revisions share a parent and nothing merges them, usually because two \
branches each added a migration. `alembic upgrade head` then fails with \"Multiple head \
revisions are present\".\n\nFix: `alembic merge -m \"merge heads\" heads` (or the page's \
*draft merge* button), review the merge revision, commit it.",
    },
    Rule {
        code: "RT002",
        name: "multiple-bases",
        severity: Severity::Warning,
        summary: "more than one revision has no parent",
        explain: "A second base usually means a revision whose `down_revision` was set to \
`None` by mistake (an orphan that starts its own history). Independent histories are \
legitimate when each base carries a `branch_labels` entry; those are not reported.\n\nFix: set \
the revision's `down_revision` to the revision it follows.",
    },
    Rule {
        code: "RT003",
        name: "round-trip",
        severity: Severity::Error,
        summary: "the downgrade does not restore the schema the upgrade started from",
        explain: "For every revision Retort runs upgrade, then downgrade, and compares the \
schema (`sqlite_master`, `PRAGMA table_xinfo`, indexes, foreign keys) with the one before the \
upgrade. The finding lists the differences: a column the downgrade forgot to drop, an index \
it does not recreate, a table it leaves behind.\n\nFix: make `downgrade()` undo each operation \
of `upgrade()`, in reverse order.",
    },
    Rule {
        code: "RT004",
        name: "re-upgrade",
        severity: Severity::Error,
        summary: "upgrading again after the downgrade fails or gives another schema",
        explain: "After upgrade and downgrade, Retort upgrades once more: the schema must be \
the one the first upgrade gave. It fails when the downgrade leaves something the upgrade \
then trips over (a table that still exists, an index name in use).\n\nFix: make the downgrade \
remove everything the upgrade creates.",
    },
    Rule {
        code: "RT005",
        name: "step-fails",
        severity: Severity::Error,
        summary: "a step fails on the verification database",
        explain: "The step raised an error when run on a scratch database that went through \
every earlier step (with generated rows in every table, or the rows of the database given \
with `--db`). The finding carries Alembic's error message and where the script was. The \
verification of later revisions stops here, since they build on this one.",
    },
    Rule {
        code: "RT006",
        name: "data-changed",
        severity: Severity::Warning,
        summary: "an upgrade deletes rows or changes values",
        explain: "Retort compares the rows of every table the step touches before and after \
it. Deleted rows are a warning; changed values are reported as information (a data \
migration changes values on purpose). Drops of whole tables and columns are reported by \
RT101 and RT102 instead.",
    },
    Rule {
        code: "RT007",
        name: "downgrade-loses-data",
        severity: Severity::Info,
        summary: "a downgrade drops tables, columns or rows that hold data",
        explain: "Downgrades often cannot keep what the upgrade added: a dropped column \
loses its values. This is not a mistake, but it is what a rollback in production costs; \
the finding says how much, measured on the verification rows.",
    },
    Rule {
        code: "RT008",
        name: "irreversible-downgrade",
        severity: Severity::Error,
        summary: "the downgrade is missing, does nothing, or raises, while the upgrade changed the schema",
        explain: "A `downgrade()` that is `pass` (or raises `NotImplementedError`) makes the \
revision irreversible: `alembic downgrade -1` \"succeeds\" and leaves the schema as it was. \
If the revision truly cannot be undone, say so in the downgrade with a raise and silence \
the rule for the file (`# retort: disable=RT008`).",
    },
    // ---- lint rules of operations ----------------------------------------------------
    Rule {
        code: "RT101",
        name: "drop-table",
        severity: Severity::Warning,
        summary: "op.drop_table drops a table and its rows",
        explain: "Dropping a table loses every row in it, and the downgrade can only recreate \
it empty. Retort states how many rows the verification database had.\n\nFix: keep the table \
(rename it) until its data is archived, or copy the rows elsewhere in the same revision.",
    },
    Rule {
        code: "RT102",
        name: "drop-column",
        severity: Severity::Warning,
        summary: "a column is dropped with its values",
        explain: "`op.drop_column` / `batch_op.drop_column` lose the column's values, and the \
downgrade re-adds it empty. Retort counts the non-NULL values lost.",
    },
    Rule {
        code: "RT103",
        name: "not-null-without-default",
        severity: Severity::Error,
        summary: "a NOT NULL column is added (or a column made NOT NULL) without a server_default",
        explain: "SQLite refuses `ALTER TABLE ... ADD COLUMN ... NOT NULL` without a default \
(\"Cannot add a NOT NULL column with default value NULL\"), whatever the table holds. In \
batch mode the copy fails on the first existing row. Making an existing column NOT NULL \
fails on rows where it is NULL. Retort lists the rows.\n\nFix: add it with \
`server_default=...` (and drop the default in a later step if you must), or add it \
nullable, fill it, then make it NOT NULL in batch mode.",
    },
    Rule {
        code: "RT104",
        name: "type-narrowing",
        severity: Severity::Warning,
        summary: "alter_column changes a column to a narrower type",
        explain: "`VARCHAR(100)` to `VARCHAR(20)`, `Text` to `String(n)`, `Float` to \
`Integer`, `BigInteger` to `SmallInteger`: SQLite keeps whatever is stored (it does not \
enforce lengths), but the application and any other database will truncate or refuse. \
Retort counts the values that do not fit.",
    },
    Rule {
        code: "RT105",
        name: "alter-outside-batch",
        severity: Severity::Error,
        summary: "an ALTER that SQLite cannot do, outside batch mode",
        explain: "SQLite's ALTER TABLE can add, rename and drop columns and rename tables; \
nothing else. `op.alter_column` (other than a rename) and `op.create_unique_constraint`, \
`op.create_foreign_key`, `op.create_check_constraint`, `op.create_primary_key`, \
`op.drop_constraint` fail on SQLite, as Alembic says.\n\nFix: \
`with op.batch_alter_table(\"t\") as batch_op:` and call the same operation on `batch_op` \
(or set `render_as_batch=True` in env.py so autogenerate writes it that way).",
    },
    Rule {
        code: "RT106",
        name: "batch-rebuild-referenced",
        severity: Severity::Warning,
        summary: "batch mode rebuilds a table other tables reference by foreign key",
        explain: "Batch mode copies the table, drops the original and renames the copy. With \
`PRAGMA foreign_keys=ON` (many applications enable it on connect) the DROP deletes the \
referencing rows through `ON DELETE CASCADE`, or fails. Retort runs the step on a copy of \
the verification database with foreign keys enforced and reports what happened to every \
table.\n\nFix: run the migration with foreign keys off (Alembic's default connection has them \
off), or recreate the referencing tables in the same batch.",
    },
    Rule {
        code: "RT107",
        name: "unique-on-existing-data",
        severity: Severity::Warning,
        summary: "a unique index or constraint is created on a table that already has rows",
        explain: "Creating a unique index fails on duplicate values. Retort counts the \
duplicate groups in the verification rows.\n\nFix: deduplicate in the same revision, before \
creating the index.",
    },
    Rule {
        code: "RT108",
        name: "execute-without-counterpart",
        severity: Severity::Warning,
        summary: "upgrade runs raw SQL (op.execute) and the downgrade runs none",
        explain: "Data changes made with `op.execute` are not undone by schema operations. A \
downgrade without any `execute` usually means the data change is irreversible by accident.",
    },
    Rule {
        code: "RT109",
        name: "unbatched-data-migration",
        severity: Severity::Info,
        summary: "a data migration reads a whole table at once",
        explain: "`op.get_bind().execute(select(...)).fetchall()` without a WHERE or LIMIT \
loads every row into memory and holds one long transaction; on a large table that is \
slow and memory-hungry.\n\nFix: page through the table by key (`WHERE id > :last ORDER BY id \
LIMIT 1000`), or do the change in one `UPDATE` statement.",
    },
    Rule {
        code: "RT110",
        name: "rename-referenced-table",
        severity: Severity::Warning,
        summary: "a table that foreign keys reference is renamed",
        explain: "SQLite 3.26+ rewrites the references of other tables (unless \
`legacy_alter_table=ON`); older SQLite and raw SQL, views in other databases and \
application code keep the old name.",
    },
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
