// Offline use (web/sw.js): once the app has started, every file it loaded is known; the
// service worker keeps a copy of each, and the header says so. (A file, not an inline script:
// the page's Content-Security-Policy allows no inline script but Trunk's loader.)
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.addEventListener('message', (event) => {
    const status = document.getElementById('offline-status');
    if (event.data && event.data.cached && status) status.textContent = ' · works offline';
  });
  addEventListener('TrunkApplicationStarted', () => {
    navigator.serviceWorker.register('/sw.js')
      .then(() => navigator.serviceWorker.ready)
      .then((reg) => {
        // The engine's worker (web/worker.js) starts with the first long run: kept from the start.
        const urls = [location.href, new URL('worker.js', location.href).href,
          ...performance.getEntriesByType('resource').map((e) => e.name)];
        reg.active.postMessage({ cache: urls });
      })
      .catch((e) => console.warn('offline use unavailable:', e));
  });
}
