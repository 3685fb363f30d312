//! The Verify tab: `retort verify` in the page (every revision up, down and up again on a
//! throwaway database, and the SQLite rules); each finding links to its line in the editor
//! and to the step that shows it.

use leptos::prelude::*;

use super::event_element;
use crate::findings::Verified;
use crate::model::{Page, now_ms};

/// `retort verify` in the page: the same checks, on a throwaway database.
#[component]
pub fn VerifyView(page: Page) -> impl IntoView {
    let (report, set_report) = signal(None::<Verified>);
    let (here, set_here) = signal(false);
    let (took, set_took) = signal(None::<f64>);
    let (busy, set_busy) = signal(false);
    let (all, set_all) = signal(false);
    // A finding's buttons: its line in the editor, the step that shows it (one handler).
    let follow = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = event_element(&ev) else {
            return;
        };
        let attr = |name| el.get_attribute(name);
        if let (Some(path), Some(line)) = (attr("data-path"), attr("data-line")) {
            page.open_file(path, line.parse().unwrap_or(1));
        } else if let Some(rev) = attr("data-rev") {
            page.show_step(rev, attr("data-down").is_some());
        }
    };
    let verify = move |_| {
        let t0 = now_ms();
        set_busy.set(true);
        // In the engine's worker: the page stays free while a long history is verified.
        page.verify(here.get_untracked(), move |r| {
            set_busy.try_set(false);
            // (None: another project was loaded meanwhile.)
            let Some(r) = r else { return };
            if let (Some(t0), Some(t1)) = (t0, now_ms()) {
                set_took.try_set(Some(t1 - t0));
            }
            let codes: Vec<&str> = r.codes.iter().map(String::as_str).collect();
            page.verified(&codes);
            set_all.try_set(false);
            set_report.try_set(Some(r));
        });
    };
    view! {
        <div id="verify">
            <p class="muted small">"Runs every revision up, down and up again on a throwaway database, "
                "compares schemas and rows, and applies the SQLite rules ("
                <code>"retort verify"</code> ", docs/verify.md). Nothing changes here."</p>
            <div class="verify-controls">
                <button id="verify-run" on:click=verify disabled=busy>"Verify the history"</button>
                <label class="small"><input id="verify-here" type="checkbox" prop:checked=here
                    on:change=move |ev| set_here.set(event_target_checked(&ev)) />
                    " on a copy of this tab's database (its rows, from its revision)"</label>
            </div>
            {move || busy.get().then(|| view! { <p id="verifying" class="muted" role="status">"Verifying…"</p> })}
            {move || report.with(|r| r.as_ref().map(|r| {
                let summary = format!(
                    "{}{}",
                    r.summary,
                    took.get().map(|ms| format!(" ({ms:.0} ms)")).unwrap_or_default()
                );
                let html = if all.get() { format!("{}{}", r.first, r.rest) } else { r.first.clone() };
                view! {
                    <p id="verify-summary">{summary}</p>
                    {r.stopped.clone().map(|s| view! { <p class="muted">{s}</p> })}
                    {r.notes.iter().map(|n| view! { <p class="muted small">{n.clone()}</p> }).collect_view()}
                    <ul id="findings" on:click=follow inner_html=html></ul>
                    {(!all.get() && r.more > 0).then(|| {
                        let label = format!("Show the other {} findings", r.more);
                        view! { <button id="findings-more" on:click=move |_| set_all.set(true)>{label}</button> }
                    })}
                }
            }))}
        </div>
    }
}
