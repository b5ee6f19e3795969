// The preview of `etalase serve` in Debian's headless chromium, driven by
// tests/etalase/serve.rs:
//
//   node tests/browser/preview.mjs '{"url": "http://127.0.0.1:PORT/desa/produk/", "tabs": 3,
//                                    "saves": [{"file": "/…/product.yaml", "text": "…", "expect": "reload"}]}'
//
// Opens `tabs` tabs on `url` and waits until each has its live-reload event stream
// open. Then for each save: writes `text` to `file` as an editor does, and waits until
// every tab has reloaded (`expect: "reload"`: a new page loaded) or shows the problems
// overlay (`expect: "overlay"`); then opens the page once more, fresh, as a tab opened
// after the save. Prints one JSON object: per save, what each tab and the fresh page
// show; the Rust test holds the expectations.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const plan = JSON.parse(process.argv[2]);
const profile = mkdtempSync(join(tmpdir(), 'etalase-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
  viewport: { width: 360, height: 740 },
  serviceWorkers: 'block',
});
const out = { saves: [], pageErrors: [], consoleErrors: [] };
browser.on('weberror', (e) => out.pageErrors.push(String(e.error())));
browser.on('console', (m) => {
  if (m.type() === 'error') out.consoleErrors.push(m.text());
});

/* What a page shows: its heading, the overlay's text if any, and whether the page's
   own end (its footer) was parsed as markup rather than swallowed by a script. */
const facts = (page) => page.evaluate(() => {
  const overlay = document.getElementById('etalase-overlay');
  return {
    h1: document.querySelector('h1') ? document.querySelector('h1').textContent.trim() : null,
    overlay: overlay ? overlay.textContent : null,
    footer: !!document.querySelector('footer'),
  };
});

/* Opens the page and resolves once its event stream has answered. */
async function open(page) {
  const stream = page.waitForResponse((r) => r.url().includes('/_etalase/events'), { timeout: 20000 });
  await page.goto(plan.url);
  await stream;
}

try {
  const tabs = [];
  for (let i = 0; i < plan.tabs; i++) {
    const page = await browser.newPage();
    await open(page);
    tabs.push(page);
  }
  for (const save of plan.saves) {
    const loads = tabs.map((p) => p.waitForEvent('load', { timeout: 20000 }).then(() => true, () => false));
    // After a reload the tab's stream opens anew: open before the next save.
    const streams = tabs.map((p) => p.waitForResponse((r) => r.url().includes('/_etalase/events'), { timeout: 20000 }).catch(() => {}));
    writeFileSync(save.file, save.text);
    const seen = { tabs: [] };
    if (save.expect === 'reload') {
      const reloaded = await Promise.all(loads);
      await Promise.all(streams);
      for (const [i, p] of tabs.entries()) seen.tabs.push({ reloaded: reloaded[i], ...(await facts(p)) });
    } else {
      for (const p of tabs) {
        const shown = await p.waitForSelector('#etalase-overlay', { timeout: 20000 }).then(() => true, () => false);
        seen.tabs.push({ shown, ...(await facts(p)) });
      }
    }
    const fresh = await browser.newPage();
    await fresh.goto(plan.url);
    if (save.expect === 'overlay') await fresh.waitForSelector('#etalase-overlay', { timeout: 5000 }).catch(() => {});
    seen.fresh = await facts(fresh);
    await fresh.close();
    out.saves.push(seen);
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(out));
