/* etalase service worker: the catalog keeps working offline once visited, within a
   budget of data the buyer controls.
   etalase writes it to the site root as sw.js, after a line defining ETALASE: the
   shell's files, each URL (relative to the site root) with a revision (the first
   characters of its content's hash), and the catalog's other pages in parts (a
   village's pages, a category's, the search files), each part a list file under
   assets/offline/ named by its content's hash, with its total bytes and count. So
   sw.js stays small at any catalog size, and a part's list is fetched only when a
   page of that part is wanted.

   - install: the shell (front, search, cart and offline pages, CSS, JS, icons, the
     photo placeholder). Only what is missing or changed since the last deploy is
     downloaded.
   - every page viewed is kept (it was downloaded anyway), with the revision its
     part's list gives it.
   - the warm-up, after each page view, unless the browser asks to save data: the
     pages the page links to in its content (a village page: its products; a product
     page: its village and category), a few at a time, while everything kept stays
     under the budget (ETALASE.budget bytes, photos included; what older warm-ups
     kept goes first to make room, never a page the buyer opened). A catalog whose
     every page fits in the budget is kept whole after one visit. The page's
     "save the whole catalog" button asks for everything, past the budget.
   - pages and files kept: from the phone when stored at the current revision, else
     the network, else an older stored copy, else (pages) the offline page.
   - photos: kept as they are seen, the newest PHOTO_LIMIT of them; when storage runs
     out they are the first to go. Offline, a photo not stored is the placeholder.
   What is kept and its size is in a ledger (LEDGER), kept in the same cache.
   Entries are stored under "url?v=revision" (list files, whose names hold their
   hash, under their URL). */
'use strict';

const SCOPE = self.registration.scope;
// Two catalogs on one host (user.github.io/a/ and /b/) share the Cache Storage.
const PREFIX = 'etalase:' + new URL(SCOPE).pathname + ':';
const PAGES = PREFIX + 'pages';
const PHOTOS = PREFIX + 'photos';
const PHOTO_LIMIT = 300;
const BATCH = 4;
const PLACEHOLDER = 'assets/placeholder.svg';
// Not a file of the site: the cache's own record of what it holds.
const LEDGER = new URL('etalase-ledger.json', SCOPE).href;

const absolute = (u) => new URL(u, SCOPE).href;
const SHELL = new Map(Object.keys(ETALASE.shell).map((u) => [absolute(u), ETALASE.shell[u]]));
const PARTS = new Map(Object.keys(ETALASE.parts).map((name) => {
  const [file, bytes, count] = ETALASE.parts[name];
  return [name, { file: absolute(file), bytes, count }];
}));
const LIST_FILES = new Set(Array.from(PARTS.values(), (p) => p.file));
const ALL_BYTES = ETALASE.shellBytes + Array.from(PARTS.values()).reduce((n, p) => n + p.bytes, 0);
const ALL_COUNT = Array.from(PARTS.values()).reduce((n, p) => n + p.count, 0);
// Everything fits in the budget: kept whole, as a small catalog always was.
const SMALL = ALL_BYTES <= ETALASE.budget;
// Search files have their content's hash in their names: stored under their URL.
const immutable = (url) => url.startsWith(absolute('assets/search'));
const keyOf = (url, rev) => (immutable(url) ? url : url + '?v=' + rev);
const saveData = () => !!(self.navigator.connection && self.navigator.connection.saveData);

/* The part a URL of the site belongs to, as etalase names them (src/site/offline.rs,
   part_of): kategori/<key>/… is "kategori.<key>", assets/search/… is "search", any
   other page the first folder of its path (a village). */
function partOf(url) {
  if (!url.startsWith(SCOPE)) return null;
  const rel = url.slice(SCOPE.length);
  const parts = rel.split('/');
  if (parts.length < 2) return null;
  if (parts[0] === 'kategori' && parts.length > 2) return 'kategori.' + parts[1];
  if (parts[0] === 'assets') return /^search[./]/.test(parts[1] + '/') ? 'search' : null;
  return parts[0];
}

/* ---- The ledger: key → [bytes, kind, time]; kinds: s shell, l list, v viewed,
   w warmed up, p photo. Saved after changes, a moment later. ---- */

let ledger = null;
/* url → the ledger's keys for it (its revisions kept): a URL's older revisions are
   found without going through the whole ledger, which a phone saving a catalog of
   10,000 pages would do 10,000 times. Changed with the ledger, by note and drop. */
let byUrl = new Map();
let everything = false;
const urlOf = (key) => key.split('?v=')[0];
function track(key) {
  const u = urlOf(key);
  if (!byUrl.has(u)) byUrl.set(u, new Set());
  byUrl.get(u).add(key);
}
function drop(key) {
  if (!ledger.delete(key)) return false;
  const keys = byUrl.get(urlOf(key));
  if (keys && keys.delete(key) && !keys.size) byUrl.delete(urlOf(key));
  return true;
}
async function book() {
  if (!ledger) {
    ledger = new Map();
    try {
      const r = await (await caches.open(PAGES)).match(LEDGER);
      if (r) {
        const saved = await r.json();
        ledger = new Map(saved.entries);
        everything = !!saved.everything;
      }
    } catch (err) { /* a damaged ledger starts anew */ }
    byUrl = new Map();
    for (const key of ledger.keys()) track(key);
  }
  return ledger;
}
let saving = null;
function saveLedger() {
  if (!saving) {
    saving = new Promise((done) => setTimeout(done, 200)).then(async () => {
      saving = null;
      const body = JSON.stringify({ everything, entries: Array.from(ledger) });
      await (await caches.open(PAGES)).put(LEDGER, new Response(body, { headers: { 'Content-Type': 'application/json' } }));
    }).catch(() => {});
  }
  return saving;
}
const used = () => Array.from(ledger.values()).reduce((n, e) => n + e[0], 0);
async function note(key, bytes, kind) {
  await book();
  const had = ledger.get(key);
  // A page viewed stays "viewed" when a warm-up refreshes it.
  ledger.set(key, [bytes, had && had[1] === 'v' && kind === 'w' ? 'v' : kind, Date.now()]);
  track(key);
  saveLedger();
}
async function forget(key) {
  await book();
  if (drop(key)) saveLedger();
}

async function put(cache, key, response) {
  try {
    await cache.put(key, response.clone());
  } catch (err) {
    if (!err || err.name !== 'QuotaExceededError') throw err;
    // Out of room: photos go first, then one more try.
    await dropPhotos();
    await cache.put(key, response);
  }
}

async function dropPhotos() {
  await caches.delete(PHOTOS);
  await book();
  for (const [k, e] of Array.from(ledger)) if (e[1] === 'p') drop(k);
  saveLedger();
}

/* Stores url at rev, then drops its older revisions. */
async function keep(cache, url, rev, response, bytes, kind) {
  const key = keyOf(url, rev);
  await put(cache, key, response);
  await note(key, bytes, kind);
  for (const k of Array.from(byUrl.get(url) || [])) {
    if (k !== key) {
      await cache.delete(k);
      drop(k);
    }
  }
}

async function download(cache, [url, rev, bytes], kind) {
  // no-cache: revalidate with the host, so an HTTP-cached old copy is not stored as new.
  const response = await fetch(url, { cache: 'no-cache', credentials: 'same-origin' });
  if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
  const body = response.redirected ? new Response(await response.blob(), response) : response;
  await keep(cache, url, rev, body, bytes, kind);
}

/* `each` of todo, BATCH at a time, until `stop` says so. */
async function inBatches(todo, each, stop) {
  for (let i = 0; i < todo.length; i += BATCH) {
    if (stop && stop()) return;
    await Promise.all(todo.slice(i, i + BATCH).map(each));
  }
}

/* ---- The parts' lists: url → [revision, bytes]. ---- */

const lists = new Map();
/* A part's list from memory or the phone; with `fetchIt`, else from the network. */
async function list(name, fetchIt) {
  if (lists.has(name)) return lists.get(name);
  const part = PARTS.get(name);
  if (!part) return null;
  const cache = await caches.open(PAGES);
  let response = await cache.match(part.file);
  if (!response) {
    if (!fetchIt) return null;
    response = await fetch(part.file, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(part.file + ': HTTP ' + response.status);
    const text = await response.clone().text();
    await put(cache, part.file, response);
    await note(part.file, text.length, 'l');
    response = new Response(text);
  }
  const map = new Map();
  const raw = await response.json();
  for (const u of Object.keys(raw)) map.set(absolute(u), raw[u]);
  lists.set(name, map);
  return map;
}

/* [revision, bytes] of a URL, if its list is at hand (or fetched, with `fetchIt`). */
async function entryOf(url, fetchIt) {
  if (SHELL.has(url)) return [SHELL.get(url), 0];
  const name = partOf(url);
  if (!name || !PARTS.has(name)) return null;
  const l = await list(name, fetchIt);
  return (l && l.get(url)) || null;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(PAGES);
    await book();
    const todo = [];
    for (const [url, rev] of SHELL) {
      if (!ledger.has(keyOf(url, rev)) || !(await cache.match(keyOf(url, rev)))) todo.push([url, rev, 0]);
    }
    // A failure fails the install; what was stored stays, and the next try goes on.
    await inBatches(todo, async ([url, rev]) => {
      const response = await fetch(url, { cache: 'no-cache', credentials: 'same-origin' });
      if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
      const blob = await response.blob();
      await keep(cache, url, rev, new Response(blob, response), blob.size, 's');
    });
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
    // The shell's old revisions, and lists of an older deploy. A page's old revision
    // stays until the next warm-up refreshes it: better old than nothing offline.
    const cache = await caches.open(PAGES);
    await book();
    for (const req of await cache.keys()) {
      const [url, rev] = req.url.split('?v=');
      if (immutable(url)) continue; // the warm-up's refresh drops those no longer listed
      const stale = SHELL.has(url) ? SHELL.get(url) !== rev
        : url.startsWith(absolute('assets/offline/')) ? !LIST_FILES.has(url)
        : url.startsWith(absolute('assets/')) && !url.startsWith(absolute('assets/search/'));
      if (stale) {
        await cache.delete(req);
        drop(req.url);
      }
    }
    saveLedger();
    await self.clients.claim();
  })());
});

/* ---- The warm-up ---- */

/* Pages kept from an older deploy: brought to their new revision, or dropped when the
   catalog no longer has them. */
async function refresh(cache) {
  const stale = [];
  for (const [key, e] of Array.from(ledger)) {
    if (e[1] !== 'v' && e[1] !== 'w') continue;
    const [url, rev] = key.split('?v=');
    const now = await entryOf(url, true);
    if (!now) {
      await cache.delete(key);
      drop(key);
    } else if (!immutable(url) && now[0] !== rev) {
      stale.push([url, now[0], now[1], e[1]]);
    }
  }
  saveLedger();
  await inBatches(stale, ([u, r, b, kind]) => download(cache, [u, r, b], kind));
}

/* Room for `bytes` more within the budget: pages an older warm-up kept go first,
   oldest first, never one of `wanted`. */
async function room(cache, bytes, wanted) {
  let over = used() + bytes - ETALASE.budget;
  if (over <= 0) return true;
  const older = Array.from(ledger).filter(([k, e]) => e[1] === 'w' && !wanted.has(urlOf(k)))
    .sort((a, b) => a[1][2] - b[1][2]);
  for (const [k, e] of older) {
    await cache.delete(k);
    drop(k);
    over -= e[0];
    if (over <= 0) break;
  }
  saveLedger();
  return over <= 0;
}

/* What `links` (absolute URLs, most wanted first) names that the catalog lists and
   the phone lacks: [url, rev, bytes]. */
async function wanted(links, fetchLists) {
  const out = [];
  const seen = new Set();
  for (const url of links) {
    if (seen.has(url) || SHELL.has(url)) continue;
    seen.add(url);
    const e = await entryOf(url, fetchLists);
    if (e && !ledger.has(keyOf(url, e[0]))) out.push([url, e[0], e[1]]);
  }
  return out;
}

async function everyPage() {
  const all = [];
  // Search files first: they make every product findable offline.
  const names = Array.from(PARTS.keys()).sort((a, b) => (b === 'search') - (a === 'search'));
  for (const name of names) {
    for (const [url, [rev, bytes]] of await list(name, true)) all.push(url);
  }
  return all;
}

let warming = null;
let progress = { done: 0, total: 0 };
function warm(here, links, all) {
  if (all && !everything) {
    everything = true;
    saveLedger();
  }
  if (!warming) {
    warming = (async () => {
      try {
        const cache = await caches.open(PAGES);
        await book();
        await refresh(cache);
        if (everything || SMALL) {
          if (!everything && saveData()) return;
          const todo = await wanted(await everyPage(), true);
          progress = { done: 0, total: todo.length };
          await inBatches(todo, async (entry) => {
            await download(cache, entry, 'w');
            progress.done += 1;
          }, () => !everything && saveData());
          return;
        }
        if (saveData()) return;
        // The page itself first: opened before the worker ran, it is not kept yet.
        const todo = await wanted([here].concat(links), true);
        const want = new Set(todo.map((t) => t[0]));
        for (const entry of todo) {
          if (entry[0] === here) {
            await download(cache, entry, 'v');
            continue;
          }
          if (saveData() || !(await room(cache, entry[2], want))) break;
          await download(cache, entry, 'w');
        }
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
  const cache = await caches.open(PAGES);
  await book();
  const have = new Set((await cache.keys()).map((r) => r.url));
  let shell = 0;
  for (const [u, r] of SHELL) if (have.has(keyOf(u, r))) shell += 1;
  let kept = 0;
  let current = 0;
  for (const [key, e] of ledger) {
    if ((e[1] === 'v' || e[1] === 'w') && have.has(key)) {
      kept += 1;
      const [url, rev] = key.split('?v=');
      const now = await entryOf(url, false);
      if (now && (immutable(url) || now[0] === rev)) current += 1;
    }
  }
  return {
    version: ETALASE.version,
    shell,
    shellTotal: SHELL.size,
    // Pages and search files kept, at their current revision, of all the catalog has.
    warm: current,
    warmTotal: ALL_COUNT,
    kept,
    bytes: used(),
    allBytes: ALL_BYTES,
    budget: ETALASE.budget,
    whole: everything || SMALL,
    progress,
    warming: !!warming,
    saveData: saveData(),
  };
}

self.addEventListener('message', (event) => {
  const m = event.data || {};
  if (m.type === 'warm') {
    const links = Array.isArray(m.links) ? m.links.filter((u) => typeof u === 'string') : [];
    event.waitUntil(warm(typeof m.here === 'string' ? m.here : '', links, !!m.everything));
  } else if (m.type === 'status' && event.ports[0]) {
    event.waitUntil(status().then((s) => event.ports[0].postMessage(s)));
  }
});

/* ---- Answering ---- */

/* A page or file of the site: stored at its revision, else the network (kept for next
   time when its list names it), else any stored revision; for a page, else the offline
   page. */
async function listed(event, url) {
  const cache = await caches.open(PAGES);
  const known = await entryOf(url, false);
  const hit = known && (await cache.match(keyOf(url, known[0])));
  if (hit) return hit;
  try {
    const response = await fetch(event.request);
    if (response.ok && !response.redirected && (known || partOf(url))) {
      event.waitUntil((async () => {
        const e = known || (await entryOf(url, true));
        if (e) await keep(cache, url, e[0], response.clone(), e[1], SHELL.has(url) ? 's' : 'v');
      })().catch(() => {}));
    }
    return response;
  } catch (err) {
    const old = await cache.match(url, { ignoreSearch: true });
    if (old) return old;
    if (event.request.mode === 'navigate') return offlinePage();
    throw err;
  }
}

/* A search file: its name holds its content's hash, so any stored copy is right. */
async function searchFile(event, url) {
  const cache = await caches.open(PAGES);
  const hit = await cache.match(url);
  if (hit) return hit;
  const response = await fetch(event.request);
  if (response.ok && response.type === 'basic') {
    event.waitUntil((async () => {
      const blob = await response.clone().blob();
      await put(cache, url, new Response(blob, response));
      await note(url, blob.size, 'v');
    })().catch(() => {}));
  }
  return response;
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
    const stored = await caches.match(keyOf(absolute(PLACEHOLDER), SHELL.get(absolute(PLACEHOLDER))));
    const svg = stored ? await stored.blob()
      : '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"><rect width="4" height="3" fill="#f3ebe0"/></svg>';
    // no-store: once back online the photo itself must load, not this from memory.
    return new Response(svg, { headers: { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'no-store' } });
  }
}

async function remember(cache, request, response) {
  try {
    const blob = await response.blob();
    await cache.put(request, new Response(blob, response));
    await note(request.url, blob.size, 'p');
    const keys = await cache.keys();
    // Keys come oldest first: drop the oldest beyond the limit.
    for (let i = 0; i < keys.length - PHOTO_LIMIT; i++) {
      await cache.delete(keys[i]);
      await forget(keys[i].url);
    }
  } catch (err) {
    if (err && err.name === 'QuotaExceededError') await dropPhotos();
  }
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || !req.url.startsWith(SCOPE)) return;
  const u = new URL(req.url);
  let url = u.origin + u.pathname;
  if (url === LEDGER) return;
  if (req.mode === 'navigate') {
    url = url.replace(/\/index\.html$/, '/');
    event.respondWith((async () => {
      // A folder typed without its slash: relative links need it.
      if (!/\/$/.test(url) && !(await entryOf(url, false)) && (await entryOf(url + '/', false))) {
        return Response.redirect(url + '/' + u.search, 301);
      }
      return listed(event, url);
    })());
  } else if (SHELL.has(url)) {
    event.respondWith(listed(event, url));
  } else if (immutable(url)) {
    event.respondWith(searchFile(event, url));
  } else if (/\.(jpe?g|png|webp|avif|gif)$/i.test(u.pathname)) {
    event.respondWith(photo(event));
  }
  // Anything else goes to the network as if there were no worker.
});
