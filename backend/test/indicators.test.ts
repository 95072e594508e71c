import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sql } from '../src/infra/database/sql.js';
import { TestApp } from './support/app.js';
import { createCase, municipality, type People } from './support/fixtures.js';

/** Issue 15: indicators (nyckeltal) on cases through the API, for every role, with their case history. */
describe('indicators', () => {
  let t: TestApp;
  let p: People;
  let n = 0;

  beforeAll(async () => {
    t = await TestApp.start();
    p = await municipality(t);
  });
  afterAll(() => t?.stop());

  const path = (ref: string) => `/api/cases/${encodeURIComponent(ref)}/indicators`;

  async function newCase(lead = 'KS'): Promise<string> {
    const reference = `IND:${++n}`;
    await createCase(t, p.reviewer, { reference, kind: 'goal', text: 'Kommunen ska bli klimatneutral.', leadBody: lead });
    return reference;
  }

  async function newIndicator(body: Record<string, unknown> = {}, ref?: string) {
    const reference = ref ?? (await newCase());
    const res = await t.request('POST', path(reference), { ...p.reviewer, body: { name: 'Nya bostäder per år', unit: 'st', direction: 'higher', target: 2000, targetYear: 2028, baseline: 1200, ...body } });
    expect(res.status, res.text).toBe(201);
    return res.body;
  }

  /** A value as Kolada would have written it. */
  async function koladaValue(id: string, year: number, value: number) {
    await t.get(Sql).execute(`insert into indicator_value (indicator_id, year, value, source, fetched_at) values ($1, $2, $3, 'Kolada', now())`, [id, year, value]);
  }

  it('creates an indicator and lists it on its case, the same for every role', async () => {
    const reference = await newCase();
    const created = await newIndicator({ kolada: { kpi: 'n00945' } }, reference);
    expect(created).toMatchObject({
      case: reference,
      name: 'Nya bostäder per år',
      unit: 'st',
      direction: 'higher',
      target: 2000,
      targetYear: 2028,
      baseline: 1200,
      kolada: { kpi: 'N00945', gender: 'T' },
      values: [],
      latest: null,
      met: null,
      sync: { state: 'never', at: null, message: null },
      version: 1,
    });
    const asReviewer = await t.request('GET', path(reference), p.reviewer);
    expect(asReviewer.status).toBe(200);
    expect(asReviewer.body).toEqual([created]);
    for (const who of [p.reader, p.ks, p.tn, p.admin]) expect((await t.request('GET', path(reference), who)).body).toEqual(asReviewer.body);
    expect((await t.request('GET', path('NOPE:1'), p.reviewer)).status).toBe(404);
  });

  it('takes values from the lead body and reviewers; latest is the newest year with a value, met follows the direction', async () => {
    const ind = await newIndicator();
    const put = (who: object, year: number | string, body: object) => t.request('PUT', `/api/indicators/${ind.id}/values/${year}`, { ...who, body });
    let res = await put(p.ks, 2023, { value: 1500, women: 700, men: 800, note: 'Källa: SCB' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.values).toEqual([{ year: 2023, value: 1500, women: 700, men: 800, source: 'manual', fetchedAt: null, note: 'Källa: SCB' }]);
    expect(res.body.latest).toEqual({ year: 2023, value: 1500 });
    expect(res.body.met).toBe(false);
    res = await put(p.reviewer, 2025, { value: 2100 });
    expect(res.body.latest).toEqual({ year: 2025, value: 2100 });
    expect(res.body.met).toBe(true);
    res = await put(p.ks, 2024, { value: 1900 });
    expect(res.body.values.map((v: { year: number }) => v.year)).toEqual([2023, 2024, 2025]);
    expect(res.body.latest.year).toBe(2025);
    // Another board's editor and readers may not.
    expect((await put(p.tn, 2026, { value: 1 })).status).toBe(403);
    expect((await put(p.reader, 2026, { value: 1 })).status).toBe(403);
    // A lower-is-better indicator.
    const lower = await newIndicator({ name: 'Utsläpp', direction: 'lower', target: 100 });
    res = await t.request('PUT', `/api/indicators/${lower.id}/values/2024`, { ...p.ks, body: { value: 90 } });
    expect(res.body.met).toBe(true);
    res = await t.request('PUT', `/api/indicators/${lower.id}/values/2025`, { ...p.ks, body: { value: 110 } });
    expect(res.body.met).toBe(false);
    // value null removes the year's manual value; the latest is then the year before.
    res = await put(p.ks, 2025, { value: null });
    expect(res.status).toBe(200);
    expect(res.body.latest).toEqual({ year: 2024, value: 1900 });
    expect(res.body.met).toBe(false);
    // Without a target met is null.
    const noTarget = await newIndicator({ target: null });
    res = await t.request('PUT', `/api/indicators/${noTarget.id}/values/2024`, { ...p.ks, body: { value: 5 } });
    expect(res.body.met).toBeNull();
    expect(res.body.latest).toEqual({ year: 2024, value: 5 });
  });

  it('refuses to overwrite a year fetched from Kolada (409), and the value stays', async () => {
    const ind = await newIndicator({ kolada: { kpi: 'N00945', gender: 'K' } });
    await koladaValue(ind.id, 2024, 1800);
    const res = await t.request('PUT', `/api/indicators/${ind.id}/values/2024`, { ...p.ks, body: { value: 1 } });
    expect(res.status).toBe(409);
    expect(res.body.details).toEqual([{ path: 'year', message: 'Hämtat från Kolada' }]);
    const [after] = (await t.request('GET', path(ind.case), p.reviewer)).body;
    expect(after.values).toEqual([expect.objectContaining({ year: 2024, value: 1800, source: 'Kolada' })]);
    expect(after.latest).toEqual({ year: 2024, value: 1800 });
    // Another year is still typed by hand.
    expect((await t.request('PUT', `/api/indicators/${ind.id}/values/2025`, { ...p.ks, body: { value: 1 } })).status).toBe(200);
  });

  it('patches with a version; a new KPI drops the values fetched for the old one, unlinking keeps them', async () => {
    const ind = await newIndicator({ kolada: { kpi: 'N00945' } });
    await koladaValue(ind.id, 2023, 1000);
    let res = await t.request('PATCH', `/api/indicators/${ind.id}`, { ...p.reviewer, body: { target: 2500, version: 1 } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ target: 2500, version: 2, values: [expect.objectContaining({ year: 2023 })] });
    expect((await t.request('PATCH', `/api/indicators/${ind.id}`, { ...p.reviewer, body: { target: 1, version: 1 } })).status).toBe(409);
    res = await t.request('PATCH', `/api/indicators/${ind.id}`, { ...p.reviewer, body: { kolada: { kpi: 'U00401', gender: 'T' }, version: 2 } });
    expect(res.body).toMatchObject({ kolada: { kpi: 'U00401', gender: 'T' }, values: [], version: 3 });
    await koladaValue(ind.id, 2022, 7);
    res = await t.request('PATCH', `/api/indicators/${ind.id}`, { ...p.reviewer, body: { kolada: null, version: 3 } });
    expect(res.body.kolada).toBeNull();
    expect(res.body.values).toEqual([expect.objectContaining({ year: 2022, source: 'Kolada' })]);
    // Unlinked, the old Kolada year may be typed over.
    res = await t.request('PUT', `/api/indicators/${ind.id}/values/2022`, { ...p.ks, body: { value: 8 } });
    expect(res.status).toBe(200);
    expect(res.body.values).toEqual([expect.objectContaining({ year: 2022, value: 8, source: 'manual' })]);
    // Editors may not patch.
    expect((await t.request('PATCH', `/api/indicators/${ind.id}`, { ...p.ks, body: { target: 1, version: res.body.version } })).status).toBe(403);
  });

  it('keeps every change in the case history, also after the indicator is deleted', async () => {
    const ind = await newIndicator();
    await t.request('PUT', `/api/indicators/${ind.id}/values/2024`, { ...p.ks, body: { value: 1700 } });
    await t.request('PATCH', `/api/indicators/${ind.id}`, { ...p.reviewer, body: { name: 'Färdigställda bostäder', version: 2 } });
    expect((await t.request('DELETE', `/api/indicators/${ind.id}`, p.ks)).status).toBe(403);
    expect((await t.request('DELETE', `/api/indicators/${ind.id}`, p.reviewer)).status).toBe(204);
    expect((await t.request('DELETE', `/api/indicators/${ind.id}`, p.reviewer)).status).toBe(404);
    expect((await t.request('GET', path(ind.case), p.reviewer)).body).toEqual([]);
    for (const who of [p.reviewer, p.reader]) {
      const history = (await t.request('GET', `/api/cases/${encodeURIComponent(ind.case)}/history`, who)).body as Array<{ action: string; entityId: string; changes: Record<string, { before: unknown; after: unknown }> }>;
      const mine = history.filter((e) => e.entityId === ind.id);
      expect(mine.map((e) => e.action)).toEqual(['indicator.deleted', 'indicator.updated', 'indicator.value', 'indicator.created']);
      expect(mine[0].changes['values.2024']).toEqual({ before: { value: 1700, women: null, men: null, source: 'manual' }, after: null });
      expect(mine[1].changes.name).toEqual({ before: 'Nya bostäder per år', after: 'Färdigställda bostäder' });
      expect(mine[2].changes['values.2024']).toEqual({ before: null, after: { value: 1700, women: null, men: null, source: 'manual' } });
    }
  });

  it('answers bad input with 400 and writes nothing', async () => {
    const ind = await newIndicator();
    const put = (year: string, payload: string) => t.request('PUT', `/api/indicators/${ind.id}/values/${year}`, { ...p.reviewer, body: payload });
    for (const [year, payload, field] of [
      ['2024', '{"value": NaN}', ''],
      ['2024', '{"value": "NaN"}', 'value'],
      ['2024', '{"value": 1e400}', 'value'],
      ['2024', '{"value": -1e400}', 'value'],
      ['2024', '{"value": "12"}', 'value'],
      ['2024', '{"value": 1, "women": 1e13}', 'women'],
      ['2024', '{"value": 1, "extra": 1}', 'extra'],
      ['1899', '{"value": 1}', 'year'],
      ['2201', '{"value": 1}', 'year'],
      ['20x4', '{"value": 1}', 'year'],
      ['2024.5', '{"value": 1}', 'year'],
      ['2024', '{"value": 1, "note": "a\\u0000b"}', 'note'],
    ] as const) {
      const res = await put(year, payload);
      expect(res.status, `${year} ${payload}: ${res.text}`).toBe(400);
      if (field) expect(res.body.details?.map((d: { path: string }) => d.path), `${year} ${payload}`).toContain(field);
    }
    const create = (body: unknown) => t.request('POST', path(ind.case), { ...p.reviewer, body });
    for (const body of [
      { name: '', direction: 'higher' },
      { name: 'a\u0000b', direction: 'higher' },
      { name: 'X', direction: 'up' },
      { name: 'X', direction: 'higher', target: '5' },
      { name: 'X', direction: 'higher', targetYear: 1800 },
      { name: 'X', direction: 'higher', targetYear: 2024.5 },
      { name: 'X', direction: 'higher', kolada: { kpi: 'N00945; drop' } },
      { name: 'X', direction: 'higher', kolada: { kpi: 'N00945', gender: 'X' } },
      { name: 'X', direction: 'higher', kolada: { kpi: '../../x' } },
    ]) {
      expect((await create(body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await t.request('POST', path(ind.case), { ...p.reviewer, body: '{"name": "X", "direction": "higher", "target": Infinity}' })).status).toBe(400);
    expect((await t.request('PUT', '/api/indicators/not-a-uuid/values/2024', { ...p.reviewer, body: { value: 1 } })).status).toBe(404);
    expect((await t.request('PUT', '/api/indicators/0190d6c2-0000-7000-8000-000000000000/values/2024', { ...p.reviewer, body: { value: 1 } })).status).toBe(404);
    expect((await t.request('PATCH', '/api/indicators/x', { ...p.reviewer, body: { version: 1 } })).status).toBe(404);
    const [after] = (await t.request('GET', path(ind.case), p.reviewer)).body;
    expect(after).toMatchObject({ values: [], version: 1 });
    expect((await t.request('GET', path(ind.case), p.reviewer)).body).toHaveLength(1);
  });

  it('answers POST /api/indicators/sync at once, and says when Kolada is not set up', async () => {
    const res = await t.request('POST', '/api/indicators/sync', p.admin);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ queued: false, message: expect.stringContaining('KOLADA_MUNICIPALITY') });
  });

  it('lists every indicator, or those off target, for every role', async () => {
    const off = await newIndicator({ name: 'Av målet', target: 100 });
    const on = await newIndicator({ name: 'På målet', target: 100 });
    await t.request('PUT', `/api/indicators/${off.id}/values/2025`, { ...p.ks, body: { value: 50 } });
    await t.request('PUT', `/api/indicators/${on.id}/values/2025`, { ...p.ks, body: { value: 150 } });
    const missed = await t.request('GET', '/api/indicators?met=false', p.reader);
    expect(missed.status).toBe(200);
    const ids = missed.body.map((i: { id: string }) => i.id);
    expect(ids).toContain(off.id);
    expect(ids).not.toContain(on.id);
    expect(missed.body.every((i: { met: boolean }) => i.met === false)).toBe(true);
    expect((await t.request('GET', '/api/indicators?met=true', p.reviewer)).body.map((i: { id: string }) => i.id)).toContain(on.id);
    const all = (await t.request('GET', '/api/indicators', p.reviewer)).body.map((i: { id: string }) => i.id);
    expect(all).toEqual(expect.arrayContaining([off.id, on.id]));
    expect((await t.request('GET', '/api/indicators?met=maybe', p.reviewer)).status).toBe(400);
    // A new value moves it on target at once (the list is cached until an indicator changes).
    await t.request('PUT', `/api/indicators/${off.id}/values/2026`, { ...p.ks, body: { value: 120 } });
    expect((await t.request('GET', '/api/indicators?met=false', p.reader)).body.map((i: { id: string }) => i.id)).not.toContain(off.id);
  });
});
