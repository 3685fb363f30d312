//! The revisions, newest first, with the graph drawn in lanes beside them (as `git log
//! --graph` draws it): click one to go there, hover to preview the plan, or stamp it.

use leptos::prelude::*;
use retort_engine::session::{Direction, GraphRow, graph_layout};

use crate::model::Page;

#[component]
pub fn Revisions(page: Page) -> impl IntoView {
    let shown = page.shown();
    let revisions = Memo::new(move |_| shown.with(|v| v.revisions.clone()));
    // The rows are drawn again only when the revisions change; a step changes the marks
    // (applied, current) of the rows already drawn (redrawing a thousand rows after every
    // step held the page for a tenth of a second each time).
    let list = NodeRef::<leptos::html::Ol>::new();
    Effect::new(move |_| {
        revisions.track();
        let (applied, current) = shown.with(|v| (v.applied(), v.current.clone()));
        let Some(list) = list.get() else { return };
        let rows = list.children();
        for li in (0..rows.length()).filter_map(|i| rows.item(i)) {
            let rev = li.get_attribute("data-rev").unwrap_or_default();
            let (row, node) = marks(applied.contains(&rev), current.contains(&rev));
            // A pull request's revision, when the page reviews one.
            let row = if page.is_new(&rev) {
                format!("{row} new")
            } else {
                row.to_owned()
            };
            if li.class_name() != row {
                li.set_class_name(&row);
                if let Ok(Some(c)) = li.query_selector("circle") {
                    let _ = c.set_attribute("class", node);
                }
            }
        }
    });
    let (preview, set_preview) = signal(None::<(String, Vec<String>)>);
    view! {
        <nav class="revisions" id="revisions" tabindex="0" aria-label="Revisions; with it focused, arrow keys step, Home and End go to base and head">
            <h2>"Revisions " <span class="muted">"(newest first)"</span></h2>
            <ol id="revision-list" node_ref=list>
                {move || {
                    let revisions = revisions.get();
                    let (applied, current) = shown.with_untracked(|v| (v.applied(), v.current.clone()));
                    let layout = graph_layout(&revisions);
                    let lanes = layout.iter().map(|g| g.width).max().unwrap_or(1);
                    revisions.into_iter().zip(layout).map(|(r, g)| {
                        let rev = r.revision.clone();
                        let rev_hover = rev.clone();
                        let (row, node) = marks(applied.contains(&rev), current.contains(&rev));
                        let file = r.path.rsplit('/').next().unwrap_or(&r.path).to_owned();
                        let lane = g.lane.to_string();
                        let rev_stamp = rev.clone();
                        view! {
                            <li class=row data-rev=r.revision.clone() data-lane=lane>
                                <GraphCell row=g lanes=lanes node=node />
                                <button class="rev" title=format!("{file}\nclick: go to this revision")
                                    on:click=move |_| page.go_to(rev.clone())
                                    on:mouseenter=move |_| set_preview.set(Some((rev_hover.clone(), page.session.plan_to(&rev_hover))))
                                    on:mouseleave=move |_| set_preview.set(None)>
                                    <code class="id">{r.revision.clone()}</code>
                                    {r.is_head.then(|| view! { <span class="badge head">"head"</span> })}
                                    {r.is_merge.then(|| view! { <span class="badge">"merge"</span> })}
                                    {r.is_branch_point.then(|| view! { <span class="badge">"branchpoint"</span> })}
                                    {r.branch_labels.iter().map(|l| view! { <span class="badge label">{format!("@{l}")}</span> }).collect_view()}
                                    <span class="badge current">"current"</span>
                                    <span class="doc">{r.doc.clone()}</span>
                                </button>
                                <button class="stamp quiet" title="stamp: record this revision in alembic_version without running anything"
                                    on:click=move |_| page.run(Direction::Stamp, rev_stamp.clone())>"stamp"</button>
                            </li>
                        }
                    }).collect_view()
                }}
            </ol>
            <div id="plan-preview" class="preview">
                {move || preview.get().map(|(rev, plan)| view! {
                    <p>"Going to " <code>{rev}</code> " runs:"</p>
                    {if plan.is_empty() {
                        view! { <p class="muted">"nothing (already there)"</p> }.into_any()
                    } else {
                        view! { <ol>{plan.into_iter().map(|p| view! { <li><code>{p}</code></li> }).collect_view()}</ol> }.into_any()
                    }}
                })}
            </div>
            <p class="keys muted">"Keys, with this list focused (click it or Tab to it): ↑/k upgrade +1 · ↓/j downgrade -1 · End head · Home base"</p>
        </nav>
    }
}

/// The classes of a revision's row and of its node in the graph.
fn marks(applied: bool, current: bool) -> (&'static str, &'static str) {
    match (current, applied) {
        (true, _) => ("current applied", "node current"),
        (false, true) => ("applied", "node applied"),
        _ => ("", "node"),
    }
}

/// Pixel geometry of the drawn graph: lane pitch, row height, the node's height in its row.
const LANE_W: usize = 14;
const ROW_H: usize = 52;
const NODE_Y: usize = 17;

/// The graph's slice for one revision row: lines from the row above to the node and from the
/// node to the row below, and the node itself (`node`: its classes, [`marks`]).
#[component]
fn GraphCell(row: GraphRow, lanes: usize, node: &'static str) -> impl IntoView {
    let x = |lane: usize| lane * LANE_W + LANE_W / 2 + 2;
    let width = lanes * LANE_W + 4;
    let lines = row
        .top
        .iter()
        .map(|&(a, b)| (x(a), 0, x(b), NODE_Y))
        .chain(row.bottom.iter().map(|&(a, b)| (x(a), NODE_Y, x(b), ROW_H)))
        .map(|(x1, y1, x2, y2)| view! { <line x1=x1 y1=y1 x2=x2 y2=y2 /> })
        .collect_view();
    view! {
        <svg class="graph" width=width height=ROW_H viewBox=format!("0 0 {width} {ROW_H}") aria-hidden="true">
        {lines}
        <circle class=node cx=x(row.lane) cy=NODE_Y r="5" />
        </svg>
    }
}
