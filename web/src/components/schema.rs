//! The Schema tab: the tables (columns, indexes, foreign keys, DDL), or their
//! entity-relationship diagram as SVG; what the last run created or changed is marked.

use leptos::prelude::*;
use retort_engine::inspect::{Change, TableInfo};

use super::{change_class, escape_html};
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
        view! {
            <div id="schema" class="schema">
                {v.schema.tables.into_iter().map(|t: TableInfo| {
                    let changes = touched(&t.name);
                    let is_new = changes.iter().any(|c| matches!(c, Change::TableCreated { .. }));
                    let changed_cols: Vec<String> = changes.iter().filter_map(|c| match c {
                        Change::ColumnAdded { column, .. } | Change::ColumnChanged { column, .. } => Some(column.clone()),
                        _ => None,
                    }).collect();
                    view! {
                        <div class="table" class:new=is_new class:touched=!changes.is_empty()>
                            <h3><code>{t.name.clone()}</code> <span class="muted">{format!(" {} row{}", t.rows, if t.rows == 1 { "" } else { "s" })}</span></h3>
                            <div class="rows"><table>
                                <thead><tr><th>"column"</th><th>"type"</th><th>"null"</th><th>"default"</th><th>"key"</th></tr></thead>
                                <tbody>
                                    {t.columns.iter().map(|c| view! {
                                        <tr class:changed=changed_cols.contains(&c.name)>
                                            <td><code>{c.name.clone()}</code></td>
                                            <td><code>{c.decl_type.clone()}</code></td>
                                            <td class="nowrap">{if c.not_null { "NOT NULL" } else { "" }}</td>
                                            <td><code>{c.default.clone().unwrap_or_default()}</code></td>
                                            <td>{if c.pk > 0 { "PK" } else { "" }}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                            {(!t.indexes.is_empty()).then(|| view! {
                                <p class="small">"indexes: " {t.indexes.iter().map(|i| format!("{}{} ({})", i.name, if i.unique { " unique" } else { "" }, i.columns.join(", "))).collect::<Vec<_>>().join(" · ")}</p>
                            })}
                            {(!t.foreign_keys.is_empty()).then(|| view! {
                                <p class="small">"foreign keys: " {t.foreign_keys.iter().map(|f| format!("({}) → {}({}){}", f.columns.join(", "), f.referred_table, f.referred_columns.join(", "), if f.on_delete != "NO ACTION" { format!(" ON DELETE {}", f.on_delete) } else { String::new() })).collect::<Vec<_>>().join(" · ")}</p>
                            })}
                            {(!changes.is_empty()).then(|| view! {
                                <ul class="changes">{changes.iter().map(|c| view! { <li class=change_class(c)>{c.to_string()}</li> }).collect_view()}</ul>
                            })}
                            <details><summary>"DDL"</summary><pre>{t.sql.clone()}</pre></details>
                        </div>
                    }
                }).collect_view()}
            </div>
        }.into_any()
    };
    view! { <div class="schema-view">{switch}{body}</div> }
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
