//! The panel beside the revisions: its tabs (the last step, schema, data, offline SQL,
//! history, files, verify), the one chosen, and `sqlite_master` under them.

use leptos::prelude::*;

use super::data::DataView;
use super::files::FilesView;
use super::history::HistoryView;
use super::offline::OfflineView;
use super::schema::SchemaView;
use super::steps::Steps;
use super::verify::VerifyView;
use crate::model::{Page, Tab};

#[component]
pub fn Panel(page: Page) -> impl IntoView {
    let tab = page.tab();
    let shown = page.shown();
    view! {
        <section class="panel">
            <div class="tabs" role="tablist">
                <TabButton id="tab-steps" label="Last step" me=Tab::Steps page=page />
                <TabButton id="tab-schema" label="Schema" me=Tab::Schema page=page />
                <TabButton id="tab-data" label="Data" me=Tab::Data page=page />
                <TabButton id="tab-offline" label="Offline SQL" me=Tab::Offline page=page />
                <TabButton id="tab-history" label="History" me=Tab::History page=page />
                <TabButton id="tab-files" label="Files" me=Tab::Files page=page />
                <TabButton id="tab-verify" label="Verify" me=Tab::Verify page=page />
            </div>
            {move || match tab.get() {
                Tab::Steps => view! { <Steps page=page /> }.into_any(),
                Tab::Schema => view! { <SchemaView page=page /> }.into_any(),
                Tab::Data => view! { <DataView page=page /> }.into_any(),
                Tab::Offline => view! { <OfflineView page=page /> }.into_any(),
                Tab::History => view! { <HistoryView page=page /> }.into_any(),
                Tab::Files => view! { <FilesView page=page /> }.into_any(),
                Tab::Verify => view! { <VerifyView page=page /> }.into_any(),
            }}
            <details class="master">
                <summary>{"sqlite_master"}</summary>
                <pre id="sqlite-master">{move || shown.with(|v| v.master.clone())}</pre>
            </details>
        </section>
    }
}

#[component]
fn TabButton(id: &'static str, label: &'static str, me: Tab, page: Page) -> impl IntoView {
    let tab = page.tab();
    view! {
        <button id=id role="tab" class="tab" class:active=move || tab.get() == me
            aria-selected=move || (tab.get() == me).to_string()
            on:click=move |_| page.select_tab(me)>{label}</button>
    }
}
