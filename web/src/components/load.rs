//! Loading a project by dropping it anywhere on the page, and what loading says: env.py's
//! notes, why a project, link or drop did not load, and what a drop read and left out.

use leptos::prelude::*;

use crate::dropped;
use crate::model::Page;

/// The drop handler of the page's layout: a folder, files or a `.zip` become the project.
pub fn drop_project(page: Page) -> impl Fn(leptos::ev::DragEvent) + Copy + 'static {
    move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        let Some(dt) = ev.data_transfer() else { return };
        page.reading();
        let read = dropped::read_drop(&dt);
        leptos::task::spawn_local(async move { page.load_dropped(read.await) });
    }
}

/// The notes the project's env.py left when the page opened.
#[component]
pub fn Notes(notes: Vec<String>) -> impl IntoView {
    (!notes.is_empty()).then(|| view! { <ul class="notes">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul> })
}

/// Why the last load failed, and what the last drop read.
#[component]
pub fn LoadMessages(page: Page) -> impl IntoView {
    let load_error = page.load_error();
    let load_note = page.load_note();
    view! {
        {move || load_error.get().map(|e| view! { <pre id="load-error" class="error banner">{e}</pre> })}
        {move || load_note.get().map(|n| view! { <p id="load-note" class="note">{n}</p> })}
    }
}
