//! The toolbar: steps up and down (also from the keyboard), the current position, how long
//! the last action took, Learn, Share and Reset.

use leptos::prelude::*;
use retort_engine::session::Direction;

use super::event_element;
use crate::model::Page;

#[component]
pub fn Toolbar(page: Page) -> impl IntoView {
    // The step keys act with the revision list focused (clicked or reached with Tab, its
    // focus drawn), never as bare keys elsewhere, where Home, End and the arrows scroll.
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let on_graph = event_element(&ev)
            .and_then(|el| el.closest("#revisions").ok().flatten())
            .is_some();
        if !on_graph || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        match ev.key().as_str() {
            "ArrowUp" | "k" => page.run(Direction::Upgrade, "+1".into()),
            "ArrowDown" | "j" => page.run(Direction::Downgrade, "-1".into()),
            "End" => page.run(Direction::Upgrade, "heads".into()),
            "Home" => page.run(Direction::Downgrade, "base".into()),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || handle.remove());
    let shown = page.shown();
    let busy_ms = page.busy_ms();
    let progress = page.progress();
    let busy = move || progress.with(Option::is_some);
    let learn_open = page.learn_open();
    view! {
        <div class="toolbar" role="toolbar" aria-label="Migration steps">
            <button id="to-base" prop:disabled=busy title="downgrade base (Home)" on:click=move |_| page.run(Direction::Downgrade, "base".into())>"⤓ base"</button>
            <button id="down" prop:disabled=busy title="downgrade -1 (↓ or j)" on:click=move |_| page.run(Direction::Downgrade, "-1".into())>"↓ downgrade -1"</button>
            <button id="up" prop:disabled=busy title="upgrade +1 (↑ or k)" on:click=move |_| page.run(Direction::Upgrade, "+1".into())>"↑ upgrade +1"</button>
            <button id="to-head" prop:disabled=busy title="upgrade heads (End)" on:click=move |_| page.run(Direction::Upgrade, "heads".into())>"⤒ head"</button>
            <span class="position">"current: " <code id="current">{move || shown.with(|v| v.current_label())}</code></span>
            <span class="timing" hidden=busy>{move || busy_ms.get().map(|ms| format!("last action {ms:.0} ms"))}</span>
            <span id="progress" role="status" hidden=move || !busy()>{move || progress.get().map(|p| {
                format!("step {} of {}: {}", p.done + 1, p.total, p.next.unwrap_or_default())
            })}</span>
            <button id="cancel" hidden=move || !busy() title="stop after the step that is running" on:click=move |_| page.cancel_run()>"Stop"</button>
            <button id="learn-toggle" aria-pressed=move || learn_open.get().to_string()
                title="guided lessons on the example project" on:click=move |_| page.toggle_learn()>"Learn"</button>
            <button id="share" title="a link that opens these revisions at this position; nothing is uploaded" on:click=move |_| page.make_share_link()>"Share"</button>
            <button id="reset" class="quiet" title="back to the embedded example, on an empty database"
                on:click=move |_| page.reset()>"Reset"</button>
        </div>
    }
}
