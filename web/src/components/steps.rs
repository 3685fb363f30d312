//! The Last step tab: each step the last run took, with its SQL, its schema changes, its own
//! `--sql` script beside what ran, what it printed, and a failure with Alembic's leftovers.

use leptos::prelude::*;

use super::change_class;
use crate::model::Page;

/// The last run's steps (before any run: how to start).
#[component]
pub fn Steps(page: Page) -> impl IntoView {
    let report = page.report();
    move || {
        match report.get() {
            None => view! {
                <div class="empty">
                    <p>"Step through the example's migrations: " <b>"↑ upgrade +1"</b> ", or click a revision."</p>
                    <p class="muted">"Each step runs the revision file's " <code>"upgrade()"</code> " / " <code>"downgrade()"</code>
                      " in the page's Python interpreter against SQLite in this tab, in one transaction: a failing step leaves the database as it was."</p>
                </div>
            }.into_any(),
            Some(mut r) => {
                // A long run's earlier steps as one list (drawing a thousand steps whole held
                // the page for most of a second); the last ones in full.
                let ran = r.steps.len();
                let stopped = r.cancelled();
                let steps: Vec<_> = r.steps.split_off(ran.saturating_sub(SHOWN_WHOLE));
                let earlier: Vec<String> = r.steps.drain(..).map(|s| s.description).collect();
                view! {
                <div id="steps">
                    {(ran == 0 && r.failure.is_none()).then(|| view! { <p class="muted">"Nothing to do: already there."</p> })}
                    // A failure after many steps sits far below: say it first, with a link to it.
                    {r.failure.as_ref().map(|f| {
                        let text = match &f.description {
                            Some(d) if ran > 0 => format!("{ran} step{} ran, then {d} failed and was rolled back.", if ran == 1 { "" } else { "s" }),
                            Some(d) => format!("{d} failed and was rolled back."),
                            None => format!("Nothing ran: {}", f.message),
                        };
                        view! { <p id="failure-summary" class="error banner"><a href="#failure">{text}</a></p> }
                    })}
                    {stopped.then(|| view! { <p id="stopped" class="warning banner">{format!("Stopped after {ran} of {} steps: the database is at the last finished step.", r.planned)}</p> })}
                    {(!earlier.is_empty()).then(|| view! {
                        <details id="earlier-steps" class="step">
                            <summary>{format!("{} earlier steps", earlier.len())}</summary>
                            <pre class="sql">{earlier.join("\n")}</pre>
                        </details>
                    })}
                    {steps.into_iter().map(|s| view! {
                        <article class="step">
                            <h3><code>{s.description}</code></h3>
                            <ul class="changes">
                                {s.changes.iter().map(|c| view! { <li class=change_class(c)>{c.to_string()}</li> }).collect_view()}
                            </ul>
                            <pre class="sql">{s.statements.iter().map(|st| {
                                let mut t = format!("{};", st.sql);
                                match (st.params.first(), st.runs) {
                                    (None, _) => {}
                                    (Some(p), 1) => t.push_str(&format!("\n-- parameters: {p:?}")),
                                    (Some(p), n) => t.push_str(&format!("\n-- {n} parameter sets, first: {p:?}")),
                                }
                                t
                            }).collect::<Vec<_>>().join("\n\n")}</pre>
                            <OfflineBeside ran=s.statements.iter().map(|st| st.sql.clone()).collect() offline=s.offline.clone() />
                            {(!s.output.is_empty()).then(|| view! { <p class="muted">"printed:"</p><pre class="output">{s.output.clone()}</pre> })}
                            {s.warnings.iter().map(|w| view! { <p class="warning">{w.clone()}</p> }).collect_view()}
                        </article>
                    }).collect_view()}
                    {r.failure.map(|f| match f.description {
                        Some(d) => view! {
                            <article class="step failed" id="failure">
                                <h3>"Failed: " <code>{d}</code></h3>
                                {(!f.output.is_empty()).then(|| view! { <p class="muted">"printed before it failed:"</p><pre class="output">{f.output.clone()}</pre> })}
                                <pre class="error">{f.message}</pre>
                                <p class="rolled-back">"The step was rolled back: the database is as it was before it."</p>
                                {f.alembic_would_leave.map(|l| view! { <p class="muted">{format!("Note: {l}.")}</p> })}
                            </article>
                        }.into_any(),
                        None => view! {
                            <article class="step failed" id="failure">
                                <h3>"Nothing ran"</h3>
                                <pre class="error">{format!("FAILED: {}", f.message)}</pre>
                            </article>
                        }.into_any(),
                    })}
                </div>
                }.into_any()
            }
        }
    }
}

/// How many of a run's last steps are drawn whole.
const SHOWN_WHOLE: usize = 50;

/// Whitespace-insensitive statement text, for matching the offline script with what ran.
fn normalized(sql: &str) -> String {
    sql.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(';')
        .to_owned()
}

/// A step's `--sql` script beside the statements that ran; offline statements that did not
/// run as written are marked (data statements run with bound `?` parameters, the script
/// writes literals).
#[component]
fn OfflineBeside(ran: Vec<String>, offline: Result<String, String>) -> impl IntoView {
    let ran_norm: Vec<String> = ran.iter().map(|s| normalized(s)).collect();
    let body = match offline {
        Err(e) => view! { <pre class="error">{e}</pre> }.into_any(),
        Ok(text) => {
            let parts: Vec<(String, bool)> = text
                .split("\n\n")
                .filter(|p| !p.trim().is_empty())
                .map(|p| {
                    let differs = !p.starts_with("--") && !ran_norm.contains(&normalized(p));
                    (p.to_owned(), differs)
                })
                .collect();
            let n = parts.iter().filter(|(_, d)| *d).count();
            view! {
                <p class="small muted">{match n {
                    0 => "every statement of the script ran as written".to_owned(),
                    1 => "1 statement of the script did not run as written (marked)".to_owned(),
                    n => format!("{n} statements of the script did not run as written (marked)"),
                }}</p>
                <pre class="offline-sql">{parts.into_iter().map(|(p, d)| view! {
                    <span class:differs=d>{p}</span>{"\n\n"}
                }).collect_view()}</pre>
            }
            .into_any()
        }
    };
    view! {
        <details class="offline-beside">
            <summary>"offline script of this step (" <code>"--sql"</code> ")"</summary>
            {body}
        </details>
    }
}
