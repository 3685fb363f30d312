//! Learn mode's panel: the lessons, the one shown (its text, the task, and its checks ticked
//! as the page observes the learner's work), starting or resetting it, and the next one once
//! it is done. The lessons themselves are data (`crate::lessons`). Drawn as HTML text with one
//! click handler (its buttons say what they do in `data-do`): Learn mode is a small share of
//! the page's size budget.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{escape_html, event_element};
use crate::lessons::LESSONS;
use crate::model::Page;

#[component]
pub fn LearnPanel(page: Page) -> impl IntoView {
    let open = page.learn_open();
    let shown = page.lesson_shown();
    let active = page.lesson_active();
    let click = move |ev: leptos::ev::MouseEvent| {
        let Some(button) =
            event_element(&ev).and_then(|el| el.closest("button[data-do]").ok().flatten())
        else {
            return;
        };
        let i = button
            .get_attribute("data-i")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let what = button.get_attribute("data-do").unwrap_or_default();
        match what.as_str() {
            "show" => page.show_lesson(i),
            "start" => page.start_lesson(i),
            _ => return,
        }
        // The panel is drawn again: the focus goes back to the button of the same action,
        // for keyboard users (to the lesson's Reset after Start or Next).
        let selector = match what.as_str() {
            "show" => format!("#learn button[data-do=\"show\"][data-i=\"{i}\"]"),
            _ => "#lesson-start".to_owned(),
        };
        set_timeout(
            move || {
                if let Some(el) = document()
                    .query_selector(&selector)
                    .ok()
                    .flatten()
                    .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = el.focus();
                }
            },
            std::time::Duration::ZERO,
        );
    };
    move || {
        open.get().then(|| {
            view! {
                <section id="learn" class="learn" aria-label="Learn the migration workflow" on:click=click
                    inner_html=move || panel(page, shown.get(), active.get())></section>
            }
        })
    }
}

/// The panel's HTML: the list of lessons, and the lesson shown.
fn panel(page: Page, i: usize, active: Option<usize>) -> String {
    let mut h = String::from("<nav><ol class=\"lessons\">");
    for (k, l) in LESSONS.iter().enumerate() {
        let current = if k == i {
            " class=\"current\" aria-current=\"true\""
        } else {
            ""
        };
        let mark = if page.lesson_done(k) { "✓" } else { "" };
        h.push_str(&format!(
            "<li><button data-do=\"show\" data-i=\"{k}\"{current}><span class=\"mark\">{mark}</span>"
        ));
        escape_html(&mut h, l.title);
        h.push_str("</button></li>");
    }
    h.push_str("</ol></nav>");
    let l = &LESSONS[i];
    let started = active == Some(i);
    h.push_str(&format!("<article id=\"lesson\"><h2>{}. ", i + 1));
    escape_html(&mut h, l.title);
    h.push_str("</h2>");
    for p in l.paragraphs {
        h.push_str("<p>");
        inline(&mut h, p);
        h.push_str("</p>");
    }
    h.push_str("<div class=\"task\"><strong>Your task: </strong>");
    inline(&mut h, l.task);
    h.push_str("</div><ul id=\"lesson-checks\" class=\"checks\" aria-live=\"polite\">");
    let checks = page.lesson_checks(i);
    for (ok, c) in checks.iter().zip(l.checks) {
        let (class, mark) = if *ok {
            (" class=\"ok\"", "✓")
        } else {
            ("", "○")
        };
        h.push_str(&format!("<li{class}><span class=\"mark\">{mark}</span>"));
        inline(&mut h, c.label);
        h.push_str("</li>");
    }
    let label = if started {
        "Reset this lesson"
    } else {
        "Start this lesson"
    };
    h.push_str(&format!(
        "</ul><p class=\"actions\"><button id=\"lesson-start\" data-do=\"start\" data-i=\"{i}\">{label}</button>"
    ));
    if started && checks.iter().all(|&ok| ok) {
        h.push_str(" <span id=\"lesson-done\" class=\"done\" role=\"status\">Done.</span>");
        if let Some(next) = LESSONS.get(i + 1) {
            h.push_str(&format!(
                " <button id=\"lesson-next\" data-do=\"start\" data-i=\"{}\">Next: ",
                i + 1
            ));
            escape_html(&mut h, next.title);
            h.push_str("</button>");
        }
    }
    h.push_str("</p>");
    if !started {
        h.push_str("<p class=\"hint\">Starting the lesson opens the example project at its starting point (a project you changed is set aside, to restore).</p>");
    }
    h.push_str("<p class=\"links\">In Alembic's documentation: ");
    for (label, url) in l.links {
        h.push_str("<a target=\"_blank\" rel=\"noopener noreferrer\" href=\"");
        escape_html(&mut h, url);
        h.push_str("\">");
        inline(&mut h, label);
        h.push_str("</a> ");
    }
    h.push_str("</p></article>");
    h
}

/// Text with `code` spans in backticks, as HTML.
fn inline(h: &mut String, text: &str) {
    for (k, part) in text.split('`').enumerate() {
        if k % 2 == 1 {
            h.push_str("<code>");
            escape_html(h, part);
            h.push_str("</code>");
        } else {
            escape_html(h, part);
        }
    }
}
