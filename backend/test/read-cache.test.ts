import type { PostgreSqlConnection } from '@mikro-orm/postgresql';
import type { Pool, PoolClient, PoolConfig } from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChangeTokens } from '../src/infra/cache/change-tokens.js';
import { ReadChangeMaintenance } from '../src/infra/cache/read-change.maintenance.js';
import { Scope } from '../src/infra/cache/scope.js';
import { Sql } from '../src/infra/database/sql.js';
import { CaseRepository } from '../src/modules/cases/case.repository.js';
import { ReportRepository } from '../src/modules/reports/report.repository.js';
import { TestApp } from './support/app.js';
import { createCase, municipality, openPeriod, reportFor, type People } from './support/fixtures.js';

/** The read cache serves kept JSON only while nothing it shows has changed, however it changed. */
describe('read cache', () => {
  let t: TestApp;
  let p: People;
  let cases: CaseRepository;
  let reports: ReportRepository;
  const sql = <T = unknown>(text: string, values: unknown[] = []) => t.get(Sql).query<T>(text, values);

  beforeAll(async () => {
    t = await TestApp.start();
    p = await municipality(t);
    await createCase(t, p.reviewer, { reference: '2026:1', text: 'Utred fler laddplatser för elbilar.', leadBody: 'KS', coBodies: ['TN'] });
    await createCase(t, p.reviewer, { reference: '2026:2', text: 'Minska matsvinnet i skolorna.', leadBody: 'TN' });
    await openPeriod(t, p.reviewer, 2026, 'T2');
    cases = t.get(CaseRepository);
    reports = t.get(ReportRepository);
  });
  afterAll(() => t?.stop());

  const get = async (url: string, who = p.reviewer) => {
    const res = await t.request('GET', url, who);
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    return res.body;
  };

  it('reads once while nothing changes, and concurrent first requests share that read', async () => {
    const detail = vi.spyOn(cases, 'detail');
    try {
      const bodies = await Promise.all(Array.from({ length: 8 }, () => t.request('GET', '/api/cases/2026%3A2', p.reviewer)));
      expect(new Set(bodies.map((b) => b.text)).size).toBe(1);
      await get('/api/cases/2026%3A2');
      expect(detail).toHaveBeenCalledTimes(1);
    } finally {
      detail.mockRestore();
    }
  });

  it('shows a change made through the API at once: list, search, case page, history and report lists', async () => {
    const ref = '2026:1';
    const url = `/api/cases/${encodeURIComponent(ref)}`;
    const before = {
      list: await get('/api/cases?kind=assignment'),
      search: await get('/api/cases?q=cykelbanor'),
      page: await get(url),
      history: await get(`${url}/history`),
      mine: await get('/api/reports?period=2026-T2&body=KS', p.ks),
    };
    expect(before.search.total).toBe(0);

    // A draft with a comment: the case page, its history, the body's list and search change.
    const r = await reportFor(t, p.ks, ref, '2026-T2');
    const saved = await t.request('PUT', `/api/reports/${r.id}`, { ...p.ks, body: { status: 'Delvis genomfört', comment: 'Cykelbanor och laddplatser planeras.', version: r.version } });
    expect(saved.status, saved.text).toBe(200);
    expect((await get(url)).reports[0].comment).toBe('Cykelbanor och laddplatser planeras.');
    expect((await get(`${url}/history`)).length).toBe(before.history.length + 1);
    expect((await get('/api/reports?period=2026-T2&body=KS', p.ks)).items.find((x: { id: string }) => x.id === r.id).state).toBe('draft');
    expect((await get('/api/cases?q=cykelbanor')).items.map((c: { reference: string }) => c.reference)).toEqual([ref]);
    // A draft changes nothing the case list shows.
    expect(await get('/api/cases?kind=assignment')).toEqual(before.list);

    // A co-body's contribution reaches the case page and the lead body's list.
    const contributed = await t.request('PUT', `/api/reports/${r.id}/contributions/TN`, { ...p.tn, body: { text: 'TN bygger två laddgator.' } });
    expect(contributed.status, contributed.text).toBe(200);
    expect((await get(url)).reports[0].contributions[0].text).toBe('TN bygger två laddgator.');
    expect((await get('/api/reports?period=2026-T2&body=KS', p.ks)).items[0].contributions[0].text).toBe('TN bygger två laddgator.');

    // A case edit reaches the list and the report lists that show its text.
    const c = await get(url);
    const patched = await t.request('PATCH', url, { ...p.reviewer, body: { text: 'Utred fler laddplatser för elbilar och elcyklar.', version: c.version } });
    expect(patched.status, patched.text).toBe(200);
    expect((await get('/api/cases?kind=assignment')).items[0].text).toBe('Utred fler laddplatser för elbilar och elcyklar.');
    expect((await get('/api/reports?period=2026-T2&body=KS', p.ks)).items[0].case.text).toBe('Utred fler laddplatser för elbilar och elcyklar.');
  });

  it('shows changes written straight to the database (another process, a script) as well', async () => {
    const url = '/api/cases/2026%3A2';
    await get(url);
    await get('/api/cases?kind=assignment');
    await get('/api/reports?period=2026-T2&body=TN', p.tn);
    await sql(`update "case" set text = 'Ändrad direkt i databasen.' where reference = '2026:2'`);
    expect((await get(url)).text).toBe('Ändrad direkt i databasen.');
    expect((await get('/api/cases?kind=assignment')).items[1].text).toBe('Ändrad direkt i databasen.');
    await sql(`update report set comment = 'Kommentar från ett skript.' where case_id = (select id from "case" where reference = '2026:2')`);
    expect((await get(url)).reports[0].comment).toBe('Kommentar från ett skript.');
    expect((await get('/api/reports?period=2026-T2&body=TN', p.tn)).items[0].comment).toBe('Kommentar från ett skript.');
    expect((await get('/api/cases?q=skript')).total).toBe(1);
  });


  it('answers each of many concurrent token asks (one statement) with the sum of its own scopes', async () => {
    const tokens = t.get(ChangeTokens);
    const asks = [[Scope.case('2026:1')], [Scope.case('2026:2')], [Scope.case('2026:1'), Scope.case('2026:1')], [Scope.text('all', 'skript:*')], [Scope.text('all', 'laddplats:*')], []];
    const at = () => Promise.all(asks.map((s) => tokens.of(s)));
    const before = await at();
    expect(before[2]).toBe(before[0]); // a scope named twice counts once
    await sql(`update "case" set text = text || ' Igen.' where reference = '2026:2'`);
    await sql(`update report set comment = 'Ett nytt skript.' where case_id = (select id from "case" where reference = '2026:2')`);
    const after = await at();
    const moved = after.map((a, i) => a > before[i]);
    expect(moved).toEqual([false, true, false, false, false, false]);
    await sql(`update report set comment = 'Nu om laddplatser.' where case_id = (select id from "case" where reference = '2026:2')`);
    expect((await at()).map((a, i) => a > after[i])).toEqual([false, true, false, true, true, false]);
  });
  it('keeps what a reader may see apart from what an editor sees', async () => {
    const url = '/api/cases/2026%3A1';
    const editorView = await get(url);
    expect(editorView.reports.map((r: { state: string }) => r.state)).toEqual(['draft']);
    expect((await get(url, p.reader)).reports).toEqual([]);
    expect((await get('/api/reports?period=2026-T2&body=KS', p.reader)).items).toEqual([]);
    expect((await get(`${url}/history`, p.reader)).some((e: { action: string }) => e.action === 'report.saved')).toBe(false);
  });

  it('serves a page again after the worker merges change rows, and the merge keeps every sum', async () => {
    const sums = async () => Object.fromEntries((await sql<{ scope: string; n: string }>('select scope, sum(n)::text as n from read_change group by scope')).map((r) => [r.scope, r.n]));
    const rows = async () => Number((await sql<{ n: string }>('select count(*) as n from read_change'))[0].n);
    await get('/api/reports?period=2026-T2&body=KS', p.ks);
    const before = await sums();
    const rowsBefore = await rows();
    expect(rowsBefore).toBeGreaterThan(Object.keys(before).length);
    await t.get(ReadChangeMaintenance).compact();
    expect(await sums()).toEqual(before);
    expect(await rows()).toBe(Object.keys(before).length);
    // The merge's dead rows are cleared at once (not left to autovacuum): every page of both tables is all-visible again.
    const pages = await sql<{ relname: string; relpages: number; relallvisible: number }>(
      `select relname, relpages, relallvisible from pg_class where relname in ('read_change', 'search_change') order by relname`,
    );
    expect(pages.map((x) => [x.relname, x.relallvisible === x.relpages && x.relpages > 0])).toEqual([['read_change', true], ['search_change', true]]);
    const list = vi.spyOn(reports, 'list');
    try {
      await get('/api/reports?period=2026-T2&body=KS', p.ks);
      expect(list).not.toHaveBeenCalled();
    } finally {
      list.mockRestore();
    }
  });

  it('renders a reviewer preview of the appendix anew once a report in it is submitted', async () => {
    const preview = async () => {
      const res = await t.request('GET', '/api/exports/followup?period=2026-T2&kind=assignment&format=csv&includeSubmitted=true', p.reviewer);
      expect(res.status, res.text).toBe(200);
      return res.text;
    };
    expect(await preview()).not.toContain('Cykelbanor och laddplatser planeras.');
    expect(await preview()).not.toContain('Cykelbanor och laddplatser planeras.');
    const r = await reportFor(t, p.ks, '2026:1', '2026-T2');
    const submitted = await t.request('POST', `/api/reports/${r.id}/submit`, { ...p.ks, body: { version: r.version } });
    expect(submitted.status, submitted.text).toBe(200);
    expect(await preview()).toContain('Cykelbanor och laddplatser planeras.');
  });

  it('answers every save with the saved page, however many reads race to refill the cache', async () => {
    const url = '/api/cases/2026%3A2';
    const r = await reportFor(t, p.tn, '2026:2', '2026-T2');
    let stop = false;
    const racing = Array.from({ length: 6 }, async () => {
      while (!stop) {
        await t.request('GET', url, p.tn);
        await t.request('GET', '/api/reports?period=2026-T2&body=TN', p.tn);
      }
    });
    try {
      let version = r.version;
      for (let i = 1; i <= 40; i++) {
        const saved = await t.request('PUT', `/api/reports/${r.id}`, { ...p.tn, body: { comment: `Omgång ${i}`, version } });
        expect(saved.status, saved.text).toBe(200);
        version = saved.body.version;
        expect((await get(url, p.tn)).reports[0].comment).toBe(`Omgång ${i}`);
        expect((await get('/api/reports?period=2026-T2&body=TN', p.tn)).items[0].version).toBe(version);
      }
    } finally {
      stop = true;
      await Promise.all(racing);
    }
  });

  it('answers a kept read while write transactions hold every connection of the ORM pool', async () => {
    const url = '/api/cases/2026%3A2';
    await get(url);
    const pool = (await (t.em.getConnection() as PostgreSqlConnection).getNativeClient()) as Pool & { options: PoolConfig };
    const held: PoolClient[] = await Promise.all(Array.from({ length: pool.options.max ?? 10 }, () => pool.connect()));
    try {
      // The session and the change token come from connections of their own; on the ORM pool the read waits until one is free.
      const answer = await Promise.race([t.request('GET', url, p.reviewer), new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), 5_000))]);
      expect(answer === 'waiting' ? answer : answer.status).toBe(200);
    } finally {
      for (const c of held) c.release();
    }
  });

  it('does not keep lists filtered by report year or status, which every report change could alter', async () => {
    const list = vi.spyOn(cases, 'list');
    try {
      await get('/api/cases?status=Delvis%20genomf%C3%B6rt');
      await get('/api/cases?status=Delvis%20genomf%C3%B6rt');
      expect(list).toHaveBeenCalledTimes(2);
    } finally {
      list.mockRestore();
    }
  });
});
