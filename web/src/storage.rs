//! Everything the page keeps in localStorage between visits, and the only code that touches
//! it: the project's files, the journal, the project a share link set aside, and whether the
//! schema tab shows tables or the diagram. Without localStorage, nothing is kept.

use retort_engine::ProjectFiles;
use wasm_bindgen::JsValue;

use crate::dropped::pairs_of;
use crate::journal::{self, Action};

/// Where the journal (what was done, in order: steps, stamps, seed rows) is kept between
/// visits; replaying it rebuilds the database.
const JOURNAL_KEY: &str = "retort.journal";
/// Where the project's files are kept between visits (absent: the embedded example).
const FILES_KEY: &str = "retort.files";
/// The project (files and journal) a share link replaced, kept until restored or replaced.
const BACKUP_FILES_KEY: &str = "retort.files.before-link";
const BACKUP_JOURNAL_KEY: &str = "retort.journal.before-link";
/// Set while the page opens what it kept (or a link); found at the next visit, that opening
/// never finished: the tab was closed, or the project stopped the page.
const OPENING_KEY: &str = "retort.opening";
/// The schema tab shows tables or their diagram.
const SCHEMA_VIEW_KEY: &str = "retort.schema-view";
/// Learn mode: the lesson shown and started, what was seen since, the lessons done.
const LEARN_KEY: &str = "retort.learn";

fn storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}

fn get(st: &web_sys::Storage, key: &str) -> Option<String> {
    st.get_item(key).ok().flatten()
}

/// A JSON array of the values (what localStorage keeps).
fn json_array(items: impl IntoIterator<Item = JsValue>) -> String {
    let arr: js_sys::Array = items.into_iter().collect();
    js_sys::JSON::stringify(&arr)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// `[[path, text], ...]`
fn files_json(files: &ProjectFiles) -> String {
    json_array(files.paths().map(|path| {
        let pair: js_sys::Array = [path, files.get(path).unwrap_or_default()]
            .into_iter()
            .map(JsValue::from_str)
            .collect();
        JsValue::from(pair)
    }))
}

/// `["upgrade X", "seed SQL", ...]`
fn journal_json(actions: &[Action]) -> String {
    json_array(
        journal::encode_lines(actions)
            .iter()
            .map(|l| JsValue::from_str(l)),
    )
}

/// The project kept here, if any (none: the page opens the example).
pub fn kept_files() -> Option<ProjectFiles> {
    let text = get(&storage()?, FILES_KEY)?;
    let v = js_sys::JSON::parse(&text).ok()?;
    let mut files = ProjectFiles::new();
    for (p, t) in pairs_of(v).ok()?.0 {
        files.insert(p, t);
    }
    (!files.is_empty()).then_some(files)
}

/// Keeps `files` as the project to open next time.
pub fn keep_files(files: &ProjectFiles) {
    if let Some(st) = storage() {
        let _ = st.set_item(FILES_KEY, &files_json(files));
    }
}

/// Back to the example next time: nothing kept, no journal.
pub fn forget_project() {
    if let Some(st) = storage() {
        let _ = st.remove_item(JOURNAL_KEY);
        let _ = st.remove_item(FILES_KEY);
    }
}

/// The journal kept here (`None`: nothing was kept; unreadable text reads as empty).
pub fn kept_journal() -> Option<Vec<Action>> {
    let saved = get(&storage()?, JOURNAL_KEY)?;
    let lines = js_sys::JSON::parse(&saved)
        .map(|v| {
            js_sys::Array::from(&v)
                .iter()
                .filter_map(|l| l.as_string())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    Some(journal::decode_lines(&lines))
}

/// Keeps the journal, to be replayed next time.
pub fn keep_journal(actions: &[Action]) {
    if let Some(st) = storage() {
        let _ = st.set_item(JOURNAL_KEY, &journal_json(actions));
    }
}

/// A share link was opened (or a lesson started): its files and journal become what is kept.
/// Nothing is lost to it: a different project kept here (edits that may exist nowhere else)
/// is set aside first, and `true` says so. `None`: there is no localStorage.
pub fn keep_link(files: &ProjectFiles, actions: &[Action]) -> Option<bool> {
    let st = storage()?;
    let new_files = files_json(files);
    let mut set_aside = false;
    if let Some(kept) = get(&st, FILES_KEY)
        && kept != new_files
    {
        let _ = st.set_item(BACKUP_FILES_KEY, &kept);
        let journal = get(&st, JOURNAL_KEY).unwrap_or_default();
        let _ = st.set_item(BACKUP_JOURNAL_KEY, &journal);
        set_aside = true;
    }
    let _ = st.set_item(FILES_KEY, &new_files);
    let _ = st.set_item(JOURNAL_KEY, &journal_json(actions));
    Some(set_aside)
}

/// Is a project set aside by a link waiting to be restored?
pub fn has_set_aside() -> bool {
    storage().is_some_and(|st| get(&st, BACKUP_FILES_KEY).is_some())
}

/// The project set aside by a link becomes the kept one again (the page then reloads).
pub fn restore_set_aside() {
    if let Some(st) = storage() {
        if let Some(files) = get(&st, BACKUP_FILES_KEY) {
            let _ = st.set_item(FILES_KEY, &files);
            let journal = get(&st, BACKUP_JOURNAL_KEY).unwrap_or_default();
            let _ = st.set_item(JOURNAL_KEY, &journal);
        }
        forget_set_aside();
    }
}

/// Drops the project set aside by a link.
pub fn forget_set_aside() {
    if let Some(st) = storage() {
        let _ = st.remove_item(BACKUP_FILES_KEY);
        let _ = st.remove_item(BACKUP_JOURNAL_KEY);
    }
}

/// Marks the page as opening its project; `true` when the last opening never finished.
pub fn begin_opening() -> bool {
    storage().is_some_and(|st| {
        let stalled = get(&st, OPENING_KEY).is_some();
        let _ = st.set_item(OPENING_KEY, "1");
        stalled
    })
}

/// The page has opened its project.
pub fn end_opening() {
    if let Some(st) = storage() {
        let _ = st.remove_item(OPENING_KEY);
    }
}

/// The kept project did not finish opening last time: it is set aside, as a link sets one
/// aside, so that the page does not run it again unasked. When a project is set aside
/// already (one a link replaced: the user's own), that one stays and this one is dropped
/// (most likely the link's, which the link still holds); `false` says so.
pub fn set_aside_stalled() -> bool {
    let Some(st) = storage() else { return true };
    let kept = has_set_aside();
    if !kept && let Some(files) = get(&st, FILES_KEY) {
        let _ = st.set_item(BACKUP_FILES_KEY, &files);
        let _ = st.set_item(
            BACKUP_JOURNAL_KEY,
            &get(&st, JOURNAL_KEY).unwrap_or_default(),
        );
    }
    let _ = st.remove_item(FILES_KEY);
    let _ = st.remove_item(JOURNAL_KEY);
    !kept
}

/// Does the schema tab show the diagram (rather than tables)?
pub fn schema_diagram() -> bool {
    storage()
        .and_then(|st| get(&st, SCHEMA_VIEW_KEY))
        .is_some_and(|v| v == "diagram")
}

/// Keeps the schema tab's choice of view.
pub fn keep_schema_diagram(on: bool) {
    if let Some(st) = storage() {
        let _ = st.set_item(SCHEMA_VIEW_KEY, if on { "diagram" } else { "tables" });
    }
}

/// Learn mode's state, as lines (`model::learn` reads them); none kept: empty.
pub fn kept_learn() -> Vec<String> {
    storage()
        .and_then(|st| get(&st, LEARN_KEY))
        .and_then(|saved| js_sys::JSON::parse(&saved).ok())
        .map(|v| {
            js_sys::Array::from(&v)
                .iter()
                .filter_map(|l| l.as_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Keeps Learn mode's state.
pub fn keep_learn(lines: &[String]) {
    if let Some(st) = storage() {
        let _ = st.set_item(
            LEARN_KEY,
            &json_array(lines.iter().map(|l| JsValue::from_str(l))),
        );
    }
}
