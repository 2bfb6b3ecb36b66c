/**
 * The demo portal's service worker: it keeps the app shell (index.html and its hashed assets) so
 * the portal opens without a connection and can be installed. It answers only the portal's own
 * page and files; the API and the change stream always go to the network (decisions taken offline
 * wait in the widgets' IndexedDB queue, not here).
 */
const SHELL = 'doanflow-portal-shell-v1';
const STATIC = ['/manifest.webmanifest', '/favicon.svg', '/icons/icon-192.png', '/icons/icon-512.png'];
const isShellFile = (path) =>
  path.startsWith('/assets/') || path.startsWith('/icons/') || STATIC.includes(path);

/** index.html and the files it names, fetched afresh. */
async function cacheShell() {
  const cache = await caches.open(SHELL);
  const page = await fetch('/', { cache: 'no-cache' });
  if (!page.ok) return;
  const html = await page.clone().text();
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
  await cache.put('/', page);
  await cache.addAll([...new Set([...assets, ...STATIC])]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('doanflow-portal-') && key !== SHELL) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // The portal's page: the network first (a new release shows at once), the kept copy offline.
  if (request.mode === 'navigate' && (url.pathname === '/' || url.pathname === '/index.html')) {
    event.respondWith(
      (async () => {
        try {
          const fresh = await fetch(request);
          if (fresh.ok) (await caches.open(SHELL)).put('/', fresh.clone());
          return fresh;
        } catch {
          return (await caches.match('/', { ignoreVary: true })) ?? Response.error();
        }
      })(),
    );
    return;
  }
  // Hashed assets never change: the kept copy first.
  if (isShellFile(url.pathname)) {
    event.respondWith(
      (async () => {
        // The server varies on Origin (CORS); a module script asks with one, the install did not.
        const kept = await caches.match(request, { ignoreVary: true });
        if (kept) return kept;
        const fresh = await fetch(request);
        if (fresh.ok) (await caches.open(SHELL)).put(request, fresh.clone());
        return fresh;
      })(),
    );
  }
});
