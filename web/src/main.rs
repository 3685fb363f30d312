//! The Retort playground page: the engine, compiled to wasm, over SQLite in the tab.
//!
//! Only this crate knows the DOM. State lives in a plain model (`Playground`); components
//! read it.

use include_dir::{Dir, include_dir};
use leptos::prelude::*;
use retort_engine::command;
use retort_engine::runtime::VersionTable;
use retort_engine::script::{ScriptDirectory, ScriptOptions, revision_files};
use retort_engine::{Database, ProjectFiles};

/// The embedded example project, baked into the wasm at build time.
static EXAMPLE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../migrations");

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

/// What the page shows: facts produced by the engine on a real in-browser SQLite.
struct Playground {
    sqlite_version: String,
    revision_files: Vec<String>,
    version_table_sql: String,
    /// `alembic history` of the example, computed by the engine in the tab.
    history: Result<String, String>,
}

impl Playground {
    fn open() -> Result<Self, String> {
        let files = example_project();
        let db = Database::open_in_memory().map_err(|e| e.to_string())?;
        let version_table = VersionTable::default();
        version_table.ensure(&db).map_err(|e| e.to_string())?;
        let version_table_sql = db
            .schema()
            .map_err(|e| e.to_string())?
            .into_iter()
            .find(|o| o.name == version_table.name)
            .and_then(|o| o.sql)
            .unwrap_or_default();
        let opts = ScriptOptions {
            version_locations: vec!["migrations/versions".into()],
            recursive: false,
        };
        let history = ScriptDirectory::load(&files, &opts)
            .map_err(|e| e.to_string())
            .and_then(|dir| command::history(&dir, None, false, None, false));
        Ok(Playground {
            history,
            sqlite_version: db.sqlite_version().map_err(|e| e.to_string())?,
            revision_files: revision_files(&files, "migrations/versions", false)
                .into_iter()
                .map(|p| p.rsplit('/').next().unwrap_or(p).to_owned())
                .collect(),
            version_table_sql,
        })
    }
}

#[component]
fn App() -> impl IntoView {
    let body = match Playground::open() {
        Ok(p) => view! {
            <section>
                <h2>"SQLite in this tab"</h2>
                <p>"SQLite " <code id="sqlite-version">{p.sqlite_version}</code>
                   ", in memory: nothing touches a real database, nothing leaves the browser."</p>
            </section>
            <section>
                <h2>"Example project " <code>"migrations/"</code></h2>
                <p id="revision-count">{format!("{} revision files", p.revision_files.len())}</p>
                <ol id="revision-files">
                    {p.revision_files.into_iter().map(|f| view! { <li><code>{f}</code></li> }).collect_view()}
                </ol>
            </section>
            <section>
                <h2>"History " <code>"alembic history"</code></h2>
                <p>"The revision files ran in the page's Python interpreter; the graph is Alembic's, re-implemented:"</p>
                {match p.history {
                    Ok(h) => view! { <pre id="history">{h}</pre> }.into_any(),
                    Err(e) => view! { <pre id="history-error" class="error">{e}</pre> }.into_any(),
                }}
            </section>
            <section>
                <h2>"First statement run by the engine"</h2>
                <p>"The version table, as Alembic creates it; read back from " <code>"sqlite_master"</code> ":"</p>
                <pre id="version-table-sql">{p.version_table_sql}</pre>
            </section>
        }
        .into_any(),
        Err(e) => view! { <p id="error" class="error">"The engine could not start: " {e}</p> }.into_any(),
    };
    view! {
        <header>
            <h1>"Retort"</h1>
            <p class="tagline">"A migration playground: Alembic's engine in Rust, on SQLite, in your browser."</p>
            <p class="version">"engine " {retort_engine::VERSION}</p>
        </header>
        <main>{body}</main>
    }
}

fn main() {
    leptos::mount::mount_to_body(App);
}
