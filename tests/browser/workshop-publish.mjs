// A volunteer publishes the catalog from a phone (issue 17, point 1): Debian's headless
// chromium as a phone (360×800, touch), the real `etalase edit` on a catalog that is a
// git repository with a remote. Driven by tests/etalase/workshop_publish.rs:
//
//   node tests/browser/workshop-publish.mjs '<plan as JSON>'
//
// The plan: `signIn`, the printed address with the key; `shots`, a folder for
// screenshots (optional), and `shotPrefix`, the start of their names. From the front
// page, the `Terbitkan` link, the page's list of changes, the `Terbitkan` button, and
// what the page says then. Prints one JSON object.
import { chromium } from 'playwright-core';
import path from 'node:path';

const plan = JSON.parse(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
});
const phone = { viewport: { width: 360, height: 800 }, isMobile: true, hasTouch: true };
const out = {};
const context = await browser.newContext(phone);
const page = await context.newPage();
const errors = [];
// A refused publish is answered 409, 422 or 502, which Chrome logs: those are expected.
page.on('console', (m) => { if (m.type() === 'error' && !/status of (409|422|502)/.test(m.text())) errors.push(m.text()); });
page.on('pageerror', (e) => errors.push(String(e)));
const shot = async (name) => {
  if (plan.shots) await page.screenshot({ path: path.join(plan.shots, `${plan.shotPrefix || ''}${name}.png`), fullPage: true });
};
const texts = async (selector) => (await page.locator(selector).allTextContents()).map((t) => t.trim());

await page.goto(plan.signIn, { waitUntil: 'load' });
await page.getByRole('link', { name: 'Terbitkan' }).click();
await page.waitForLoadState('load');
out.before = {
  url: page.url(),
  title: await page.title(),
  changes: await texts('ul.changes li'),
  width: await page.evaluate(() => document.documentElement.scrollWidth),
};
await shot('terbitkan');
await page.getByRole('button', { name: 'Terbitkan' }).click();
await page.waitForLoadState('load');
out.after = {
  url: page.url(),
  messages: await texts('.message'),
  width: await page.evaluate(() => document.documentElement.scrollWidth),
};
await shot('hasil');
out.errors = errors;
await browser.close();
console.log(JSON.stringify(out));
