//! The History tab: `alembic history -i`, as Alembic prints it.

use leptos::prelude::*;

use crate::model::Page;

#[component]
pub fn HistoryView(page: Page) -> impl IntoView {
    let shown = page.shown();
    view! { <pre id="history">{move || shown.with(|v| v.history.clone())}</pre> }
}
