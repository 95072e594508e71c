import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QueueName } from '@uppsikt/shared';
import { Sql } from '../src/infra/database/sql.js';
import { JobQueue } from '../src/infra/queue/job-queue.js';
import { KoladaClient } from '../src/modules/indicators/kolada.client.js';
import { KoladaSync } from '../src/modules/indicators/kolada-sync.js';
import { TestApp } from './support/app.js';
import { createCase, municipality, type People } from './support/fixtures.js';
import { KoladaServer } from './support/kolada-server.js';
import { waitUntil, withWorkers } from './support/workers.js';

/**
 * Issue 15: the Kolada fetch in the worker, against a local server that speaks Kolada's format
 * (never the real service): paging, the gender split, null values, a 500, a hang past the
 * time-out and malformed JSON, each followed by success, with nothing lost and nothing doubled.
 */
describe('Kolada sync', () => {
  let t: TestApp;
  let p: People;
  let kolada: KoladaServer;
  let n = 0;

  beforeAll(async () => {
    kolada = await KoladaServer.start();
    t = await TestApp.start({
      KOLADA_MUNICIPALITY: '2480',
      KOLADA_URL: kolada.url,
      KOLADA_TIMEOUT_MS: '1500',
      KOLADA_ATTEMPTS: '3',
      KOLADA_BACKOFF_MS: '20',
      KOLADA_YEARS: '10',
      KOLADA_MAX_URL: '200',
    });
    p = await municipality(t);
    await withWorkers(t);
  });
  afterAll(async () => {
    await t?.stop();
    await kolada?.stop();
  });
  beforeEach(() => {
    kolada.requests.length = 0;
    kolada.alwaysFail = null;
    kolada.pageSize = 100;
  });

  async function indicator(kpi: string, gender: 'T' | 'K' | 'M' = 'T', extra: Record<string, unknown> = {}) {
    const reference = `KOL:${++n}`;
    await createCase(t, p.reviewer, { reference, kind: 'goal', text: 'Fler ska ha arbete.', leadBody: 'KS' });
    const res = await t.request('POST', `/api/cases/${encodeURIComponent(reference)}/indicators`, { ...p.reviewer, body: { name: `Nyckeltal ${kpi} ${gender}`, direction: 'higher', target: 10, kolada: { kpi, gender }, ...extra } });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string; case: string };
  }

  const read = async (ind: { case: string; id: string }) => {
    const list = (await t.request('GET', `/api/cases/${encodeURIComponent(ind.case)}/indicators`, p.reader)).body as Array<{ id: string; values: Array<Record<string, unknown>>; sync: { state: string; at: string | null; message: string | null }; latest: unknown }>;
    return list.find((i) => i.id === ind.id)!;
  };
  const valueRows = async () => Number((await t.get(Sql).query<{ n: string }>(`select count(*) as n from indicator_value`))[0].n);
  const syncEvents = async () => Number((await t.get(Sql).query<{ n: string }>(`select count(*) as n from audit_event where action = 'indicator.synced'`))[0].n);

  const seen = new Set<string>();
  /** Asks for a fetch through the API and waits until that job has completed or failed for good (retries included). */
  async function syncThroughApi() {
    const res = await t.request('POST', '/api/indicators/sync', p.admin);
    expect(res.status).toBe(202);
    expect(res.body.queued).toBe(true);
    const q = t.get(JobQueue).queue(QueueName.Kolada);
    // The job this request queued: not the daily scheduler's, not one seen before.
    const jobs = (await q.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'])).filter((j) => !j.repeatJobKey && !seen.has(j.id!));
    expect(jobs).toHaveLength(1);
    const id = jobs[0].id!;
    seen.add(id);
    await waitUntil(async () => ['completed', 'failed'].includes(await q.getJobState(id)), 30_000, 'the Kolada job to finish');
  }

  it('fetches every page of every request, splits genders and skips nulls', async () => {
    // Forty KPIs do not fit one 200-character URL: several requests, each within the limit.
    const many = Array.from({ length: 40 }, (_, i) => `N${String(10_000 + i).padStart(5, '0')}`);
    for (const kpi of many) for (const year of [2021, 2022, 2023]) kolada.set(kpi, year, { T: year - 2000, K: year - 2001, M: year - 1999 });
    kolada.set('N00945', 2022, { T: 12.5, K: 11, M: 14 });
    kolada.set('N00945', 2023, { T: null, K: null, M: null }); // not yet published
    kolada.set('N00945', 2024, { T: 13, K: null, M: 15 });
    kolada.set('N00945', 2030, { T: 99 }); // a year not asked for
    kolada.pageSize = 7;
    const total = await indicator('N00945', 'T');
    const women = await indicator('N00945', 'K');
    const men = await indicator('N00945', 'M');
    const others = [];
    for (const kpi of many) others.push(await indicator(kpi));
    // A year typed by hand before Kolada had it stays as typed.
    expect((await t.request('PUT', `/api/indicators/${women.id}/values/2022`, { ...p.ks, body: { value: 1, note: 'Egen räkning' } })).status).toBe(200);

    const result = await t.get(KoladaSync).run();
    expect(result.indicators).toBe(43);
    const urls = kolada.requests.filter((u) => !u.includes('page='));
    expect(urls.length).toBeGreaterThan(1);
    for (const u of urls) expect(`http://127.0.0.1:0000${u}`.length).toBeLessThanOrEqual(200 + 5);
    const asked = urls.flatMap((u) => /\/kpi\/([^/]+)\//u.exec(u)![1].split(','));
    expect(asked.sort()).toEqual(['N00945', ...many].sort());
    expect(kolada.requests.some((u) => u.includes('page=2'))).toBe(true);
    expect(result.requests).toBe(kolada.requests.length);

    const t2 = await read(total);
    expect(t2.values).toEqual([
      { year: 2022, value: 12.5, women: 11, men: 14, source: 'Kolada', fetchedAt: expect.any(String), note: null },
      { year: 2024, value: 13, women: null, men: 15, source: 'Kolada', fetchedAt: expect.any(String), note: null },
    ]);
    expect(t2.latest).toEqual({ year: 2024, value: 13 });
    expect(t2.sync).toEqual({ state: 'ok', at: expect.any(String), message: null });
    const w = await read(women);
    expect(w.values).toEqual([expect.objectContaining({ year: 2022, value: 1, source: 'manual', note: 'Egen räkning' })]);
    expect((await read(men)).values.map((v) => [v.year, v.value])).toEqual([[2022, 14], [2024, 15]]);
    for (const o of others) expect((await read(o)).values.map((v) => v.value)).toEqual([21, 22, 23]);
    // Every change is in the case history, as the system's.
    const history = (await t.request('GET', `/api/cases/${encodeURIComponent(total.case)}/history`, p.reviewer)).body as Array<{ action: string; actorName: string; changes: Record<string, unknown> }>;
    const synced = history.find((e) => e.action === 'indicator.synced')!;
    expect(synced.actorName).toBe('System');
    expect(synced.changes['values.2022']).toEqual({ before: null, after: { value: 12.5, women: 11, men: 14 } });

    // The same answer again: nothing doubled, nothing logged.
    const rows = await valueRows();
    const events = await syncEvents();
    await t.get(KoladaSync).run();
    expect(await valueRows()).toBe(rows);
    expect(await syncEvents()).toBe(events);
    // A changed figure is updated in place and logged once.
    kolada.set('N00945', 2024, { T: 14, K: null, M: 15 });
    await t.get(KoladaSync).run();
    expect(await valueRows()).toBe(rows);
    expect(await syncEvents()).toBe(events + 1);
    expect((await read(total)).latest).toEqual({ year: 2024, value: 14 });
    // Hand-typed values cannot overwrite Kolada's year.
    expect((await t.request('PUT', `/api/indicators/${total.id}/values/2024`, { ...p.ks, body: { value: 1 } })).status).toBe(409);
  });

  it.each([
    ['a 500', '500' as const],
    ['a hang past the time-out', 'hang' as const],
    ['malformed JSON', 'malformed' as const],
  ])('retries after %s and then stores everything once', async (_label, fault) => {
    const kpi = `U${String(20_000 + ++n).padStart(5, '0')}`;
    kolada.set(kpi, 2023, { T: 5, K: 4, M: 6 });
    kolada.set(kpi, 2024, { T: 7, K: 6, M: 8 });
    const ind = await indicator(kpi, 'T');
    const before = await valueRows();
    kolada.fail(fault);
    await syncThroughApi();
    expect(kolada.requests.length).toBeGreaterThanOrEqual(2);
    const after = await read(ind);
    expect(after.values.map((v) => [v.year, v.value, v.women, v.men])).toEqual([[2023, 5, 4, 6], [2024, 7, 6, 8]]);
    expect(after.sync).toMatchObject({ state: 'ok', message: null });
    // Every linked indicator was fetched again: only this one's two years are new.
    expect(await valueRows()).toBe(before + 2);
  });

  it('keeps the last good values and says why while Kolada keeps failing', async () => {
    const kpi = 'N07403';
    kolada.set(kpi, 2024, { T: 3 });
    const ind = await indicator(kpi);
    await t.get(KoladaSync).run();
    const good = await read(ind);
    expect(good.sync.state).toBe('ok');
    for (const [fault, reason] of [
      ['500', 'Kolada svarade 500'],
      ['malformed', 'Kolada skickade ett svar som inte är giltig JSON'],
      ['wrong-shape', 'Kolada skickade ett svar i ett okänt format'],
      ['hang', 'Kolada svarade inte inom 1.5 s'],
    ] as const) {
      kolada.alwaysFail = fault;
      kolada.requests.length = 0;
      await syncThroughApi();
      expect(kolada.requests.length, fault).toBe(3); // KOLADA_ATTEMPTS
      const failing = await read(ind);
      expect(failing.sync.state, fault).toBe('failing');
      expect(failing.sync.message, fault).toContain(reason);
      expect(failing.sync.at).toBe(good.sync.at);
      expect(failing.values).toEqual(good.values);
    }
    kolada.alwaysFail = null;
    await syncThroughApi();
    expect((await read(ind)).sync).toMatchObject({ state: 'ok', message: null });
  });

  it('packs KPI ids into as few URLs as the limit allows', () => {
    const client = t.get(KoladaClient);
    const ids = Array.from({ length: 100 }, (_, i) => `N${String(i).padStart(5, '0')}`);
    const urls = client.urls(ids, '2480', [2023, 2024]);
    for (const u of urls) expect(u.length).toBeLessThanOrEqual(200);
    const room = 200 - `${kolada.url}/data/kpi/`.length - '/municipality/2480/year/2023,2024'.length;
    expect(urls.length).toBe(Math.ceil(100 / Math.floor((room + 1) / 7)));
    expect(urls.flatMap((u) => /\/kpi\/([^/]+)\//u.exec(u)![1].split(','))).toEqual(ids);
  });

  it('does not follow a next_page to another server', async () => {
    const client = t.get(KoladaClient);
    expect(() => (client as unknown as { nextPage(u: string): string }).nextPage('http://evil.example/v2/data')).toThrow('annan server');
  });
});
