//! The Offline SQL tab: what `alembic upgrade --sql` prints for a range of revisions.

use leptos::prelude::*;
use retort_engine::session::Direction;

use crate::model::Page;

#[component]
pub fn OfflineView(page: Page) -> impl IntoView {
    // On the user's database, from where it stands (the script a DBA would run on it).
    let start = page
        .database()
        .get_untracked()
        .and(
            page.shown()
                .with_untracked(|v| (v.current.len() == 1).then(|| v.current[0].clone())),
        )
        .unwrap_or_else(|| "base".into());
    let (range, set_range) = signal(format!("{start}:heads"));
    let script = move || {
        let r = range.get();
        page.session.with(|s| s.offline_sql(Direction::Upgrade, &r))
    };
    view! {
        <div id="offline">
            <label>"upgrade " <input id="offline-range" type="text" prop:value=range on:change=move |ev| set_range.set(event_target_value(&ev)) /> " --sql"</label>
            {move || match script() {
                Ok(s) => view! {
                    <button id="offline-download" class="quiet" on:click={
                        let s = s.clone();
                        move |_| crate::db_file::save(&format!("upgrade-{}.sql", range.get_untracked().replace(':', "-")), s.as_bytes())
                    }>"Download .sql"</button>
                    <pre id="offline-sql">{s}</pre>
                }.into_any(),
                Err(e) => view! { <pre class="error">{e}</pre> }.into_any(),
            }}
            <p class="muted small">"What " <code>"alembic upgrade --sql"</code> " prints; batch steps render too (Alembic cannot reflect offline; Retort replays the script's own DDL)."</p>
        </div>
    }
}
