/* etalase service worker: the catalog keeps working offline once visited.
   etalase writes it to the site root as sw.js, after a line defining ETALASE: this
   build's files to keep, each URL (relative to the site root) with a revision, the
   first characters of its content's hash.

   - install: the shell (front, village, category, search, cart and offline pages,
     CSS, JS, icons, the photo placeholder). Only what is missing or changed since the
     last deploy is downloaded.
   - after that, on every page view: the warm-up, every product page and the search
     index, a few at a time, skipping what is stored already (so it resumes where it
     stopped), and not at all when the browser asks to save data.
   - pages and files listed: from the phone when stored at this revision, else the
     network, else an older stored copy, else (pages) the offline page.
   - photos: kept as they are seen, the newest PHOTO_LIMIT of them; when storage runs
     out they are the first to go. Offline, a photo not stored is the placeholder.
   Entries are stored under "url?v=revision"; nothing else is stored. */
'use strict';

const SCOPE = self.registration.scope;
// Two catalogs on one host (user.github.io/a/ and /b/) share the Cache Storage.
const PREFIX = 'etalase:' + new URL(SCOPE).pathname + ':';
const PAGES = PREFIX + 'pages';
const PHOTOS = PREFIX + 'photos';
const PHOTO_LIMIT = 300;
const BATCH = 4;
const PLACEHOLDER = 'assets/placeholder.svg';

const absolute = (u) => new URL(u, SCOPE).href;
const SHELL = new Map(Object.keys(ETALASE.shell).map((u) => [absolute(u), ETALASE.shell[u]]));
const WARM = new Map(Object.keys(ETALASE.warm).map((u) => [absolute(u), ETALASE.warm[u]]));
const revisionOf = (url) => SHELL.get(url) || WARM.get(url);
const keyOf = (url, rev) => url + '?v=' + rev;
const saveData = () => !!(self.navigator.connection && self.navigator.connection.saveData);

async function put(cache, key, response) {
  try {
    await cache.put(key, response.clone());
  } catch (err) {
    if (!err || err.name !== 'QuotaExceededError') throw err;
    // Out of room: photos go first, then one more try.
    await caches.delete(PHOTOS);
    await cache.put(key, response);
  }
}

/* Stores url at rev, then drops its older revisions (`old`: their keys, when known;
   asking the cache for them scans every entry, too slow for a thousand pages). */
async function keep(cache, url, rev, response, old) {
  const key = keyOf(url, rev);
  await put(cache, key, response);
  for (const k of old || (await cache.keys(url, { ignoreSearch: true })).map((r) => r.url)) {
    if (k !== key) await cache.delete(k);
  }
}

async function download(cache, [url, rev, old]) {
  // no-cache: revalidate with the host, so an HTTP-cached old copy is not stored as new.
  const response = await fetch(url, { cache: 'no-cache', credentials: 'same-origin' });
  if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
  const body = response.redirected ? new Response(await response.blob(), response) : response;
  await keep(cache, url, rev, body, old);
}

/* The entries of list not stored at their revision, files before pages, each with
   the keys of its stored older revisions: [url, rev, old keys]. */
async function missing(cache, list) {
  const stored = new Map();
  for (const r of await cache.keys()) {
    const url = r.url.split('?v=')[0];
    stored.set(url, (stored.get(url) || []).concat(r.url));
  }
  const todo = [];
  for (const [url, rev] of list) {
    const old = stored.get(url) || [];
    if (!old.includes(keyOf(url, rev))) todo.push([url, rev, old]);
  }
  const isPage = (u) => /\/$|\.html$/.test(u);
  return todo.sort((a, b) => isPage(a[0]) - isPage(b[0]));
}

async function inBatches(cache, todo, stop) {
  for (let i = 0; i < todo.length; i += BATCH) {
    if (stop && stop()) return;
    await Promise.all(todo.slice(i, i + BATCH).map((entry) => download(cache, entry)));
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(PAGES);
    // A failure fails the install; what was stored stays, and the next try goes on.
    await inBatches(cache, await missing(cache, SHELL));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== PAGES && name !== PHOTOS) {
        await caches.delete(name);
      }
    }
    // What this deploy no longer has, and the shell's old revisions. A product page's
    // old revision stays until the warm-up replaces it: better old than nothing offline.
    const cache = await caches.open(PAGES);
    for (const req of await cache.keys()) {
      const [url, rev] = req.url.split('?v=');
      if (SHELL.has(url) ? SHELL.get(url) !== rev : !WARM.has(url)) await cache.delete(req);
    }
    await self.clients.claim();
  })());
});

let warming = null;
function warm() {
  if (saveData()) return Promise.resolve();
  if (!warming) {
    warming = (async () => {
      try {
        const cache = await caches.open(PAGES);
        await inBatches(cache, await missing(cache, WARM), saveData);
      } catch (err) {
        // Offline, or the host failed: the next page view starts again from here.
      } finally {
        warming = null;
      }
    })();
  }
  return warming;
}

async function status() {
  const have = new Set((await (await caches.open(PAGES)).keys()).map((r) => r.url));
  const count = (list) => Array.from(list).filter(([u, r]) => have.has(keyOf(u, r))).length;
  return {
    version: ETALASE.version,
    shell: count(SHELL),
    shellTotal: SHELL.size,
    warm: count(WARM),
    warmTotal: WARM.size,
    warming: !!warming,
    saveData: saveData(),
  };
}

self.addEventListener('message', (event) => {
  const m = event.data || {};
  if (m.type === 'warm') {
    event.waitUntil(warm());
  } else if (m.type === 'status' && event.ports[0]) {
    event.waitUntil(status().then((s) => event.ports[0].postMessage(s)));
  }
});

/* A listed page or file: stored at its revision, else the network (stored for next
   time), else any stored revision; for a page, else the offline page. */
async function listed(event, url, rev) {
  const cache = await caches.open(PAGES);
  const hit = rev && (await cache.match(keyOf(url, rev)));
  if (hit) return hit;
  try {
    const response = await fetch(event.request);
    if (rev && response.ok && !response.redirected) {
      event.waitUntil(keep(cache, url, rev, response.clone()).catch(() => {}));
    }
    return response;
  } catch (err) {
    const old = await cache.match(url, { ignoreSearch: true });
    if (old) return old;
    if (event.request.mode === 'navigate') return offlinePage();
    throw err;
  }
}

/* The offline page, with a <base> naming the site root: it is shown at whatever
   address was asked for, and its links are relative to the root. */
async function offlinePage() {
  const cache = await caches.open(PAGES);
  const stored = await cache.match(absolute('offline.html'), { ignoreSearch: true });
  const html = stored ? await stored.text() : '<!doctype html><title>Offline</title><p>Offline</p>';
  return new Response(html.replace(/<head>/i, '<head><base href="' + SCOPE + '">'), {
    // 200, not 503: the page is what the buyer should see, not an error to log.
    status: 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

async function photo(event) {
  const cache = await caches.open(PHOTOS);
  const hit = await cache.match(event.request, { ignoreSearch: true, ignoreVary: true });
  if (hit) return hit;
  try {
    const response = await fetch(event.request);
    if (response.ok && response.type === 'basic') {
      event.waitUntil(remember(cache, event.request, response.clone()));
    }
    return response;
  } catch (err) {
    const stored = await caches.match(keyOf(absolute(PLACEHOLDER), revisionOf(absolute(PLACEHOLDER))));
    const svg = stored ? await stored.blob()
      : '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"><rect width="4" height="3" fill="#f3ebe0"/></svg>';
    // no-store: once back online the photo itself must load, not this from memory.
    return new Response(svg, { headers: { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'no-store' } });
  }
}

async function remember(cache, request, response) {
  try {
    await cache.put(request, response);
    const keys = await cache.keys();
    // Keys come oldest first: drop the oldest beyond the limit.
    for (let i = 0; i < keys.length - PHOTO_LIMIT; i++) await cache.delete(keys[i]);
  } catch (err) {
    if (err && err.name === 'QuotaExceededError') await caches.delete(PHOTOS);
  }
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || !req.url.startsWith(SCOPE)) return;
  const u = new URL(req.url);
  let url = u.origin + u.pathname;
  if (req.mode === 'navigate') {
    url = url.replace(/\/index\.html$/, '/');
    // A folder typed without its slash: relative links need it.
    if (!revisionOf(url) && revisionOf(url + '/')) {
      event.respondWith(Response.redirect(url + '/' + u.search, 301));
      return;
    }
    event.respondWith(listed(event, url, revisionOf(url)));
  } else if (revisionOf(url)) {
    event.respondWith(listed(event, url, revisionOf(url)));
  } else if (/\.(jpe?g|png|webp|avif|gif)$/i.test(u.pathname)) {
    event.respondWith(photo(event));
  }
  // Anything else goes to the network as if there were no worker.
});
