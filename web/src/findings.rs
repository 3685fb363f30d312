//! Verify's report as the page shows it, made where the report is (the engine's worker, or
//! the page when there is none): counts, notes, the rules found, and the findings as HTML
//! text, the first hundred apart (a thousand take the page a quarter of a second to draw).

use retort_engine::verify::{Finding, Report, Severity};
use serde::{Deserialize, Serialize};

use crate::components::escape_html;

/// How many findings are drawn at first.
pub const FIRST: usize = 100;

#[derive(Serialize, Deserialize)]
pub struct Verified {
    /// `N of M revisions checked: E errors, W warnings, I notes`.
    pub summary: String,
    pub stopped: Option<String>,
    pub notes: Vec<String>,
    /// The rules of the findings, in order (`RT003`, ...).
    pub codes: Vec<String>,
    /// The first [`FIRST`] findings, and the others.
    pub first: String,
    pub rest: String,
    pub more: usize,
}

impl Verified {
    pub fn of(r: &Report) -> Verified {
        let split = r.findings.len().min(FIRST);
        Verified {
            summary: format!(
                "{} of {} revisions checked: {} errors, {} warnings, {} notes",
                r.checked,
                r.revisions,
                r.count(Severity::Error),
                r.count(Severity::Warning),
                r.count(Severity::Info)
            ),
            stopped: r.stopped.clone(),
            notes: r.notes.clone(),
            codes: r.findings.iter().map(|f| f.code.to_owned()).collect(),
            first: html(&r.findings[..split]),
            rest: html(&r.findings[split..]),
            more: r.findings.len() - split,
        }
    }
}

/// Findings as HTML (every text escaped): a view per finding cost the
/// page's size budget more than the list is worth in code.
fn html(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let rule = f.rule();
        let severity = f.severity.as_str();
        out.push_str(&format!(
            "<li class=\"finding {severity}\"><div class=\"finding-head\"><span class=\"badge\">{} {}</span> <span class=\"message\">",
            rule.code, rule.name
        ));
        escape_html(&mut out, &f.message);
        out.push_str("</span></div><div class=\"finding-links\">");
        if let Some(s) = &f.site {
            out.push_str(
                "<button class=\"verify-file quiet\" title=\"open in the editor\" data-path=\"",
            );
            escape_html(&mut out, &s.path);
            out.push_str(&format!("\" data-line=\"{}\">", s.line));
            escape_html(&mut out, &format!("{}:{}", s.path, s.line));
            out.push_str("</button>");
        }
        if let (Some(rev), Some(step)) = (&f.revision, &f.step) {
            out.push_str("<button class=\"verify-step quiet\" title=\"run this step; the Last step tab shows its SQL and changes\" data-rev=\"");
            escape_html(&mut out, rev);
            out.push_str(if step.starts_with("downgrade") {
                "\" data-down>"
            } else {
                "\">"
            });
            escape_html(&mut out, &format!("show: {step}"));
            out.push_str("</button>");
        }
        out.push_str("</div>");
        if !f.detail.is_empty() {
            out.push_str("<pre class=\"detail\">");
            escape_html(&mut out, &f.detail.join("\n"));
            out.push_str("</pre>");
        }
        out.push_str("<p class=\"hint small\">");
        escape_html(&mut out, &rule.hint());
        out.push_str("</p></li>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(i: usize) -> Finding {
        Finding {
            code: "RT007",
            severity: Severity::Info,
            message: format!("downgrade of r{i} loses table `t{i}` <3 rows>"),
            revision: Some(format!("r{i}")),
            step: Some(format!(
                "downgrade r{i} -> r{}, add t{i}",
                i.wrapping_sub(1)
            )),
            site: None,
            detail: Vec::new(),
        }
    }

    #[test]
    fn the_first_hundred_findings_apart_and_every_text_escaped() {
        let report = Report {
            findings: (0..150).map(finding).collect(),
            revisions: 150,
            checked: 150,
            ..Default::default()
        };
        let v = Verified::of(&report);
        assert_eq!(
            v.summary,
            "150 of 150 revisions checked: 0 errors, 0 warnings, 150 notes"
        );
        assert_eq!(v.first.matches("<li ").count(), 100);
        assert_eq!(v.rest.matches("<li ").count(), 50);
        assert_eq!(v.more, 50);
        assert_eq!(v.codes.len(), 150);
        assert!(v.first.contains("loses table `t0` &lt;3 rows&gt;"));
        assert!(v.rest.starts_with("<li class=\"finding info\">"));
        assert!(
            v.rest
                .contains("data-rev=\"r100\" data-down>show: downgrade r100 -&gt; r99")
        );
    }
}
