//! A pull request's review, when the page was opened from `retort review`'s link: the new
//! revisions with their SQL, whether the PR leaves one head, the schema changes from the
//! base's heads to the PR's, and Verify's findings on the new revisions (each linked to its
//! line in the editor). The page itself stands at the base's heads: stepping up goes through
//! the PR. Read-only text, written as HTML (escaped) in one piece: a view per item cost the
//! page's size budget more than the whole review is worth in code.

use leptos::prelude::*;
use retort_engine::review::Review;

use super::{changes_html, escape_html, event_element};
use crate::model::Page;

#[component]
pub fn ReviewPanel(page: Page) -> impl IntoView {
    let review = page.review();
    // A finding's `file:line` button opens the editor there (one handler for all).
    let open = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = event_element(&ev) else {
            return;
        };
        if let (Some(path), Some(line)) =
            (el.get_attribute("data-path"), el.get_attribute("data-line"))
        {
            page.open_file(path, line.parse().unwrap_or(1));
        }
    };
    move || {
        review.with(|r| {
            r.as_ref().map(|r| {
                let html = match r {
                    Ok(r) => html(r),
                    Err(e) => {
                        let mut out = String::from("<p class=\"error\">The review could not be made: ");
                        escape_html(&mut out, e);
                        out + "</p>"
                    }
                };
                view! {
                    <div class="review banner">
                        <details id="review" open inner_html=html on:click=open></details>
                        <button id="close-review" class="quiet" on:click=move |_| page.close_review()>"Close the review"</button>
                    </div>
                }
            })
        })
    }
}

/// The review as HTML: every text escaped.
fn html(r: &Review) -> String {
    let mut out = String::new();
    let n = r.new.len();
    out.push_str("<summary>");
    escape_html(
        &mut out,
        &format!(
            "Review: {n} new revision{} above the base's head ({}); the database stands there, step up to go through them.",
            if n == 1 { "" } else { "s" },
            r.base_heads.join(", ")
        ),
    );
    out.push_str("</summary><p id=\"review-heads\">");
    escape_html(
        &mut out,
        &match r.heads.len() {
            0 | 1 => format!("The PR leaves one head ({}).", r.heads.join(", ")),
            k => format!(
                "The PR leaves {k} heads ({}): the history needs a merge revision (alembic merge heads).",
                r.heads.join(", ")
            ),
        },
    );
    out.push_str("</p>");
    if let Some((step, message)) = &r.failure {
        out.push_str("<pre id=\"review-failure\" class=\"error\">");
        escape_html(&mut out, &format!("{step} failed: {message}"));
        out.push_str("</pre>");
    }
    out.push_str("<ol id=\"review-revisions\">");
    for x in &r.new {
        out.push_str("<li data-rev=\"");
        escape_html(&mut out, &x.item.revision);
        out.push_str("\"><code>");
        escape_html(&mut out, &x.item.revision);
        out.push_str("</code> ");
        escape_html(&mut out, &x.item.doc);
        out.push_str(" <span class=\"muted small\">");
        escape_html(&mut out, &x.item.path);
        out.push_str("</span>");
        if !x.step.is_empty() {
            out.push_str("<details class=\"small\"><summary>SQL of ");
            escape_html(&mut out, &x.step);
            out.push_str("</summary><pre class=\"sql\">");
            let sql: Vec<String> = x.sql.iter().map(|s| format!("{s};")).collect();
            escape_html(&mut out, &sql.join("\n\n"));
            out.push_str("</pre></details>");
        }
        out.push_str("</li>");
    }
    out.push_str("</ol><h3>Schema changes</h3>");
    if r.changes.is_empty() {
        out.push_str("<p id=\"review-schema\" class=\"muted\">None.</p>");
    } else {
        out.push_str("<ul id=\"review-schema\">");
        changes_html(&mut out, &r.changes);
        out.push_str("</ul>");
    }
    out.push_str(&format!(
        "<h3>Findings on the new revisions: {}</h3><ul id=\"review-findings\">",
        r.findings.len()
    ));
    for f in &r.findings {
        let rule = f.rule();
        out.push_str("<li data-rev=\"");
        escape_html(&mut out, f.revision.as_deref().unwrap_or_default());
        out.push_str("\"><span class=\"badge\">");
        escape_html(
            &mut out,
            &format!("{} {} {}", f.severity.as_str(), rule.code, rule.name),
        );
        out.push_str("</span> ");
        escape_html(&mut out, &f.message);
        if let Some(s) = &f.site {
            out.push_str(" <button class=\"quiet\" data-path=\"");
            escape_html(&mut out, &s.path);
            out.push_str(&format!("\" data-line=\"{}\">", s.line));
            escape_html(&mut out, &format!("{}:{}", s.path, s.line));
            out.push_str("</button>");
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}
