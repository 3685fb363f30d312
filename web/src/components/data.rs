//! The Data tab: a table's rows, a page at a time; seed rows (kept in the journal, so they are
//! replayed and shared); and read-only queries.

use leptos::prelude::*;

use super::escape_html;
use crate::model::Page;

#[component]
pub fn DataView(page: Page) -> impl IntoView {
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
                Ok((cols, rows)) => view! { <div class="rows" inner_html=rows_html(&cols, &rows)></div> }.into_any(),
            })}
        </div>
    }
}

/// A page of rows as an HTML table (text: a view per cell cost the page's size budget more).
fn rows_html(cols: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::from(r#"<table id="rows"><thead><tr>"#);
    for c in cols {
        out.push_str("<th>");
        escape_html(&mut out, c);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for r in rows {
        out.push_str("<tr>");
        for v in r {
            out.push_str("<td><code>");
            escape_html(&mut out, v);
            out.push_str("</code></td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}
