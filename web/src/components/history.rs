//! The History tab: `alembic history -i`, as Alembic prints it.

use leptos::prelude::*;

use crate::model::Page;

#[component]
pub fn HistoryView(page: Page) -> impl IntoView {
    // Read from the session when shown (it marks the current revisions): not after every
    // step, which a long history would slow.
    let shown = page.shown();
    let history = move || {
        shown.track();
        page.session.with(|s| s.history().unwrap_or_else(|e| e))
    };
    view! { <pre id="history">{history}</pre> }
}
