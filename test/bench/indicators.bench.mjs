// Indicators (issue 15): the Kolada fetch of 500 Kolada-linked indicators × 10 years from a local
// server speaking Kolada's format (loopback, never the real service), through the built worker;
// then the case page's indicators (GET /api/cases/:reference/indicators, with the case itself) at
// 1, 10 and 50 connections, uncached at 50, and against a bare node:http + pg "ceiling" serving
// the same SQL and JSON. Writes test/bench/results-indicators.json. The machine's load is recorded
// with the figures: on a shared machine they are noisy.
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { benchEnvironment, freePort, root, stopChild, table } from './lib.mjs';

const require = createRequire(import.meta.url);
const hdr = createRequire(require.resolve('autocannon'))('hdr-histogram-js');

const INDICATORS = Number(process.env.BENCH_INDICATORS ?? 500);
const YEARS = 10;
const PER_CASE = 5;
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,10,50').split(',').map(Number);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const THIS_YEAR = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Stockholm' }).format(new Date()));
const FIRST = THIS_YEAR - YEARS + 1;

// ── a Kolada-format server ───────────────────────────────────────────────────────────────────
const kpis = Array.from({ length: INDICATORS }, (_, i) => `N${String(10_000 + i).padStart(5, '0')}`);
const figure = (kpi, year, g) => Math.round((Number(kpi.slice(1)) % 97) * 10 + (year - FIRST) * 3.7 + (g === 'K' ? -2 : g === 'M' ? 2 : 0)) / 10;
let koladaRequests = 0;
const PAGE = 1000;
const kolada = createServer((req, res) => {
  koladaRequests++;
  const url = new URL(req.url, 'http://x');
  const m = /^\/v2\/data\/kpi\/([^/]+)\/municipality\/(\d+)\/year\/([\d,]+)$/u.exec(url.pathname);
  if (!m) return void res.writeHead(404).end();
  const all = [];
  for (const kpi of decodeURIComponent(m[1]).split(',')) {
    for (const year of m[3].split(',').map(Number)) {
      all.push({ kpi, municipality: m[2], period: year, values: ['T', 'K', 'M'].map((g) => ({ gender: g, value: figure(kpi, year, g), status: '', count: 1 })) });
    }
  }
  const page = Number(url.searchParams.get('page') ?? 1);
  const next = page * PAGE < all.length ? `http://127.0.0.1:${kolada.address().port}${url.pathname}?page=${page + 1}` : undefined;
  const values = all.slice((page - 1) * PAGE, page * PAGE);
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ values, count: values.length, ...(next ? { next_page: next } : {}) }));
});
await new Promise((r) => kolada.listen(0, '127.0.0.1', r));
const koladaUrl = `http://127.0.0.1:${kolada.address().port}/v2`;

// ── measuring (as api.bench.mjs) ─────────────────────────────────────────────────────────────
async function measure(base, paths, connections, cookie) {
  let i = 0;
  const run = (duration, latencies) => autocannon({ url: base, connections, duration, headers: { cookie }, requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }], ...(latencies ? { histograms: { latencies } } : {}) });
  if (WARMUP) await run(WARMUP);
  const latencies = hdr.build({ useWebAssembly: false, lowestDiscernibleValue: 1, highestTrackableValue: 60_000, numberOfSignificantValueDigits: 3 });
  const r = await run(DURATION, latencies);
  return { rps: Math.round((r.requests.total / DURATION) * 10) / 10, p50_ms: latencies.getValueAtPercentile(50), p95_ms: latencies.getValueAtPercentile(95), p99_ms: latencies.getValueAtPercentile(99), errors: r.errors + r.timeouts + r.non2xx };
}

const load = () => loadavg().map((x) => Math.round(x * 100) / 100);
const env = await benchEnvironment('indicators');
Object.assign(env.env, { KOLADA_MUNICIPALITY: '2480', KOLADA_URL: koladaUrl, KOLADA_BACKOFF_MS: '1000' });
let ceiling = null;
try {
  env.spawnApp('main.js');
  await env.waitHealthy();
  env.spawnApp('worker.js');
  const db = await env.db();
  const admin = await env.login();
  const loadBefore = load();

  // 100 goals of KS with 5 Kolada-linked indicators each (rows straight into PostgreSQL).
  const cases = INDICATORS / PER_CASE;
  await db.query(`insert into body (code, name, kind, active, email, created_at, updated_at, version) values ('KS', 'Kommunstyrelsen', 'styrelse', true, 'ks@bench.se', now(), now(), 1)`);
  await db.query(`insert into "case" (id, reference, reference_sort, kind, text, lead_body_code, co_bodies, all_bodies, related, state, created_at, updated_at, version)
    select md5('case' || g)::uuid, 'Mål ' || g, 'mål ' || lpad(g::text, 10, '0'), 'goal', 'Målet ska nås till år 2030.', 'KS', '{}', false, '{}', 'active', now(), now(), 1
      from generate_series(1, ${cases}) g`);
  await db.query(`insert into indicator (id, case_id, name, unit, direction, target, target_year, kolada_kpi, kolada_gender, created_at, updated_at)
    select md5('ind' || g)::uuid, md5('case' || (1 + (g - 1) / ${PER_CASE}))::uuid, 'Nyckeltal ' || g, 'procent', case when g % 2 = 0 then 'higher' else 'lower' end, 5,
           2030, k, (array['T', 'K', 'M'])[1 + g % 3], now() + (g || ' milliseconds')::interval, now()
      from unnest($1::text[]) with ordinality as t(k, g)`, [kpis]);

  // The fetch: asked for through the API, done by the worker; done when every indicator is synced.
  const fetchOnce = async () => {
    const before = koladaRequests;
    // Done when every indicator's last good fetch is newer than any before this one.
    const prev = (await db.query(`select coalesce(max(sync_at), '-infinity')::text as at from indicator`)).rows[0].at;
    const t0 = performance.now();
    const res = await fetch(`${env.base}/api/indicators/sync`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json' }, body: '{}' });
    if (res.status !== 202) throw new Error(`sync: ${res.status} ${await res.text()}`);
    const answeredMs = Math.round(performance.now() - t0);
    for (;;) {
      const { rows } = await db.query(`select count(*) filter (where sync_state = 'ok' and sync_at > $1::timestamptz)::int as ok, count(*) filter (where sync_state = 'failing')::int as failing from indicator`, [prev]);
      if (rows[0].ok === INDICATORS) break;
      if (performance.now() - t0 > 300_000) throw new Error(`the fetch did not finish: ${JSON.stringify(rows[0])}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = Math.round(performance.now() - t0) / 1000;
    const { rows } = await db.query(`select count(*)::int as n, count(distinct (indicator_id, year))::int as distinct_n from indicator_value`);
    return { seconds, api_answered_ms: answeredMs, kolada_requests: koladaRequests - before, values: rows[0].n, distinct: rows[0].distinct_n };
  };
  const first = await fetchOnce();
  console.log(`Kolada fetch, ${INDICATORS} indicators × ${YEARS} years (first, all new): ${first.seconds} s, ${first.kolada_requests} requests, ${first.values} values (API answered in ${first.api_answered_ms} ms)`);
  const again = await fetchOnce();
  console.log(`Kolada fetch again (nothing changed): ${again.seconds} s, ${again.kolada_requests} requests, ${again.values} values`);
  if (first.values !== INDICATORS * YEARS || again.values !== first.values || first.distinct !== first.values) throw new Error('values lost or doubled');
  const events = (await db.query(`select count(*)::int as n from audit_event where action = 'indicator.synced'`)).rows[0].n;

  // The case page: the case and its indicators, round robin over the cases.
  const refs = Array.from({ length: cases }, (_, i) => encodeURIComponent(`Mål ${i + 1}`));
  const specs = {
    indicators: refs.map((r) => `/api/cases/${r}/indicators`),
    case_page_with_indicators: refs.flatMap((r) => [`/api/cases/${r}`, `/api/cases/${r}/indicators`]),
  };
  for (const paths of Object.values(specs)) for (const p of paths.slice(0, 4)) if ((await fetch(env.base + p, { headers: { cookie: admin } })).status !== 200) throw new Error(`GET ${p}`);
  const figures = {};
  const rows = [];
  const report = (target, name, c, f) => {
    figures[`${target === 'uppsikt' ? '' : `${target}:`}${name}@${c}`] = f;
    rows.push({ target, endpoint: name, conns: c, ...f });
    console.log(`${target} ${name}@${c}: ${f.rps} rps, p50 ${f.p50_ms} ms, p99 ${f.p99_ms} ms, errors ${f.errors}`);
  };
  for (const [name, paths] of Object.entries(specs)) for (const c of CONNECTIONS) report('uppsikt', name, c, await measure(env.base, paths, c, admin));

  const port = await freePort();
  const uncachedBase = `http://127.0.0.1:${port}`;
  const uncached = env.spawnApp('main.js', { PORT: String(port), APP_URL: uncachedBase, READ_CACHE_MB: '0' });
  await env.waitHealthy(uncachedBase);
  report('uncached', 'indicators', 50, await measure(uncachedBase, specs.indicators, 50, admin));
  await stopChild(uncached);

  // The ceiling: node:http + pg, the same SQL as IndicatorRepository.ofCase and the same JSON, no session check.
  const cport = await freePort();
  const pool = new pg.Pool({ connectionString: env.env.DATABASE_URL, max: 10 });
  const SQL = `select i.id, c.reference as case_reference, i.name, i.unit, i.direction, i.target, i.target_year, i.baseline,
       i.kolada_kpi, i.kolada_gender, i.sync_state, to_json(i.sync_at) #>> '{}' as sync_at, i.sync_message, i.version,
       coalesce((select json_agg(json_build_object('year', v.year, 'value', v.value, 'women', v.women, 'men', v.men, 'source', v.source,
                                                   'fetchedAt', to_json(v.fetched_at) #>> '{}', 'note', v.note) order by v.year)
                   from indicator_value v where v.indicator_id = i.id), '[]'::json) as values
    from "case" c left join indicator i on i.case_id = c.id where c.reference = $1 order by i.created_at, i.id`;
  ceiling = createServer(async (req, res) => {
    const m = /^\/api\/cases\/([^/]+)\/indicators$/u.exec(req.url);
    const { rows: found } = await pool.query({ name: 'ind', text: SQL, values: [decodeURIComponent(m[1])] });
    const body = found.filter((r) => r.id).map((r) => {
      let latest = null;
      for (const v of r.values) if (v.value !== null && (!latest || v.year > latest.year)) latest = { year: v.year, value: v.value };
      const met = r.target === null || !latest ? null : r.direction === 'higher' ? latest.value >= r.target : latest.value <= r.target;
      return { id: r.id, case: r.case_reference, name: r.name, unit: r.unit, direction: r.direction, target: r.target, targetYear: r.target_year, baseline: r.baseline,
        kolada: r.kolada_kpi ? { kpi: r.kolada_kpi, gender: r.kolada_gender } : null, values: r.values, latest, met, sync: { state: r.sync_state, at: r.sync_at, message: r.sync_message }, version: r.version };
    });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  });
  await new Promise((r) => ceiling.listen(cport, '127.0.0.1', r));
  const ceilingBase = `http://127.0.0.1:${cport}`;
  const [a, b] = await Promise.all([fetch(`${env.base}${specs.indicators[0]}`, { headers: { cookie: admin } }).then((r) => r.text()), fetch(`${ceilingBase}${specs.indicators[0]}`).then((r) => r.text())]);
  if (a !== b) console.log(`note: the ceiling's body differs (${a.length} vs ${b.length} bytes)`);
  report('ceiling', 'indicators', 50, await measure(ceilingBase, specs.indicators, 50, ''));
  await new Promise((r) => ceiling.close(r));
  ceiling = null;
  await pool.end();

  const ratios = {
    'indicators@50': Math.round((figures['indicators@50'].rps / figures['ceiling:indicators@50'].rps) * 100) / 100,
    'uncached:indicators@50': Math.round((figures['uncached:indicators@50'].rps / figures['ceiling:indicators@50'].rps) * 100) / 100,
  };
  table(rows);
  console.log('Uppsikt/ceiling (rps):', ratios, 'load average before/after:', loadBefore, load());
  const out = {
    sync: { indicators: INDICATORS, years: YEARS, first, again, audit_events: events },
    figures,
    ratios,
    env: { node: process.version, cpus: cpus().length, cpu_model: cpus()[0]?.model, memory_gb: Math.round(totalmem() / 2 ** 30), load_before: loadBefore, load_after: load(), duration_s: DURATION, warmup_s: WARMUP, at: new Date().toISOString() },
  };
  writeFileSync(join(root, 'test', 'bench', 'results-indicators.json'), `${JSON.stringify(out, null, 2)}\n`);
  await db.end();
} finally {
  if (ceiling) ceiling.close();
  await env.stop();
  kolada.close();
}
