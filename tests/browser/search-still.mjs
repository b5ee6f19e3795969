// The search page holds still (issue 18, point 5): the layout shifts a buyer's phone
// (Lighthouse's phone, 412×823) sees while `cari/` loads and its results appear, summed as Lighthouse sums CLS
// (shifts not caused by input), on a slow phone (4× slower CPU, a slow 3G network, as
// Lighthouse's mobile run). Driven by tests/etalase/browser/mod.rs:
//
//   node tests/browser/search-still.mjs '{"base": "http://127.0.0.1:N/", "index": "assets/search.….js", "pages": ["cari/", "cari/?q=keripik"]}'
//
// Prints { page: { cls, shifts: [what moved…] } }.
import { chromium } from 'playwright-core';

const plan = JSON.parse(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
});
const out = {};
for (const path of plan.pages) {
  // A fresh phone each time: nothing cached, no service worker yet.
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1.75 });
  await context.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        const moved = (e.sources || []).map((s) => (s.node && s.node.nodeType === 1
          ? s.node.tagName.toLowerCase() + (s.node.className ? '.' + String(s.node.className).split(' ').join('.') : '')
          : String(s.node && s.node.nodeName)));
        window.__shifts.push({ value: e.value, moved });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const page = await context.newPage();
  // The index arrives a second after the page, as on a slow network: what it draws is
  // drawn after the first paint (on a fast one it may come before, and hide a shift).
  const index = new URL(plan.index, plan.base).href;
  await page.route(index, async (route) => {
    await new Promise((r) => setTimeout(r, 1000));
    await route.continue();
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: 1.6 * 1024 * 1024 / 8, uploadThroughput: 750 * 1024 / 8,
  });
  await page.goto(plan.base + path, { waitUntil: 'networkidle' });
  await page.waitForTimeout(1500);
  const shifts = await page.evaluate(() => window.__shifts);
  out[path] = { cls: shifts.reduce((a, s) => a + s.value, 0), shifts };
  await context.close();
}
console.log(JSON.stringify(out));
await browser.close();
