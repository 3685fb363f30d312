//! The revision graph: a port of Alembic's `script/revision.py` (`RevisionMap`).
//!
//! Architecture invariant: a pure graph. No file system, no SQLite, no Python: revisions
//! come in as plain data ([`RevisionSpec`]) in the order the script directory loaded them,
//! and that order is the tie-breaker wherever Alembic's own order is its load order.
//!
//! Where Alembic iterates a Python `set` or `frozenset` (a revision's children, a merge's
//! extra dependencies) its order varies from run to run with hash randomisation; Retort uses
//! load order there, which is one of the orders Alembic can produce.

use std::collections::{HashMap, HashSet, VecDeque};

/// A revision as its file declares it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RevisionSpec {
    pub revision: String,
    pub down_revision: Vec<String>,
    pub depends_on: Vec<String>,
    pub branch_labels: Vec<String>,
}

/// Alembic's revision errors; [`RevisionError::command_message`] turns them into the
/// `CommandError` text that `ScriptDirectory._catch_revision_errors` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevisionError {
    /// A plain `RevisionError(message)`.
    Message(String),
    Resolution {
        message: String,
        argument: String,
    },
    MultipleHeads {
        heads: Vec<String>,
        argument: String,
    },
    RangeNotAncestor {
        lower: String,
        upper: String,
    },
    Cycle {
        message: String,
    },
}

impl RevisionError {
    fn msg(m: impl Into<String>) -> Self {
        RevisionError::Message(m.into())
    }

    /// The message Alembic's command layer prints (after `FAILED: `), given the `start` and
    /// `end` arguments `_catch_revision_errors` was called with.
    pub(crate) fn command_message(&self, start: Option<&str>, end: Option<&str>) -> String {
        match self {
            RevisionError::RangeNotAncestor { lower, upper } => format!(
                "Requested range {}:{} does not refer to ancestor/descendant revisions along the same branch",
                start.unwrap_or(lower),
                end.unwrap_or(upper)
            ),
            RevisionError::MultipleHeads { argument, .. } => format!(
                "Multiple head revisions are present for given argument '{0}'; please specify a specific target revision, '<branchname>@{0}' to narrow to a specific head, or 'heads' for all heads",
                end.unwrap_or(argument)
            ),
            RevisionError::Resolution { argument, .. } => {
                format!("Can't locate revision identified by '{argument}'")
            }
            RevisionError::Message(m) | RevisionError::Cycle { message: m } => m.clone(),
        }
    }
}

impl std::fmt::Display for RevisionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RevisionError::Resolution { message, .. } => f.write_str(message),
            RevisionError::MultipleHeads { heads, argument } => write!(
                f,
                "Multiple heads are present for given argument '{argument}'; {}",
                heads.join(", ")
            ),
            RevisionError::RangeNotAncestor { lower, upper } => {
                write!(f, "Revision {lower} is not an ancestor of revision {upper}")
            }
            other => f.write_str(&other.command_message(None, None)),
        }
    }
}

impl std::error::Error for RevisionError {}

pub type Result<T, E = RevisionError> = std::result::Result<T, E>;

/// A revision in the map: the spec plus what the map computes.
#[derive(Debug, Clone)]
pub struct Revision {
    pub revision: String,
    /// `down_revision` as a tuple (Alembic's `_versioned_down_revisions`).
    pub down_revision: Vec<String>,
    /// `depends_on` as given (ids or labels).
    pub dependencies: Vec<String>,
    /// Labels declared in the file, in declaration order.
    pub orig_branch_labels: Vec<String>,
    /// Labels of this revision's branch (declared here or inherited along the branch).
    pub branch_labels: Vec<String>,
    /// Children along `down_revision` (Alembic's `nextrev`), in load order.
    pub nextrev: Vec<usize>,
    /// Children along `down_revision` or `depends_on` (`_all_nextrev`), in load order.
    pub all_nextrev: Vec<usize>,
    resolved_dependencies: Vec<String>,
    normalized_resolved_dependencies: Vec<String>,
}

impl Revision {
    pub fn is_head(&self) -> bool {
        self.nextrev.is_empty()
    }
    pub(crate) fn is_real_head(&self) -> bool {
        self.all_nextrev.is_empty()
    }
    pub(crate) fn is_base(&self) -> bool {
        self.down_revision.is_empty()
    }
    pub(crate) fn is_real_base(&self) -> bool {
        self.down_revision.is_empty() && self.dependencies.is_empty()
    }
    pub fn is_branch_point(&self) -> bool {
        self.nextrev.len() > 1
    }
    pub(crate) fn is_real_branch_point(&self) -> bool {
        self.all_nextrev.len() > 1
    }
    pub(crate) fn is_merge_point(&self) -> bool {
        self.down_revision.len() > 1
    }
    fn all_down_revisions(&self) -> Vec<String> {
        dedupe(self.down_revision.iter().chain(&self.resolved_dependencies))
    }
    fn normalized_down_revisions(&self) -> Vec<String> {
        dedupe(
            self.down_revision
                .iter()
                .chain(&self.normalized_resolved_dependencies),
        )
    }
    pub(crate) fn has_dependencies(&self) -> bool {
        !self.dependencies.is_empty()
    }
}

fn dedupe<'a>(items: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if !out.contains(i) {
            out.push(i.clone());
        }
    }
    out
}

/// A target a walk or lookup can land on: a revision, or `base` (Alembic's "base" string).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    Rev(usize),
    Base,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rel {
    Down,           // _versioned_down_revisions
    AllDown,        // _all_down_revisions
    NormalizedDown, // _normalized_down_revisions
    Next,           // nextrev
    AllNext,        // _all_nextrev
}

/// The graph of a script directory's revisions.
#[derive(Debug, Clone, Default)]
pub struct RevisionMap {
    revs: Vec<Revision>,
    /// Revision ids and branch labels to revisions.
    map: HashMap<String, usize>,
    pub heads: Vec<usize>,
    pub real_heads: Vec<usize>,
    pub bases: Vec<usize>,
    pub real_bases: Vec<usize>,
    /// `util.warn` messages Alembic would print (duplicates).
    pub warnings: Vec<String>,
}

/// `Revision.verify_rev_id`: revision ids may not contain `@`, `-`, `+` or `:`.
pub(crate) fn verify_rev_id(revision: &str) -> Result<()> {
    let mut illegal: Vec<char> = revision
        .chars()
        .filter(|c| ['@', '-', '+', ':'].contains(c))
        .collect();
    illegal.sort();
    illegal.dedup();
    if illegal.is_empty() {
        return Ok(());
    }
    Err(RevisionError::msg(format!(
        "Character(s) '{}' not allowed in revision identifier '{revision}'",
        illegal
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )))
}

impl RevisionMap {
    /// Builds the map as `RevisionMap._revision_map` does, with its errors.
    pub fn new(specs: Vec<RevisionSpec>) -> Result<RevisionMap> {
        let mut m = RevisionMap::default();
        let mut has_labels = Vec::new();
        for spec in specs {
            if !spec.down_revision.is_empty() && spec.down_revision.contains(&spec.revision) {
                return Err(RevisionError::Cycle {
                    message: format!("Self-loop is detected in revisions ({})", spec.revision),
                });
            }
            if spec.depends_on.contains(&spec.revision) {
                return Err(RevisionError::Cycle {
                    message: format!(
                        "Dependency self-loop is detected in revisions ({})",
                        spec.revision
                    ),
                });
            }
            verify_rev_id(&spec.revision)?;
            let idx = m.revs.len();
            if let Some(&prev) = m.map.get(&spec.revision) {
                m.warnings.push(format!(
                    "Revision {} is present more than once",
                    spec.revision
                ));
                // The later file replaces the earlier one in the map.
                m.map.insert(spec.revision.clone(), idx);
                let _ = prev;
            } else {
                m.map.insert(spec.revision.clone(), idx);
            }
            let mut labels = Vec::new();
            for l in &spec.branch_labels {
                if !labels.contains(l) {
                    labels.push(l.clone());
                }
            }
            if !labels.is_empty() {
                has_labels.push(idx);
            }
            m.revs.push(Revision {
                revision: spec.revision,
                down_revision: spec.down_revision,
                dependencies: spec.depends_on,
                orig_branch_labels: spec.branch_labels,
                branch_labels: labels,
                nextrev: Vec::new(),
                all_nextrev: Vec::new(),
                resolved_dependencies: Vec::new(),
                normalized_resolved_dependencies: Vec::new(),
            });
        }
        // Superseded duplicates take no part in the graph.
        let live: Vec<usize> = (0..m.revs.len())
            .filter(|&i| m.map.get(&m.revs[i].revision) == Some(&i))
            .collect();
        let mut heads: Vec<usize> = live.clone();
        let mut real_heads: Vec<usize> = live.clone();
        m.bases = live
            .iter()
            .copied()
            .filter(|&i| m.revs[i].is_base())
            .collect();
        m.real_bases = live
            .iter()
            .copied()
            .filter(|&i| m.revs[i].is_real_base())
            .collect();

        // Branch labels join the map so that depends_on can name them.
        for &i in &has_labels {
            for label in m.revs[i].orig_branch_labels.clone() {
                if let Some(&other) = m.map.get(&label) {
                    return Err(RevisionError::msg(format!(
                        "Branch name '{label}' in revision {} already used by revision {}",
                        m.revs[i].revision, m.revs[other].revision
                    )));
                }
                m.map.insert(label, i);
            }
        }
        // Resolve depends_on names (ids or labels) to revision ids.
        for &i in &live {
            let mut resolved = Vec::new();
            for dep in m.revs[i].dependencies.clone() {
                match m.map.get(&dep) {
                    Some(&d) => resolved.push(m.revs[d].revision.clone()),
                    None => {
                        return Err(RevisionError::msg(format!(
                            "Revision {dep} referenced from {} is not present",
                            m.revs[i].revision
                        )));
                    }
                }
            }
            m.revs[i].resolved_dependencies = resolved;
        }
        // Heads and real heads lose every revision something points down to.
        let mut not_head = vec![false; m.revs.len()];
        let mut not_real_head = vec![false; m.revs.len()];
        for &i in &live {
            for down in m.revs[i].all_down_revisions() {
                let Some(&d) = m.map.get(&down) else {
                    return Err(RevisionError::msg(format!(
                        "Revision {down} referenced from {} is not present",
                        repr_revision(&m.revs[i])
                    )));
                };
                if !m.revs[d].all_nextrev.contains(&i) {
                    m.revs[d].all_nextrev.push(i);
                }
                if m.revs[i].down_revision.contains(&m.revs[d].revision) {
                    if !m.revs[d].nextrev.contains(&i) {
                        m.revs[d].nextrev.push(i);
                    }
                    not_head[d] = true;
                }
                not_real_head[d] = true;
            }
        }
        heads.retain(|&h| !not_head[h]);
        real_heads.retain(|&h| !not_real_head[h]);
        // Dependencies already implied by an ancestor's dependencies are dropped.
        for &i in &live {
            if m.revs[i].resolved_dependencies.is_empty() {
                continue;
            }
            let mut normalized: Vec<String> = m.revs[i].resolved_dependencies.clone();
            for a in m.iterate_related(Rel::Down, &[i], false)? {
                if a == i {
                    continue;
                }
                let deps = m.revs[a].resolved_dependencies.clone();
                normalized.retain(|d| !deps.contains(d));
            }
            m.revs[i].normalized_resolved_dependencies = normalized;
        }
        m.heads = heads;
        m.real_heads = real_heads;
        m.detect_cycles(&live)?;
        m.add_branches(&has_labels);
        Ok(m)
    }

    /// `_detect_cycles`: every revision must be reachable both down from the heads and up
    /// from the bases — first along `down_revision`, then with `depends_on` too.
    fn detect_cycles(&self, live: &[usize]) -> Result<()> {
        if live.is_empty() {
            return Ok(());
        }
        let passes = [
            ("Cycle", &self.heads, &self.bases, Rel::Down, Rel::Next),
            (
                "Dependency cycle",
                &self.real_heads,
                &self.real_bases,
                Rel::AllDown,
                Rel::AllNext,
            ),
        ];
        for (kind, heads, bases, down_rel, up_rel) in passes {
            let mut outside: Vec<String> = if heads.is_empty() || bases.is_empty() {
                live.iter()
                    .map(|&i| self.revs[i].revision.clone())
                    .collect()
            } else {
                let from_heads: HashSet<usize> = self
                    .iterate_related(down_rel, heads, false)?
                    .into_iter()
                    .collect();
                let from_bases: HashSet<usize> = self
                    .iterate_related(up_rel, bases, false)?
                    .into_iter()
                    .collect();
                let mut v: Vec<String> = live
                    .iter()
                    .filter(|i| !(from_heads.contains(i) && from_bases.contains(i)))
                    .map(|&i| self.revs[i].revision.clone())
                    .collect();
                v.sort();
                v
            };
            if !outside.is_empty() {
                outside.dedup();
                return Err(cycle(kind, &outside));
            }
        }
        Ok(())
    }

    fn add_branches(&mut self, labelled: &[usize]) {
        for &i in labelled {
            let labels = self.revs[i].branch_labels.clone();
            let mut last = i;
            for node in self
                .iterate_related(Rel::Next, &[i], false)
                .unwrap_or_default()
            {
                add_labels(&mut self.revs[node].branch_labels, &labels);
                last = node;
            }
            // Up the branch from the last descendant visited, until a branch or merge point.
            let mut parent = Some(last);
            while let Some(p) = parent {
                if self.revs[p].is_real_branch_point() || self.revs[p].is_merge_point() {
                    break;
                }
                add_labels(&mut self.revs[p].branch_labels, &labels);
                parent = match self.revs[p].down_revision.first() {
                    Some(d) if self.revs[p].down_revision.len() == 1 => self.map.get(d).copied(),
                    _ => None,
                };
            }
        }
    }

    // ------------------------------------------------------------------ accessors

    pub fn len(&self) -> usize {
        self.revs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.revs.is_empty()
    }

    pub fn rev(&self, i: usize) -> &Revision {
        &self.revs[i]
    }

    /// Revisions in load order (superseded duplicates excluded).
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.revs.len()).filter(|&i| self.map.get(&self.revs[i].revision) == Some(&i))
    }

    pub fn ids(&self, nodes: &[usize]) -> Vec<String> {
        nodes
            .iter()
            .map(|&i| self.revs[i].revision.clone())
            .collect()
    }

    fn related(&self, rel: Rel, i: usize) -> Vec<usize> {
        let r = &self.revs[i];
        let names = match rel {
            Rel::Down => r.down_revision.clone(),
            Rel::AllDown => r.all_down_revisions(),
            Rel::NormalizedDown => r.normalized_down_revisions(),
            Rel::Next => return r.nextrev.clone(),
            Rel::AllNext => return r.all_nextrev.clone(),
        };
        names
            .iter()
            .filter_map(|n| self.map.get(n).copied())
            .collect()
    }

    /// `_iterate_related_revisions`: depth-first over `rel`, each revision once; with
    /// `check`, fails when one target reaches another.
    fn iterate_related(&self, rel: Rel, targets: &[usize], check: bool) -> Result<Vec<usize>> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let mut todo = VecDeque::new();
        for &target in targets {
            todo.push_back(target);
            let mut per_target = HashSet::new();
            while let Some(rev) = todo.pop_back() {
                if check {
                    per_target.insert(rev);
                }
                if !seen.insert(rev) {
                    continue;
                }
                for next in self.related(rel, rev) {
                    todo.push_back(next);
                }
                out.push(rev);
            }
            if check {
                let overlaps: Vec<String> = targets
                    .iter()
                    .filter(|t| **t != target && per_target.contains(t))
                    .map(|&t| self.revs[t].revision.clone())
                    .collect();
                if !overlaps.is_empty() {
                    return Err(RevisionError::msg(format!(
                        "Requested revision {} overlaps with other requested revisions {}",
                        self.revs[target].revision,
                        overlaps.join(", ")
                    )));
                }
            }
        }
        Ok(out)
    }

    fn descendants(
        &self,
        targets: &[usize],
        include_dependencies: bool,
        check: bool,
    ) -> Result<Vec<usize>> {
        self.iterate_related(
            if include_dependencies {
                Rel::AllNext
            } else {
                Rel::Next
            },
            targets,
            check,
        )
    }

    fn ancestors(
        &self,
        targets: &[usize],
        include_dependencies: bool,
        check: bool,
    ) -> Result<Vec<usize>> {
        self.iterate_related(
            if include_dependencies {
                Rel::NormalizedDown
            } else {
                Rel::Down
            },
            targets,
            check,
        )
    }

    /// `_normalized_down_revisions` of a revision.
    pub(crate) fn normalized_down_revisions(&self, i: usize) -> Vec<String> {
        self.revs[i].normalized_down_revisions()
    }

    /// `_get_ancestor_nodes(targets)` (dependencies included), in traversal order.
    pub(crate) fn ancestor_nodes(&self, targets: &[usize]) -> Vec<usize> {
        self.ancestors(targets, true, false).unwrap_or_default()
    }

    /// `_get_descendant_nodes(targets)` (dependencies included), in traversal order.
    pub(crate) fn descendant_nodes(&self, targets: &[usize]) -> Vec<usize> {
        self.descendants(targets, true, false).unwrap_or_default()
    }

    // ------------------------------------------------------------------ identifiers

    /// `get_current_head`: the single head (of a branch), or `MultipleHeads`.
    pub(crate) fn current_head(&self, branch_label: Option<&str>) -> Result<Option<usize>> {
        let mut heads = self.heads.clone();
        if let Some(label) = branch_label {
            heads = self.filter_for_lineage(&heads, Some(label), false)?;
        }
        if heads.len() > 1 {
            return Err(RevisionError::MultipleHeads {
                heads: self.ids(&heads),
                argument: match branch_label {
                    Some(l) => format!("{l}@head"),
                    None => "head".into(),
                },
            });
        }
        Ok(heads.first().copied())
    }

    /// `_resolve_revision_number`: symbolic names to ids, and the branch label.
    fn resolve_number(&self, id: Option<&str>) -> Result<(Vec<Ident>, Option<String>)> {
        let (label, id) = match id {
            Some(s) if s.contains('@') => {
                let (l, rest) = s.split_once('@').unwrap();
                (Some(l.to_owned()), Some(rest))
            }
            other => (None, other),
        };
        Ok(match id {
            Some("heads") => match &label {
                Some(l) => (
                    self.filter_for_lineage(&self.heads, Some(l), false)?
                        .into_iter()
                        .map(Ident::Rev)
                        .collect(),
                    label,
                ),
                None => (
                    self.real_heads.iter().map(|&i| Ident::Rev(i)).collect(),
                    label,
                ),
            },
            Some("head") => match self.current_head(label.as_deref())? {
                Some(h) => (vec![Ident::Rev(h)], label),
                None => (vec![], label),
            },
            Some("base") | None => (vec![], label),
            Some(other) => (vec![Ident::Name(other.to_owned())], label),
        })
    }

    /// `get_revisions` for one identifier (`Node::Base` stands for Alembic's "base" string
    /// or `None` in the result).
    pub(crate) fn get_revisions(&self, id: Option<&str>) -> Result<Vec<Option<Node>>> {
        let (resolved, label) = self.resolve_number(id)?;
        if let [Ident::Name(name)] = resolved.as_slice()
            && let Ok(n) = name.parse::<i64>()
            && n < 0
        {
            let mut heads: Vec<Option<Node>> = self.get_revisions(Some("heads"))?;
            if let Some(l) = &label {
                heads.retain(
                    |h| matches!(h, Some(Node::Rev(i)) if self.revs[*i].branch_labels.contains(l)),
                );
            }
            let mut out = Vec::new();
            for h in heads {
                out.push(self.walk(h, n, None, true)?);
            }
            return Ok(out);
        }
        let mut out = Vec::new();
        for r in resolved {
            out.push(self.revision_for_ident(r, label.as_deref())?.map(Node::Rev));
        }
        Ok(out)
    }

    /// Several identifiers, concatenated (`get_revisions` of a tuple).
    pub(crate) fn get_revisions_many(&self, ids: &[String]) -> Result<Vec<Option<Node>>> {
        let mut out = Vec::new();
        for id in ids {
            out.extend(self.get_revisions(Some(id))?);
        }
        Ok(out)
    }

    /// `get_revision`: exactly one revision (or none for `base`).
    pub(crate) fn get_revision(&self, id: Option<&str>) -> Result<Option<usize>> {
        let (resolved, label) = self.resolve_number(id)?;
        if resolved.len() > 1 {
            return Err(RevisionError::MultipleHeads {
                heads: resolved.iter().map(|r| self.ident_str(r)).collect(),
                argument: id.unwrap_or("").to_owned(),
            });
        }
        match resolved.into_iter().next() {
            Some(r) => self.revision_for_ident(r, label.as_deref()),
            None => Ok(None),
        }
    }

    fn ident_str(&self, i: &Ident) -> String {
        match i {
            Ident::Rev(r) => self.revs[*r].revision.clone(),
            Ident::Name(n) => n.clone(),
        }
    }

    fn resolve_branch(&self, label: &str) -> Result<usize> {
        match self.map.get(label) {
            Some(&i) => Ok(i),
            None => match self.revision_for_ident(Ident::Name(label.to_owned()), None) {
                Ok(Some(i)) => Ok(i),
                Ok(None) | Err(RevisionError::Resolution { .. }) => {
                    Err(RevisionError::Resolution {
                        message: format!("No such branch: '{label}'"),
                        argument: label.to_owned(),
                    })
                }
                Err(e) => Err(e),
            },
        }
    }

    fn revision_for_ident(
        &self,
        ident: Ident,
        check_branch: Option<&str>,
    ) -> Result<Option<usize>> {
        let branch_rev = match check_branch {
            Some(b) if !b.is_empty() => Some(self.resolve_branch(b)?),
            _ => None,
        };
        let (rev, id) = match ident {
            Ident::Rev(i) => (i, self.revs[i].revision.clone()),
            Ident::Name(name) => match self.map.get(&name) {
                Some(&i) => (i, name),
                None => {
                    let mut revs: Vec<usize> = self
                        .map
                        .iter()
                        .filter(|(k, _)| k.len() > 3 && k.starts_with(name.as_str()))
                        .map(|(_, &v)| v)
                        .collect();
                    // Alembic scans its map in load order (ids first, then labels).
                    revs.sort();
                    revs.dedup();
                    if branch_rev.is_some() {
                        revs = self.filter_for_lineage(&revs, check_branch, false)?;
                    }
                    match revs.len() {
                        0 => {
                            return Err(RevisionError::Resolution {
                                message: format!(
                                    "No such revision or branch '{name}'{}",
                                    if name.chars().count() < 4 {
                                        "; please ensure at least four characters are present for partial revision identifier matches"
                                    } else {
                                        ""
                                    }
                                ),
                                argument: name,
                            });
                        }
                        1 => (revs[0], name),
                        _ => {
                            return Err(RevisionError::Resolution {
                                message: format!(
                                    "Multiple revisions start with '{name}': {}...",
                                    revs.iter()
                                        .take(3)
                                        .map(|&r| format!("'{}'", self.revs[r].revision))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                                argument: name,
                            });
                        }
                    }
                }
            },
        };
        if let (Some(b), Some(label)) = (branch_rev, check_branch)
            && !self.shares_lineage(rev, &[b], false)?
        {
            return Err(RevisionError::Resolution {
                message: format!(
                    "Revision {} is not a member of branch '{label}'",
                    self.revs[rev].revision
                ),
                argument: id,
            });
        }
        Ok(Some(rev))
    }

    /// `filter_for_lineage`: the targets related (ancestor or descendant) to `check_against`.
    pub(crate) fn filter_for_lineage(
        &self,
        targets: &[usize],
        check_against: Option<&str>,
        include_dependencies: bool,
    ) -> Result<Vec<usize>> {
        let (ids, label) = self.resolve_number(check_against)?;
        let mut shares = Vec::new();
        if let Some(l) = label {
            shares.push(
                self.revision_for_ident(Ident::Name(l), None)?
                    .expect("label resolves"),
            );
        }
        for i in ids {
            if let Some(r) = self.revision_for_ident(i, None)? {
                shares.push(r);
            }
        }
        let mut out = Vec::new();
        for &t in targets {
            if self.shares_lineage(t, &shares, include_dependencies)? {
                out.push(t);
            }
        }
        Ok(out)
    }

    fn shares_lineage(
        &self,
        target: usize,
        against: &[usize],
        include_dependencies: bool,
    ) -> Result<bool> {
        if against.is_empty() {
            return Ok(true);
        }
        let down = self.descendants(&[target], include_dependencies, false)?;
        let up = self.ancestors(&[target], include_dependencies, false)?;
        Ok(down.iter().chain(up.iter()).any(|r| against.contains(r)))
    }

    // ------------------------------------------------------------------ walks and plans

    /// `_walk`: `steps` up (> 0) or down (< 0) from `start` (`None` = below the bases).
    pub fn walk(
        &self,
        start: Option<Node>,
        steps: i64,
        branch_label: Option<&str>,
        no_overwalk: bool,
    ) -> Result<Option<Node>> {
        let mut initial = start;
        for _ in 0..steps.unsigned_abs() {
            let children: Vec<Option<Node>> = if steps > 0 {
                let ups: Vec<usize> = match initial {
                    None => self.bases.clone(),
                    Some(Node::Rev(i)) => self.revs[i].nextrev.clone(),
                    Some(Node::Base) => unreachable!("walk up from base"),
                };
                let ups = match branch_label {
                    Some(l) => self.filter_for_lineage(&ups, Some(l), false)?,
                    None => ups,
                };
                ups.into_iter().map(|i| Some(Node::Rev(i))).collect()
            } else {
                match initial {
                    Some(Node::Base) => vec![],
                    None => self.heads.iter().map(|&i| Some(Node::Rev(i))).collect(),
                    Some(Node::Rev(i)) => {
                        let downs: Vec<Option<Node>> = self.revs[i]
                            .down_revision
                            .iter()
                            .map(|d| self.map.get(d).map(|&x| Node::Rev(x)))
                            .collect();
                        if downs.is_empty() {
                            vec![Some(Node::Base)]
                        } else {
                            downs
                        }
                    }
                }
            };
            if children.is_empty() {
                return Ok(if no_overwalk { None } else { initial });
            } else if children.len() > 1 {
                return Err(RevisionError::msg("Ambiguous walk"));
            }
            initial = children[0];
        }
        Ok(initial)
    }

    /// `iterate_revisions`: the revisions between `upper` and `lower`, in the order Alembic
    /// runs them (upgrade: reverse this list; downgrade: this list).
    pub(crate) fn iterate_revisions(
        &self,
        upper: &Target,
        lower: &Target,
        implicit_base: bool,
        inclusive: bool,
        assert_relative_length: bool,
        select_for_downgrade: bool,
    ) -> Result<Vec<usize>> {
        let (revisions, heads) = if select_for_downgrade {
            self.collect_downgrade(
                upper,
                lower,
                inclusive,
                implicit_base,
                assert_relative_length,
            )?
        } else {
            self.collect_upgrade(
                upper,
                lower,
                inclusive,
                implicit_base,
                assert_relative_length,
            )?
        };
        self.topological_sort(&revisions, &heads)
    }

    fn topological_sort(&self, revisions: &HashSet<usize>, heads: &[usize]) -> Result<Vec<usize>> {
        let mut todo: HashSet<usize> = revisions.clone();
        let mut current_heads: Vec<usize> = {
            let mut h: Vec<usize> = heads.iter().copied().filter(|h| todo.contains(h)).collect();
            h.sort();
            h.dedup();
            h
        };
        let ancestors_of = |i: usize| -> HashSet<usize> {
            self.ancestors(&[i], true, false)
                .unwrap_or_default()
                .into_iter()
                .collect()
        };
        let mut ancestors_by_idx: Vec<HashSet<usize>> =
            current_heads.iter().map(|&h| ancestors_of(h)).collect();
        let mut output = Vec::new();
        let mut idx = 0usize;
        while !current_heads.is_empty() {
            let candidate = current_heads[idx];
            let blocked = ancestors_by_idx
                .iter()
                .enumerate()
                .find(|(j, anc)| *j != idx && anc.contains(&candidate))
                .map(|(j, _)| j);
            if let Some(j) = blocked {
                idx = j;
                continue;
            }
            if todo.remove(&candidate) {
                output.push(candidate);
            }
            let rev = &self.revs[candidate];
            let heads_to_add: Vec<usize> = rev
                .normalized_down_revisions()
                .iter()
                .filter_map(|d| self.map.get(d).copied())
                .filter(|d| todo.contains(d) && !current_heads.contains(d))
                .collect();
            if heads_to_add.is_empty() {
                current_heads.remove(idx);
                ancestors_by_idx.remove(idx);
                idx = idx.saturating_sub(1);
            } else if rev.normalized_resolved_dependencies.is_empty()
                && rev.down_revision.len() == 1
            {
                current_heads[idx] = heads_to_add[0];
                ancestors_by_idx[idx].remove(&candidate);
            } else {
                current_heads[idx] = heads_to_add[0];
                current_heads.extend(&heads_to_add[1..]);
                ancestors_by_idx[idx] = ancestors_of(heads_to_add[0]);
                ancestors_by_idx.extend(heads_to_add[1..].iter().map(|&h| ancestors_of(h)));
            }
        }
        if !todo.is_empty() {
            // Alembic's `assert not todo` fails here (a traceback, no FAILED line).
            let mut left: Vec<String> = todo
                .iter()
                .map(|&i| self.revs[i].revision.clone())
                .collect();
            left.sort();
            return Err(RevisionError::msg(format!(
                "the requested range leaves revisions unordered ({}); Alembic stops here with an AssertionError",
                left.join(", ")
            )));
        }
        Ok(output)
    }

    fn target_revisions(&self, t: &Target) -> Result<Vec<Option<Node>>> {
        match t {
            Target::Ids(ids) => self.get_revisions_many(ids),
            Target::Id(id) => self.get_revisions(id.as_deref()),
        }
    }

    fn parse_upgrade_target(
        &self,
        current: &Target,
        target: &Target,
        assert_relative_length: bool,
    ) -> Result<Vec<Option<Node>>> {
        let rel = match target {
            Target::Id(Some(s)) => relative_destination(s),
            _ => None,
        };
        let Some((label, symbol, relative_str)) = rel else {
            return self.target_revisions(target);
        };
        let relative: i64 = relative_str
            .parse()
            .map_err(|_| RevisionError::msg("bad relative"))?;
        let label = label.as_deref();
        if relative > 0 {
            match symbol {
                None => {
                    let mut current_nodes: Vec<Option<Node>> = match current {
                        Target::Ids(ids) if ids.is_empty() => vec![None],
                        Target::Id(None) => vec![None],
                        other => self.target_revisions(other)?,
                    };
                    if current_nodes.is_empty() {
                        current_nodes = vec![None];
                    }
                    let mut start: Vec<Option<Node>> = current_nodes.clone();
                    if let Some(l) = label {
                        let revs: Vec<usize> =
                            current_nodes.iter().filter_map(|n| node_rev(*n)).collect();
                        let filtered = self.filter_for_lineage(&revs, Some(l), false)?;
                        start = filtered.iter().map(|&i| Some(Node::Rev(i))).collect();
                        if start.is_empty() {
                            let active = self.ancestors(&revs, true, false)?;
                            let active = self.filter_for_lineage(&active, Some(l), false)?;
                            let downs: HashSet<usize> = active
                                .iter()
                                .flat_map(|&a| self.related(Rel::NormalizedDown, a))
                                .collect();
                            let tips: Vec<usize> = active
                                .iter()
                                .copied()
                                .filter(|a| !downs.contains(a))
                                .collect();
                            start = tips.into_iter().map(|i| Some(Node::Rev(i))).collect();
                            if start.is_empty() {
                                start = vec![None];
                            }
                        }
                    }
                    if start.len() > 1 {
                        return Err(RevisionError::msg(
                            "Ambiguous upgrade from multiple current revisions",
                        ));
                    }
                    let rev = self.walk(start[0], relative, label, assert_relative_length)?;
                    if rev.is_none() {
                        return Err(RevisionError::msg(format!(
                            "Relative revision {relative_str} didn't produce {} migrations",
                            relative.abs()
                        )));
                    }
                    Ok(vec![rev])
                }
                Some(sym) => {
                    let start = self.get_revision(Some(&sym))?.map(Node::Rev);
                    Ok(vec![self.walk(
                        start,
                        relative,
                        label,
                        assert_relative_length,
                    )?])
                }
            }
        } else {
            let Some(sym) = symbol else {
                return Err(RevisionError::msg(format!(
                    "Relative revision {relative} didn't produce {} migrations",
                    relative.abs()
                )));
            };
            let start = match label {
                None => self.get_revision(Some(&sym))?,
                Some(l) => self.get_revision(Some(&format!("{l}@{sym}")))?,
            };
            Ok(vec![self.walk(
                start.map(Node::Rev),
                relative,
                None,
                assert_relative_length,
            )?])
        }
    }

    /// `_parse_downgrade_target`: (branch label, target) where target `None` is base.
    fn parse_downgrade_target(
        &self,
        current: &Target,
        target: &Target,
        assert_relative_length: bool,
    ) -> Result<(Option<String>, Option<Node>)> {
        let t = match target {
            Target::Id(None) => return Ok((None, None)),
            Target::Id(Some(s)) => s.clone(),
            Target::Ids(ids) if ids.len() == 1 => ids[0].clone(),
            Target::Ids(_) => {
                return Err(RevisionError::msg(
                    "Expected downgrade target in string form",
                ));
            }
        };
        if let Some((label, symbol, relative_str)) = relative_destination(&t) {
            let rel: i64 = relative_str
                .parse()
                .map_err(|_| RevisionError::msg("bad relative"))?;
            if rel >= 0 {
                let Some(sym) = symbol else {
                    return Err(RevisionError::msg(format!(
                        "Relative revision {relative_str} didn't produce {} migrations",
                        rel.abs()
                    )));
                };
                let start = self.get_revision(Some(&sym))?.map(Node::Rev);
                let rev = self.walk(start, rel, label.as_deref(), assert_relative_length)?;
                return match rev {
                    None => Err(RevisionError::msg("Walked too far")),
                    Some(r) => Ok((label, Some(r))),
                };
            }
            let relative_revision = symbol.is_none();
            let mut label = label;
            let sym = match symbol {
                Some(s) => s,
                None => {
                    let current_ids: Vec<String> = match current {
                        Target::Ids(ids) => ids.clone(),
                        Target::Id(Some(s)) => vec![s.clone()],
                        Target::Id(None) => vec![],
                    };
                    if let Some(l) = &label {
                        let cur: Vec<usize> = self
                            .get_revisions_many(&current_ids)?
                            .into_iter()
                            .filter_map(node_rev)
                            .collect();
                        let mut list = self.filter_for_lineage(&cur, Some(l), false)?;
                        if list.is_empty() {
                            let all_current = self.all_current(&current_ids)?;
                            list = self.filter_for_lineage(&all_current, Some(l), false)?;
                        }
                        self.revs[list[0]].revision.clone()
                    } else {
                        if current_ids.is_empty() {
                            return Err(RevisionError::msg(format!(
                                "Relative revision {relative_str} didn't produce {} migrations",
                                rel.abs()
                            )));
                        }
                        let s = current_ids[0].clone();
                        label = Some(s.clone());
                        s
                    }
                }
            };
            let start = match &label {
                None => self.get_revision(Some(&sym))?,
                Some(l) => self.get_revision(Some(&format!("{l}@{sym}")))?,
            };
            let rev = self.walk(start.map(Node::Rev), rel, None, assert_relative_length)?;
            return match rev {
                None if relative_revision => Err(RevisionError::msg(format!(
                    "Relative revision {relative_str} didn't produce {} migrations",
                    rel.abs()
                ))),
                None => Err(RevisionError::msg("Walked too far")),
                Some(r) => Ok((label, Some(r))),
            };
        }
        let (label, symbol) = match t.rsplit_once('@') {
            Some((l, s)) if !l.is_empty() => (Some(l.to_owned()), s.to_owned()),
            Some((_, s)) => (None, s.to_owned()),
            None => (None, t.clone()),
        };
        Ok((label, self.get_revision(Some(&symbol))?.map(Node::Rev)))
    }

    fn collect_downgrade(
        &self,
        upper: &Target,
        lower: &Target,
        inclusive: bool,
        implicit_base: bool,
        assert_relative_length: bool,
    ) -> Result<(HashSet<usize>, Vec<usize>)> {
        let (branch_label, target) =
            self.parse_downgrade_target(upper, lower, assert_relative_length)?;
        let target = match target {
            Some(Node::Base) | None => None,
            Some(Node::Rev(i)) => Some(i),
        };
        let mut roots: Vec<usize> = match target {
            None => self
                .iter()
                .filter(|&i| self.revs[i].down_revision.is_empty())
                .collect(),
            Some(t) if inclusive => vec![t],
            Some(t) => self.revs[t].nextrev.clone(),
        };
        if let (Some(label), true) = (&branch_label, roots.len() > 1) {
            let b = self.resolve_branch(label)?;
            let ancestors: HashSet<usize> =
                self.ancestors(&[b], false, false)?.into_iter().collect();
            roots.retain(|r| ancestors.contains(r));
            if roots.is_empty() {
                return Err(RevisionError::msg(
                    "Not a valid downgrade target from current heads",
                ));
            }
        }
        let heads: Vec<usize> = self
            .target_revisions(upper)?
            .into_iter()
            .filter_map(node_rev)
            .collect();
        let mut downgrade: HashSet<usize> =
            self.descendants(&roots, true, false)?.into_iter().collect();
        let active: HashSet<usize> = self.ancestors(&heads, true, false)?.into_iter().collect();
        downgrade.retain(|r| active.contains(r));
        if implicit_base {
            let root_anc: HashSet<usize> =
                self.ancestors(&roots, true, false)?.into_iter().collect();
            downgrade.extend(active.iter().filter(|a| !root_anc.contains(a)));
        }
        if let Some(t) = target
            && downgrade.is_empty()
            && !heads.contains(&t)
        {
            return Err(RevisionError::RangeNotAncestor {
                lower: "Nothing to drop".into(),
                upper: target_str(upper),
            });
        }
        Ok((downgrade, heads))
    }

    fn collect_upgrade(
        &self,
        upper: &Target,
        lower: &Target,
        inclusive: bool,
        implicit_base: bool,
        assert_relative_length: bool,
    ) -> Result<(HashSet<usize>, Vec<usize>)> {
        let mut targets: Vec<usize> = self
            .parse_upgrade_target(lower, upper, assert_relative_length)?
            .into_iter()
            .map(|n| match n {
                Some(Node::Rev(i)) => Ok(i),
                // Alembic asserts here (is_revision); "base" as an upgrade target.
                _ => Err(RevisionError::msg("Walked too far")),
            })
            .collect::<Result<_>>()?;
        if let Target::Id(Some(l)) = lower
            && let Some((branch, _)) = l.split_once('@')
        {
            let mut branch = branch.to_owned();
            if let Some(b) = self.get_revision(Some(&branch))?
                && self.revs[b].revision == branch
            {
                branch = self.revs[b].branch_labels[0].clone();
            }
            targets.retain(|t| self.revs[*t].branch_labels.contains(&branch));
        }
        let mut required: HashSet<usize> =
            self.ancestors(&targets, true, true)?.into_iter().collect();
        required.extend(&targets);
        let mut current: Vec<Option<Node>> = self.target_revisions(lower)?;
        if !implicit_base
            && current
                .iter()
                .any(|c| matches!(c, Some(Node::Rev(i)) if !required.contains(i)))
        {
            return Err(RevisionError::RangeNotAncestor {
                lower: target_str(lower),
                upper: target_str(upper),
            });
        }
        let mut lower_t = lower.clone();
        if matches!(current.first(), Some(None)) {
            let (_, rev) = self.parse_downgrade_target(upper, lower, assert_relative_length)?;
            match rev {
                Some(Node::Base) | None => {
                    current = vec![];
                    lower_t = Target::Id(None);
                }
                Some(Node::Rev(i)) => {
                    current = vec![Some(Node::Rev(i))];
                    lower_t = Target::Id(Some(self.revs[i].revision.clone()));
                }
            }
        }
        let current_revs: Vec<usize> = current.iter().filter_map(|c| node_rev(*c)).collect();
        let mut current_set: HashSet<usize> = self
            .ancestors(&current_revs, true, true)?
            .into_iter()
            .collect();
        current_set.extend(&current_revs);
        let mut needs: HashSet<usize> = required.difference(&current_set).copied().collect();
        if inclusive {
            needs.extend(
                self.target_revisions(&lower_t)?
                    .into_iter()
                    .filter_map(node_rev),
            );
        }
        if !current_revs.is_empty() && !implicit_base {
            let lower_desc: HashSet<usize> = self
                .descendants(&current_revs, false, true)?
                .into_iter()
                .collect();
            needs.retain(|n| lower_desc.contains(n));
        }
        Ok((needs, targets))
    }

    /// `_get_all_current`: the branch heads among the given revisions and their ancestors.
    pub(crate) fn all_current(&self, ids: &[String]) -> Result<Vec<usize>> {
        let mut top: Vec<usize> = self
            .get_revisions_many(ids)?
            .into_iter()
            .filter_map(node_rev)
            .collect();
        let anc = self.ancestors(&top, true, false)?;
        for a in anc {
            if !top.contains(&a) {
                top.push(a);
            }
        }
        let set: HashSet<usize> = top.iter().copied().collect();
        let mut out = Vec::new();
        for &r in &top {
            let desc = self.descendants(&[r], false, false)?;
            if !desc.iter().any(|d| *d != r && set.contains(d)) {
                out.push(r);
            }
        }
        out.sort();
        Ok(out)
    }
}

fn node_rev(n: Option<Node>) -> Option<usize> {
    match n {
        Some(Node::Rev(i)) => Some(i),
        _ => None,
    }
}

fn add_labels(into: &mut Vec<String>, labels: &[String]) {
    for l in labels {
        if !into.contains(l) {
            into.push(l.clone());
        }
    }
}

fn cycle(kind: &str, revs: &[String]) -> RevisionError {
    RevisionError::Cycle {
        message: format!("{kind} is detected in revisions ({})", revs.join(", ")),
    }
}

fn repr_revision(r: &Revision) -> String {
    let down = match r.down_revision.len() {
        0 => "None".to_owned(),
        1 => format!("'{}'", r.down_revision[0]),
        _ => format!(
            "({})",
            r.down_revision
                .iter()
                .map(|d| format!("'{d}'"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    format!("Revision('{}', {down})", r.revision)
}

#[derive(Debug, Clone)]
enum Ident {
    Rev(usize),
    Name(String),
}

/// An upper or lower bound of a plan: one identifier (possibly symbolic or relative), or
/// the tuple of revisions in the version table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Id(Option<String>),
    Ids(Vec<String>),
}

impl Target {
    pub fn id(s: &str) -> Target {
        Target::Id(Some(s.to_owned()))
    }
}

fn target_str(t: &Target) -> String {
    match t {
        Target::Id(Some(s)) => s.clone(),
        Target::Id(None) => "None".into(),
        Target::Ids(ids) if ids.len() == 1 => ids[0].clone(),
        Target::Ids(ids) => format!(
            "({})",
            ids.iter()
                .map(|i| format!("'{i}'"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `_relative_destination`: `[label@][symbol](+|-)N`, matched at the start of the string.
pub(crate) fn relative_destination(s: &str) -> Option<(Option<String>, Option<String>, String)> {
    // (?:(.+?)@)?(\w+)?((?:\+|-)\d+) — try each possible label split, shortest first.
    let try_rest = |rest: &str| -> Option<(Option<String>, String)> {
        let word_end = rest
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
            .map_or(rest.len(), |(i, _)| i);
        // `\w+` is greedy but may give back characters; the sign must follow it.
        for end in (0..=word_end).rev() {
            let tail = &rest[end..];
            let mut chars = tail.chars();
            if let Some(sign @ ('+' | '-')) = chars.next() {
                let digits: String = chars.take_while(|c| c.is_ascii_digit()).collect();
                if !digits.is_empty() {
                    let symbol = (end > 0).then(|| rest[..end].to_owned());
                    return Some((symbol, format!("{sign}{digits}")));
                }
            }
        }
        None
    };
    for (i, c) in s.char_indices() {
        if c == '@'
            && i > 0
            && let Some((sym, rel)) = try_rest(&s[i + 1..])
        {
            return Some((Some(s[..i].to_owned()), sym, rel));
        }
    }
    try_rest(s).map(|(sym, rel)| (None, sym, rel))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a map from Alembic's test notation: `"a b:a c:b,x"` — revision `:` down
    /// revisions (comma separated).
    fn graph(spec: &str) -> RevisionMap {
        let specs = spec
            .split_whitespace()
            .map(|item| {
                let (rev, down) = item.split_once(':').unwrap_or((item, ""));
                RevisionSpec {
                    revision: rev.into(),
                    down_revision: down
                        .split(',')
                        .filter(|d| !d.is_empty())
                        .map(Into::into)
                        .collect(),
                    ..Default::default()
                }
            })
            .collect();
        RevisionMap::new(specs).unwrap()
    }

    fn walk_ids(m: &RevisionMap, upper: &str, lower: &str) -> Vec<String> {
        let order = m
            .iterate_revisions(
                &Target::id(upper),
                &Target::id(lower),
                false,
                true,
                false,
                false,
            )
            .unwrap();
        m.ids(&order)
    }

    #[test]
    fn heads_bases_and_history_order() {
        let m = graph("a1aa b1bb:a1aa c1cc:b1bb d1dd:b1bb e1ee:c1cc,d1dd");
        assert_eq!(m.ids(&m.heads), ["e1ee"]);
        assert_eq!(m.ids(&m.bases), ["a1aa"]);
        assert_eq!(
            walk_ids(&m, "heads", "base"),
            ["e1ee", "c1cc", "d1dd", "b1bb", "a1aa"]
        );
        assert!(m.rev(1).is_branch_point());
        assert!(m.rev(4).is_merge_point());
    }

    #[test]
    fn identifiers_resolve_as_alembic() {
        let m = graph("abcd1 abce2:abcd1 x9999:abce2");
        assert_eq!(m.get_revision(Some("abcd")).unwrap(), Some(0));
        let err = m.get_revision(Some("abc")).unwrap_err();
        assert_eq!(
            err.command_message(None, None),
            "Can't locate revision identified by 'abc'"
        );
        match m.get_revision(Some("zzz")).unwrap_err() {
            RevisionError::Resolution { message, .. } => {
                assert!(message.contains("at least four characters"))
            }
            other => panic!("{other:?}"),
        }
        match graph("abcd1 abcd2").get_revision(Some("abcd")).unwrap_err() {
            RevisionError::Resolution { message, .. } => {
                assert_eq!(
                    message,
                    "Multiple revisions start with 'abcd': 'abcd1', 'abcd2'..."
                )
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(m.get_revision(Some("head")).unwrap(), Some(2));
        assert_eq!(
            m.get_revisions(Some("-1")).unwrap(),
            vec![Some(Node::Rev(1))]
        );
    }

    #[test]
    fn relative_destinations_parse_like_alembics_regex() {
        assert_eq!(relative_destination("-1"), Some((None, None, "-1".into())));
        assert_eq!(relative_destination("+2"), Some((None, None, "+2".into())));
        assert_eq!(
            relative_destination("ae10+2"),
            Some((None, Some("ae10".into()), "+2".into()))
        );
        assert_eq!(
            relative_destination("lbl@-1"),
            Some((Some("lbl".into()), None, "-1".into()))
        );
        assert_eq!(
            relative_destination("lbl@head-1"),
            Some((Some("lbl".into()), Some("head".into()), "-1".into()))
        );
        assert_eq!(relative_destination("1975ea83b712"), None);
        assert_eq!(relative_destination("heads"), None);
    }

    #[test]
    fn cycles_and_missing_revisions_are_errors() {
        let specs = |pairs: &[(&str, &str)]| -> Vec<RevisionSpec> {
            pairs
                .iter()
                .map(|(r, d)| RevisionSpec {
                    revision: (*r).into(),
                    down_revision: if d.is_empty() {
                        vec![]
                    } else {
                        vec![(*d).into()]
                    },
                    ..Default::default()
                })
                .collect()
        };
        let e = RevisionMap::new(specs(&[("a", "b"), ("b", "a")])).unwrap_err();
        assert_eq!(e.to_string(), "Cycle is detected in revisions (a, b)");
        let e = RevisionMap::new(specs(&[("a", "zz")])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Revision zz referenced from Revision('a', 'zz') is not present"
        );
    }
}
