//! The Last step tab: each step the last run took, with its SQL, its schema changes, its own
//! `--sql` script beside what ran, what it printed, and a failure with Alembic's leftovers.

use leptos::prelude::*;

use retort_engine::session::{Executed, RunReport};

use super::{changes_html, escape_html};
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
            Some(r) => view! { <div id="steps" inner_html=steps_html(r)></div> }.into_any(),
        }
    }
}

/// The run's steps as HTML text (a view per step, statement and change cost the page's size
/// budget more than the text).
fn steps_html(mut r: RunReport) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    // A long run's earlier steps as one list (drawing a thousand steps whole held the page for
    // most of a second); the last ones in full.
    let ran = r.steps.len();
    let stopped = r.cancelled();
    let steps: Vec<_> = r.steps.split_off(ran.saturating_sub(SHOWN_WHOLE));
    if ran == 0 && r.failure.is_none() {
        out.push_str(r#"<p class="muted">Nothing to do: already there.</p>"#);
    }
    // A failure after many steps sits far below: say it first, with a link to it.
    if let Some(f) = &r.failure {
        let summary = match &f.description {
            Some(d) if ran > 0 => format!(
                "{ran} step{} ran, then {d} failed and was rolled back.",
                if ran == 1 { "" } else { "s" }
            ),
            Some(d) => format!("{d} failed and was rolled back."),
            None => format!("Nothing ran: {}", f.message),
        };
        out.push_str(r##"<p id="failure-summary" class="error banner"><a href="#failure">"##);
        escape_html(&mut out, &summary);
        out.push_str("</a></p>");
    }
    if stopped {
        let _ = write!(
            out,
            r#"<p id="stopped" class="warning banner">Stopped after {ran} of {} steps: the database is at the last finished step.</p>"#,
            r.planned
        );
    }
    if !r.steps.is_empty() {
        let _ = write!(
            out,
            r#"<details id="earlier-steps" class="step"><summary>{} earlier steps</summary><pre class="sql">"#,
            r.steps.len()
        );
        for (n, s) in r.steps.iter().enumerate() {
            if n > 0 {
                out.push('\n');
            }
            escape_html(&mut out, &s.description);
        }
        out.push_str("</pre></details>");
    }
    for s in &steps {
        out.push_str(r#"<article class="step"><h3><code>"#);
        escape_html(&mut out, &s.description);
        out.push_str(r#"</code></h3><ul class="changes">"#);
        changes_html(&mut out, &s.changes);
        out.push_str(r#"</ul><pre class="sql">"#);
        for (n, st) in s.statements.iter().enumerate() {
            let mut t = format!("{};", st.sql);
            match (st.params.first(), st.runs) {
                (None, _) => {}
                (Some(p), 1) => t.push_str(&format!("\n-- parameters: {p:?}")),
                (Some(p), n) => t.push_str(&format!("\n-- {n} parameter sets, first: {p:?}")),
            }
            if n > 0 {
                out.push_str("\n\n");
            }
            escape_html(&mut out, &t);
        }
        out.push_str("</pre>");
        offline_beside(&mut out, &s.statements, &s.offline);
        if !s.output.is_empty() {
            out.push_str(r#"<p class="muted">printed:</p><pre class="output">"#);
            escape_html(&mut out, &s.output);
            out.push_str("</pre>");
        }
        for w in &s.warnings {
            out.push_str(r#"<p class="warning">"#);
            escape_html(&mut out, w);
            out.push_str("</p>");
        }
        out.push_str("</article>");
    }
    if let Some(f) = r.failure {
        out.push_str(r#"<article class="step failed" id="failure">"#);
        match f.description {
            Some(d) => {
                out.push_str("<h3>Failed: <code>");
                escape_html(&mut out, &d);
                out.push_str("</code></h3>");
                if !f.output.is_empty() {
                    out.push_str(
                        r#"<p class="muted">printed before it failed:</p><pre class="output">"#,
                    );
                    escape_html(&mut out, &f.output);
                    out.push_str("</pre>");
                }
                out.push_str(r#"<pre class="error">"#);
                escape_html(&mut out, &f.message);
                out.push_str(r#"</pre><p class="rolled-back">The step was rolled back: the database is as it was before it.</p>"#);
                if let Some(l) = f.alembic_would_leave {
                    out.push_str(r#"<p class="muted">Note: "#);
                    escape_html(&mut out, &l);
                    out.push_str(".</p>");
                }
            }
            None => {
                out.push_str(r#"<h3>Nothing ran</h3><pre class="error">FAILED: "#);
                escape_html(&mut out, &f.message);
                out.push_str("</pre>");
            }
        }
        out.push_str("</article>");
    }
    out
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
fn offline_beside(out: &mut String, ran: &[Executed], offline: &Result<String, String>) {
    out.push_str(r#"<details class="offline-beside"><summary>offline script of this step (<code>--sql</code>)</summary>"#);
    match offline {
        Err(e) => {
            out.push_str(r#"<pre class="error">"#);
            escape_html(out, e);
            out.push_str("</pre>");
        }
        Ok(text) => {
            let ran: Vec<String> = ran.iter().map(|s| normalized(&s.sql)).collect();
            let parts: Vec<(&str, bool)> = text
                .split("\n\n")
                .filter(|p| !p.trim().is_empty())
                .map(|p| (p, !p.starts_with("--") && !ran.contains(&normalized(p))))
                .collect();
            out.push_str(r#"<p class="small muted">"#);
            match parts.iter().filter(|(_, d)| *d).count() {
                0 => out.push_str("every statement of the script ran as written"),
                1 => out.push_str("1 statement of the script did not run as written (marked)"),
                n => out.push_str(&format!(
                    "{n} statements of the script did not run as written (marked)"
                )),
            }
            out.push_str(r#"</p><pre class="offline-sql">"#);
            for (p, differs) in parts {
                out.push_str(if differs {
                    r#"<span class="differs">"#
                } else {
                    "<span>"
                });
                escape_html(out, p);
                out.push_str("</span>\n\n");
            }
            out.push_str("</pre>");
        }
    }
    out.push_str("</details>");
}

#[cfg(test)]
mod tests {
    use retort_engine::session::{StepFailure, StepReport};

    use super::*;

    fn step(n: usize) -> StepReport {
        StepReport {
            description: format!("upgrade r{n} -> r{}, <b>bold</b>", n + 1),
            statements: vec![Executed {
                sql: "INSERT INTO t VALUES (?)".into(),
                params: vec![vec![]],
                runs: 1,
            }],
            changes: Vec::new(),
            output: "printed </pre><script>".into(),
            warnings: vec!["w & w".into()],
            version: Vec::new(),
            offline: Ok("-- comment\n\nINSERT INTO t VALUES ('x')".into()),
        }
    }

    #[test]
    fn a_long_run_lists_its_earlier_steps_and_leads_with_its_failure() {
        let report = RunReport {
            planned: 60,
            steps: (0..55).map(step).collect(),
            failure: Some(StepFailure {
                description: Some("upgrade r55 -> r56, <i>x</i>".into()),
                message: "no such table: <t>".into(),
                alembic_would_leave: Some("`alembic_version` at r55".into()),
                output: String::new(),
            }),
        };
        let html = steps_html(report);
        assert!(!html.contains("<b>") && !html.contains("<script>") && !html.contains("<i>"));
        assert!(html.starts_with(r##"<p id="failure-summary" class="error banner"><a href="#failure">55 steps ran, then upgrade r55 -&gt; r56, &lt;i&gt;x&lt;/i&gt; failed and was rolled back.</a></p>"##), "{html}");
        assert!(html.contains(r#"<summary>5 earlier steps</summary><pre class="sql">upgrade r0 -&gt; r1, &lt;b&gt;bold&lt;/b&gt;"#));
        assert_eq!(html.matches(r#"<article class="step">"#).count(), 50);
        assert!(html.contains("1 statement of the script did not run as written (marked)"));
        assert!(html.contains(r#"<span>-- comment</span>"#));
        assert!(html.contains(r#"<span class="differs">INSERT INTO t VALUES ('x')</span>"#));
        assert!(html.contains(r#"<p class="warning">w &amp; w</p>"#));
        assert!(html.ends_with(r#"<pre class="error">no such table: &lt;t&gt;</pre><p class="rolled-back">The step was rolled back: the database is as it was before it.</p><p class="muted">Note: `alembic_version` at r55.</p></article>"#));
        assert!(!html.contains("id=\"stopped\""), "a failure is not a stop");
    }

    #[test]
    fn a_stopped_run_says_so() {
        let report = RunReport {
            planned: 10,
            steps: (0..3).map(step).collect(),
            failure: None,
        };
        let html = steps_html(report);
        assert!(
            html.starts_with(
                r#"<p id="stopped" class="warning banner">Stopped after 3 of 10 steps"#
            ),
            "{html}"
        );
        assert!(!html.contains("earlier-steps"));
        assert!(steps_html(RunReport::default()).contains("Nothing to do: already there."));
        // A long run that ended: its earlier steps set apart, and no stop said.
        let done = steps_html(RunReport {
            planned: 60,
            steps: (0..60).map(step).collect(),
            failure: None,
        });
        assert!(
            done.starts_with(
                r#"<details id="earlier-steps" class="step"><summary>10 earlier steps"#
            ),
            "{done}"
        );
    }
}
