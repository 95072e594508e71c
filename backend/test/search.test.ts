import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApp } from './support/app.js';
import { createCase, municipality, openPeriod, reportFor, type People } from './support/fixtures.js';

describe('case list and full-text search', () => {
  let t: TestApp;
  let p: People;
  beforeAll(async () => {
    t = await TestApp.start();
    p = await municipality(t);
    for (const n of [1, 2, 3, 10, 11, 20]) {
      await createCase(t, p.reviewer, { reference: `2020:${n}`, text: `Uppdrag nummer ${n} om kollektivtrafik.`, leadBody: n % 2 ? 'KS' : 'TN', decidedOn: '2020-02-24' });
    }
    await createCase(t, p.reviewer, { reference: '2021:4', text: 'Kommunfullmäktige ger individ- och familjenämnden i uppdrag att minska barnfattigdomen.', leadBody: 'IFN', coBodies: ['TN'] });
    await createCase(t, p.reviewer, { reference: 'Mål 1', kind: 'goal', text: 'Umeås tillväxt ska klaras med social hållbarhet.', leadBody: 'KS', allBodies: true });
    await openPeriod(t, p.reviewer, 2021, 'T2', { submissionDeadline: '2021-09-15T12:00:00+02:00' });
    const r = await reportFor(t, p.ks, '2020:3', '2021-T2');
    await t.request('PUT', `/api/reports/${r.id}`, { ...p.ks, body: { status: 'Genomfört', comment: 'Elbussarna är upphandlade och i trafik.', forecast: 'Genomfört', version: r.version } });
  });
  afterAll(() => t?.stop());

  const refs = (body: { items: Array<{ reference: string }> }) => body.items.map((c) => c.reference);

  it('sorts references in natural order', async () => {
    const res = await t.request('GET', '/api/cases?kind=assignment', p.reader);
    expect(refs(res.body)).toEqual(['2020:1', '2020:2', '2020:3', '2020:10', '2020:11', '2020:20', '2021:4']);
    const desc = await t.request('GET', '/api/cases?kind=assignment&sort=-reference', p.reader);
    expect(refs(desc.body)[0]).toBe('2021:4');
  });

  it('finds "barnfattigdomen" when asked for "barnfattigdom" (swedish stemming)', async () => {
    const res = await t.request('GET', '/api/cases?q=barnfattigdom', p.reader);
    expect(refs(res.body)).toEqual(['2021:4']);
  });

  it('searches report comments too (a reader\'s search: submitted and approved ones only), and matches prefixes', async () => {
    expect(refs((await t.request('GET', '/api/cases?q=elbuss', p.ks)).body)).toEqual(['2020:3']);
    expect(refs((await t.request('GET', '/api/cases?q=elbuss', p.reader)).body)).toEqual([]);
    const r = await reportFor(t, p.ks, '2020:3', '2021-T2');
    expect((await t.request('POST', `/api/reports/${r.id}/submit`, { ...p.ks, body: { version: r.version } })).status).toBe(200);
    expect(refs((await t.request('GET', '/api/cases?q=elbuss', p.reader)).body)).toEqual(['2020:3']);
    expect(refs((await t.request('GET', '/api/cases?q=kollektivtrafi', p.reader)).body)).toHaveLength(6);
    expect((await t.request('GET', '/api/cases?q=%22%27%3B--', p.reader)).status).toBe(200);
  });

  it('filters by kind, body (lead, co-body, all bodies), state, year and status', async () => {
    expect(refs((await t.request('GET', '/api/cases?kind=goal', p.reader)).body)).toEqual(['Mål 1']);
    expect(refs((await t.request('GET', '/api/cases?body=TN', p.reader)).body)).toEqual(['2020:2', '2020:10', '2020:20', '2021:4', 'Mål 1']);
    expect(refs((await t.request('GET', '/api/cases?body=JUSK', p.reader)).body)).toEqual([]);
    expect(refs((await t.request('GET', '/api/cases?year=2021', p.reader)).body)).toHaveLength(8);
    expect(refs((await t.request('GET', '/api/cases?status=Genomf%C3%B6rt', p.reader)).body)).toEqual(['2020:3']);
    expect((await t.request('GET', '/api/cases?state=completed', p.reader)).body.total).toBe(0);
    expect((await t.request('GET', '/api/cases?kind=nonsense', p.reader)).status).toBe(400);
  });

  it('pages with a stable total', async () => {
    const page1 = await t.request('GET', '/api/cases?page=1&pageSize=3', p.reader);
    const page3 = await t.request('GET', '/api/cases?page=3&pageSize=3', p.reader);
    const page9 = await t.request('GET', '/api/cases?page=9&pageSize=3', p.reader);
    expect(page1.body.total).toBe(8);
    expect(refs(page1.body)).toEqual(['2020:1', '2020:2', '2020:3']);
    expect(refs(page3.body)).toEqual(['2021:4', 'Mål 1']);
    expect(page9.body).toEqual({ items: [], total: 8 });
    // past the end of a search, and of a report list, the total is still counted
    const kollektiv = await t.request('GET', '/api/cases?q=kollektivtrafi&page=2&pageSize=4', p.reader);
    expect(kollektiv.body).toMatchObject({ total: 6 });
    expect(refs(kollektiv.body)).toHaveLength(2);
    expect((await t.request('GET', '/api/cases?q=kollektivtrafi&page=5&pageSize=4', p.reader)).body).toEqual({ items: [], total: 6 });
    const reports = (await t.request('GET', '/api/reports?pageSize=2', p.reviewer)).body;
    expect(reports.total).toBeGreaterThan(2);
    expect((await t.request('GET', '/api/reports?page=999&pageSize=2', p.reviewer)).body).toEqual({ items: [], total: reports.total });
  });

  it('uses the GIN index for text search', async () => {
    const conn = t.em.getConnection();
    await conn.execute('set enable_seqscan = off');
    const plan = await conn.execute(`explain select 1 from "case" c where c.search @@ to_tsquery('swedish', 'barnfattigdom:*')`);
    expect(JSON.stringify(plan)).toMatch(/case_search_idx/);
  });
});
