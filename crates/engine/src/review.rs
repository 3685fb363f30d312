//! What a pull request's revisions change, for its review: a project's revisions above the
//! revisions a base already had, run on a throwaway database from the base's heads — each new
//! revision's step and SQL, the schema before and after them, the heads they leave, and
//! Verify's findings on them. `retort review` prints it for a PR's comment; the page opened
//! from a review link shows it.

use crate::ProjectFiles;
use crate::inspect::{Change, diff};
use crate::session::{Direction, RevisionItem, Session};
use crate::verify::Finding;

/// What the PR changes, as measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// The base's heads: where the database stands before the PR.
    pub base_heads: Vec<String>,
    /// The new revisions, in the order they run, each with the step that ran it (then those
    /// that did not run, after a failing step).
    pub new: Vec<NewRevision>,
    /// Schema changes from the base's heads to the PR's.
    pub changes: Vec<Change>,
    /// The heads after the PR (more than one: it needs a merge).
    pub heads: Vec<String>,
    /// Verify's findings on the new revisions.
    pub findings: Vec<Finding>,
    /// A step that failed: its description and message.
    pub failure: Option<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewRevision {
    pub item: RevisionItem,
    /// The step that ran it (`upgrade a -> b, message`); empty if it did not run.
    pub step: String,
    pub sql: Vec<String>,
}

/// Reviews `files` (the PR's project) against a base that had the revisions `base_ids`, with
/// heads `base_heads`. `Err`: the project does not open, a base head is not in it, or the
/// history fails on the way to the base's heads.
pub fn review(
    files: ProjectFiles,
    base_heads: &[String],
    base_ids: &[String],
) -> Result<Review, String> {
    let session = Session::open(files)?;
    let revisions = session.revisions();
    for h in base_heads {
        if !revisions.iter().any(|r| &r.revision == h) {
            return Err(format!(
                "the base's head {h} is not in this project: the PR removes or renames it"
            ));
        }
    }
    for h in base_heads {
        let r = session.run(Direction::Upgrade, h);
        if let Some(f) = r.failure {
            return Err(format!(
                "upgrading to the base's head {h} failed: {}",
                f.message
            ));
        }
    }
    let before = session.snapshot();
    let report = session.run(Direction::Upgrade, "heads");
    let after = session.snapshot();
    // Each step's revision: the version row it added that no step before it had.
    let mut new: Vec<NewRevision> = Vec::new();
    for s in &report.steps {
        let Some(item) = s
            .version
            .iter()
            .find(|v| !base_ids.contains(v) && !new.iter().any(|n| &n.item.revision == *v))
            .and_then(|v| revisions.iter().find(|r| &r.revision == v))
        else {
            continue;
        };
        new.push(NewRevision {
            item: item.clone(),
            step: s.description.clone(),
            sql: s.statements.iter().map(|st| st.sql.clone()).collect(),
        });
    }
    for r in revisions.iter().rev() {
        if !base_ids.contains(&r.revision) && !new.iter().any(|n| n.item.revision == r.revision) {
            new.push(NewRevision {
                item: r.clone(),
                step: String::new(),
                sql: Vec::new(),
            });
        }
    }
    let findings = session
        .verify(false)
        .findings
        .into_iter()
        .filter(|f| f.revision.as_ref().is_some_and(|r| !base_ids.contains(r)))
        .collect();
    Ok(Review {
        base_heads: base_heads.to_vec(),
        changes: diff(&before, &after, false),
        heads: revisions
            .iter()
            .filter(|r| r.is_head)
            .map(|r| r.revision.clone())
            .collect(),
        new,
        findings,
        failure: report
            .failure
            .map(|f| (f.description.unwrap_or_default(), f.message)),
    })
}

/// The revisions at or below `heads` (what a base with those heads had), by their
/// `down_revision`s.
pub fn ancestors(revisions: &[RevisionItem], heads: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut stack: Vec<&str> = heads.iter().map(String::as_str).collect();
    while let Some(id) = stack.pop() {
        if out.iter().any(|o| o == id) {
            continue;
        }
        out.push(id.to_owned());
        if let Some(r) = revisions.iter().find(|r| r.revision == id) {
            stack.extend(r.down_revision.iter().map(String::as_str));
        }
    }
    out
}
