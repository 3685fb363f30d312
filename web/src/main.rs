//! The Retort playground page: the engine, compiled to wasm, over SQLite in the tab.
//!
//! Only this crate knows the DOM. `model` holds the engine's session and the signals the page
//! shows; `components` are the views, which read the signals and call the model; `storage` is
//! all the page keeps in localStorage; `journal` is the typed record of what was done.

mod components;
mod db_file;
mod dropped;
mod findings;
mod journal;
mod lessons;
mod model;
mod storage;
mod worker;

use leptos::prelude::*;

use components::{
    DatabaseBanner, Header, LearnPanel, LoadMessages, Notes, Panel, RestoreBanner, ReviewPanel,
    Revisions, ShareBanner, Toolbar, drop_project, open_pasted_links,
};
use model::Page;

#[component]
fn App() -> impl IntoView {
    let page = match Page::open() {
        Ok(page) => page,
        Err(e) => {
            return view! {
                <Header sqlite=String::new() />
                <main><p id="error" class="error">"The example project could not be loaded: " {e}</p></main>
            }
            .into_any();
        }
    };
    open_pasted_links();
    view! {
        <Header sqlite=page.sqlite_version() />
        <Toolbar page=page />
        <LearnPanel page=page />
        <Notes notes=page.notes() />
        <LoadMessages page=page />
        <RestoreBanner page=page />
        <ShareBanner page=page />
        <DatabaseBanner page=page />
        <ReviewPanel page=page />
        <div class="layout" on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=drop_project(page)>
            <Revisions page=page />
            <Panel page=page />
        </div>
    }
    .into_any()
}

fn main() {
    // In the engine's worker (`worker.js`) the module starts without a page.
    if web_sys::window().is_some() {
        leptos::mount::mount_to_body(App);
    }
}
