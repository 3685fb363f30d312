//! The page's header: its name, what it does, and the engine and SQLite versions (and, filled
//! in by index.html, whether it works offline).

use leptos::prelude::*;

#[component]
pub fn Header(sqlite: String) -> impl IntoView {
    view! {
        <header>
            <h1>"Retort"</h1>
            <p class="tagline">"Alembic migrations, run in your browser on a throwaway SQLite. Nothing leaves the tab."</p>
            <p class="version">"engine " {retort_engine::VERSION} " · SQLite " <code id="sqlite-version">{sqlite}</code>
                // Filled in by index.html's script once the service worker has kept a copy.
                <span id="offline-status"></span></p>
        </header>
    }
}
