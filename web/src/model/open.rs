//! Opening the page: a share link wins over what this browser kept, which wins over the
//! embedded example, with the journal the page then does again (`running`), so that a reload
//! is where the last visit left off. Nothing is lost to a link, and what does not open is
//! said.

use include_dir::{Dir, include_dir};
use leptos::prelude::*;
use retort_engine::ProjectFiles;
use retort_engine::session::Session;
use wasm_bindgen::JsValue;

use crate::journal::{self, Action};
use crate::storage;

/// The embedded example project, baked into the wasm at build time.
static EXAMPLE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../migrations");

/// The example project's files, under `migrations/`.
pub fn example_project() -> ProjectFiles {
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

/// The text of the example's file at `path` (under `migrations/`), without copying the rest.
pub fn example_file(path: &str) -> Option<&'static str> {
    EXAMPLE
        .get_file(path.strip_prefix("migrations/")?)
        .and_then(|f| f.contents_utf8())
}

/// What the page opens with.
pub struct Opened {
    /// The project, on an empty database.
    pub session: Session,
    /// What was done to it, to be done again ([`crate::model::Page::replay`]).
    pub journal: Vec<Action>,
    /// Why the link or the kept project did not open as it should have, if so.
    pub message: Option<String>,
    /// Did opening a link set aside the project this browser kept?
    pub set_aside: bool,
    /// Is the journal a link's (its position)?
    pub from_link: bool,
}

/// Opens the link in the address bar, else the kept project, else the example. `Err`: not
/// even the example loads.
pub fn open() -> Result<Opened, String> {
    let mut hash = window().location().hash().unwrap_or_default();
    let mut link_error = None;
    let mut stalled_aside = false;
    // What stopped the page last time (a wasm trap on some revision) is not run again unasked.
    if storage::begin_opening() {
        let had_link = hash.starts_with("#s=");
        if had_link {
            hash.clear();
            forget_link();
        }
        stalled_aside = storage::set_aside_stalled();
        link_error = Some(format!(
            "The last visit did not finish opening {}: it may have stopped the page, so it was not run again. {}",
            if had_link {
                "this link's project"
            } else {
                "the project kept in this browser"
            },
            if stalled_aside {
                "It is set aside: restore it to try again, or discard it."
            } else {
                "It was dropped (a project set aside earlier is kept instead)."
            }
        ));
    }
    let mut link_position = None;
    let from_link = if hash.starts_with("#s=") {
        match retort_engine::share::decode(&hash) {
            Ok(shared) => {
                link_position = Some(shared.revision.unwrap_or_default());
                Some(shared.files)
            }
            Err(e) => {
                link_error = Some(e);
                None
            }
        }
    } else {
        None
    };
    // What this browser kept, else the example; a kept project that no longer loads says so.
    let kept_or_example = |link_error: &mut Option<String>| match storage::kept_files() {
        Some(files) => Session::open(files).or_else(|e| {
            link_error.get_or_insert(e);
            Session::open(example_project())
        }),
        None => Session::open(example_project()),
    };
    let mut opened_from_link = false;
    let opened = match from_link {
        Some(files) => match Session::open(files) {
            Ok(s) => {
                opened_from_link = true;
                Ok(s)
            }
            // A link whose project does not load changes nothing that was kept.
            Err(e) => {
                link_error = Some(format!("The link's project does not load: {e}"));
                link_position = None;
                kept_or_example(&mut link_error)
            }
        },
        None => kept_or_example(&mut link_error),
    };
    let mut set_aside = false;
    if let Some(pos) = &link_position
        && opened_from_link
        && let Ok(s) = &opened
        && let Some(aside) = storage::keep_link(&s.files, &journal::decode_link(pos))
    {
        set_aside = aside;
        // The link has been read; later reloads continue from what is kept.
        forget_link();
    }
    let session = opened?;
    // Back to where the last visit (or the link) left off: the page does again what was done
    // (`Page::replay`, a slice at a time, then clears the opening mark).
    Ok(Opened {
        session,
        journal: storage::kept_journal().unwrap_or_default(),
        message: link_error,
        set_aside: set_aside || stalled_aside,
        from_link: opened_from_link,
    })
}

/// The address bar without its link (reloads continue from what is kept).
fn forget_link() {
    if let Ok(h) = window().history() {
        let _ = h.replace_state_with_url(
            &JsValue::NULL,
            "",
            Some(&window().location().pathname().unwrap_or_default()),
        );
    }
}
