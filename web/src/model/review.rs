//! A pull request's review, when the page was opened from `retort review`'s link (its journal
//! ends with `review HEADS`, the base's heads): the engine reviews the project's revisions
//! above them on a throwaway database (`engine::review`), apart from the page's own, which
//! stands at the base's heads for stepping through the PR.

use leptos::prelude::*;
use retort_engine::review::{Review, ancestors, review};

use super::Page;
use crate::journal::Action;

/// The review, or why it could not be made.
pub type Reviewed = Result<Review, String>;

impl Page {
    /// The review the page's link asked for (`None`: not opened for a review).
    pub fn review(&self) -> ReadSignal<Option<Reviewed>> {
        self.review.read_only()
    }

    /// Reviews the revisions above the base's heads a `review` line names, once the journal
    /// has been done again.
    pub(super) fn review_if_asked(&self) {
        let heads = self.journal.with_untracked(|j| {
            j.iter().rev().find_map(|a| match a {
                Action::Review(heads) => Some(
                    heads
                        .split_whitespace()
                        .map(str::to_owned)
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            })
        });
        let Some(heads) = heads else {
            return self.review.set(None);
        };
        let files = self.session.files();
        let base = ancestors(&self.shown.with_untracked(|v| v.revisions.clone()), &heads);
        self.review.set(Some(review(files, &heads, &base)));
    }

    /// The revisions the review found new (to mark them in the list).
    pub fn is_new(&self, rev: &str) -> bool {
        self.review.with(|r| {
            r.as_ref()
                .and_then(|r| r.as_ref().ok())
                .is_some_and(|r| r.new.iter().any(|n| n.item.revision == rev))
        })
    }

    /// Leaves the review: the page goes on as any other (the `review` line is dropped).
    pub fn close_review(&self) {
        self.journal
            .update(|j| j.retain(|a| !matches!(a, Action::Review(_))));
        self.review.set(None);
    }
}
