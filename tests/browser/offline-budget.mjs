// A buyer on metered data and a large catalog (issue 18), in Debian's headless chromium,
// driven by tests/etalase/browser/budget.rs:
//
//   node tests/browser/offline-budget.mjs '<plan as JSON>'
//
// plan: { base (the site's address, ends with '/'), product, village, far (a product of
// a village never visited), farName (its name), step, profile? }. The Rust side puts
// marks in its static host's log around each step, and counts the bytes it sent.
// Steps (plan.step):
//   first     one visit to plan.product in a fresh profile; waits until the worker is
//             installed, its warm-up done and the network idle for 2 s
//   browse    then plan.village (a listing page): its products are kept within the
//             budget; then offline: a kept product opens, plan.far shows the offline
//             page; back online, a search finds plan.farName
//   savedata  as `first`, with the browser asking to save data (navigator.connection.saveData)
//   whole     the front page, then the footer's "save the whole catalog" button: until
//             everything is kept; then offline, plan.far opens
// Prints one JSON object.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const plan = JSON.parse(process.argv[2]);
const base = plan.base;
const out = { consoleErrors: [], pageErrors: [] };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const profile = plan.profile || mkdtempSync(join(tmpdir(), 'etalase-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
  ],
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  serviceWorkers: 'allow',
  locale: 'id-ID',
});
browser.on('console', (m) => {
  if (m.type() === 'error' && out.phase !== 'offline') out.consoleErrors.push(m.text());
});
browser.on('weberror', (e) => out.pageErrors.push(String(e.error())));
if (plan.step === 'savedata') {
  await browser.addInitScript(() => {
    if (navigator.connection) Object.defineProperty(navigator.connection, 'saveData', { get: () => true });
  });
}

async function mark(what) {
  await fetch(new URL('/__mark/' + what, base)).catch(() => {});
}

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

/* Until the worker is installed and idle, then 2 s more with nothing asked of the
   host (the Rust side's log is the judge of that; here, the worker's own word). */
async function settle(page, until) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  const end = Date.now() + (until || 60000);
  let s = await swStatus(page);
  for (;;) {
    while ((s.shell < s.shellTotal || s.warming) && Date.now() < end) {
      await sleep(250);
      s = await swStatus(page);
    }
    await sleep(2000);
    s = await swStatus(page);
    if (!s.warming || Date.now() > end) return s;
  }
}

const facts = (page) => page.evaluate(() => ({
  url: location.href,
  h1: (document.querySelector('h1') || {}).textContent || '',
  kind: (/\bk-(\S+)/.exec(document.body.className) || [])[1] || '',
  keep: (() => { const k = document.querySelector('.keep'); return k && !k.hidden ? k.textContent.trim() : null; })(),
  saved: (() => { const k = document.querySelector('.saved'); return !!k && !k.hidden; })(),
}));

const page = await browser.newPage();
try {
  if (plan.step === 'first' || plan.step === 'browse' || plan.step === 'savedata') {
    await mark('first');
    await page.goto(base + plan.product, { waitUntil: 'load' });
    out.first = { status: await settle(page), page: await facts(page) };
    await mark('first-done');
  }
  if (plan.step === 'browse') {
    await page.goto(base + plan.village, { waitUntil: 'load' });
    out.village = { status: await settle(page), page: await facts(page) };
    out.villageProducts = await page.evaluate(() => Array.from(new Set(
      Array.from(document.querySelectorAll('main a[href]')).map((a) => a.href)
        .filter((h) => /\/[^/]+\/[^/]+\/$/.test(new URL(h).pathname) && !/\/(kategori|halaman)\//.test(h)),
    )));
    await mark('offline');
    out.phase = 'offline';
    const kept = out.villageProducts[out.villageProducts.length - 1];
    await page.goto(kept, { waitUntil: 'load' }).catch(() => {});
    out.offlineKept = await facts(page);
    await page.goto(base + plan.far, { waitUntil: 'load' }).catch(() => {});
    out.offlineFar = await facts(page);
    await mark('online-again');
    out.phase = 'online';
    await page.goto(base + 'cari/?q=' + encodeURIComponent(plan.farName), { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelectorAll('.results a[href]').length > 0, null, { timeout: 20000 }).catch(() => {});
    out.search = await page.evaluate(() => Array.from(document.querySelectorAll('.results a[href]')).map((a) => new URL(a.href).pathname));
  }
  if (plan.step === 'whole') {
    await page.goto(base, { waitUntil: 'load' });
    await settle(page);
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('.keep:not([hidden]) button', { timeout: 10000 });
    out.button = (await page.textContent('.keep button')).trim();
    await page.click('.keep button');
    await page.waitForSelector('.saved:not([hidden])', { timeout: plan.wholeTimeoutMs || 240000 });
    out.whole = { status: await swStatus(page), page: await facts(page) };
    await mark('offline');
    out.phase = 'offline';
    await page.goto(base + plan.far, { waitUntil: 'load' }).catch(() => {});
    out.offlineFar = await facts(page);
    await mark('online-again');
  }
} catch (e) {
  out.error = String(e && e.stack || e);
} finally {
  await browser.close();
  if (!plan.profile) rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(out));
