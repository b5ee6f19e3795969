// The workshop (`etalase edit`) in Debian's headless chromium as a phone (360×800,
// touch): signed in by the address it printed, its front page, its preview, signing
// out; and a second context without the session, refused. Driven by
// tests/etalase/workshop.rs:
//
//   node tests/browser/workshop.mjs '<plan as JSON>'
//
// The plan: `signIn`, the printed address with the key; `front`, the front page's
// address; `shot`, where to save a screenshot of the front page. Prints one JSON object.
import { chromium } from 'playwright-core';

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
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
page.on('pageerror', (e) => errors.push(String(e)));
const first = await page.goto(plan.signIn, { waitUntil: 'load' });
out.landed = page.url();
out.status = first.status();
out.front = await page.evaluate(() => ({
  villages: [...document.querySelectorAll('.village h2')].map((h) => h.textContent),
  products: [...document.querySelectorAll('li.product')].map((li) => ({
    slug: li.dataset.slug,
    name: li.querySelector('.name').textContent,
    price: li.querySelector('.price').textContent,
    problems: li.querySelector('.problems').dataset.count,
  })),
  // Nothing wider than the phone: no sideways scrolling.
  width: document.documentElement.scrollWidth,
  // The session cookie is not for scripts.
  cookie: document.cookie,
  styled: getComputedStyle(document.querySelector('.village')).borderRadius,
  violations: window.__violations,
}));
// The first product's thumbnail, in sight: loaded from the workshop, at its size.
out.thumb = await page
  .waitForFunction(() => {
    const img = document.querySelector('li.product img.thumb');
    return img && img.complete && img.naturalWidth > 0
      && { natural: img.naturalWidth, shown: Math.round(img.getBoundingClientRect().width) };
  }, null, { timeout: 15000 })
  .then((h) => h.jsonValue())
  .catch((e) => String(e));
out.cookies = (await context.cookies()).map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }));
if (plan.shot) await page.screenshot({ path: plan.shot, fullPage: false });
// The preview, behind the same session, from the front page's link.
await page.getByRole('link', { name: 'Lihat situs' }).click();
await page.waitForLoadState('load');
out.preview = { url: page.url(), villages: await page.locator('a[href="sabrang/"]').count() };
// Until here nothing may fail; after signing out, the refusals are the point.
out.errors = errors.slice();
// Signing out with the page's own form (its CSRF token).
await page.goto(plan.front, { waitUntil: 'load' });
await page.getByRole('button', { name: 'Keluar' }).click();
await page.waitForLoadState('load');
out.signedOut = await page.locator('main').textContent();
const again = await page.goto(plan.front, { waitUntil: 'load' });
out.afterSignOut = again.status();

// Another phone that never opened the address: refused, told how to get in.
const stranger = await browser.newContext(phone);
const other = await stranger.newPage();
const refused = await other.goto(plan.front, { waitUntil: 'load' });
out.stranger = { status: refused.status(), text: await other.locator('main').textContent() };
await browser.close();
console.log(JSON.stringify(out));
