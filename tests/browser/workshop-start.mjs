// etalase double-clicked in a folder with no catalog (issue 17, point 3), as the
// computer's browser shows it: the page offering to make a catalog, the name typed,
// `Buat katalog` pressed, the workshop opening on the new catalog by itself, and
// `Hentikan ruang kerja` stopping it. Headless chromium, driven by
// tests/etalase/start.rs:
//
//   node tests/browser/workshop-start.mjs '<plan as JSON>'
//
// The plan: `signIn`, the printed address with the key; `name`, the folder name to
// type; `message`, the lines etalase printed in its window; `shots`, a folder for the
// volunteer guide's pictures (optional): the window's message drawn as a terminal
// window draws it, and the offer. Prints one JSON object.
import { chromium } from 'playwright-core';
import path from 'node:path';

const plan = JSON.parse(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
});
const out = {};
const errors = [];
const context = await browser.newContext({ viewport: { width: 360, height: 800 }, isMobile: true, hasTouch: true });
const page = await context.newPage();
page.on('pageerror', (e) => errors.push(String(e)));
page.on('console', (m) => { if (m.type() === 'error' && !/status of 422/.test(m.text())) errors.push(m.text()); });

if (plan.shots && plan.message) {
  // The window a double-click opens, with what etalase really printed in it.
  const win = await browser.newPage({ viewport: { width: 640, height: 260 } });
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  await win.setContent(`<!doctype html><meta charset="utf-8"><body style="margin:0;background:#1e1e1e">
<div style="background:#ddd;font:13px sans-serif;padding:6px 10px;color:#222">etalase</div>
<pre style="margin:0;padding:10px;color:#eee;font:14px/1.45 monospace;white-space:pre-wrap">${escape(plan.message.join('\n'))}</pre>`);
  await win.screenshot({ path: path.join(plan.shots, '0-jendela.png') });
  await win.close();
}

await page.goto(plan.signIn);
out.offered = (await page.locator('main').innerText()).trim();
out.suggested = await page.getByLabel(/Nama folder katalog/).inputValue();
if (plan.shots) await page.screenshot({ path: path.join(plan.shots, '0-buat-katalog.png') });
await page.getByLabel(/Nama folder katalog/).fill(plan.name);
await page.getByRole('button', { name: 'Buat katalog' }).click();
out.made = (await page.getByRole('status').innerText()).trim();
// The page goes on to the workshop by itself once it answers.
await page.getByRole('link', { name: 'Tambah desa' }).waitFor({ timeout: 30000 });
out.front = (await page.locator('main').innerText()).trim();
await page.getByRole('button', { name: 'Hentikan ruang kerja' }).click();
out.stopped = (await page.getByRole('status').innerText()).trim();
out.errors = errors;
console.log(JSON.stringify(out));
await browser.close();
