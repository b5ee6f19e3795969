// The 404 page at addresses that do not exist, in Debian's headless chromium, driven by
// tests/etalase/publish.rs:
//
//   node tests/browser/notfound.mjs '{"urls": ["http://127.0.0.1:PORT/katalog/a/b/c/nonexistent", ...]}'
//
// For each address: the status, the <base> the page settled on, where each link of the
// page points, whether the inlined style applied, then where clicking "back home"
// leads. Prints one JSON object; the Rust test holds the expectations.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
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
const out = { pages: [], pageErrors: [] };
try {
  const page = browser.pages()[0] || (await browser.newPage());
  page.on('pageerror', (e) => out.pageErrors.push(String(e)));
  for (const url of plan.urls) {
    const response = await page.goto(url, { waitUntil: 'networkidle' });
    const seen = await page.evaluate(() => ({
      base: document.baseURI,
      kind: document.body.className,
      h1: document.querySelector('h1')?.textContent ?? null,
      links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
      home: document.querySelector('a.btn.home')?.href ?? null,
      styled: getComputedStyle(document.body).display === 'flex' && getComputedStyle(document.querySelector('.nf')).textAlign === 'center',
      stylesheets: document.querySelectorAll('link[rel=stylesheet]').length,
      scripts: [...document.querySelectorAll('script[src]')].map((s) => s.src),
    }));
    await page.click('a.btn.home');
    await page.waitForLoadState('load');
    const after = await page.evaluate(() => ({
      url: location.href,
      kind: document.body.className,
    }));
    out.pages.push({ url, status: response.status(), ...seen, after });
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(out));
