//! The Offline SQL tab: what `alembic upgrade --sql` prints for a range of revisions.

use leptos::prelude::*;
use retort_engine::session::Direction;

use crate::model::Page;

#[component]
pub fn OfflineView(page: Page) -> impl IntoView {
    let (range, set_range) = signal("base:heads".to_owned());
    let script = move || {
        let r = range.get();
        page.session.with(|s| s.offline_sql(Direction::Upgrade, &r))
    };
    view! {
        <div id="offline">
            <label>"upgrade " <input id="offline-range" type="text" prop:value=range on:change=move |ev| set_range.set(event_target_value(&ev)) /> " --sql"</label>
            {move || match script() {
                Ok(s) => view! { <pre id="offline-sql">{s}</pre> }.into_any(),
                Err(e) => view! { <pre class="error">{e}</pre> }.into_any(),
            }}
            <p class="muted small">"What " <code>"alembic upgrade --sql"</code> " prints; batch steps render too (Alembic cannot reflect offline; Retort replays the script's own DDL)."</p>
        </div>
    }
}
