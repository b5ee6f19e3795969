// Lighthouse on a built catalog, served as a host serves it (gzip, under /katalog/),
// in Debian's chromium, as a phone on a slow 3G line:
//
//   node tests/lighthouse/run.mjs <site folder> <page> [<page> …]     (pages relative to the root; '' is the front page)
//
// Prints each page's scores and exits 1 when one is under 95. Run by scripts/lighthouse.
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { readFile, stat } from 'node:fs/promises';
import { join, extname } from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const [site, ...pages] = process.argv.slice(2);
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp', '.webmanifest': 'application/manifest+json',
  '.json': 'application/json', '.xml': 'application/xml', '.txt': 'text/plain',
};

const server = http.createServer(async (req, res) => {
  let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (!path.startsWith('/katalog/')) { res.writeHead(404).end(); return; }
  let file = join(site, path.slice('/katalog/'.length));
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    let body = await readFile(file);
    const type = TYPES[extname(file)] || 'application/octet-stream';
    const headers = { 'Content-Type': type, 'Cache-Control': extname(file) === '.html' || file.endsWith('sw.js') ? 'no-cache' : 'max-age=31536000' };
    if (/text|javascript|json|svg|xml|manifest/.test(type) && /gzip/.test(req.headers['accept-encoding'] || '')) {
      body = gzipSync(body);
      headers['Content-Encoding'] = 'gzip';
    }
    res.writeHead(200, headers).end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/html' }).end(await readFile(join(site, '404.html')).catch(() => ''));
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/katalog/`;

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
  chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
let low = false;
const report = {};
try {
  for (const page of pages.length ? pages : ['']) {
    const result = await lighthouse(base + page, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      formFactor: 'mobile',
      throttlingMethod: 'simulate',
      // Lighthouse's "regular 3G": 300 ms round trips, 700 kbit/s, a phone 4× slower.
      throttling: { rttMs: 300, throughputKbps: 700, cpuSlowdownMultiplier: 4 },
    });
    const scores = Object.fromEntries(Object.entries(result.lhr.categories).map(([k, v]) => [k, Math.round(v.score * 100)]));
    const a = result.lhr.audits;
    report[page || '(front)'] = {
      ...scores,
      fcp: a['first-contentful-paint'].displayValue,
      lcp: a['largest-contentful-paint'].displayValue,
      tbt: a['total-blocking-time'].displayValue,
      cls: a['cumulative-layout-shift'].displayValue,
    };
    if (Object.values(scores).some((s) => s < 95)) low = true;
  }
} finally {
  await chrome.kill();
  server.close();
}
console.log(JSON.stringify(report, null, 2));
process.exit(low ? 1 : 0);
