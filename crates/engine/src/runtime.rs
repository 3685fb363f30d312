//! The migration runtime: the version table, and (to come) online and offline runs.

use crate::db::{Database, Result};

/// Alembic's version table: `alembic_version (version_num VARCHAR(32))`, one row per head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionTable {
    pub name: String,
    /// `version_table_pk` (env.py): the `<name>_pkc` primary key, on by default.
    pub pk: bool,
}

impl Default for VersionTable {
    fn default() -> Self {
        VersionTable {
            name: "alembic_version".to_owned(),
            pk: true,
        }
    }
}

impl VersionTable {
    /// The DDL SQLAlchemy's SQLite dialect renders for Alembic's version table, byte for byte
    /// (tab indents, `", \n"` between elements, the `<name>_pkc` primary key constraint).
    pub fn create_sql(&self) -> String {
        let name = crate::sqlite::quote(&self.name);
        if !self.pk {
            return format!("CREATE TABLE {name} (\n\tversion_num VARCHAR(32) NOT NULL\n)");
        }
        let pkc = crate::sqlite::quote(&format!("{}_pkc", self.name));
        format!(
            "CREATE TABLE {name} (\n\tversion_num VARCHAR(32) NOT NULL, \n\tCONSTRAINT {pkc} PRIMARY KEY (version_num)\n)"
        )
    }

    /// Creates the table unless it exists, as Alembic does before the first step.
    pub fn ensure(&self, db: &Database) -> Result<bool> {
        if db.has_table(&self.name)? {
            return Ok(false);
        }
        db.execute_batch(&self.create_sql())?;
        Ok(true)
    }

    /// The revisions recorded in the table, in row order; empty when the table is absent.
    pub fn heads(&self, db: &Database) -> Result<Vec<String>> {
        if !db.has_table(&self.name)? {
            return Ok(Vec::new());
        }
        let mut stmt = db.connection().prepare(&format!(
            "SELECT version_num FROM {}",
            crate::sqlite::quote(&self.name)
        ))?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_table_is_created_once_and_starts_empty() {
        let db = Database::open_in_memory().unwrap();
        let vt = VersionTable::default();
        assert!(vt.heads(&db).unwrap().is_empty());
        assert!(vt.ensure(&db).unwrap());
        assert!(!vt.ensure(&db).unwrap());
        let schema = db.schema().unwrap();
        assert_eq!(schema[0].sql.as_deref(), Some(vt.create_sql().as_str()));
        assert!(vt.heads(&db).unwrap().is_empty());
    }
}

// ---------------------------------------------------------------------------------------
// Steps and the version table's rows (Alembic's `MigrationStep` and `HeadMaintainer`).

use crate::revision::{Node, RevisionError, RevisionMap, Target};

/// One step of a run: a revision's `upgrade()`/`downgrade()`, or a stamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Revision {
        rev: usize,
        is_upgrade: bool,
    },
    Stamp {
        from: Vec<String>,
        to: Vec<String>,
        is_upgrade: bool,
        branch_move: bool,
    },
}

/// A change to `alembic_version`, in the order Alembic makes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionChange {
    Insert(String),
    Delete(String),
    Update { from: String, to: String },
}

impl VersionChange {
    /// The statement Alembic emits for the change (`literal_column` values, as in `--sql`).
    pub fn sql(&self, table: &str) -> String {
        match self {
            VersionChange::Insert(v) => {
                format!("INSERT INTO {table} (version_num) VALUES ('{v}') RETURNING version_num")
            }
            VersionChange::Delete(v) => {
                format!("DELETE FROM {table} WHERE {table}.version_num = '{v}'")
            }
            VersionChange::Update { from, to } => format!(
                "UPDATE {table} SET version_num='{to}' WHERE {table}.version_num = '{from}'"
            ),
        }
    }
}

impl Step {
    fn normalized_down(map: &RevisionMap, rev: usize) -> Vec<String> {
        map.normalized_down_revisions(rev)
    }

    fn source_revisions(&self, map: &RevisionMap) -> Vec<String> {
        match self {
            Step::Revision {
                rev,
                is_upgrade: true,
            } => Self::normalized_down(map, *rev),
            Step::Revision {
                rev,
                is_upgrade: false,
            } => vec![map.rev(*rev).revision.clone()],
            Step::Stamp { from, .. } => from.clone(),
        }
    }

    fn target_revisions(&self, map: &RevisionMap) -> Vec<String> {
        match self {
            Step::Revision {
                rev,
                is_upgrade: true,
            } => vec![map.rev(*rev).revision.clone()],
            Step::Revision {
                rev,
                is_upgrade: false,
            } => Self::normalized_down(map, *rev),
            Step::Stamp { to, .. } => to.clone(),
        }
    }

    /// Ancestors (by id) of the heads other than `exclude`.
    fn ancestors_of_others(
        map: &RevisionMap,
        heads: &[String],
        exclude: &[String],
    ) -> Option<Vec<String>> {
        let others: Vec<String> = heads
            .iter()
            .filter(|h| !exclude.contains(h))
            .cloned()
            .collect();
        if others.is_empty() {
            return None;
        }
        let nodes: Vec<usize> = map
            .get_revisions_many(&others)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|n| match n {
                Some(Node::Rev(i)) => Some(i),
                _ => None,
            })
            .collect();
        Some(map.ids(&map.ancestor_nodes(&nodes)))
    }

    fn unmerge_targets(&self, map: &RevisionMap, heads: &[String]) -> Vec<String> {
        let Step::Revision { rev, .. } = self else {
            return self.target_revisions(map);
        };
        let me = map.rev(*rev).revision.clone();
        let to = self.target_revisions(map);
        let ancestors: Vec<String> =
            match Self::ancestors_of_others(map, heads, std::slice::from_ref(&me)) {
                Some(a) => a,
                None => {
                    let mut a = Vec::new();
                    for t in &to {
                        if let Ok(Some(i)) = map.get_revision(Some(t)) {
                            for x in map.ancestor_nodes(&[i]) {
                                if &map.rev(x).revision != t {
                                    a.push(map.rev(x).revision.clone());
                                }
                            }
                        }
                    }
                    a
                }
            };
        to.into_iter().filter(|t| !ancestors.contains(t)).collect()
    }

    fn should_delete_branch(&self, map: &RevisionMap, heads: &[String]) -> bool {
        match self {
            Step::Revision {
                rev,
                is_upgrade: false,
            } => {
                heads.contains(&map.rev(*rev).revision)
                    && (Self::normalized_down(map, *rev).is_empty()
                        || self.unmerge_targets(map, heads).is_empty())
            }
            Step::Revision { .. } => false,
            Step::Stamp {
                is_upgrade,
                branch_move,
                ..
            } => !is_upgrade && *branch_move,
        }
    }

    fn should_create_branch(&self, map: &RevisionMap, heads: &[String]) -> bool {
        match self {
            Step::Revision {
                rev,
                is_upgrade: true,
            } => {
                let downs = Self::normalized_down(map, *rev);
                downs.is_empty() || !heads.iter().any(|h| downs.contains(h))
            }
            Step::Revision { .. } => false,
            Step::Stamp {
                from,
                to,
                is_upgrade,
                branch_move,
            } => {
                *is_upgrade
                    && (*branch_move || from.iter().any(|f| !heads.contains(f)))
                    && to.iter().any(|t| !heads.contains(t))
            }
        }
    }

    fn should_merge_branches(&self, map: &RevisionMap, heads: &[String]) -> bool {
        match self {
            Step::Revision {
                rev,
                is_upgrade: true,
            } => {
                let downs = Self::normalized_down(map, *rev);
                downs.len() > 1 && heads.iter().filter(|h| downs.contains(h)).count() > 1
            }
            Step::Revision { .. } => false,
            Step::Stamp { from, .. } => from.len() > 1,
        }
    }

    fn should_unmerge_branches(&self, map: &RevisionMap, heads: &[String]) -> bool {
        match self {
            Step::Revision {
                rev,
                is_upgrade: false,
            } => {
                heads.contains(&map.rev(*rev).revision)
                    && Self::normalized_down(map, *rev).len() > 1
            }
            Step::Revision { .. } => false,
            Step::Stamp { to, .. } => to.len() > 1,
        }
    }
}

/// The revisions in the version table while a run proceeds; each step turns into the
/// INSERT / DELETE / UPDATE statements Alembic issues.
#[derive(Debug, Clone)]
pub struct HeadMaintainer {
    pub heads: Vec<String>,
}

impl HeadMaintainer {
    pub fn new(heads: &[String]) -> Self {
        let mut h: Vec<String> = Vec::new();
        for x in heads {
            if !h.contains(x) {
                h.push(x.clone());
            }
        }
        HeadMaintainer { heads: h }
    }

    pub(crate) fn update_to_step(&mut self, map: &RevisionMap, step: &Step) -> Vec<VersionChange> {
        let heads = self.heads.clone();
        let mut out = Vec::new();
        if step.should_delete_branch(map, &heads) {
            let v = match step {
                Step::Revision { rev, .. } => map.rev(*rev).revision.clone(),
                Step::Stamp { from, .. } => from[0].clone(),
            };
            out.push(VersionChange::Delete(v));
        } else if step.should_create_branch(map, &heads) {
            let v = match step {
                Step::Revision { rev, .. } => map.rev(*rev).revision.clone(),
                Step::Stamp { to, .. } => to[0].clone(),
            };
            out.push(VersionChange::Insert(v));
        } else if step.should_merge_branches(map, &heads) {
            let from_revisions: Vec<String> = match step {
                Step::Revision { .. } => {
                    let from = step.source_revisions(map);
                    match Step::ancestors_of_others(map, &heads, &from) {
                        Some(anc) => from.into_iter().filter(|f| !anc.contains(f)).collect(),
                        None => from,
                    }
                }
                Step::Stamp { from, .. } => from.clone(),
            };
            let (last, rest) = from_revisions.split_last().expect("a merge has revisions");
            for d in rest {
                out.push(VersionChange::Delete(d.clone()));
            }
            out.push(VersionChange::Update {
                from: last.clone(),
                to: step.target_revisions(map)[0].clone(),
            });
        } else if step.should_unmerge_branches(map, &heads) {
            let to = step.unmerge_targets(map, &heads);
            let (last, rest) = to.split_last().expect("an unmerge has revisions");
            for i in rest {
                out.push(VersionChange::Insert(i.clone()));
            }
            out.push(VersionChange::Update {
                from: step.source_revisions(map)[0].clone(),
                to: last.clone(),
            });
        } else {
            let (from, to) = match step {
                Step::Revision { rev, is_upgrade } => {
                    let downs = Step::normalized_down(map, *rev);
                    let down = if downs.len() == 1 {
                        downs[0].clone()
                    } else {
                        heads
                            .iter()
                            .find(|h| downs.contains(h))
                            .cloned()
                            .unwrap_or_default()
                    };
                    let me = map.rev(*rev).revision.clone();
                    if *is_upgrade { (down, me) } else { (me, down) }
                }
                Step::Stamp { from, to, .. } => (from[0].clone(), to[0].clone()),
            };
            out.push(VersionChange::Update { from, to });
        }
        for c in &out {
            match c {
                VersionChange::Insert(v) => self.heads.push(v.clone()),
                VersionChange::Delete(v) => self.heads.retain(|h| h != v),
                VersionChange::Update { from, to } => {
                    self.heads.retain(|h| h != from);
                    self.heads.push(to.clone());
                }
            }
        }
        out
    }
}

/// Which way a run goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Direction {
    Upgrade,
    Downgrade,
    /// `stamp`: only `alembic_version` changes; no revision runs.
    Stamp,
}

/// The steps of `upgrade` / `downgrade` / `stamp` to `target` from `heads`.
pub fn plan(
    map: &RevisionMap,
    direction: Direction,
    target: &str,
    heads: &[String],
) -> Result<Vec<Step>, String> {
    match direction {
        Direction::Upgrade => upgrade_steps(map, target, heads),
        Direction::Downgrade => downgrade_steps(map, target, heads),
        Direction::Stamp => stamp_steps(map, &[target.to_owned()], heads),
    }
}

/// The heads an offline script starts from: the `start` of `start:dest`, resolved (none, or
/// `base`: an empty database).
pub fn start_heads(map: &RevisionMap, start: Option<&str>) -> Result<Vec<String>, String> {
    Ok(match start {
        Some(s) if s != "base" => match map.get_revision(Some(s)).map_err(|e| e.to_string())? {
            Some(i) => vec![map.rev(i).revision.clone()],
            None => Vec::new(),
        },
        _ => Vec::new(),
    })
}

/// `upgrade [start:]dest --sql` / `downgrade start:dest --sql`: the heads the script starts
/// from and its steps.
pub fn offline_plan(
    map: &RevisionMap,
    direction: Direction,
    range: &str,
) -> Result<(Vec<String>, Vec<Step>), String> {
    let (start, dest) = match range.split_once(':') {
        Some((s, d)) => (Some(s), d),
        None if direction == Direction::Downgrade => {
            return Err("downgrade with --sql requires <fromrev>:<torev>".into());
        }
        None => (None, range),
    };
    let heads = start_heads(map, start)?;
    let steps = plan(map, direction, dest, &heads)?;
    Ok((heads, steps))
}

/// `ScriptDirectory._upgrade_revs`: the steps from the current heads to `destination`.
pub fn upgrade_steps(
    map: &RevisionMap,
    destination: &str,
    current: &[String],
) -> Result<Vec<Step>, String> {
    let revs = map
        .iterate_revisions(
            &Target::id(destination),
            &Target::Ids(current.to_vec()),
            true,
            false,
            true,
            false,
        )
        .map_err(|e| ancestor_message(e, "upgrade", destination))?;
    Ok(revs
        .into_iter()
        .rev()
        .map(|rev| Step::Revision {
            rev,
            is_upgrade: true,
        })
        .collect())
}

/// `ScriptDirectory._downgrade_revs`.
pub(crate) fn downgrade_steps(
    map: &RevisionMap,
    destination: &str,
    current: &[String],
) -> Result<Vec<Step>, String> {
    let revs = map
        .iterate_revisions(
            &Target::Ids(current.to_vec()),
            &Target::id(destination),
            false,
            false,
            true,
            true,
        )
        .map_err(|e| ancestor_message(e, "downgrade", destination))?;
    Ok(revs
        .into_iter()
        .map(|rev| Step::Revision {
            rev,
            is_upgrade: false,
        })
        .collect())
}

fn ancestor_message(e: RevisionError, kind: &str, destination: &str) -> String {
    match e {
        RevisionError::RangeNotAncestor { .. } => {
            format!("Destination {destination} is not a valid {kind} target from current head(s)")
        }
        other => other.command_message(None, Some(destination)),
    }
}

/// `ScriptDirectory._stamp_revs`.
pub fn stamp_steps(
    map: &RevisionMap,
    revisions: &[String],
    heads: &[String],
) -> Result<Vec<Step>, String> {
    let caught = |e: RevisionError| match e {
        RevisionError::MultipleHeads { .. } => {
            "Multiple heads are present; please specify a single target revision".to_owned()
        }
        other => other.command_message(None, None),
    };
    let head_nodes: Vec<usize> = map
        .get_revisions_many(heads)
        .map_err(caught)?
        .into_iter()
        .filter_map(|n| match n {
            Some(Node::Rev(i)) => Some(i),
            _ => None,
        })
        .collect();
    let revisions: Vec<String> = if revisions.is_empty() {
        vec!["base".into()]
    } else {
        revisions.to_vec()
    };
    let mut filtered: Vec<usize> = Vec::new();
    for r in &revisions {
        for h in map
            .filter_for_lineage(&head_nodes, Some(r), true)
            .map_err(caught)?
        {
            if !filtered.contains(&h) {
                filtered.push(h);
            }
        }
    }
    let mut dests: Vec<Option<usize>> = map
        .get_revisions_many(&revisions)
        .map_err(caught)?
        .into_iter()
        .map(|n| match n {
            Some(Node::Rev(i)) => Some(i),
            _ => None,
        })
        .collect();
    if dests.is_empty() {
        dests.push(None);
    }
    let ids = |v: &[usize]| map.ids(v);
    let mut steps = Vec::new();
    for dest in dests {
        let Some(dest) = dest else {
            for &h in &filtered {
                steps.push(Step::Stamp {
                    from: vec![map.rev(h).revision.clone()],
                    to: vec![],
                    is_upgrade: false,
                    branch_move: true,
                });
            }
            continue;
        };
        if filtered.contains(&dest) {
            continue;
        }
        let descendants = map.descendant_nodes(&[dest]);
        let ancestors = map.ancestor_nodes(&[dest]);
        let to = vec![map.rev(dest).revision.clone()];
        if descendants.iter().any(|d| filtered.contains(d)) {
            steps.push(Step::Stamp {
                from: ids(&filtered),
                to,
                is_upgrade: false,
                branch_move: false,
            });
        } else if ancestors.iter().any(|a| filtered.contains(a)) {
            steps.push(Step::Stamp {
                from: ids(&filtered),
                to,
                is_upgrade: true,
                branch_move: false,
            });
        } else {
            steps.push(Step::Stamp {
                from: vec![],
                to,
                is_upgrade: true,
                branch_move: true,
            });
        }
    }
    Ok(steps)
}
