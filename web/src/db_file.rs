//! A user's database file in the browser: kept in IndexedDB across reloads (localStorage
//! holds a few MB of text; a database needs the space IndexedDB gives), read back, and saved
//! as a download. The bytes stay JavaScript's: the engine copies them into SQLite's buffer.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
const STORE = 'database';
function open() {
  return new Promise((ok, err) => {
    const req = indexedDB.open('retort', 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => ok(req.result);
    req.onerror = () => err(req.error);
  });
}
async function request(mode, f) {
  const db = await open();
  return new Promise((ok, err) => {
    const tx = db.transaction(STORE, mode);
    const req = f(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); ok(req.result); };
    tx.onerror = tx.onabort = () => { db.close(); err(tx.error || req.error); };
  });
}
export function keep(name, bytes) {
  return request('readwrite', (s) => s.put({ name, bytes }, 'kept')).then(() => '', (e) => String(e && e.message || e));
}
export function kept() {
  return request('readonly', (s) => s.get('kept')).then((v) => v ? [v.name, v.bytes] : null, () => null);
}
export function forget() {
  return request('readwrite', (s) => s.delete('kept')).catch(() => {});
}
export function download(name, bytes) {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
"#)]
extern "C" {
    fn keep(name: &str, bytes: &js_sys::Uint8Array) -> js_sys::Promise;
    fn kept() -> js_sys::Promise;
    fn forget() -> js_sys::Promise;
    fn download(name: &str, bytes: &js_sys::Uint8Array);
}

/// Keeps the database file for the next visit: `Err` says why the browser refused (its
/// quota, a private window).
pub async fn keep_file(name: &str, bytes: &js_sys::Uint8Array) -> Result<(), String> {
    let refused = wasm_bindgen_futures::JsFuture::from(keep(name, bytes))
        .await
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| "IndexedDB is not available".into());
    if refused.is_empty() {
        Ok(())
    } else {
        Err(refused)
    }
}

/// The database file kept by an earlier visit, if there is one.
pub async fn kept_file() -> Option<(String, js_sys::Uint8Array)> {
    let v = wasm_bindgen_futures::JsFuture::from(kept()).await.ok()?;
    let pair = js_sys::Array::from(&v);
    Some((pair.get(0).as_string()?, pair.get(1).dyn_into().ok()?))
}

/// Forgets the kept database file (Reset, a new project).
pub fn forget_file() {
    let _ = forget();
}

/// Saves `bytes` as a file the browser downloads.
pub fn save(name: &str, bytes: &[u8]) {
    download(name, &js_sys::Uint8Array::from(bytes));
}

/// The bytes of a JavaScript array, read in order into the engine's buffer.
pub struct Reader {
    bytes: js_sys::Uint8Array,
    at: u32,
}

impl Reader {
    pub fn new(bytes: js_sys::Uint8Array) -> Reader {
        Reader { bytes, at: 0 }
    }
}

impl std::io::Read for Reader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = (self.bytes.length() - self.at).min(buf.len() as u32);
        self.bytes
            .subarray(self.at, self.at + n)
            .copy_to(&mut buf[..n as usize]);
        self.at += n;
        Ok(n as usize)
    }
}

/// A size for people: `812 KB`, `3.4 MB`.
pub fn size_label(bytes: usize) -> String {
    if bytes < 1 << 20 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
    }
}
