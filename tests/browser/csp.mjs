// Every page of a built site in Debian's headless chromium, checking that its
// Content-Security-Policy is in force and that the site itself never violates it.
// Driven by tests/etalase/hostile/pages.rs:
//
//   node tests/browser/csp.mjs '<plan as JSON>'
//
// The plan: `urls`, the pages to open (over http and from file://); `probe`, one
// page on which to prove the policy bites (an injected inline script must be
// blocked). Prints one JSON object: per page, the `securitypolicyviolation` events
// and console errors seen; and what the probe saw.
import { chromium } from 'playwright-core';

const plan = JSON.parse(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
});
const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: 'allow' });
// Registered before any page script: the events of the whole load are caught.
await context.addInitScript(() => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
  });
});
const out = { pages: [], probe: null };
for (const url of plan.urls) {
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: 'load' });
  // Let deferred scripts, the search index and the worker registration run.
  await page.waitForTimeout(300);
  const facts = await page.evaluate(() => ({
    violations: window.__violations,
    policy: (document.querySelector('meta[http-equiv="Content-Security-Policy"]') || {}).content || '',
    scripted: document.documentElement.classList.length > 0 || !!document.querySelector('[data-js], .js'),
  }));
  out.pages.push({ url, errors, ...facts });
  await page.close();
}
// The policy bites: script injected as HTML (what a sanitiser bug would let through)
// does not run, and is reported.
const page = await context.newPage();
await page.goto(plan.probe, { waitUntil: 'load' });
out.probe = await page.evaluate(async () => {
  window.__ran = false;
  const div = document.createElement('div');
  div.innerHTML = '<img src="x.png" onerror="window.__ran = true">';
  document.body.appendChild(div);
  const s = document.createElement('script');
  s.textContent = 'window.__ran = true';
  document.body.appendChild(s);
  await new Promise((r) => setTimeout(r, 300));
  return { ran: window.__ran, violations: window.__violations };
});
await browser.close();
console.log(JSON.stringify(out));
