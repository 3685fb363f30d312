//! The Retort playground page: the engine, compiled to wasm, over SQLite in the tab.
//!
//! Only this crate knows the DOM. The engine's [`Session`] holds the project and the
//! throwaway database; signals hold what the page shows (the revisions, the current
//! position, the last run's report, the schema). Every action goes through the session and
//! then refreshes the signals.

use include_dir::{Dir, include_dir};
use leptos::prelude::*;
use retort_engine::ProjectFiles;
use retort_engine::inspect::{Change, Snapshot, TableInfo};
use retort_engine::session::{Direction, RevisionItem, RunReport, Session};

/// The embedded example project, baked into the wasm at build time.
static EXAMPLE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../migrations");

/// Where the position is kept between visits.
const POSITION_KEY: &str = "retort.position";

fn example_project() -> ProjectFiles {
    fn walk(dir: &Dir<'static>, files: &mut ProjectFiles) {
        for file in dir.files() {
            if let Some(text) = file.contents_utf8() {
                files.insert(format!("migrations/{}", file.path().display()), text);
            }
        }
        for sub in dir.dirs() {
            walk(sub, files);
        }
    }
    let mut files = ProjectFiles::new();
    walk(&EXAMPLE, &mut files);
    files
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// What the page shows, refreshed from the session after every action.
#[derive(Clone, Default)]
struct View {
    revisions: Vec<RevisionItem>,
    current: Vec<String>,
    schema: Snapshot,
    master: String,
    history: String,
}

fn read_view(s: &Session) -> View {
    let master =
        s.db.schema()
            .map(|objs| {
                objs.iter()
                    .map(|o| {
                        format!(
                            "{} {} {}\n{}\n",
                            o.kind,
                            o.name,
                            o.table,
                            o.sql.as_deref().unwrap_or("NULL")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default();
    View {
        revisions: s.revisions(),
        current: s.current(),
        schema: s.snapshot(),
        master,
        history: s.history().unwrap_or_else(|e| e),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Steps,
    Schema,
    Data,
    Offline,
    History,
}

#[component]
fn App() -> impl IntoView {
    let opened = Session::open(example_project());
    let session = match opened {
        Ok(s) => StoredValue::new_local(s),
        Err(e) => {
            return view! {
                <Header sqlite=String::new() />
                <main><p id="error" class="error">"The example project could not be loaded: " {e}</p></main>
            }
            .into_any();
        }
    };
    let sqlite = session.with_value(|s| s.db.sqlite_version().unwrap_or_default());
    let notes = session.with_value(|s| s.notes.clone());

    let (view_state, set_view) = signal(session.with_value(read_view));
    let (report, set_report) = signal(None::<RunReport>);
    let (tab, set_tab) = signal(Tab::Steps);
    let (preview, set_preview) = signal(None::<(String, Vec<String>)>);
    let (busy_ms, set_busy_ms) = signal(None::<f64>);

    let save_position = move |current: &[String]| {
        if let Some(st) = storage() {
            let _ = st.set_item(POSITION_KEY, &current.join(" "));
        }
    };

    let run = move |direction: Direction, target: String| {
        let t0 = window().performance().map(|p| p.now());
        let r = session.with_value(|s| s.run(direction, &target));
        let v = session.with_value(read_view);
        if let (Some(t0), Some(p)) = (t0, window().performance()) {
            set_busy_ms.set(Some(p.now() - t0));
        }
        save_position(&v.current);
        set_view.set(v);
        set_report.set(Some(r));
        set_tab.set(Tab::Steps);
    };

    // Back to where the last visit left off: the same revisions, run again.
    if let Some(saved) = storage().and_then(|st| st.get_item(POSITION_KEY).ok().flatten()) {
        for rev in saved.split_whitespace() {
            let _ = session.with_value(|s| s.run(Direction::Upgrade, rev));
        }
        set_view.set(session.with_value(read_view));
    }

    // Click on a revision: go there, up or down.
    let go_to = move |rev: String| {
        let up = session.with_value(|s| s.plan(Direction::Upgrade, &rev));
        match up {
            Ok(p) if !p.is_empty() => run(Direction::Upgrade, rev),
            _ => run(Direction::Downgrade, rev),
        }
    };
    let plan_for = move |rev: &str| -> Vec<String> {
        session.with_value(|s| match s.plan(Direction::Upgrade, rev) {
            Ok(p) if !p.is_empty() => p,
            _ => s
                .plan(Direction::Downgrade, rev)
                .unwrap_or_else(|e| vec![e]),
        })
    };

    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let target_is_input = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA"));
        if target_is_input || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        match ev.key().as_str() {
            "ArrowUp" | "k" => run(Direction::Upgrade, "+1".into()),
            "ArrowDown" | "j" => run(Direction::Downgrade, "-1".into()),
            "End" => run(Direction::Upgrade, "heads".into()),
            "Home" => run(Direction::Downgrade, "base".into()),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || handle.remove());

    let current_label = move || {
        let v = view_state.get();
        if v.current.is_empty() {
            "base (empty database)".to_owned()
        } else {
            v.current.join(", ")
        }
    };

    view! {
        <Header sqlite=sqlite />
        <div class="toolbar" role="toolbar" aria-label="Migration steps">
            <button id="to-base" title="downgrade base (Home)" on:click=move |_| run(Direction::Downgrade, "base".into())>"⤓ base"</button>
            <button id="down" title="downgrade -1 (↓ or j)" on:click=move |_| run(Direction::Downgrade, "-1".into())>"↓ downgrade -1"</button>
            <button id="up" title="upgrade +1 (↑ or k)" on:click=move |_| run(Direction::Upgrade, "+1".into())>"↑ upgrade +1"</button>
            <button id="to-head" title="upgrade heads (End)" on:click=move |_| run(Direction::Upgrade, "heads".into())>"⤒ head"</button>
            <span class="position">"current: " <code id="current">{current_label}</code></span>
            <span class="timing">{move || busy_ms.get().map(|ms| format!("last action {ms:.0} ms"))}</span>
            <button id="reset" class="quiet" title="forget the saved position and start from an empty database"
                on:click=move |_| {
                    if let Some(st) = storage() { let _ = st.remove_item(POSITION_KEY); }
                    run(Direction::Downgrade, "base".into());
                    set_report.set(None);
                }>"Reset"</button>
        </div>
        {(!notes.is_empty()).then(|| view! { <ul class="notes">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul> })}
        <div class="layout">
            <nav class="revisions" aria-label="Revisions">
                <h2>"Revisions " <span class="muted">"(newest first)"</span></h2>
                <ol id="revision-list">
                    {move || {
                        let v = view_state.get();
                        let applied = applied_set(&v);
                        v.revisions.into_iter().map(|r| {
                            let rev = r.revision.clone();
                            let rev_hover = rev.clone();
                            let is_current = v.current.contains(&r.revision);
                            let is_applied = applied.contains(&r.revision);
                            let file = r.path.rsplit('/').next().unwrap_or(&r.path).to_owned();
                            view! {
                                <li class:current=is_current class:applied=is_applied data-rev=r.revision.clone()>
                                    <button class="rev" title=format!("{file}\nclick: go to this revision")
                                        on:click=move |_| go_to(rev.clone())
                                        on:mouseenter=move |_| set_preview.set(Some((rev_hover.clone(), plan_for(&rev_hover))))
                                        on:mouseleave=move |_| set_preview.set(None)>
                                        <code class="id">{r.revision.clone()}</code>
                                        {r.is_head.then(|| view! { <span class="badge head">"head"</span> })}
                                        {r.is_merge.then(|| view! { <span class="badge">"merge"</span> })}
                                        {r.is_branch_point.then(|| view! { <span class="badge">"branchpoint"</span> })}
                                        {is_current.then(|| view! { <span class="badge current">"current"</span> })}
                                        <span class="doc">{r.doc.clone()}</span>
                                    </button>
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
            <section class="panel">
                <div class="tabs" role="tablist">
                    <TabButton id="tab-steps" label="Last step" me=Tab::Steps tab=tab set_tab=set_tab />
                    <TabButton id="tab-schema" label="Schema" me=Tab::Schema tab=tab set_tab=set_tab />
                    <TabButton id="tab-data" label="Data" me=Tab::Data tab=tab set_tab=set_tab />
                    <TabButton id="tab-offline" label="Offline SQL" me=Tab::Offline tab=tab set_tab=set_tab />
                    <TabButton id="tab-history" label="History" me=Tab::History tab=tab set_tab=set_tab />
                </div>
                {move || match tab.get() {
                    Tab::Steps => view! { <Steps report=report /> }.into_any(),
                    Tab::Schema => view! { <SchemaView view_state=view_state report=report /> }.into_any(),
                    Tab::Data => view! { <DataView session=session view_state=view_state /> }.into_any(),
                    Tab::Offline => view! { <OfflineView session=session /> }.into_any(),
                    Tab::History => view! { <pre id="history">{move || view_state.get().history}</pre> }.into_any(),
                }}
                <details class="master">
                    <summary>{"sqlite_master"}</summary>
                    <pre id="sqlite-master">{move || view_state.get().master}</pre>
                </details>
            </section>
        </div>
    }
    .into_any()
}

/// Revisions at or below the current ones (those whose upgrade has run).
fn applied_set(v: &View) -> std::collections::HashSet<String> {
    let by_id: std::collections::HashMap<&str, &RevisionItem> = v
        .revisions
        .iter()
        .map(|r| (r.revision.as_str(), r))
        .collect();
    let mut out = std::collections::HashSet::new();
    let mut stack: Vec<&str> = v.current.iter().map(String::as_str).collect();
    while let Some(id) = stack.pop() {
        if out.insert(id.to_owned())
            && let Some(r) = by_id.get(id)
        {
            stack.extend(r.down_revision.iter().map(String::as_str));
        }
    }
    out
}

#[component]
fn Header(sqlite: String) -> impl IntoView {
    view! {
        <header>
            <h1>"Retort"</h1>
            <p class="tagline">"Alembic migrations, run in your browser on a throwaway SQLite. Nothing leaves the tab."</p>
            <p class="version">"engine " {retort_engine::VERSION} " · SQLite " <code id="sqlite-version">{sqlite}</code></p>
        </header>
    }
}

#[component]
fn TabButton(
    id: &'static str,
    label: &'static str,
    me: Tab,
    tab: ReadSignal<Tab>,
    set_tab: WriteSignal<Tab>,
) -> impl IntoView {
    view! {
        <button id=id role="tab" class="tab" class:active=move || tab.get() == me
            aria-selected=move || (tab.get() == me).to_string()
            on:click=move |_| set_tab.set(me)>{label}</button>
    }
}

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

#[component]
fn Steps(report: ReadSignal<Option<RunReport>>) -> impl IntoView {
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
                {r.steps.into_iter().map(|s| view! {
                    <article class="step">
                        <h3><code>{s.description}</code></h3>
                        <ul class="changes">
                            {s.changes.iter().map(|c| view! { <li class=change_class(c)>{c.to_string()}</li> }).collect_view()}
                        </ul>
                        <pre class="sql">{s.statements.iter().map(|st| {
                            let mut t = format!("{};", st.sql);
                            match st.params.len() {
                                0 => {}
                                1 => t.push_str(&format!("\n-- parameters: {:?}", st.params[0])),
                                n => t.push_str(&format!("\n-- {n} parameter sets, first: {:?}", st.params[0])),
                            }
                            t
                        }).collect::<Vec<_>>().join("\n\n")}</pre>
                        {(!s.output.is_empty()).then(|| view! { <p class="muted">"printed:"</p><pre class="output">{s.output.clone()}</pre> })}
                        {s.warnings.iter().map(|w| view! { <p class="warning">{w.clone()}</p> }).collect_view()}
                    </article>
                }).collect_view()}
                {r.failure.map(|f| match f.description {
                    Some(d) => view! {
                        <article class="step failed" id="failure">
                            <h3>"Failed: " <code>{d}</code></h3>
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

#[component]
fn SchemaView(
    view_state: ReadSignal<View>,
    report: ReadSignal<Option<RunReport>>,
) -> impl IntoView {
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
    move || {
        let v = view_state.get();
        if v.schema.tables.is_empty() {
            return view! { <p class="muted" id="schema">"No tables yet."</p> }.into_any();
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
    }
}

#[component]
fn DataView(
    session: StoredValue<Session, LocalStorage>,
    view_state: ReadSignal<View>,
) -> impl IntoView {
    let (table, set_table) = signal(None::<String>);
    let (sql, set_sql) = signal(String::new());
    let (result, set_result) = signal(None::<Result<(Vec<String>, Vec<Vec<String>>), String>>);
    let show = move |t: String| {
        set_result.set(Some(session.with_value(|s| s.rows(&t, 100, 0))));
        set_table.set(Some(t));
    };
    view! {
        <div id="data">
            <p class="table-picks">
                {move || view_state.get().schema.tables.into_iter().map(|t| {
                    let name = t.name.clone();
                    view! { <button class="pick" class:active=move || table.get().as_deref() == Some(name.as_str())
                        on:click={let n = t.name.clone(); move |_| show(n.clone())}>{format!("{} ({})", t.name, t.rows)}</button> }
                }).collect_view()}
            </p>
            <form on:submit=move |ev| {
                ev.prevent_default();
                set_table.set(None);
                set_result.set(Some(session.with_value(|s| s.query(&sql.get_untracked()))));
            }>
                <input id="query" type="text" placeholder="SELECT … (read-only)" prop:value=sql
                    on:input=move |ev| set_sql.set(event_target_value(&ev)) />
                <button type="submit">"Run query"</button>
            </form>
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
fn OfflineView(session: StoredValue<Session, LocalStorage>) -> impl IntoView {
    let (range, set_range) = signal("base:heads".to_owned());
    let script = move || {
        let r = range.get();
        session.with_value(|s| s.offline_sql(Direction::Upgrade, &r))
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

fn main() {
    leptos::mount::mount_to_body(App);
}
