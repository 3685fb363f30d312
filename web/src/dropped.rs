//! Reading what is dropped on the page or picked with a file input: the browser's entry API
//! (a few lines of JavaScript) hands back `[path, text]` pairs, and a dropped `.zip` is read
//! in its folder's place. Nothing else here knows JavaScript values of files.

use wasm_bindgen::prelude::*;

// Reading dropped folders needs the browser's entry API (callbacks, recursion); a few lines of
// JavaScript do it and hand back `[[path, text], ...]` of the files a project needs.
#[wasm_bindgen(inline_js = r#"
let MAX_DATABASE = 0;
const SKIP = /(^|\/)(\.git|node_modules|__pycache__|\.venv|venv|\.tox|site-packages)(\/|$)/;
const WANT = /(\.py|\.ini|\.mako|\.retort)$/;
// A database file dropped or picked beside the project (not one inside its folders).
const DATABASE = /^[^/]*\.(db|sqlite|sqlite3|db3)$/i;
// What was read, and what was not: `{pairs, skipped, large, database}` (files of other kinds
// or in skipped folders; project files over the size limit, by path; `[name, bytes]` of a
// database file).
async function texts(pairs, skippedDirs) {
  const out = [];
  let skipped = skippedDirs;
  const large = [];
  let database = null;
  for (const [path, f] of pairs) {
    if (SKIP.test(path)) { skipped++; continue; }
    if (DATABASE.test(path) && !database) {
      if (f.size > MAX_DATABASE) { large.push(path); continue; }
      database = [path, new Uint8Array(await f.arrayBuffer())];
      continue;
    }
    // A zip of the project: its bytes, read on the Rust side (engine::archive).
    if (/\.zip$/i.test(path)) {
      if (f.size > 50000000) { large.push(path); continue; }
      out.push([path, new Uint8Array(await f.arrayBuffer())]);
      continue;
    }
    if (!WANT.test(path)) { skipped++; continue; }
    if (f.size > 2000000) { large.push(path); continue; }
    out.push([path, await f.text()]);
  }
  return { pairs: out, skipped, large, database };
}
async function walk(entry, prefix, out, dirs) {
  if (entry.isFile) {
    out.push([prefix + entry.name, await new Promise((ok, err) => entry.file(ok, err))]);
  } else if (entry.isDirectory && SKIP.test(prefix + entry.name)) {
    dirs.skipped++;
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((ok, err) => reader.readEntries(ok, err));
      if (!batch.length) break;
      for (const e of batch) await walk(e, prefix + entry.name + '/', out, dirs);
    }
  }
}
export function collect_drop(dt, maxDatabase) {
  MAX_DATABASE = maxDatabase;
  // Entries must be taken while the drop event is being handled.
  const entries = Array.from(dt.items || []).map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
  const files = Array.from(dt.files || []);
  return (async () => {
    const pairs = [];
    const dirs = { skipped: 0 };
    if (entries.length) { for (const e of entries) await walk(e, '', pairs, dirs); }
    else for (const f of files) pairs.push([f.webkitRelativePath || f.name, f]);
    return texts(pairs, dirs.skipped);
  })();
}
export function collect_files(list, maxDatabase) {
  MAX_DATABASE = maxDatabase;
  return texts(Array.from(list).map((f) => [f.webkitRelativePath || f.name, f]), 0);
}
"#)]
extern "C" {
    fn collect_drop(dt: &web_sys::DataTransfer, max_database: f64) -> js_sys::Promise;
    fn collect_files(list: &web_sys::FileList, max_database: f64) -> js_sys::Promise;
}

/// The largest database file read (the engine's limit: a larger one is named as too large).
const MAX_DATABASE: f64 = retort_engine::session::MAX_DATABASE as f64;

/// What a drop or a pick read: the files, a database file, and a sentence saying what was
/// read and what was left out (so that nothing is skipped silently).
pub struct Dropped {
    pub pairs: Vec<(String, String)>,
    /// A database file's name and bytes (dropped or picked beside the project's files).
    pub database: Option<(String, js_sys::Uint8Array)>,
    pub summary: String,
}

/// `{pairs: [[path, text or zip bytes], ...], skipped, large}` from the JavaScript side; a
/// zip archive's project files are read in its place (`engine::archive`), their paths under
/// the archive's.
fn dropped_of(v: JsValue) -> Result<Dropped, String> {
    let field = |name: &str| {
        js_sys::Reflect::get(&v, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    };
    let (pairs, left_out) = pairs_of(field("pairs"))?;
    let skipped = field("skipped").as_f64().unwrap_or(0.0) as usize;
    let database = Some(field("database"))
        .filter(|d| d.is_object())
        .map(|d| js_sys::Array::from(&d))
        .filter(|d| d.length() == 2)
        .and_then(|d| {
            Some((
                d.get(0).as_string()?,
                d.get(1).dyn_into::<js_sys::Uint8Array>().ok()?,
            ))
        });
    let large: Vec<String> = js_sys::Array::from(&field("large"))
        .iter()
        .filter_map(|p| p.as_string())
        .collect();
    let mut summary = match (&database, pairs.len()) {
        (Some(_), 0) => "Read".to_owned(),
        (_, n) => format!(
            "Read {n} project file{} (.py, .ini, .mako)",
            if n == 1 { "" } else { "s" }
        ),
    };
    if let Some((name, bytes)) = &database {
        summary += &format!(
            "{} the database {name} ({})",
            if pairs.is_empty() { "" } else { " and" },
            crate::db_file::size_label(bytes.length() as usize)
        );
    }
    if skipped > 0 {
        summary += &format!(
            "; skipped {skipped} other file{} and folder{} (other kinds, .git, virtualenvs, caches, node_modules)",
            if skipped == 1 { "" } else { "s" },
            if skipped == 1 { "" } else { "s" }
        );
    }
    if !large.is_empty() {
        summary += &format!(
            "; too large to read (over 2 MB, a .zip over 50 MB, a database over {} MB): {}",
            retort_engine::session::MAX_DATABASE >> 20,
            large.join(", ")
        );
    }
    if !left_out.is_empty() {
        summary += &format!("; left out of the .zip: {}", left_out.join(", "));
    }
    summary.push('.');
    Ok(Dropped {
        pairs,
        database,
        summary,
    })
}

/// Files as `(path, text)`.
pub type Pairs = Vec<(String, String)>;

/// `[[path, text or zip bytes], ...]` as `(path, text)` pairs: a zip archive's project files
/// come in its place, their paths under the archive's; with the archives' files that could
/// not be read, and why. Also reads the files localStorage keeps.
pub fn pairs_of(v: JsValue) -> Result<(Pairs, Vec<String>), String> {
    let mut out = Vec::new();
    let mut left_out = Vec::new();
    for p in js_sys::Array::from(&v).iter() {
        let p = js_sys::Array::from(&p);
        let Some(path) = p.get(0).as_string() else {
            continue;
        };
        let content = p.get(1);
        if let Some(text) = content.as_string() {
            out.push((path, text));
        } else if content.is_instance_of::<js_sys::Uint8Array>() {
            let bytes = js_sys::Uint8Array::from(content).to_vec();
            let archive = retort_engine::archive::project_files(&bytes)
                .map_err(|e| format!("{path}: {e}"))?;
            left_out.extend(archive.left_out);
            let files = archive.files;
            let dir = path
                .rsplit_once('/')
                .map(|(d, _)| format!("{d}/"))
                .unwrap_or_default();
            out.extend(files.into_iter().map(|(p, t)| (format!("{dir}{p}"), t)));
        }
    }
    Ok((out, left_out))
}

/// What a drop read; a failure of the browser's reading is said. Call it while the drop
/// event is being handled (its entries are taken then), await it later.
pub fn read_drop(
    dt: &web_sys::DataTransfer,
) -> impl Future<Output = Result<Dropped, String>> + use<> {
    let promise = collect_drop(dt, MAX_DATABASE);
    async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(v) => dropped_of(v),
            Err(e) => Err(format!("reading the dropped files failed: {e:?}")),
        }
    }
}

/// What a file input's pick read (`None`: the browser could not read it).
pub fn read_picked(
    list: &web_sys::FileList,
) -> impl Future<Output = Option<Result<Dropped, String>>> + use<> {
    let promise = collect_files(list, MAX_DATABASE);
    async move {
        wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .ok()
            .map(dropped_of)
    }
}
