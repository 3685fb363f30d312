//! Share links: the banner with the link just made (or, for a project too big for a link, a
//! `.retort` file to download), the offer to restore the project a link set aside, and
//! opening a link pasted into this tab's address bar.

use leptos::prelude::*;

use crate::model::Page;

/// A share link pasted into this tab's address bar opens as a fresh visit would.
pub fn open_pasted_links() {
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        if window()
            .location()
            .hash()
            .unwrap_or_default()
            .starts_with("#s=")
        {
            let _ = window().location().reload();
        }
    });
    on_cleanup(move || handle.remove());
}

/// Offers back the project this browser kept before a link replaced it.
#[component]
pub fn RestoreBanner(page: Page) -> impl IntoView {
    let set_aside = page.set_aside();
    move || {
        set_aside.get().then(|| view! {
            <p id="restore-banner" class="note">
                "A project this browser kept is set aside (a link or a lesson replaced it, or it did not finish opening): "
                <button id="restore" on:click=move |_| page.restore_set_aside()>"Restore it"</button>" "
                <button id="forget-backup" class="quiet" on:click=move |_| page.forget_set_aside()>"Discard it"</button>
            </p>
        })
    }
}

/// The link the Share button made, selectable; or the file to download instead.
#[component]
pub fn ShareBanner(page: Page) -> impl IntoView {
    let share = page.share();
    move || {
        share.get().map(|link| {
            let too_big = link.len() > retort_engine::share::MAX_FRAGMENT + 200;
            let fragment = link.split_once('#').map(|(_, f)| f.to_owned()).unwrap_or_default();
            view! {
                <div class="share banner">
                    {if too_big {
                        view! {
                            <p>{format!("This project is too big for a link ({} KB). Download it as a file; the page loads it when dropped or picked.", link.len() / 1024)}</p>
                            <a id="share-file" download="project.retort" href=format!("data:text/plain;charset=utf-8,{}", js_sys::encode_uri_component(&fragment))>"Download project.retort"</a>
                        }.into_any()
                    } else {
                        view! {
                            <p>"Link copied. It carries the files and the position in its fragment (after #), which browsers never send to a server."
                                {page.database().get_untracked().map(|d| format!(" It cannot carry your database {}: it opens the project at the same revisions on an empty database.", d.name))}</p>
                            <input id="share-link" type="text" readonly prop:value=link.clone() on:focus=move |ev| {
                                let el: web_sys::HtmlInputElement = event_target(&ev);
                                el.select();
                            } />
                        }.into_any()
                    }}
                    <button class="quiet" on:click=move |_| page.close_share()>"Close"</button>
                </div>
            }
        })
    }
}
