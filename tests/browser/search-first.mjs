// Search that does not load the whole catalog (issue 18, point 4): what a buyer's
// first search transfers, measured as the DevTools protocol counts it (each response's
// encodedDataLength: headers and the gzipped body), and what it finds. Each search in a
// fresh browser (nothing cached, no service worker) opened at `cari/?q=…`, as the
// header's search box lands. Driven by tests/etalase/browser/search.rs:
//
//   node tests/browser/search-first.mjs '{"base": "http://127.0.0.1:N/", "queries": ["kerip", "kripik"], "more": "kripik"}'
//
// Prints { query: { bytes: search files' bytes, files: [[url, bytes]…], found, names,
// villages, hrefs, more: names after "lihat lebih banyak" (for the query `more`) } }.
import { chromium } from 'playwright-core';

const plan = JSON.parse(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
});
const cards = (page) => page.evaluate(() => Array.from(document.querySelectorAll('.results .card')).map((c) => ({
  name: c.querySelector('.card-name').textContent,
  village: c.querySelector('.card-village').textContent,
  href: c.querySelector('a').getAttribute('href'),
})));
const out = {};
for (const query of plan.queries) {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const urls = {};
  const bytes = {};
  cdp.on('Network.requestWillBeSent', (e) => { urls[e.requestId] = e.request.url; });
  cdp.on('Network.loadingFinished', (e) => { bytes[e.requestId] = e.encodedDataLength; });
  await page.goto(plan.base + 'cari/?q=' + encodeURIComponent(query), { waitUntil: 'load' });
  await page.waitForFunction(() => {
    const f = document.querySelector('.found');
    return f && f.textContent.trim() !== '';
  }, null, { timeout: 20000 });
  await page.waitForLoadState('networkidle');
  const files = Object.keys(urls)
    .filter((id) => urls[id].includes('/assets/search/'))
    .map((id) => [new URL(urls[id]).pathname, bytes[id] || 0]);
  const shown = await cards(page);
  const r = {
    bytes: files.reduce((a, f) => a + f[1], 0),
    files,
    found: await page.textContent('.found'),
    names: shown.map((c) => c.name),
    villages: shown.map((c) => c.village),
    hrefs: shown.map((c) => c.href),
  };
  if (query === plan.more) {
    await page.click('.more');
    await page.waitForFunction((n) => document.querySelectorAll('.results .card').length > n, shown.length);
    r.more = (await cards(page)).map((c) => c.name);
  }
  out[query] = r;
  await context.close();
}
console.log(JSON.stringify(out));
await browser.close();
