//! The Retort playground page: the engine, compiled to wasm, over SQLite in the tab.
//!
//! Only this crate knows the DOM. `model` holds the engine's session and the signals the page
//! shows; the views below read the signals and call the model; `storage` is all the page
//! keeps in localStorage; `journal` is the typed record of what was done.

mod dropped;
mod journal;
mod model;
mod storage;

use leptos::prelude::*;
use retort_engine::inspect::{Change, TableInfo};
use retort_engine::session::{Direction, GraphRow, graph_layout};

use model::{Page, Tab, now_ms};

#[component]
fn App() -> impl IntoView {
    let page = match Page::open() {
        Ok(page) => page,
        Err(e) => {
            return view! {
                <Header sqlite=String::new() />
                <main><p id="error" class="error">"The example project could not be loaded: " {e}</p></main>
            }
            .into_any();
        }
    };
    open_pasted_links();
    view! {
        <Header sqlite=page.sqlite_version() />
        <Toolbar page=page />
        <Notes notes=page.notes() />
        <LoadMessages page=page />
        <RestoreBanner page=page />
        <ShareBanner page=page />
        <div class="layout" on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=drop_project(page)>
            <Revisions page=page />
            <Panel page=page />
        </div>
    }
    .into_any()
}

#[component]
fn Header(sqlite: String) -> impl IntoView {
    view! {
        <header>
            <h1>"Retort"</h1>
            <p class="tagline">"Alembic migrations, run in your browser on a throwaway SQLite. Nothing leaves the tab."</p>
            <p class="version">"engine " {retort_engine::VERSION} " · SQLite " <code id="sqlite-version">{sqlite}</code>
                // Filled in by index.html's script once the service worker has kept a copy.
                <span id="offline-status"></span></p>
        </header>
    }
}

#[component]
fn Toolbar(page: Page) -> impl IntoView {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let target_is_input = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA"));
        if target_is_input || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        match ev.key().as_str() {
            "ArrowUp" | "k" => page.run(Direction::Upgrade, "+1".into()),
            "ArrowDown" | "j" => page.run(Direction::Downgrade, "-1".into()),
            "End" => page.run(Direction::Upgrade, "heads".into()),
            "Home" => page.run(Direction::Downgrade, "base".into()),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || handle.remove());
    let shown = page.shown();
    let busy_ms = page.busy_ms();
    view! {
        <div class="toolbar" role="toolbar" aria-label="Migration steps">
            <button id="to-base" title="downgrade base (Home)" on:click=move |_| page.run(Direction::Downgrade, "base".into())>"⤓ base"</button>
            <button id="down" title="downgrade -1 (↓ or j)" on:click=move |_| page.run(Direction::Downgrade, "-1".into())>"↓ downgrade -1"</button>
            <button id="up" title="upgrade +1 (↑ or k)" on:click=move |_| page.run(Direction::Upgrade, "+1".into())>"↑ upgrade +1"</button>
            <button id="to-head" title="upgrade heads (End)" on:click=move |_| page.run(Direction::Upgrade, "heads".into())>"⤒ head"</button>
            <span class="position">"current: " <code id="current">{move || shown.with(|v| v.current_label())}</code></span>
            <span class="timing">{move || busy_ms.get().map(|ms| format!("last action {ms:.0} ms"))}</span>
            <button id="share" title="a link that opens these revisions at this position; nothing is uploaded" on:click=move |_| page.make_share_link()>"Share"</button>
            <button id="reset" class="quiet" title="back to the embedded example, on an empty database"
                on:click=move |_| page.reset()>"Reset"</button>
        </div>
    }
}

/// The drop handler of the page's layout: a folder, files or a `.zip` become the project.
fn drop_project(page: Page) -> impl Fn(leptos::ev::DragEvent) + Copy + 'static {
    move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        let Some(dt) = ev.data_transfer() else { return };
        let read = dropped::read_drop(&dt);
        leptos::task::spawn_local(async move { page.load_dropped(read.await) });
    }
}

/// The notes the project's env.py left when the page opened.
#[component]
fn Notes(notes: Vec<String>) -> impl IntoView {
    (!notes.is_empty()).then(|| view! { <ul class="notes">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul> })
}

/// Why the last load failed, and what the last drop read.
#[component]
fn LoadMessages(page: Page) -> impl IntoView {
    let load_error = page.load_error();
    let load_note = page.load_note();
    view! {
        {move || load_error.get().map(|e| view! { <pre id="load-error" class="error banner">{e}</pre> })}
        {move || load_note.get().map(|n| view! { <p id="load-note" class="note">{n}</p> })}
    }
}

/// A share link pasted into this tab's address bar opens as a fresh visit would.
fn open_pasted_links() {
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        if window()
            .location()
            .hash()
            .unwrap_or_default()
            .starts_with("#s=")
        {
            let _ = window().location().reload();
        }
    });
    on_cleanup(move || handle.remove());
}

/// Offers back the project this browser kept before a link replaced it.
#[component]
fn RestoreBanner(page: Page) -> impl IntoView {
    let set_aside = page.set_aside();
    move || {
        set_aside.get().then(|| view! {
            <p id="restore-banner" class="note">
                "Opened from a link. The project this browser kept before it is set aside: "
                <button id="restore" on:click=move |_| page.restore_set_aside()>"Restore it"</button>" "
                <button id="forget-backup" class="quiet" on:click=move |_| page.forget_set_aside()>"Discard it"</button>
            </p>
        })
    }
}

/// The link the Share button made, selectable; or the file to download instead.
#[component]
fn ShareBanner(page: Page) -> impl IntoView {
    let share = page.share();
    move || {
        share.get().map(|link| {
            let too_big = link.len() > retort_engine::share::MAX_FRAGMENT + 200;
            let fragment = link.split_once('#').map(|(_, f)| f.to_owned()).unwrap_or_default();
            view! {
                <div class="share banner">
                    {if too_big {
                        view! {
                            <p>{format!("This project is too big for a link ({} KB). Download it as a file; the page loads it when dropped or picked.", link.len() / 1024)}</p>
                            <a id="share-file" download="project.retort" href=format!("data:text/plain;charset=utf-8,{}", js_sys::encode_uri_component(&fragment))>"Download project.retort"</a>
                        }.into_any()
                    } else {
                        view! {
                            <p>"Link copied. It carries the files and the position in its fragment (after #), which browsers never send to a server."</p>
                            <input id="share-link" type="text" readonly prop:value=link.clone() on:focus=move |ev| {
                                let el: web_sys::HtmlInputElement = event_target(&ev);
                                el.select();
                            } />
                        }.into_any()
                    }}
                    <button class="quiet" on:click=move |_| page.close_share()>"Close"</button>
                </div>
            }
        })
    }
}

#[component]
fn Revisions(page: Page) -> impl IntoView {
    let shown = page.shown();
    let (preview, set_preview) = signal(None::<(String, Vec<String>)>);
    view! {
        <nav class="revisions" aria-label="Revisions">
            <h2>"Revisions " <span class="muted">"(newest first)"</span></h2>
            <ol id="revision-list">
                {move || {
                    let v = shown.get();
                    let applied = v.applied();
                    let layout = graph_layout(&v.revisions);
                    let lanes = layout.iter().map(|g| g.width).max().unwrap_or(1);
                    v.revisions.into_iter().zip(layout).map(|(r, g)| {
                        let rev = r.revision.clone();
                        let rev_hover = rev.clone();
                        let is_current = v.current.contains(&r.revision);
                        let is_applied = applied.contains(&r.revision);
                        let file = r.path.rsplit('/').next().unwrap_or(&r.path).to_owned();
                        let lane = g.lane.to_string();
                        let rev_stamp = rev.clone();
                        view! {
                            <li class:current=is_current class:applied=is_applied data-rev=r.revision.clone() data-lane=lane>
                                <GraphCell row=g lanes=lanes applied=is_applied current=is_current />
                                <button class="rev" title=format!("{file}\nclick: go to this revision")
                                    on:click=move |_| page.go_to(rev.clone())
                                    on:mouseenter=move |_| set_preview.set(Some((rev_hover.clone(), page.session.plan_to(&rev_hover))))
                                    on:mouseleave=move |_| set_preview.set(None)>
                                    <code class="id">{r.revision.clone()}</code>
                                    {r.is_head.then(|| view! { <span class="badge head">"head"</span> })}
                                    {r.is_merge.then(|| view! { <span class="badge">"merge"</span> })}
                                    {r.is_branch_point.then(|| view! { <span class="badge">"branchpoint"</span> })}
                                    {r.branch_labels.iter().map(|l| view! { <span class="badge label">{format!("@{l}")}</span> }).collect_view()}
                                    {is_current.then(|| view! { <span class="badge current">"current"</span> })}
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
            <p class="keys muted">"Keys: ↑/k upgrade +1 · ↓/j downgrade -1 · End head · Home base"</p>
        </nav>
    }
}

/// Pixel geometry of the drawn graph: lane pitch, row height, the node's height in its row.
const LANE_W: usize = 14;
const ROW_H: usize = 52;
const NODE_Y: usize = 17;

/// The graph's slice for one revision row: lines from the row above to the node and from the
/// node to the row below, and the node itself (filled when applied, ringed when current).
#[component]
fn GraphCell(row: GraphRow, lanes: usize, applied: bool, current: bool) -> impl IntoView {
    let x = |lane: usize| lane * LANE_W + LANE_W / 2 + 2;
    let width = lanes * LANE_W + 4;
    let lines = row
        .top
        .iter()
        .map(|&(a, b)| (x(a), 0, x(b), NODE_Y))
        .chain(row.bottom.iter().map(|&(a, b)| (x(a), NODE_Y, x(b), ROW_H)))
        .map(|(x1, y1, x2, y2)| view! { <line x1=x1 y1=y1 x2=x2 y2=y2 /> })
        .collect_view();
    let class = if current {
        "node current"
    } else if applied {
        "node applied"
    } else {
        "node"
    };
    view! {
        <svg class="graph" width=width height=ROW_H viewBox=format!("0 0 {width} {ROW_H}") aria-hidden="true">
        {lines}
        <circle class=class cx=x(row.lane) cy=NODE_Y r="5" />
        </svg>
    }
}

#[component]
fn Panel(page: Page) -> impl IntoView {
    let tab = page.tab();
    let shown = page.shown();
    view! {
        <section class="panel">
            <div class="tabs" role="tablist">
                <TabButton id="tab-steps" label="Last step" me=Tab::Steps page=page />
                <TabButton id="tab-schema" label="Schema" me=Tab::Schema page=page />
                <TabButton id="tab-data" label="Data" me=Tab::Data page=page />
                <TabButton id="tab-offline" label="Offline SQL" me=Tab::Offline page=page />
                <TabButton id="tab-history" label="History" me=Tab::History page=page />
                <TabButton id="tab-files" label="Files" me=Tab::Files page=page />
                <TabButton id="tab-verify" label="Verify" me=Tab::Verify page=page />
            </div>
            {move || match tab.get() {
                Tab::Steps => view! { <Steps page=page /> }.into_any(),
                Tab::Schema => view! { <SchemaView page=page /> }.into_any(),
                Tab::Data => view! { <DataView page=page /> }.into_any(),
                Tab::Offline => view! { <OfflineView page=page /> }.into_any(),
                Tab::History => view! { <HistoryView page=page /> }.into_any(),
                Tab::Files => view! { <FilesView page=page /> }.into_any(),
                Tab::Verify => view! { <VerifyView page=page /> }.into_any(),
            }}
            <details class="master">
                <summary>{"sqlite_master"}</summary>
                <pre id="sqlite-master">{move || shown.with(|v| v.master.clone())}</pre>
            </details>
        </section>
    }
}

#[component]
fn TabButton(id: &'static str, label: &'static str, me: Tab, page: Page) -> impl IntoView {
    let tab = page.tab();
    view! {
        <button id=id role="tab" class="tab" class:active=move || tab.get() == me
            aria-selected=move || (tab.get() == me).to_string()
            on:click=move |_| page.select_tab(me)>{label}</button>
    }
}

/// The last run's steps (before any run: how to start).
#[component]
fn Steps(page: Page) -> impl IntoView {
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
            Some(r) => view! {
                <div id="steps">
                    {(r.steps.is_empty() && r.failure.is_none()).then(|| view! { <p class="muted">"Nothing to do: already there."</p> })}
                    // A failure after many steps sits far below: say it first, with a link to it.
                    {r.failure.as_ref().map(|f| {
                        let ran = r.steps.len();
                        let text = match &f.description {
                            Some(d) if ran > 0 => format!("{ran} step{} ran, then {d} failed and was rolled back.", if ran == 1 { "" } else { "s" }),
                            Some(d) => format!("{d} failed and was rolled back."),
                            None => format!("Nothing ran: {}", f.message),
                        };
                        view! { <p id="failure-summary" class="error banner"><a href="#failure">{text}</a></p> }
                    })}
                    {r.steps.into_iter().map(|s| view! {
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
            }.into_any(),
        }
    }
}

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

#[component]
fn SchemaView(page: Page) -> impl IntoView {
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

#[component]
fn DataView(page: Page) -> impl IntoView {
    let shown = page.shown();
    let (seed_sql, set_seed_sql) = signal(String::new());
    let (seed_result, set_seed_result) = signal(None::<Result<usize, String>>);
    const PAGE: usize = 50;
    let (table, set_table) = signal(None::<String>);
    let (offset, set_offset) = signal(0usize);
    let (sql, set_sql) = signal(String::new());
    let (result, set_result) = signal(None::<Result<(Vec<String>, Vec<Vec<String>>), String>>);
    let show_page = move |t: String, off: usize| {
        set_result.set(Some(page.session.with(|s| s.rows(&t, PAGE, off))));
        set_offset.set(off);
        set_table.set(Some(t));
    };
    let show = move |t: String| show_page(t, 0);
    let total = move || {
        let t = table.get()?;
        shown.get().schema.table(&t).map(|i| i.rows as usize)
    };
    view! {
        <div id="data">
            <p class="table-picks">
                {move || shown.get().schema.tables.into_iter().map(|t| {
                    let name = t.name.clone();
                    view! { <button class="pick" class:active=move || table.get().as_deref() == Some(name.as_str())
                        on:click={let n = t.name.clone(); move |_| show(n.clone())}>{format!("{} ({})", t.name, t.rows)}</button> }
                }).collect_view()}
            </p>
            <form id="seed-form" on:submit=move |ev| {
                ev.prevent_default();
                let r = page.seed(seed_sql.get_untracked());
                if r.is_ok()
                    && let Some(t) = table.get_untracked()
                {
                    show_page(t, offset.get_untracked());
                }
                set_seed_result.set(Some(r));
            }>
                <input id="seed" type="text" placeholder="INSERT / UPDATE / DELETE … (seed rows; kept, shared, replayed)" prop:value=seed_sql
                    on:input=move |ev| set_seed_sql.set(event_target_value(&ev)) />
                <button type="submit">"Change rows"</button>
            </form>
            {move || seed_result.get().map(|r| match r {
                Ok(n) => view! { <p id="seed-result" class="small">{format!("{n} row{} changed", if n == 1 { "" } else { "s" })}</p> }.into_any(),
                Err(e) => view! { <pre id="seed-result" class="error">{e}</pre> }.into_any(),
            })}
            <form id="query-form" on:submit=move |ev| {
                ev.prevent_default();
                set_table.set(None);
                set_result.set(Some(page.session.with(|s| s.query(&sql.get_untracked()))));
            }>
                <input id="query" type="text" placeholder="SELECT … (read-only)" prop:value=sql
                    on:input=move |ev| set_sql.set(event_target_value(&ev)) />
                <button type="submit">"Run query"</button>
            </form>
            {move || total().filter(|n| *n > PAGE).map(|n| {
                let off = offset.get();
                let (at_start, at_end) = (off == 0, off + PAGE >= n);
                let label = format!(" rows {}–{} of {n} ", off + 1, (off + PAGE).min(n));
                view! {
                    <p class="pager">
                        <button id="rows-prev" disabled=at_start
                            on:click=move |_| { if let Some(t) = table.get_untracked() { show_page(t, off.saturating_sub(PAGE)) } }>"← previous"</button>
                        <span>{label}</span>
                        <button id="rows-next" disabled=at_end
                            on:click=move |_| { if let Some(t) = table.get_untracked() { show_page(t, off + PAGE) } }>"next →"</button>
                    </p>
                }
            })}
            {move || result.get().map(|r| match r {
                Err(e) => view! { <pre class="error">{e}</pre> }.into_any(),
                Ok((cols, rows)) => view! {
                    <div class="rows">
                        <table id="rows">
                            <thead><tr>{cols.into_iter().map(|c| view! { <th>{c}</th> }).collect_view()}</tr></thead>
                            <tbody>{rows.into_iter().map(|r| view! { <tr>{r.into_iter().map(|v| view! { <td><code>{v}</code></td> }).collect_view()}</tr> }).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any(),
            })}
        </div>
    }
}

#[component]
fn OfflineView(page: Page) -> impl IntoView {
    let (range, set_range) = signal("base:heads".to_owned());
    let script = move || {
        let r = range.get();
        page.session.with(|s| s.offline_sql(Direction::Upgrade, &r))
    };
    view! {
        <div id="offline">
            <label>"upgrade " <input id="offline-range" type="text" prop:value=range on:change=move |ev| set_range.set(event_target_value(&ev)) /> " --sql"</label>
            {move || match script() {
                Ok(s) => view! { <pre id="offline-sql">{s}</pre> }.into_any(),
                Err(e) => view! { <pre class="error">{e}</pre> }.into_any(),
            }}
            <p class="muted small">"What " <code>"alembic upgrade --sql"</code> " prints; batch steps render too (Alembic cannot reflect offline; Retort replays the script's own DDL)."</p>
        </div>
    }
}

#[component]
fn HistoryView(page: Page) -> impl IntoView {
    let shown = page.shown();
    view! { <pre id="history">{move || shown.with(|v| v.history.clone())}</pre> }
}

#[component]
fn FilesView(page: Page) -> impl IntoView {
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
    let create = move |heads: Vec<String>, msg: String| match page.new_revision(&msg, heads) {
        Err(e) => set_new_error.set(Some(e)),
        Ok((path, text)) => {
            set_new_error.set(None);
            set_text.set(text);
            set_selected.set(Some(path));
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(list) = input.files() else { return };
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
                <label class="pick-folder">"files" <input id="pick-files" type="file" multiple accept=".py,.ini,.mako,.zip" on:change=on_pick /></label>
                ". Files are read in this tab only."</p>
            <form class="new-revision" on:submit=move |ev| {
                ev.prevent_default();
                create(vec!["head".into()], message.get_untracked());
            }>
                <input id="new-revision-message" type="text" placeholder="message, as in alembic revision -m" prop:value=message
                    on:input=move |ev| set_message.set(event_target_value(&ev)) />
                <button id="new-revision" type="submit">"New revision"</button>
            </form>
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

fn severity_class(s: retort_engine::verify::Severity) -> &'static str {
    match s {
        retort_engine::verify::Severity::Error => "finding error",
        retort_engine::verify::Severity::Warning => "finding warning",
        retort_engine::verify::Severity::Info => "finding info",
    }
}

/// `retort verify` in the page: the same checks, on a throwaway database.
#[component]
fn VerifyView(page: Page) -> impl IntoView {
    let (report, set_report) = signal(None::<retort_engine::verify::Report>);
    let (here, set_here) = signal(false);
    let (took, set_took) = signal(None::<f64>);
    let verify = move |_| {
        let t0 = now_ms();
        let r = page.session.with(|s| s.verify(here.get_untracked()));
        if let (Some(t0), Some(t1)) = (t0, now_ms()) {
            set_took.set(Some(t1 - t0));
        }
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

/// Appends `s` to `out` as HTML text (also fit for a quoted attribute value).
fn escape_html(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// The class of a schema change: added, removed or changed.
fn change_class(c: &Change) -> &'static str {
    match c {
        Change::TableCreated { .. }
        | Change::ColumnAdded { .. }
        | Change::IndexCreated { .. }
        | Change::ObjectCreated { .. } => "added",
        Change::TableDropped { .. }
        | Change::ColumnDropped { .. }
        | Change::IndexDropped { .. }
        | Change::ObjectDropped { .. } => "removed",
        _ => "changed",
    }
}

fn main() {
    leptos::mount::mount_to_body(App);
}
