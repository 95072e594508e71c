// Lighthouse (mobile, its default emulation and throttling) on the built app with the demo data:
// login, Mina rapporter, the report editor, Granskning, Översikt and /oppen-data. Logged-in pages
// get the session cookie as an extra header. Targets: performance >= 90, accessibility 100, best
// practices 100, cumulative layout shift < 0.1. Scores move with machine load (Lighthouse simulates
// a slow phone from the CPU it measures), so read them with the load printed beside them.
// Needs Node >= 22 (Lighthouse 13) and Debian's chromium; `LIGHTHOUSE_RUNS=n` takes the median of n,
// `LIGHTHOUSE_PAGES=a,b` measures only the named pages (results-lighthouse.json is then not written),
// `LIGHTHOUSE_DUMP=dir` keeps each full Lighthouse report there.
import { writeFileSync, existsSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { benchEnvironment, root, table } from './lib.mjs';

const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROME)) {
  console.log(`Skipped: needs chromium at ${CHROME} (apt-get install chromium; .ci/run installs it).`);
  process.exit(0);
}
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 1));
const TARGET = { performance: 90, accessibility: 100, bestPractices: 100, cls: 0.1 };

const env = await benchEnvironment('lighthouse');
/** A fresh browser profile per run: each page is measured as a first visit, nothing left by the page before. */
const launchChrome = () =>
  chromeLauncher.launch({
    chromePath: CHROME,
    chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
/**
 * Lighthouse scales its simulated phone by the CPU it measures, so each run waits (at most 90 s) for
 * the 1-minute load to fall below 1: what the benchmark before it, the app's first start with the
 * demo data and the previous page's Chrome left running would otherwise be scored as the page's.
 */
async function quietMachine() {
  const until = Date.now() + 90_000;
  while (loadavg()[0] >= 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 2_000));
}
const rows = [];
try {
  env.spawnApp('main.js', { UPPSIKT_DEMO: '1', WORKER_IN_PROCESS: '1' });
  await env.waitHealthy();
  const editor = await env.login('ks@uppsikt.test', 'uppsikt-demo');
  const reviewer = await env.login('granskare@uppsikt.test', 'uppsikt-demo');
  const periods = await (await fetch(`${env.base}/api/periods`, { headers: { cookie: editor } })).json();
  const open = periods.find((p) => p.state === 'open');
  const reports = await (await fetch(`${env.base}/api/reports?period=${open.id}&body=KS&pageSize=5`, { headers: { cookie: editor } })).json();
  const draft = reports.items.find((r) => r.state === 'draft' || r.state === 'not_started' || r.state === 'returned') ?? reports.items[0];
  const pages = [
    { page: 'login', path: '/logga-in' },
    { page: 'Mina rapporter', path: '/mina-rapporter', cookie: editor },
    { page: 'report editor', path: `/rapporter/${draft.id}`, cookie: editor },
    { page: 'Granskning', path: '/granskning', cookie: reviewer },
    { page: 'Översikt', path: '/oversikt', cookie: reviewer },
    { page: '/oppen-data', path: '/oppen-data' },
  ];
  // `LIGHTHOUSE_PAGES="Mina rapporter,login"` measures only those pages (while working on one).
  const only = process.env.LIGHTHOUSE_PAGES?.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const p of pages.filter((x) => !only?.length || only.includes(x.page.toLowerCase()))) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      await quietMachine();
      const load = loadavg()[0];
      const chrome = await launchChrome();
      let result;
      try {
        result = await lighthouse(`${env.base}${p.path}`, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance', 'accessibility', 'best-practices'],
          extraHeaders: p.cookie ? { Cookie: p.cookie } : undefined,
        });
      } finally {
        await chrome.kill();
      }
      const { categories, audits } = result.lhr;
      if (process.env.LIGHTHOUSE_DUMP) writeFileSync(join(process.env.LIGHTHOUSE_DUMP, `${p.page.replace(/\W+/gu, '-')}-${i}.json`), JSON.stringify(result.lhr));
      runs.push({
        performance: Math.round(categories.performance.score * 100),
        accessibility: Math.round(categories.accessibility.score * 100),
        bestPractices: Math.round(categories['best-practices'].score * 100),
        cls: Math.round(audits['cumulative-layout-shift'].numericValue * 1000) / 1000,
        lcpMs: Math.round(audits['largest-contentful-paint'].numericValue),
        tbtMs: Math.round(audits['total-blocking-time'].numericValue),
        load1m: Math.round(load * 100) / 100,
        // What to look at when a figure misses: the elements that moved, and the console errors.
        shifted: (audits['layout-shifts']?.details?.items ?? []).slice(0, 3).map((i) => `${i.node?.selector ?? '?'} ${Math.round((i.score ?? 0) * 1000) / 1000}`),
        consoleErrors: (audits['errors-in-console']?.details?.items ?? []).map((i) => `${i.description ?? ''} ${i.sourceLocation?.url ?? i.url ?? ''}`.trim()),
        failing: Object.values(categories)
          .filter((c) => c.id !== 'performance')
          .flatMap((c) => c.auditRefs.filter((r) => r.weight > 0 && audits[r.id].score !== null && audits[r.id].score < 1).map((r) => r.id)),
      });
    }
    runs.sort((a, b) => a.performance - b.performance);
    const median = runs[Math.floor(runs.length / 2)];
    const { shifted, consoleErrors, ...figures } = median;
    rows.push({ page: p.page, ...figures, failing: median.failing.join(' ') || '-' });
    if (median.cls >= 0.05 && shifted.length) console.log(`${p.page}: moved ${shifted.join(', ')}`);
    if (consoleErrors.length) console.log(`${p.page}: console ${consoleErrors.join(' | ')}`);
  }
} finally {
  await env.stop();
}
table(rows);
const ok = (r) => r.performance >= TARGET.performance && r.accessibility >= TARGET.accessibility && r.bestPractices >= TARGET.bestPractices && r.cls < TARGET.cls;
const machine = { cores: cpus().length, load1mAtEnd: Math.round(loadavg()[0] * 100) / 100, runsPerPage: RUNS };
console.log(`Machine: ${machine.cores} cores, 1-minute load ${machine.load1mAtEnd} at the end (scores drop under load).`);
if (!process.env.LIGHTHOUSE_PAGES) writeFileSync(join(root, 'test', 'bench', 'results-lighthouse.json'), `${JSON.stringify({ target: TARGET, machine, pages: rows.map((r) => ({ ...r, meetsTarget: ok(r) })) }, null, 2)}\n`);
if (!rows.every(ok)) {
  console.log('Below target:', rows.filter((r) => !ok(r)).map((r) => r.page).join(', '));
  process.exitCode = 1;
}
