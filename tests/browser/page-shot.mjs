// A picture, for the volunteer guide, of a workshop page answered to a post (a publish
// refused, a merge undone…): the page's HTML as the test received it, shown at the
// workshop's own address so its stylesheet loads, on a phone (360×800). Used by the
// tests only when ETALASE_SHOTS names a folder:
//
//   node tests/browser/page-shot.mjs '{"base": "http://127.0.0.1:N", "html": "…", "path": "…png"}'
import { chromium } from 'playwright-core';

const plan = JSON.parse(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
});
const context = await browser.newContext({ viewport: { width: 360, height: 800 }, isMobile: true, hasTouch: true });
const page = await context.newPage();
await page.route(`${plan.base}/__gambar`, (route) =>
  route.fulfill({ contentType: 'text/html; charset=utf-8', body: plan.html }));
await page.goto(`${plan.base}/__gambar`);
await page.screenshot({ path: plan.path, fullPage: true });
console.log(JSON.stringify({ ok: true }));
await browser.close();
