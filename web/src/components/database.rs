//! The user's database, when one is loaded: what it is, saving it as it stands, its drift
//! from the history, and going back to an empty database. Its sentences are written as HTML
//! (escaped) in one piece, as the review's are: views per sentence cost the size budget.

use leptos::prelude::*;

use super::escape_html;
use crate::db_file::size_label;
use crate::model::{LoadedDatabase, Page};

#[component]
pub fn DatabaseBanner(page: Page) -> impl IntoView {
    let database = page.database();
    let drift = page.drift();
    let text = move || {
        let mut out = String::new();
        if let Some(d) = database.get() {
            describe(&mut out, &d);
        }
        match drift.get() {
            None => {}
            Some(Err(e)) => {
                out.push_str("<p id=\"drift-result\" class=\"error\">Drift could not be checked: ");
                escape_html(&mut out, &e);
                out.push_str("</p>");
            }
            Some(Ok((at, diffs))) if diffs.is_empty() => {
                out.push_str("<p id=\"drift-result\" class=\"verdict-ok\">No drift: the schema is what the history builds at ");
                escape_html(&mut out, &at);
                out.push_str(".</p>");
            }
            Some(Ok((at, diffs))) => {
                out.push_str("<div id=\"drift-result\"><p>Drift from what the history builds at ");
                escape_html(&mut out, &at);
                out.push_str(":</p><ul>");
                for l in diffs {
                    out.push_str("<li>");
                    escape_html(&mut out, &l);
                    out.push_str("</li>");
                }
                out.push_str("</ul></div>");
            }
        }
        out
    };
    move || {
        database.with(Option::is_some).then(|| view! {
            <div id="database" class="database banner">
                <div inner_html=text></div>
                <button id="download-database" title="the database as the steps left it, as an SQLite file" on:click=move |_| page.download_database()>"Download it as it stands"</button>" "
                <button id="drift" title="retort drift: the history replayed on an empty database to the revisions yours names, and the two schemas compared" on:click=move |_| page.check_drift()>"Drift"</button>" "
                <button id="forget-database" class="quiet" on:click=move |_| page.forget_database()>"Back to an empty database"</button>
            </div>
        })
    }
}

/// What the loaded database is, and what the user should know of its copy.
fn describe(out: &mut String, d: &LoadedDatabase) {
    out.push_str("<p>Your database <code id=\"database-name\">");
    escape_html(out, &d.name);
    out.push_str(&format!(
        "</code> ({}): the steps run on a copy in this tab; the file itself is never written.",
        size_label(d.size)
    ));
    for n in &d.notes {
        out.push(' ');
        escape_html(out, n);
        out.push('.');
    }
    if let Some(e) = &d.not_kept {
        out.push_str(" <span id=\"database-not-kept\" class=\"error\">This browser would not keep it for your next visit (");
        escape_html(out, e);
        out.push_str("): after a reload the page opens on an empty database.</span>");
    }
    out.push_str("</p>");
}
