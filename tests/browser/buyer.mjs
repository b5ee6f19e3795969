// A buyer's visit in Debian's headless chromium, driven by tests/etalase/browser.rs:
//
//   node tests/browser/buyer.mjs '<plan as JSON>'
//
// The plan names the site's address (served over http by the Rust test, maybe under a
// sub-path), the folder it was built to (for file://), where to save the screenshot,
// and what to do: which steps, which pages, searches and cart items. Every step
// prints what it saw; the Rust test holds the expectations. Prints one JSON object.
//
// Steps:
//   online   one visit to the front page, then waits for the service worker to store
//            the shell and warm up (every page of a catalog within the budget, else
//            what the front page leads to); measures Cache Storage
//   offline  with the browser offline: a product page never opened, a page never
//            stored, the searches, the cart up to its WhatsApp links
//   online2  back online: a product page's requests, and its screenshot at 360 px
//   nojs     a product page with JavaScript off
//   file     the site opened from disk: front page, search, a product page
//   carts    on each of plan.carts' sites: the cart's items added, then the cart page
//            as drawn, after + on its first item, after removing its last, and emptied
//            (its markup each time, to compare themes); a screenshot at 360 px
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const plan = JSON.parse(process.argv[2]);
const base = plan.base; // ends with '/'
const out = { steps: {}, consoleErrors: [], pageErrors: [], foreignRequests: [], failedRequests: [] };
const deadline = (ms) => Date.now() + ms;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Requests fail offline by design (the worker then answers); they are told apart.
let phase = 'online';

// A fresh profile, made here so that it is named and removed at the end; or the one
// the plan names, kept for the next run (a phone coming back after a new deploy).
const profile = plan.profile || mkdtempSync(join(tmpdir(), 'etalase-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    // Any host but this machine is unreachable: a request to one fails, and is listed.
    '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
  ],
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  serviceWorkers: 'allow',
  locale: 'id-ID',
});

function watch(context, label) {
  context.on('request', (r) => {
    const u = new URL(r.url());
    if (!['http:', 'https:', 'file:'].includes(u.protocol)) return; // data:, blob:
    if (u.protocol !== 'file:' && u.hostname !== '127.0.0.1') out.foreignRequests.push(r.url());
  });
  context.on('requestfailed', (r) => {
    const u = new URL(r.url());
    if (u.hostname !== '127.0.0.1' || !r.failure()) return;
    out.failedRequests.push({ label, phase, url: r.url(), error: r.failure().errorText });
  });
  context.on('console', (m) => {
    if (m.type() === 'error') out.consoleErrors.push({ label, text: m.text(), url: m.location().url });
  });
  context.on('weberror', (e) => out.pageErrors.push({ label, text: String(e.error()) }));
}
watch(browser, 'site');

/* The service worker's own account of what it stored. */
async function swStatus(page) {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = (e) => resolve(e.data);
      reg.active.postMessage({ type: 'status' }, [ch.port2]);
    });
  });
}

/* Bytes in Cache Storage, by cache, counted from the stored bodies. */
async function cacheStorage(page) {
  return page.evaluate(async () => {
    const out = { caches: {}, bytes: 0, entries: 0 };
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      let bytes = 0;
      const keys = await cache.keys();
      for (const k of keys) {
        // The warm-up may drop an entry meanwhile, to stay within its budget.
        const r = await cache.match(k);
        if (r) bytes += (await r.arrayBuffer()).byteLength;
      }
      out.caches[name] = { entries: keys.length, bytes };
      out.bytes += bytes;
      out.entries += keys.length;
    }
    const est = navigator.storage && navigator.storage.estimate ? await navigator.storage.estimate() : {};
    out.estimateUsage = est.usage || 0;
    return out;
  });
}

async function mark(what) {
  // Told to the server by this script, not the browser: the server log shows what
  // the browser asked for between the marks.
  await fetch(new URL('/__mark/' + what, base)).catch(() => {});
}

async function pageFacts(page) {
  return page.evaluate(() => ({
    url: location.href,
    title: document.title,
    kind: (/\bk-(\S+)/.exec(document.body.className) || [])[1] || '',
    h1: (document.querySelector('h1') || {}).textContent || '',
    controlled: !!(navigator.serviceWorker && navigator.serviceWorker.controller),
    images: document.images.length,
    brokenImages: Array.from(document.images).filter((i) => i.complete && i.naturalWidth === 0).map((i) => i.currentSrc || i.src),
    imagesWithoutAlt: Array.from(document.images).filter((i) => !i.alt).map((i) => i.currentSrc || i.src),
    firstImageShown: !document.images.length || (document.images[0].complete && document.images[0].naturalWidth > 0),
    // Links and controls a thumb must hit: at least 48 × 48 CSS pixels (links inside
    // running text excepted, as in WCAG's target size rule).
    smallTargets: Array.from(document.querySelectorAll('a, button, input, select, textarea, summary'))
      .filter((e) => e.checkVisibility({ checkVisibilityCSS: true }) && !e.closest('.prose'))
      .map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.height < 47.5 || r.width < 47.5))
      .map(({ e, r }) => `${e.tagName.toLowerCase()}.${e.className} "${(e.textContent || e.value || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`),
  }));
}

async function visit(page, url) {
  const response = await page.goto(url, { waitUntil: 'load' });
  return {
    status: response ? response.status() : 0,
    fromServiceWorker: response ? response.fromServiceWorker() : false,
    ...(await pageFacts(page)),
  };
}

async function searchResults(page) {
  await page.waitForFunction(() => {
    const f = document.querySelector('.found');
    return f && f.textContent.trim() !== '';
  }, null, { timeout: 10000 });
  return page.evaluate(() => ({
    found: document.querySelector('.found').textContent.trim(),
    names: Array.from(document.querySelectorAll('.results .card-name')).map((e) => e.textContent),
    // What a card shows besides the name, from the index's other fields.
    cards: Array.from(document.querySelectorAll('.results .card')).slice(0, 3).map((c) => ({
      href: c.querySelector('a').getAttribute('href'),
      photo: c.querySelector('img') ? c.querySelector('img').getAttribute('src') : '',
      price: c.querySelector('.card-price').textContent,
      availability: c.getAttribute('data-av'),
      badge: c.querySelector('.badge').textContent,
      village: c.querySelector('.card-village').textContent,
    })),
    html: document.querySelector('.results').innerHTML,
    url: location.href,
  }));
}

/* Adds an item on its product page, as a buyer does. */
async function addToCart(page, base, item) {
  await page.goto(base + item.path);
  const form = page.locator('form.cart-add');
  await form.waitFor({ state: 'visible' });
  if (item.variant != null) await form.locator('select').selectOption(String(item.variant));
  await form.locator('input[name=qty]').fill(String(item.qty));
  await form.locator('button[type=submit]').click();
  await form.locator('.cart-msg a').waitFor();
}

/* The cart page's markup as the script drew it. */
async function cartMarkup(page) {
  return page.evaluate(() => {
    const q = (s) => document.querySelector(s);
    return {
      groups: q('.cart-groups').innerHTML,
      total: q('.cart-total').hidden ? null : q('.cart-total').innerHTML,
      send: q('.send-list').innerHTML,
      emptyShown: !q('.cart-empty').hidden,
      formShown: !q('form.buyer').hidden,
      count: q('.cartlink .cart-n').textContent,
    };
  });
}

const page = await browser.newPage();
try {
  if (plan.steps.includes('online')) {
    await mark('online');
    const started = Date.now();
    const front = await visit(page, base);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    let status = await swStatus(page);
    const until = deadline(plan.warmTimeoutMs || 60000);
    // A catalog kept whole: until every page is; a larger one: until the warm-up ends.
    const busy = (s) => s.shell < s.shellTotal || s.warming || (s.whole && s.warm < s.warmTotal);
    for (;;) {
      while (busy(status) && Date.now() < until) {
        await sleep(250);
        status = await swStatus(page);
      }
      // The page asks for the warm-up after the worker is ready: it may start late.
      await sleep(1500);
      status = await swStatus(page);
      if (!busy(status) || Date.now() > until) break;
    }
    const warmMs = Date.now() - started;
    await page.waitForFunction(() => !document.querySelector('.saved') || !document.querySelector('.saved').hidden, null, { timeout: 5000 }).catch(() => {});
    // Reloaded once the catalog is stored: the footer then says it opens offline.
    await page.reload();
    await page.waitForTimeout(300);
    const savedShown = await page.evaluate(() => { const s = document.querySelector('.saved'); return !!s && !s.hidden; });
    out.steps.online = { front, scope, status, warmMs, savedShown, cache: await cacheStorage(page) };
  }

  if (plan.steps.includes('redeploy')) {
    // Back after a new deploy: the page from the phone, the new worker in the
    // background, until it runs plan.version and has stored everything.
    const front = await visit(page, base);
    let status = await swStatus(page);
    const until = deadline(plan.warmTimeoutMs || 60000);
    let next = Date.now() + 8000;
    while ((status.version !== plan.version || status.shell < status.shellTotal || status.warm < status.warmTotal) && Date.now() < until) {
      await sleep(250);
      // The buyer goes on browsing: each page view is a chance for the browser to see sw.js changed.
      if (status.version !== plan.version && Date.now() > next) {
        await page.reload();
        next = Date.now() + 8000;
      }
      status = await swStatus(page);
    }
    out.steps.redeploy = { front, status };
  }

  if (plan.steps.includes('offline')) {
    await mark('offline');
    phase = 'offline';
    await browser.setOffline(true);
    const o = {};
    o.product = await visit(page, base + plan.neverOpened);
    o.uncached = await visit(page, base + plan.uncached);
    // The header's search box, as a buyer uses it, then the search page's own fields.
    await visit(page, base);
    o.searches = [];
    for (const s of plan.searches || []) {
      if (!o.searches.length && s.q && !s.c && !s.v && !s.a && !s.p) {
        await page.fill('#q', s.q);
        await page.press('#q', 'Enter');
        await page.waitForURL(/cari\//);
      } else {
        const q = new URLSearchParams(Object.entries(s).filter(([, v]) => v !== '' && v != null));
        await page.goto(base + 'cari/?' + q);
      }
      o.searches.push({ query: s, ...(await searchResults(page)) });
      if (o.searches.length === 1) o.searchPage = await pageFacts(page);
    }
    // The cart: each item added on its product page, then the cart page filled in.
    for (const item of plan.cart || []) await addToCart(page, base, item);
    if ((plan.cart || []).length) await cart(o);
    out.steps.offline = o;
    // Requests still under way fail offline too: let them end first.
    await page.goto('about:blank');
    await sleep(500);
    await browser.setOffline(false);
    phase = 'online';
    await mark('online-again');
  }

  async function cart(o) {
    o.cartCount = await page.locator('.cartlink .cart-n').textContent();
    await page.goto(base + 'keranjang/');
    await page.locator('.send-list a').first().waitFor();
    // Sending with no name asks for it first.
    await page.locator('.send-list a').first().click();
    o.nameAsked = await page.locator('.need').isVisible();
    await page.fill('#b-name', plan.buyer.name);
    await page.fill('#b-address', plan.buyer.address);
    await page.fill('#b-note', plan.buyer.note);
    o.cart = await page.evaluate(() => ({
      groups: Array.from(document.querySelectorAll('.seller')).map((s) => ({
        name: s.querySelector('h2').textContent,
        items: s.querySelectorAll('.item').length,
        subtotal: s.querySelector('.sub strong').textContent,
      })),
      total: document.querySelector('.cart-total').hidden ? '' : document.querySelector('.cart-total strong').textContent,
      links: Array.from(document.querySelectorAll('.send-list a')).map((a) => a.href),
    }));
    o.cartPage = await pageFacts(page);
  }

  if (plan.steps.includes('carts')) {
    out.steps.carts = {};
    for (const site of plan.carts) {
      const c = {};
      for (const item of plan.cart) await addToCart(page, site.base, item);
      c.added = await page.locator('.cart-msg').innerHTML();
      await page.goto(site.base + 'keranjang/');
      await page.locator('.send-list a').first().waitFor();
      c.page = await pageFacts(page);
      c.drawn = await cartMarkup(page);
      // After reading the markup: the screenshot leaves style="" on the fields.
      if (site.screenshot) await page.screenshot({ path: site.screenshot, fullPage: true });
      await page.locator('.item .step[data-step="1"]').first().click();
      c.more = await cartMarkup(page);
      await page.fill('#b-name', plan.buyer.name);
      await page.locator('.item .rm').last().click();
      c.removed = await cartMarkup(page);
      await page.locator('.cart-clear').click();
      c.cleared = await cartMarkup(page);
      out.steps.carts[site.name] = c;
    }
  }

  if (plan.steps.includes('online2')) {
    const requests = [];
    const listen = (r) => requests.push({ url: r.url(), type: r.resourceType() });
    page.on('request', listen);
    const product = await visit(page, base + plan.screenshotOf);
    await page.waitForLoadState('networkidle');
    page.off('request', listen);
    await page.screenshot({ path: plan.screenshot, fullPage: true });
    // The first photo's corner: the photo itself, not the offline placeholder's cream.
    const corner = await page.evaluate(() => {
      const img = document.images[0];
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      return Array.from(g.getImageData(2, 2, 1, 1).data.slice(0, 3));
    });
    const share = await page.locator('button.share').isVisible();
    out.steps.online2 = { product, requests, share, corner, screenshot: plan.screenshot };
  }
} finally {
  await browser.close();
  if (!plan.profile) rmSync(profile, { recursive: true, force: true });
}

// Without JavaScript, and from disk: separate browsers, so no worker or cart carries over.
async function another(label, options, run) {
  const dir = mkdtempSync(join(tmpdir(), 'etalase-chromium-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
    viewport: { width: 360, height: 740 },
    ...options,
  });
  watch(ctx, label);
  try {
    return await run(await ctx.newPage());
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (plan.steps.includes('nojs')) {
  out.steps.nojs = await another('nojs', { javaScriptEnabled: false }, async (p) => {
    await p.goto(base + plan.screenshotOf);
    return {
      ...(await p.evaluate(() => ({
        whatsapp: Array.from(document.querySelectorAll('a.wa')).map((a) => a.href),
        cartFormShown: [...document.querySelectorAll('form.cart-add')].some((e) => e.checkVisibility({ checkVisibilityCSS: true })),
        cartLinkShown: [...document.querySelectorAll('.cartlink')].some((e) => e.checkVisibility({ checkVisibilityCSS: true })),
        shareShown: [...document.querySelectorAll('.share')].some((e) => e.checkVisibility({ checkVisibilityCSS: true })),
      }))),
    };
  });
}

if (plan.steps.includes('file')) {
  const site = pathToFileURL(plan.dir).href.replace(/\/?$/, '/');
  out.steps.file = await another('file', {}, async (p) => {
    const f = {};
    await p.goto(site + 'index.html');
    f.front = await pageFacts(p);
    f.hasWorker = await p.evaluate(() => !!(navigator.serviceWorker && navigator.serviceWorker.controller));
    // Folder links point at index.html from disk.
    const first = p.locator('.grid .card a').first();
    f.productHref = await first.getAttribute('href');
    // The click only starts the navigation: wait for the product page and its stylesheet
    // (measured too early, its buttons had no CSS yet and looked too small to tap).
    await first.click();
    await p.waitForURL((u) => u.href !== site + 'index.html');
    await p.waitForLoadState('load');
    f.product = await pageFacts(p);
    await p.goto(site + 'cari/index.html?q=' + encodeURIComponent(plan.searches[0].q));
    f.search = await searchResults(p);
    return f;
  });
}

console.log(JSON.stringify(out));
