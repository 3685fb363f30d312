//! The Schema tab: the tables (columns, indexes, foreign keys, DDL), or their
//! entity-relationship diagram as SVG; what the last run created or changed is marked.

use leptos::prelude::*;
use retort_engine::inspect::{Change, TableInfo};

use super::{changes_html, escape_html};
use crate::model::Page;

#[component]
pub fn SchemaView(page: Page) -> impl IntoView {
    let report = page.report();
    let shown = page.shown();
    let touched = move |table: &str| -> Vec<Change> {
        report
            .get()
            .map(|r| {
                r.steps
                    .iter()
                    .flat_map(|s| s.changes.iter().cloned())
                    .filter(|c| c.to_string().contains(&format!("`{table}")))
                    .collect()
            })
            .unwrap_or_default()
    };
    // Tables or their diagram: a UI choice kept across reloads.
    let diagram = page.schema_diagram();
    let toggle = move |on: bool| page.show_diagram(on);
    let switch = move || {
        view! {
            <p class="schema-switch">
                <button id="schema-tables" class:active=move || !diagram.get() on:click=move |_| toggle(false)>"Tables"</button>
                <button id="schema-diagram" class:active=move || diagram.get() on:click=move |_| toggle(true)>"Diagram"</button>
            </p>
        }
    };
    let body = move || {
        let v = shown.get();
        if v.schema.tables.is_empty() {
            return view! { <p class="muted" id="schema">"No tables yet."</p> }.into_any();
        }
        if diagram.get() {
            let changed: Vec<(String, &'static str)> = v
                .schema
                .tables
                .iter()
                .filter_map(|t| {
                    let changes = touched(&t.name);
                    if changes
                        .iter()
                        .any(|c| matches!(c, Change::TableCreated { .. }))
                    {
                        Some((t.name.clone(), "new"))
                    } else {
                        (!changes.is_empty()).then(|| (t.name.clone(), "touched"))
                    }
                })
                .collect();
            let svg = er_svg(&retort_engine::diagram::layout(&v.schema), &changed);
            return view! { <div id="er-diagram" class="er" inner_html=svg></div> }.into_any();
        }
        let html = tables_html(&v.schema.tables, touched);
        view! { <div id="schema" class="schema" inner_html=html></div> }.into_any()
    };
    view! { <div class="schema-view">{switch}{body}</div> }
}

/// The tables as HTML text (a view per cell cost the page's size budget more than the text):
/// columns, indexes, foreign keys, what the last run changed, and the DDL.
fn tables_html(tables: &[TableInfo], touched: impl Fn(&str) -> Vec<Change>) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for t in tables {
        let changes = touched(&t.name);
        let is_new = changes
            .iter()
            .any(|c| matches!(c, Change::TableCreated { .. }));
        let changed_cols: Vec<&str> = changes
            .iter()
            .filter_map(|c| match c {
                Change::ColumnAdded { column, .. } | Change::ColumnChanged { column, .. } => {
                    Some(column.as_str())
                }
                _ => None,
            })
            .collect();
        let class = match (is_new, changes.is_empty()) {
            (true, _) => "table new touched",
            (false, false) => "table touched",
            (false, true) => "table",
        };
        let _ = write!(out, r#"<div class="{class}"><h3><code>"#);
        escape_html(&mut out, &t.name);
        let _ = write!(
            out,
            r#"</code> <span class="muted"> {} row{}</span></h3><div class="rows"><table><thead><tr><th>column</th><th>type</th><th>null</th><th>default</th><th>key</th></tr></thead><tbody>"#,
            t.rows,
            if t.rows == 1 { "" } else { "s" }
        );
        for c in &t.columns {
            out.push_str(if changed_cols.contains(&c.name.as_str()) {
                r#"<tr class="changed"><td><code>"#
            } else {
                "<tr><td><code>"
            });
            escape_html(&mut out, &c.name);
            out.push_str("</code></td><td><code>");
            escape_html(&mut out, &c.decl_type);
            out.push_str(r#"</code></td><td class="nowrap">"#);
            out.push_str(if c.not_null { "NOT NULL" } else { "" });
            out.push_str("</td><td><code>");
            escape_html(&mut out, c.default.as_deref().unwrap_or_default());
            out.push_str("</code></td><td>");
            out.push_str(if c.pk > 0 { "PK" } else { "" });
            out.push_str("</td></tr>");
        }
        out.push_str("</tbody></table></div>");
        if !t.indexes.is_empty() {
            out.push_str(r#"<p class="small">indexes: "#);
            for (n, i) in t.indexes.iter().enumerate() {
                let sep = if n > 0 { " · " } else { "" };
                let unique = if i.unique { " unique" } else { "" };
                let line = format!("{sep}{}{unique} ({})", i.name, i.columns.join(", "));
                escape_html(&mut out, &line);
            }
            out.push_str("</p>");
        }
        if !t.foreign_keys.is_empty() {
            out.push_str(r#"<p class="small">foreign keys: "#);
            for (n, f) in t.foreign_keys.iter().enumerate() {
                let sep = if n > 0 { " · " } else { "" };
                let on_delete = if f.on_delete != "NO ACTION" {
                    format!(" ON DELETE {}", f.on_delete)
                } else {
                    String::new()
                };
                let line = format!(
                    "{sep}({}) → {}({}){on_delete}",
                    f.columns.join(", "),
                    f.referred_table,
                    f.referred_columns.join(", ")
                );
                escape_html(&mut out, &line);
            }
            out.push_str("</p>");
        }
        if !changes.is_empty() {
            out.push_str(r#"<ul class="changes">"#);
            changes_html(&mut out, &changes);
            out.push_str("</ul>");
        }
        out.push_str("<details><summary>DDL</summary><pre>");
        escape_html(&mut out, &t.sql);
        out.push_str("</pre></details></div>");
    }
    out
}

/// The entity-relationship diagram as SVG markup: boxes from `diagram::layout`, each
/// foreign key a curve from its column to the referred column (hover: its definition).
/// `changed` marks the tables the last step created or changed.
fn er_svg(d: &retort_engine::diagram::Diagram, changed: &[(String, &'static str)]) -> String {
    use retort_engine::diagram::{CHAR, HEADER};
    use std::fmt::Write;
    let esc = |s: &str| {
        let mut out = String::with_capacity(s.len());
        escape_html(&mut out, s);
        out
    };
    let (w, h) = (d.width + 80.0, d.height + 20.0);
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="-10 -10 {w} {h}" width="{w}" height="{h}" role="img" aria-label="Entity-relationship diagram: {} tables, {} foreign keys"><defs><marker id="er-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z"/></marker></defs>"#,
        d.boxes.len(),
        d.edges.len()
    );
    for e in &d.edges {
        let (a, b) = (&d.boxes[e.from], &d.boxes[e.to]);
        let y1 = a.row_y(e.from_row);
        let y2 = e.to_row.map_or(b.y + HEADER / 2.0, |r| b.row_y(r));
        let path = if b.x + b.width <= a.x {
            // Child to parent, right to left.
            let (x1, x2) = (a.x, b.x + b.width);
            let c = ((x1 - x2) / 2.0).max(30.0);
            format!("M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}", x1 - c, x2 + c)
        } else if a.x + a.width <= b.x {
            let (x1, x2) = (a.x + a.width, b.x);
            let c = ((x2 - x1) / 2.0).max(30.0);
            format!("M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}", x1 + c, x2 - c)
        } else {
            // The same column of boxes (a self-reference): a loop out to the right.
            let (x1, x2) = (a.x + a.width, b.x + b.width);
            let c = x1.max(x2) + 36.0;
            format!("M{x1},{y1} C{c},{y1} {c},{y2} {x2},{y2}")
        };
        let _ = write!(
            out,
            r#"<path class="er-edge" d="{path}" marker-end="url(#er-arrow)"><title>{}</title></path>"#,
            esc(&e.label)
        );
    }
    for b in &d.boxes {
        let class = changed
            .iter()
            .find(|(t, _)| *t == b.table)
            .map_or("", |(_, c)| c);
        let _ = write!(
            out,
            r#"<g class="er-table {class}" data-table="{t}"><rect class="er-box" x="{x}" y="{y}" width="{bw}" height="{bh}" rx="5"/><rect class="er-head" x="{x}" y="{y}" width="{bw}" height="{HEADER}" rx="5"/><text class="er-name" x="{tx}" y="{ty}">{t}</text>"#,
            t = esc(&b.table),
            x = b.x,
            y = b.y,
            bw = b.width,
            bh = b.height,
            tx = b.x + 10.0,
            ty = b.y + HEADER - 7.5,
        );
        for (i, c) in b.columns.iter().enumerate() {
            let key = match (c.pk, c.fk) {
                (true, _) => "PK",
                (false, true) => "FK",
                _ => "",
            };
            let y = b.row_y(i) + 4.0;
            let name_x = b.x + 10.0 + 3.0 * CHAR;
            let type_x = name_x + (c.name.chars().count() as f64 + 2.0) * CHAR;
            let _ = write!(
                out,
                r#"<text class="er-col{nn}" y="{y}"><tspan class="er-key" x="{kx}">{key}</tspan><tspan x="{name_x}">{n}</tspan><tspan class="er-type" x="{type_x}">{ty}</tspan></text>"#,
                nn = if c.not_null { " not-null" } else { "" },
                kx = b.x + 10.0,
                n = esc(&c.name),
                ty = esc(&c.decl_type),
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use retort_engine::inspect::{ColumnInfo, ForeignKeyInfo, IndexInfo};

    use super::*;

    #[test]
    fn tables_are_text_with_what_changed_marked() {
        let hostile = "<img src=x onerror=alert(1)>";
        let table = TableInfo {
            name: format!("t{hostile}"),
            sql: format!("CREATE TABLE \"t{hostile}\" (a)"),
            columns: vec![ColumnInfo {
                name: "a".into(),
                decl_type: "VARCHAR(<3)".into(),
                not_null: true,
                default: Some("'\"'".into()),
                pk: 1,
                hidden: 0,
            }],
            indexes: vec![IndexInfo {
                name: "ix<".into(),
                sql: None,
                unique: true,
                columns: vec!["a".into()],
            }],
            foreign_keys: vec![ForeignKeyInfo {
                columns: vec!["a".into()],
                referred_table: "p&q".into(),
                referred_columns: vec!["id".into()],
                on_delete: "CASCADE".into(),
                on_update: "NO ACTION".into(),
            }],
            rows: 1,
        };
        let html = tables_html(&[table], |_| {
            vec![Change::ColumnAdded {
                table: "t".into(),
                column: "a".into(),
            }]
        });
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.starts_with(r#"<div class="table touched"><h3><code>t&lt;img"#));
        assert!(html.contains(r#"<span class="muted"> 1 row</span>"#));
        assert!(html.contains(r#"<tr class="changed"><td><code>a</code></td><td><code>VARCHAR(&lt;3)</code></td><td class="nowrap">NOT NULL</td><td><code>'&quot;'</code></td><td>PK</td></tr>"#));
        assert!(html.contains("indexes: ix&lt; unique (a)</p>"));
        assert!(html.contains("foreign keys: (a) → p&amp;q(id) ON DELETE CASCADE</p>"));
        assert!(
            html.contains(r#"<ul class="changes"><li class="added">column `t.a` added</li></ul>"#)
        );
    }
}
