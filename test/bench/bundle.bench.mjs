// The web app's weight: the JavaScript and CSS a browser fetches to show the login page
// (route-level code splitting keeps the rest out), gzip-compressed. Target: JS under 250 kB.
import { createServer } from 'node:http';
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { root, table } from './lib.mjs';

const dist = join(root, 'frontend', 'dist');
if (!existsSync(join(dist, 'index.html'))) throw new Error('frontend/dist is missing: run pnpm build');
const types = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.svg': 'image/svg+xml' };
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(req.url.split('?')[0])).replace(/^(\.\.[/\\])+/u, '');
  if (path.startsWith('/api/')) return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"statusCode":401,"message":"x"}');
  const file = join(dist, path);
  const hit = existsSync(file) && extname(file) ? file : join(dist, 'index.html');
  res.writeHead(200, { 'content-type': types[extname(hit)] ?? 'application/octet-stream' }).end(readFileSync(hit));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

if (!existsSync('/usr/bin/chromium')) {
  console.log('Skipped: needs Debian\'s chromium at /usr/bin/chromium (apt-get install chromium; .ci/run installs it).');
  server.close();
  process.exit(0);
}
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const sizes = { js: { raw: 0, gzip: 0, files: 0 }, css: { raw: 0, gzip: 0, files: 0 } };
try {
  const page = await (await browser.newContext()).newPage();
  page.on('requestfinished', (req) => {
    const url = new URL(req.url());
    const kind = url.pathname.endsWith('.js') ? 'js' : url.pathname.endsWith('.css') ? 'css' : null;
    if (!kind) return;
    const body = readFileSync(join(dist, url.pathname));
    sizes[kind].raw += body.length;
    sizes[kind].gzip += gzipSync(body, { level: 9 }).length;
    sizes[kind].files += 1;
  });
  await page.goto(`${base}/logga-in`, { waitUntil: 'load' });
  await page.getByRole('button', { name: 'Logga in' }).waitFor({ timeout: 15_000 });
  await page.waitForTimeout(500);
} finally {
  await browser.close();
  server.close();
}
const kb = (n) => Math.round((n / 1024) * 10) / 10;
const figures = {
  login_js_files: sizes.js.files,
  login_js_kb: kb(sizes.js.raw),
  login_js_gzip_kb: kb(sizes.js.gzip),
  login_css_gzip_kb: kb(sizes.css.gzip),
  target_js_gzip_kb: 250,
};
table([figures]);
writeFileSync(join(root, 'test', 'bench', 'results-bundle.json'), `${JSON.stringify({ figures }, null, 2)}\n`);
if (figures.login_js_gzip_kb >= 250) process.exitCode = 1;
