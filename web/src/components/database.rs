//! The user's database, when one is loaded: what it is, saving it as it stands, its drift
//! from the history, and going back to an empty database.

use leptos::prelude::*;

use crate::db_file::size_label;
use crate::model::Page;

#[component]
pub fn DatabaseBanner(page: Page) -> impl IntoView {
    let database = page.database();
    let drift = page.drift();
    move || {
        database.get().map(|d| view! {
            <div id="database" class="database banner">
                <p>"Your database " <code id="database-name">{d.name}</code> {format!(" ({}): the steps run on a copy in this tab; the file itself is never written.", size_label(d.size))}
                    {d.notes.into_iter().map(|n| view! { " " {n} "." }).collect_view()}
                    {d.not_kept.map(|e| view! { <span id="database-not-kept" class="error">{format!(" This browser would not keep it for your next visit ({e}): after a reload the page opens on an empty database.")}</span> })}
                </p>
                <button id="download-database" title="the database as the steps left it, as an SQLite file" on:click=move |_| page.download_database()>"Download it as it stands"</button>" "
                <button id="drift" title="retort drift: the history replayed on an empty database to the revisions yours names, and the two schemas compared" on:click=move |_| page.check_drift()>"Drift"</button>" "
                <button id="forget-database" class="quiet" on:click=move |_| page.forget_database()>"Back to an empty database"</button>
                {move || drift.get().map(|found| match found {
                    Err(e) => view! { <p id="drift-result" class="error">{format!("Drift could not be checked: {e}")}</p> }.into_any(),
                    Ok((at, diffs)) if diffs.is_empty() => view! {
                        <p id="drift-result" class="verdict-ok">{format!("No drift: the schema is what the history builds at {at}.")}</p>
                    }.into_any(),
                    Ok((at, diffs)) => view! {
                        <div id="drift-result">
                            <p>{format!("Drift from what the history builds at {at}:")}</p>
                            <ul>{diffs.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                        </div>
                    }.into_any(),
                })}
            </div>
        })
    }
}
