//! The Verify tab: `retort verify` in the page (every revision up, down and up again on a
//! throwaway database, and the SQLite rules); each finding links to its line in the editor
//! and to the step that shows it.

use leptos::prelude::*;

use crate::model::{Page, now_ms};

fn severity_class(s: retort_engine::verify::Severity) -> &'static str {
    match s {
        retort_engine::verify::Severity::Error => "finding error",
        retort_engine::verify::Severity::Warning => "finding warning",
        retort_engine::verify::Severity::Info => "finding info",
    }
}

/// `retort verify` in the page: the same checks, on a throwaway database.
#[component]
pub fn VerifyView(page: Page) -> impl IntoView {
    let (report, set_report) = signal(None::<retort_engine::verify::Report>);
    let (here, set_here) = signal(false);
    let (took, set_took) = signal(None::<f64>);
    let verify = move |_| {
        let t0 = now_ms();
        let r = page.session.with(|s| s.verify(here.get_untracked()));
        if let (Some(t0), Some(t1)) = (t0, now_ms()) {
            set_took.set(Some(t1 - t0));
        }
        let codes: Vec<&str> = r.findings.iter().map(|f| f.code).collect();
        page.verified(&codes);
        set_report.set(Some(r));
    };
    view! {
        <div id="verify">
            <p class="muted small">"Runs every revision up, down and up again on a throwaway database, "
                "compares schemas and rows, and applies the SQLite rules ("
                <code>"retort verify"</code> ", docs/verify.md). Nothing changes here."</p>
            <div class="verify-controls">
                <button id="verify-run" on:click=verify>"Verify the history"</button>
                <label class="small"><input id="verify-here" type="checkbox" prop:checked=here
                    on:change=move |ev| set_here.set(event_target_checked(&ev)) />
                    " on a copy of this tab's database (its rows, from its revision)"</label>
            </div>
            {move || report.get().map(|r| {
                use retort_engine::verify::Severity;
                let summary = format!(
                    "{} of {} revisions checked: {} errors, {} warnings, {} notes{}",
                    r.checked, r.revisions,
                    r.count(Severity::Error), r.count(Severity::Warning), r.count(Severity::Info),
                    took.get().map(|ms| format!(" ({ms:.0} ms)")).unwrap_or_default()
                );
                view! {
                    <p id="verify-summary">{summary}</p>
                    {r.stopped.clone().map(|s| view! { <p class="muted">{s}</p> })}
                    {r.notes.iter().map(|n| view! { <p class="muted small">{n.clone()}</p> }).collect_view()}
                    <ul id="findings">
                        {r.findings.iter().map(|f| {
                            let rule = f.rule();
                            let site = f.site.clone();
                            let file_link = site.map(|s| {
                                let label = format!("{}:{}", s.path, s.line);
                                view! { <button class="verify-file quiet" title="open in the editor"
                                    on:click=move |_| page.open_file(s.path.clone(), s.line)>{label}</button> }
                            });
                            let step_link = match (&f.revision, &f.step) {
                                (Some(rev), Some(step)) => {
                                    let rev = rev.clone();
                                    let down = step.starts_with("downgrade");
                                    let label = format!("show: {step}");
                                    Some(view! { <button class="verify-step quiet" title="run this step; the Last step tab shows its SQL and changes"
                                        on:click=move |_| page.show_step(rev.clone(), down)>{label}</button> })
                                }
                                _ => None,
                            };
                            view! {
                                <li class=severity_class(f.severity)>
                                    <div class="finding-head">
                                        <span class="badge">{format!("{} {}", rule.code, rule.name)}</span>
                                        <span class="message">{f.message.clone()}</span>
                                    </div>
                                    <div class="finding-links">{file_link}{step_link}</div>
                                    {(!f.detail.is_empty()).then(|| view! {
                                        <pre class="detail">{f.detail.join("\n")}</pre>
                                    })}
                                    <p class="hint small">{rule.hint()}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            })}
        </div>
    }
}
