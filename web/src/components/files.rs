//! The Files tab: the project's files (pick a folder or files, or drop them anywhere), an
//! editor that colours Python as the interpreter lexes it, and new revision files (from
//! `script.py.mako`, or pasted), the merge of several heads included.

use leptos::prelude::*;

use super::escape_html;
use crate::dropped;
use crate::model::Page;

#[component]
pub fn FilesView(page: Page) -> impl IntoView {
    let shown = page.shown();
    let paths = move || {
        shown.track();
        page.session.paths()
    };
    let (selected, set_selected) = signal(None::<String>);
    let (text, set_text) = signal(String::new());
    let (new_name, set_new_name) = signal(String::new());
    let select = move |p: String| {
        set_text.set(page.session.file(&p));
        set_selected.set(Some(p));
    };
    // Opened from a Verify finding: that file, its line selected.
    let editor = NodeRef::<leptos::html::Textarea>::new();
    let colours = NodeRef::<leptos::html::Pre>::new();
    if let Some(path) = page.goto_file() {
        select(path);
    }
    Effect::new(move |_| {
        let Some(el) = editor.get() else { return };
        let Some(line) = page.take_goto_line() else {
            return;
        };
        // After the textarea took its value (setting it moves the selection to the end).
        request_animation_frame(move || select_line(&el, &text.get_untracked(), line));
    });
    let save = move |_| {
        let Some(path) = selected.get_untracked() else {
            return;
        };
        page.save_file(path, text.get_untracked());
    };
    let add = move |_| {
        let path = page.add_file(&new_name.get_untracked(), text.get_untracked());
        set_selected.set(Some(path));
    };
    // `webkitdirectory` (pick a whole folder) is not an attribute the view macro knows.
    let folder_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(el) = folder_input.get() {
            let _ = el.set_attribute("webkitdirectory", "");
        }
    });
    let (message, set_message) = signal(String::new());
    let (new_error, set_new_error) = signal(None::<String>);
    let (detected, set_detected) = signal(Vec::<String>::new());
    let create = move |heads: Vec<String>, msg: String| match page.new_revision(&msg, heads) {
        Err(e) => set_new_error.set(Some(e)),
        Ok((path, text)) => {
            set_new_error.set(None);
            set_detected.set(Vec::new());
            set_text.set(text);
            set_selected.set(Some(path));
        }
    };
    let autogenerate = move |_| match page.autogenerate(&message.get_untracked()) {
        Err(e) => set_new_error.set(Some(e)),
        Ok((path, text, log)) => {
            set_new_error.set(None);
            set_detected.set(retort_engine::session::detected(&log));
            set_text.set(text);
            set_selected.set(Some(path));
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(list) = input.files() else { return };
        page.reading();
        let read = dropped::read_picked(&list);
        leptos::task::spawn_local(async move {
            if let Some(d) = read.await {
                page.load_dropped(d);
            }
        });
    };
    view! {
        <div id="files">
            <p class="drop-hint">"Drop a project folder (with its " <code>"alembic.ini"</code> "), a " <code>"migrations/"</code> " folder or a .zip of either anywhere on the page, or "
                <label class="pick-folder">"choose a folder" <input id="pick-folder" type="file" multiple node_ref=folder_input on:change=on_pick /></label>
                " / "
                <label class="pick-folder">"files" <input id="pick-files" type="file" multiple accept=".py,.ini,.mako,.zip,.retort" on:change=on_pick /></label>
                ". Drop or pick a database file too (.db, .sqlite, .sqlite3: "
                <label class="pick-folder">"your database" <input id="pick-database" type="file" accept=".db,.sqlite,.sqlite3,.db3" on:change=on_pick /></label>
                ") to step it on a copy. Files are read in this tab only."</p>
            <form class="new-revision" on:submit=move |ev| {
                ev.prevent_default();
                create(vec!["head".into()], message.get_untracked());
            }>
                <input id="new-revision-message" type="text" placeholder="message, as in alembic revision -m" prop:value=message
                    on:input=move |ev| set_message.set(event_target_value(&ev)) />
                <button id="new-revision" type="submit">"New revision"</button>
                <button id="autogenerate" type="button" on:click=autogenerate
                    title="alembic revision --autogenerate: the project's models (env.py's target_metadata) compared with the database, which must be at head">"Autogenerate"</button>
            </form>
            {move || {
                let d = detected.get();
                (!d.is_empty()).then(|| view! {
                    <ul id="detected" class="muted small">{d.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                })
            }}
            {move || {
                // Whether the models and the history agree at head (`alembic check`).
                shown.track();
                page.session.models_check().map(|m| {
                    let (class, text) = match m {
                        Ok(d) if d.is_empty() => ("models-agree", "Models and history agree at head: alembic check finds nothing to generate.".to_owned()),
                        Ok(d) => ("models-differ", format!("Models and history differ at head; autogenerate would write: {}", d.join("; "))),
                        Err(e) => ("models-differ", format!("Models not compared with the history: {e}")),
                    };
                    view! { <p id="models-check" class=class>{text}</p> }
                })
            }}
            {move || {
                let hs = shown.with(|v| v.heads());
                (hs.len() > 1).then(|| view! {
                    <p class="heads-warning">{format!("{} heads: ", hs.len())}
                        <button id="draft-merge" on:click=move |_| create(hs.clone(), "merge heads".into())>"draft the merge revision"</button>
                    </p>
                })
            }}
            {move || new_error.get().map(|e| view! { <pre class="error">{e}</pre> })}
            <div class="files-layout">
                <ul id="file-list">
                    {move || paths().into_iter().map(|p| {
                        let q = p.clone();
                        view! { <li><button class="file" class:active=move || selected.get().as_deref() == Some(q.as_str())
                            on:click={let p = p.clone(); move |_| select(p.clone())}>{p.clone()}</button></li> }
                    }).collect_view()}
                </ul>
                <div class="editor">
                    <p class="muted small">{move || match selected.get() {
                        Some(p) => format!("editing {p}"),
                        None => "Pick a file to edit it, or paste a revision file and add it.".to_owned(),
                    }}</p>
                    <div class="code">
                        // The text coloured underneath; the textarea on top holds the caret
                        // and the selection, its own text transparent.
                        <pre class="code-colours" aria-hidden="true" node_ref=colours inner_html=move || highlighted(&text.get())></pre>
                        <textarea id="editor" node_ref=editor spellcheck="false" wrap="off" autocapitalize="off" autocomplete="off"
                            prop:value=text on:input=move |ev| set_text.set(event_target_value(&ev))
                            on:scroll=move |_| sync_scroll(editor, colours)></textarea>
                    </div>
                    <div class="editor-actions">
                        <button id="save-file" on:click=save disabled=move || selected.get().is_none()>"Save and reload"</button>
                        <input id="new-file-name" type="text" placeholder="new file name (e.g. 1a2b3c_add_x.py)" prop:value=new_name
                            on:input=move |ev| set_new_name.set(event_target_value(&ev)) />
                        <button id="add-file" on:click=add>"Add as a new revision file"</button>
                    </div>
                </div>
            </div>
        </div>
    }
}

/// `source` as HTML, its tokens in `<span class="tok-…">` (see `.code-colours` in style.css).
fn highlighted(source: &str) -> String {
    let mut out = String::with_capacity(source.len() * 2);
    let mut at = 0;
    for (start, end, class) in retort_pyscript::highlight(source) {
        escape_html(&mut out, &source[at..start]);
        out.push_str("<span class=\"tok-");
        out.push_str(class.css());
        out.push_str("\">");
        escape_html(&mut out, &source[start..end]);
        out.push_str("</span>");
        at = end;
    }
    escape_html(&mut out, &source[at..]);
    // A last empty line is a line the caret can be on.
    out.push('\n');
    out
}

/// Keeps the coloured copy under the textarea scrolled as the textarea is.
fn sync_scroll(editor: NodeRef<leptos::html::Textarea>, colours: NodeRef<leptos::html::Pre>) {
    if let (Some(e), Some(c)) = (editor.get_untracked(), colours.get_untracked()) {
        c.set_scroll_top(e.scroll_top());
        c.set_scroll_left(e.scroll_left());
    }
}

/// Selects line `line` (1-based) of a textarea holding `t`, and scrolls it into view.
fn select_line(el: &web_sys::HtmlTextAreaElement, t: &str, line: usize) {
    let start: usize = t
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(|l| l.encode_utf16().count())
        .sum();
    let len = t
        .lines()
        .nth(line.saturating_sub(1))
        .map_or(0, |l| l.encode_utf16().count());
    let _ = el.focus();
    let _ = el.set_selection_range(start as u32, (start + len) as u32);
    let line_px = el.scroll_height() as f64 / t.lines().count().max(1) as f64;
    el.set_scroll_top(((line as f64 - 4.0).max(0.0) * line_px) as i32);
}
