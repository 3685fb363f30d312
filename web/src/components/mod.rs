//! The page's views, one file each. They read the model's signals and call its methods
//! (`crate::model::Page`); what they keep themselves is only what one view shows.

mod data;
mod database;
mod files;
mod header;
mod history;
mod learn;
mod load;
mod offline;
mod panel;
mod review;
mod revisions;
mod schema;
mod share;
mod steps;
mod toolbar;
mod verify;

pub use database::DatabaseBanner;
pub use header::Header;
pub use learn::LearnPanel;
pub use load::{LoadMessages, Notes, drop_project};
pub use panel::Panel;
pub use review::ReviewPanel;
pub use revisions::Revisions;
pub use share::{RestoreBanner, ShareBanner, open_pasted_links};
pub use toolbar::Toolbar;

use retort_engine::inspect::Change;

/// The element an event happened on: the button a delegated click handler was given, the
/// element a key was pressed in.
fn event_element(ev: &web_sys::Event) -> Option<web_sys::Element> {
    wasm_bindgen::JsCast::dyn_into(ev.target()?).ok()
}

/// Appends `s` to `out` as HTML text (also fit for a quoted attribute value).
pub(crate) fn escape_html(out: &mut String, s: &str) {
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

/// Schema changes as HTML list items, each classed added, removed or changed.
fn changes_html(out: &mut String, changes: &[Change]) {
    for c in changes {
        out.push_str(r#"<li class=""#);
        out.push_str(change_class(c));
        out.push_str(r#"">"#);
        escape_html(out, &c.to_string());
        out.push_str("</li>");
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
