// A producer deletes a product from a phone, finds it in Sampah, restores it, and
// takes the restore back from Perubahan terakhir (issue 17, point 2): Debian's
// headless chromium as a phone (360×800, touch), the real `etalase edit`, knowing only
// what the screen says. Driven by tests/etalase/undo.rs:
//
//   node tests/browser/workshop-undo.mjs '<plan as JSON>'
//
// The plan: `signIn`, the printed address with the key; `base`, the workshop's
// address; `product`, the product's name on the front page; `shots`, a folder for
// screenshots (optional). Prints one JSON object: what each page said, and its width.
import { chromium } from 'playwright-core';
import path from 'node:path';

const plan = JSON.parse(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
});
const context = await browser.newContext({ viewport: { width: 360, height: 800 }, isMobile: true, hasTouch: true });
await context.addInitScript(() => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`);
  });
});
const page = await context.newPage();
const errors = [];
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
page.on('pageerror', (e) => errors.push(String(e)));
const shot = async (name) => {
  if (plan.shots) await page.screenshot({ path: path.join(plan.shots, `${name}.png`), fullPage: true });
};
const text = async (selector) => {
  const l = page.locator(selector);
  return (await l.count()) ? (await l.first().textContent()).trim() : null;
};
const seen = async () => ({
  url: new URL(page.url()).pathname,
  title: await text('h1'),
  message: await text('.message'),
  width: await page.evaluate(() => document.documentElement.scrollWidth),
  violations: await page.evaluate(() => window.__violations),
});
const out = {};

await page.goto(plan.signIn, { waitUntil: 'load' });
// The product's form, its `Hapus produk`, the question, `Ya, hapus`.
await page.getByRole('link', { name: plan.product, exact: true }).click();
await page.waitForLoadState('load');
await page.getByRole('link', { name: 'Hapus produk' }).click();
await page.waitForLoadState('load');
out.question = { ...(await seen()), asked: await text('.question') };
await shot('hapus-1-yakin');
await page.getByRole('button', { name: 'Ya, hapus' }).click();
await page.waitForLoadState('load');
out.deleted = {
  ...(await seen()),
  listed: await page.getByRole('link', { name: plan.product, exact: true }).count(),
};
await shot('hapus-2-depan');
// Sampah: the entry, `Pulihkan`.
await page.getByRole('link', { name: 'Sampah' }).click();
await page.waitForLoadState('load');
out.trash = { ...(await seen()), entries: await page.locator('.trash li .label').allTextContents() };
await shot('hapus-3-sampah');
await page.getByRole('button', { name: 'Pulihkan' }).first().click();
await page.waitForLoadState('load');
out.restored = { ...(await seen()), entries: await page.locator('.trash li').count() };
// Perubahan terakhir: the restore, then the deletion; `Batalkan` on the newest only.
await page.getByRole('link', { name: 'Kembali ke katalog' }).click();
await page.waitForLoadState('load');
out.front = {
  ...(await seen()),
  listed: await page.getByRole('link', { name: plan.product, exact: true }).count(),
};
await page.getByRole('link', { name: 'Perubahan terakhir' }).click();
await page.waitForLoadState('load');
out.history = {
  ...(await seen()),
  changes: await page.locator('.history li .label').allTextContents(),
  buttons: await page.getByRole('button', { name: 'Batalkan' }).count(),
};
await shot('hapus-4-riwayat');
await page.getByRole('button', { name: 'Batalkan' }).click();
await page.waitForLoadState('load');
out.undone = {
  ...(await seen()),
  changes: await page.locator('.history li .label').allTextContents(),
};
out.errors = errors;
await browser.close();
console.log(JSON.stringify(out));
