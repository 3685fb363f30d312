// Retort's service worker: once the page has loaded, it keeps working with no network.
//
// Network first: while the server answers, every request gets its answer (and the copy kept
// for later is refreshed), so a new build is never hidden behind a stale cache. Without a
// network, the last copy answers. Only this origin's GET requests are touched; nothing the
// page holds (files, seed rows) goes anywhere: they live in the tab's storage.
//
// The first visit is not controlled by the worker yet, so the page tells it which files it
// loaded (`{ cache: [urls] }`) and the worker fetches and keeps them.

const CACHE = 'retort-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// The page's address without its fragment: share links differ only there.
const key = (url) => url.split('#')[0];

self.addEventListener('message', (event) => {
  const urls = (event.data && event.data.cache) || [];
  const same = urls.map(key).filter((u) => new URL(u).origin === self.location.origin);
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(same.map((u) => cache.match(u).then((hit) => hit || cache.add(u).catch(() => {})))),
    ).then(() => event.source && event.source.postMessage({ cached: same.length })),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          caches.open(CACHE).then((cache) => cache.put(key(req.url), copy));
        }
        return res;
      })
      .catch(() =>
        caches.match(key(req.url), { ignoreSearch: req.mode === 'navigate' }).then(
          (hit) => hit || Response.error(),
        ),
      ),
  );
});
