// A producer adds a village and a product from a phone (issue 16, "How it is shown"):
// Debian's headless chromium as a phone (360×800, touch), the real `etalase edit`,
// knowing only what the screen says. Driven by tests/etalase/workshop_phone.rs:
//
//   node tests/browser/workshop-add.mjs '<plan as JSON>'
//
// The plan: `signIn`, the printed address with the key; `base`, the workshop's
// address; `village`, `product`, the names to type; `productDir`, where the product's
// folder will be (to see that a refused save wrote nothing); `photos`, two photo files
// to choose; `shareText`, what the Tokopedia app's Share button gives; `slowWifi`, to
// upload as over a slow Wi-Fi and record the progress shown; `shots`, a
// folder for screenshots (optional: the volunteer guide's pictures are taken so).
// Prints one JSON object.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
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
await context.addInitScript(() => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`);
  });
});
const page = await context.newPage();
const errors = [];
// A refused save is answered 422 or 409, which Chrome logs: those are expected.
page.on('console', (m) => { if (m.type() === 'error' && !/status of (422|409)/.test(m.text())) errors.push(m.text()); });
page.on('pageerror', (e) => errors.push(String(e)));
const shot = async (name, full = false) => {
  if (plan.shots) await page.screenshot({ path: path.join(plan.shots, `${name}.png`), fullPage: full });
};
const text = async (selector) => {
  const l = page.locator(selector);
  return (await l.count()) ? (await l.first().textContent()).trim() : null;
};

// Signed in by the address the computer shows.
await page.goto(plan.signIn, { waitUntil: 'load' });
// The thumbnails in sight drawn (lazy, made on first asking).
await page.waitForFunction(() => [...document.querySelectorAll('img')]
  .filter((i) => i.getBoundingClientRect().top < window.innerHeight)
  .every((i) => i.complete && i.naturalWidth > 0), null, { timeout: 60000 });
await shot('1-depan');

// A new village: the front page's button, its form's first field, Simpan.
await page.getByRole('link', { name: 'Tambah desa' }).click();
await page.waitForLoadState('load');
await page.getByLabel('Nama', { exact: true }).fill(plan.village);
await page.getByRole('button', { name: 'Simpan' }).click();
await page.waitForLoadState('load');
out.village = { url: page.url(), message: await text('.message') };

// Back to the catalog, and the new village's own Tambah produk.
await page.goto(`${plan.base}/`, { waitUntil: 'load' });
const section = page.locator('section.village', { has: page.getByRole('heading', { name: plan.village }) });
await section.getByRole('link', { name: 'Tambah produk' }).click();
await page.waitForLoadState('load');
out.blank = { url: page.url(), width: await page.evaluate(() => document.documentElement.scrollWidth) };

// First try: a price that is no price. Refused beside its field; nothing written.
await page.getByLabel('Nama', { exact: true }).fill(plan.product);
await page.getByLabel('Kategori', { exact: true }).selectOption('makanan');
await shot('2-produk-baru');
await page.getByLabel('Harga', { exact: true }).fill('lima belas ribu');
await page.getByRole('button', { name: 'Simpan' }).click();
await page.waitForLoadState('load');
out.refused = {
  url: page.url(),
  priceError: await text('#f-price-error'),
  invalid: await page.getByLabel('Harga', { exact: true }).getAttribute('aria-invalid'),
  kept: await page.getByLabel('Nama', { exact: true }).inputValue(),
  written: fs.existsSync(plan.productDir),
};
await page.getByLabel('Harga', { exact: true }).scrollIntoViewIfNeeded();
await shot('3-harga-salah');

// The preview's front page open in another tab: a save reloads it.
const preview = await context.newPage();
await preview.goto(`${plan.base}/pratinjau/`, { waitUntil: 'load' });
await preview.evaluate(() => { window.__before = true; });

// Second try: 15rb, the share text pasted whole, a description, two photos.
await page.getByLabel('Harga', { exact: true }).fill('15rb');
await page.getByLabel('Satuan', { exact: true }).fill('bungkus 250 g');
await page.getByLabel('Tokopedia', { exact: true }).fill(plan.shareText);
await page.getByLabel('Deskripsi', { exact: true }).fill('*Renyah* dan pedas.\nDigoreng tiap pagi.');
await page.getByLabel('Foto', { exact: true }).setInputFiles(plan.photos);
// A slow Wi-Fi (`slowWifi`: uploads at 64 KB/s): the upload's progress is shown.
const cdp = await context.newCDPSession(page);
if (plan.slowWifi) {
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 64 * 1024,
  });
}
const pressed = Date.now();
await page.getByRole('button', { name: 'Simpan' }).click();
// What the form shows while the photos go up: each new (progress, status line).
const progress = [];
while (plan.slowWifi && !page.url().endsWith('?disimpan') && Date.now() - pressed < 60000) {
  const now = await page.evaluate(() => {
    const bar = document.querySelector('form progress');
    const line = document.querySelector('form .upload-status');
    return bar && line ? `${bar.value}|${line.textContent}` : null;
  }).catch(() => null);
  if (now && !progress.includes(now)) progress.push(now);
  await new Promise((r) => setTimeout(r, 50));
}
out.progress = progress;
await page.waitForURL(/\?disimpan$/, { timeout: 60000 });
if (plan.slowWifi) {
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1,
  });
}
await page.waitForLoadState('load');
await page.waitForFunction(() => [...document.querySelectorAll('.photo-list img')].every((i) => i.complete));
out.saved = {
  url: page.url(),
  message: await text('.message'),
  price: await page.getByLabel('Harga', { exact: true }).inputValue(),
  tokopedia: await page.getByLabel('Tokopedia', { exact: true }).inputValue(),
  photos: await page.locator('.photo-list li').evaluateAll((lis) => lis.map((li) => li.dataset.name)),
  thumbs: await page.locator('.photo-list img').evaluateAll((imgs) => imgs.map((i) => i.naturalWidth)),
  width: await page.evaluate(() => document.documentElement.scrollWidth),
  // What is wider than the phone, if anything.
  wide: await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > 361)
    .slice(0, 5)
    .map((e) => `${e.tagName}.${e.className}#${e.id}`)),
};
await page.locator('fieldset.photos').scrollIntoViewIfNeeded();
await shot('4-tersimpan');

// The preview reloads by itself once the save is built.
await preview.waitForFunction(() => window.__before === undefined, null, { timeout: 60000 });
await preview.waitForLoadState('load');
out.reloadMs = Date.now() - pressed;
out.previewFront = (await preview.content()).includes(plan.village);

// "Lihat di situs": the product's page in the preview.
await page.getByRole('link', { name: 'Lihat di situs' }).click();
await page.waitForLoadState('load');
out.productPage = {
  url: page.url(),
  title: await text('h1'),
  images: await page.locator('main img').evaluateAll((imgs) => imgs.filter((i) => i.complete && i.naturalWidth > 0).length),
};
await shot('5-di-situs');
// Meanwhile, on the laptop, the price is changed by hand; the phone, with the form
// open since, saves another name: refused, the fields changed named, the newer shown.
await page.goBack({ waitUntil: 'load' });
const yamlPath = path.join(plan.productDir, 'product.yaml');
const typed = fs.readFileSync(yamlPath, 'utf8');
fs.writeFileSync(yamlPath, typed.replace('price: 15000', 'price: 16000'));
await page.getByLabel('Nama', { exact: true }).fill(`${plan.product} Pedas`);
await page.getByRole('button', { name: 'Simpan' }).click();
await page.waitForLoadState('load');
out.conflict = {
  message: await text('.message'),
  price: await page.getByLabel('Harga', { exact: true }).inputValue(),
  untouched: fs.readFileSync(yamlPath, 'utf8') === typed.replace('price: 15000', 'price: 16000'),
};
fs.writeFileSync(yamlPath, typed);
// A file that is no photo, chosen as one: refused beside Foto, nothing written.
await page.goto(page.url(), { waitUntil: 'load' });
const before = fs.readdirSync(plan.productDir).sort().join(',');
await page.getByLabel('Foto', { exact: true }).setInputFiles({
  name: 'foto-produk.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('bukan foto, hanya teks'),
});
await page.getByRole('button', { name: 'Simpan' }).click();
await page.waitForFunction(() => document.querySelector('#f-foto-error'), null, { timeout: 30000 });
out.notAPhoto = {
  error: await text('#f-foto-error'),
  unchanged: fs.readdirSync(plan.productDir).sort().join(',') === before,
};
out.errors = errors;
out.violations = await preview.evaluate(() => window.__violations);
await browser.close();
console.log(JSON.stringify(out));
