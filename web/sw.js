// The podenv explorer's service worker: network first (a fresh build is always used when
// the server answers), the cached copy when it does not, so the explorer works offline after
// the first load. It only ever fetches the explorer's own files.
const CACHE = 'podenv-explorer';
const scope = self.registration.scope;

// The files a page needs: the page itself and every same-scope src/href/data-js/data-wasm/
// data-editor in it.
function assetsOf(html) {
  const urls = new Set([scope]);
  for (const match of html.matchAll(/(?:src|href|data-js|data-wasm|data-editor)="([^"#]+)"/g)) {
    const url = new URL(match[1], scope).href;
    if (url.startsWith(scope)) urls.add(url);
  }
  urls.add(new URL('boot.js', scope).href);
  urls.add(new URL('worker.js', scope).href);
  return [...urls];
}

async function cachePage(response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  await cache.put(scope, response);
  const wanted = assetsOf(html);
  await Promise.all(wanted.filter((url) => url !== scope).map(async (url) => {
    if (!(await cache.match(url))) await cache.add(url);
  }));
  // Forget files of older builds.
  for (const request of await cache.keys()) {
    if (!wanted.includes(request.url)) await cache.delete(request);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(fetch(scope, { cache: 'no-cache' }).then(cachePage).catch(() => {}));
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(scope)) return;
  event.respondWith((async () => {
    try {
      const response = await fetch(request);
      if (response.ok && request.mode === 'navigate') {
        event.waitUntil(cachePage(response.clone()).catch(() => {}));
      } else if (response.ok) {
        const cache = await caches.open(CACHE);
        event.waitUntil(cache.put(request, response.clone()));
      }
      return response;
    } catch (error) {
      const cached = await caches.match(request, { ignoreSearch: true })
        || (request.mode === 'navigate' ? await caches.match(scope) : undefined);
      if (cached) return cached;
      throw error;
    }
  })());
});
