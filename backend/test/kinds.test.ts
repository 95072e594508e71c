import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_KINDS, type Kind } from '@uppsikt/shared';
import { Sql } from '../src/infra/database/sql.js';
import { TestApp, type Reply } from './support/app.js';
import { createCase, municipality, openPeriod, reportFor, type People } from './support/fixtures.js';
import { download, upload } from './support/upload.js';

const ok = (res: Reply, status = 200) => expect(res.status, res.text).toBe(status);

/** Kinds as data (issue 14 items 1 and 2), through the HTTP API. */
describe('kinds', () => {
  let t: TestApp;
  let p: People;
  const kinds = async (): Promise<Kind[]> => (await t.request('GET', '/api/kinds', p.reader)).body;
  const kind = async (key: string): Promise<Kind> => (await kinds()).find((k) => k.key === key)!;

  beforeAll(async () => {
    t = await TestApp.start();
    p = await municipality(t);
  });
  afterAll(() => t?.stop());

  it('lists the built-in kinds, in position order, to every logged-in user', async () => {
    const res = await t.request('GET', '/api/kinds', p.ks);
    ok(res);
    expect(res.body).toEqual(BUILT_IN_KINDS);
    expect(res.body.map((k: Kind) => k.key)).toEqual(['goal', 'assignment', 'supplementary_assignment', 'programme', 'focus_area', 'programme_priority']);
    expect((await t.request('GET', '/api/kinds')).status).toBe(401);
  });

  it('lets an admin add a kind (201), and refuses others, a taken key or name, and a bad scale', async () => {
    const body = { key: 'tema', name: 'Tema', plural: 'Teman', scale: [{ value: 'Bra', colour: 'green' }, { value: 'Dåligt', colour: 'red' }] };
    for (const who of [p.reviewer, p.ks, p.reader]) expect((await t.request('POST', '/api/kinds', { ...who, body })).status).toBe(403);
    const res = await t.request('POST', '/api/kinds', { ...p.admin, body });
    ok(res, 201);
    expect(res.body).toEqual({ ...body, asksForecast: [], asksTrend: false, asksSummary: false, terms: ['T1', 'T2', 'T3'], reported: true, position: 7, builtIn: false, version: 1 });
    expect((await kinds()).map((k) => k.key).at(-1)).toBe('tema');
    expect((await t.request('POST', '/api/kinds', { ...p.admin, body })).status).toBe(409);
    const sameName = await t.request('POST', '/api/kinds', { ...p.admin, body: { ...body, key: 'tema2', name: 'TEMA' } });
    expect(sameName.status).toBe(409);
    expect(sameName.body.details).toEqual([{ path: 'name', message: expect.any(String) }]);
    const twice = await t.request('POST', '/api/kinds', { ...p.admin, body: { ...body, key: 'tema3', name: 'Tema 3', scale: [{ value: 'Bra', colour: 'green' }, { value: 'bra.', colour: 'red' }] } });
    expect(twice.status).toBe(400);
    expect(twice.body.details[0].path).toBe('scale.1.value');
    for (const bad of [{ key: 'Tema 4' }, { colour: 'purple' }, { terms: ['T1', 'T1'] }, { asksForecast: ['T4'] }]) {
      const { colour, ...rest } = bad as { colour?: string };
      const res2 = await t.request('POST', '/api/kinds', { ...p.admin, body: { ...body, key: 'tema5', name: 'Tema 5', ...rest, ...(colour ? { scale: [{ value: 'X', colour }] } : {}) } });
      expect(res2.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await kinds()).map((k) => k.key)).not.toContain('tema5');
  });

  it('changes a kind with its version; a stale version is 409 and changes nothing', async () => {
    const before = await kind('focus_area');
    for (const who of [p.reviewer, p.ks]) expect((await t.request('PATCH', '/api/kinds/focus_area', { ...who, body: { plural: 'X', version: before.version } })).status).toBe(403);
    const res = await t.request('PATCH', '/api/kinds/focus_area', { ...p.admin, body: { plural: 'Fokusområden (nya)', terms: ['T3', 'T2'], version: before.version } });
    ok(res);
    expect(res.body).toMatchObject({ plural: 'Fokusområden (nya)', terms: ['T2', 'T3'], version: before.version + 1 });
    const stale = await t.request('PATCH', '/api/kinds/focus_area', { ...p.admin, body: { plural: 'Gammalt', version: before.version } });
    expect(stale.status).toBe(409);
    expect(stale.body.details).toEqual([{ path: 'version', message: expect.any(String) }]);
    expect((await kind('focus_area')).plural).toBe('Fokusområden (nya)');
    expect((await t.request('PATCH', '/api/kinds/nope', { ...p.admin, body: { plural: 'X', version: 1 } })).status).toBe(404);
  });

  it('sees a change another API process committed (the registry follows the change token, not this process)', async () => {
    const before = await kind('programme');
    await t.get(Sql).execute(`update kind set name = 'Program (ändrat)', version = version + 1 where key = 'programme'`);
    expect((await kind('programme')).name).toBe('Program (ändrat)');
    await t.get(Sql).execute(`update kind set name = $1, version = version - 1 where key = 'programme'`, [before.name]);
    expect(await kind('programme')).toEqual(before);
  });

  it('renames a scale value in every report of the kind, logged in each case history, and refuses to drop a value in use', async () => {
    await createCase(t, p.reviewer, { reference: '2026:10', kind: 'goal', text: 'Minska utsläppen.', leadBody: 'KS' });
    await createCase(t, p.reviewer, { reference: '2026:11', kind: 'goal', text: 'Öka läsningen.', leadBody: 'TN' });
    await createCase(t, p.reviewer, { reference: '2026:12', kind: 'assignment', text: 'Utred.', leadBody: 'KS' });
    await openPeriod(t, p.reviewer, 2026, 'T2');
    const r10 = await reportFor(t, p.ks, '2026:10', '2026-T2');
    ok(await t.request('PUT', `/api/reports/${r10.id}`, { ...p.ks, body: { status: 'Delvis uppfyllt', comment: 'På väg.', forecast: 'Delvis uppfyllt', version: r10.version } }));
    const r11 = await reportFor(t, p.tn, '2026:11', '2026-T2');
    ok(await t.request('PUT', `/api/reports/${r11.id}`, { ...p.tn, body: { status: 'Helt uppfyllt', comment: 'Klart.', forecast: 'Delvis uppfyllt', version: r11.version } }));
    const r12 = await reportFor(t, p.ks, '2026:12', '2026-T2');
    ok(await t.request('PUT', `/api/reports/${r12.id}`, { ...p.ks, body: { status: 'Delvis genomfört', comment: 'Pågår.', version: r12.version } }));

    const goal = await kind('goal');
    const dropped = await t.request('PATCH', '/api/kinds/goal', { ...p.admin, body: { scale: goal.scale.filter((v) => v.value !== 'Delvis uppfyllt'), version: goal.version } });
    expect(dropped.status).toBe(409);
    expect(dropped.body.message).toContain('"Delvis uppfyllt" används i 2 rapporter');
    expect((await kind('goal')).version).toBe(goal.version);

    const scale = goal.scale.map((v) => (v.value === 'Delvis uppfyllt' ? { value: 'Delvis uppnått', colour: v.colour, was: 'Delvis uppfyllt' } : v));
    const renamed = await t.request('PATCH', '/api/kinds/goal', { ...p.admin, body: { scale, version: goal.version } });
    ok(renamed);
    expect(renamed.body.scale.map((v: { value: string }) => v.value)).toEqual(['Helt uppfyllt', 'Delvis uppnått', 'Inte uppfyllt']);
    const after10 = (await t.request('GET', `/api/reports/${r10.id}`, p.ks)).body;
    expect(after10).toMatchObject({ status: 'Delvis uppnått', forecast: 'Delvis uppnått', comment: 'På väg.' });
    expect(after10.version).toBeGreaterThan(r10.version + 1);
    expect((await t.request('GET', `/api/reports/${r11.id}`, p.tn)).body).toMatchObject({ status: 'Helt uppfyllt', forecast: 'Delvis uppnått' });
    // Another kind's scale is its own.
    expect((await t.request('GET', `/api/reports/${r12.id}`, p.ks)).body.status).toBe('Delvis genomfört');
    const history = (await t.request('GET', '/api/cases/2026%3A10/history', p.reviewer)).body;
    expect(history).toContainEqual(
      expect.objectContaining({ action: 'report.value_renamed', changes: { status: { before: 'Delvis uppfyllt', after: 'Delvis uppnått' }, forecast: { before: 'Delvis uppfyllt', after: 'Delvis uppnått' } } }),
    );
    const audit = await t.get(Sql).query<{ changes: Record<string, { before: unknown; after: unknown }> }>(`select changes from audit_event where entity = 'kind' and entity_id = 'goal' and action = 'kind.updated'`);
    expect(audit).toHaveLength(1);
    expect(audit[0].changes).toMatchObject({ renamed: { before: ['Delvis uppfyllt'], after: ['Delvis uppnått'] }, reports: { before: null, after: 2 } });
    // The old value is no longer on the scale; the new one is.
    const r10now = (await t.request('GET', `/api/reports/${r10.id}`, p.ks)).body;
    expect((await t.request('PUT', `/api/reports/${r10.id}`, { ...p.ks, body: { status: 'Delvis uppfyllt', version: r10now.version } })).status).toBe(400);
    // A value no report uses may go.
    const now = await kind('goal');
    const smaller = await t.request('PATCH', '/api/kinds/goal', { ...p.admin, body: { scale: now.scale.filter((v) => v.value !== 'Inte uppfyllt'), version: now.version } });
    ok(smaller);
    // A `was` that is not on the scale, or still on it, is 400.
    const bad = await t.request('PATCH', '/api/kinds/goal', { ...p.admin, body: { scale: [{ value: 'Helt uppfyllt', colour: 'green' }, { value: 'X', colour: 'red', was: 'Finns inte' }], version: smaller.body.version } });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('scale.1.was');
    // Back to the built-in scale, for the tests below.
    const restored = await t.request('PATCH', '/api/kinds/goal', { ...p.admin, body: { scale: [{ value: 'Helt uppfyllt', colour: 'green' }, { value: 'Delvis uppfyllt', colour: 'yellow', was: 'Delvis uppnått' }, { value: 'Inte uppfyllt', colour: 'red' }], version: smaller.body.version } });
    ok(restored);
    expect((await t.request('GET', `/api/reports/${r10.id}`, p.ks)).body.status).toBe('Delvis uppfyllt');
  });

  it('uses a kind an admin adds with a five-step scale end to end: report, submit, approve, appendix', async () => {
    const scale = [
      { value: 'Mycket god', colour: 'green' },
      { value: 'God', colour: 'blue' },
      { value: 'Godtagbar', colour: 'yellow' },
      { value: 'Svag', colour: 'grey' },
      { value: 'Mycket svag', colour: 'red' },
    ];
    ok(await t.request('POST', '/api/kinds', { ...p.admin, body: { key: 'khp', name: 'KHP-punkt', plural: 'KHP-punkter', scale, asksForecast: ['T2'], asksTrend: true, position: 0 } }), 201);
    await createCase(t, p.reviewer, { reference: 'KHP 1', kind: 'khp', text: 'Trygg skolväg.', leadBody: 'KS' });
    await openPeriod(t, p.reviewer, 2027, 'T2');
    const r = await reportFor(t, p.ks, 'KHP 1', '2027-T2');
    expect((await t.request('PUT', `/api/reports/${r.id}`, { ...p.ks, body: { status: 'Genomfört', version: r.version } })).body.details).toEqual([{ path: 'status', message: expect.any(String) }]);
    const saved = await t.request('PUT', `/api/reports/${r.id}`, { ...p.ks, body: { status: 'Godtagbar', comment: 'Halva sträckan klar.', forecast: 'God', trend: 'Positiv', version: r.version } });
    ok(saved);
    ok(await t.request('POST', `/api/reports/${r.id}/submit`, { ...p.ks, body: {} }));
    const approved = await t.request('POST', `/api/reports/${r.id}/approve`, { ...p.reviewer, body: {} });
    ok(approved);
    expect(approved.body).toMatchObject({ state: 'approved', status: 'Godtagbar', forecast: 'God', trend: 'Positiv' });

    const csv = await download(t, '/api/exports/followup?period=2027-T2&kind=khp&format=csv', p.reviewer);
    ok({ status: csv.status, text: csv.bytes.toString(), body: null, headers: csv.headers });
    expect(csv.headers['content-disposition']).toContain('bilaga-1-2027-T2-khp-punkter.csv');
    expect(csv.bytes.toString('utf8')).toContain('KHP 1;2027-T2;KS;Godtagbar;Halva sträckan klar.;God');
    // The whole appendix: the new kind's table first (position 0), worded from its names.
    const all = await download(t, '/api/exports/followup?period=2027-T2&format=docx', p.reviewer);
    expect(all.status).toBe(200);
    const xlsx = await download(t, '/api/exports/followup?period=2027-T2&format=xlsx', p.reader);
    expect(xlsx.status).toBe(200);
    expect((await download(t, '/api/exports/followup?period=2027-T2&kind=nope&format=csv', p.reviewer)).status).toBe(400);
  });

  it("imports cases of an admin's kind by its name, and maps statuses to its scale (synonym, same position on another scale) with warnings", async () => {
    const cases = await upload(t, '/api/imports/cases', p.reviewer, 'c.csv', 'Referens;Typ;Uppdragstext;Huvudansvar\nKHP 2;KHP-punkt;Belysta gångvägar.;KS\nKHP 3;khp;Fler bänkar.;KS\n2026:20;Uppdrag;Utred.;KS\n');
    ok(cases);
    expect(cases.body.created).toBe(3);
    expect(cases.body.warnings.map((w: { row: number; message: string }) => [w.row, w.message])).toEqual([
      [3, '"khp" tolkades som "KHP-punkt"'],
      [4, '"Uppdrag" tolkades som "KF-uppdrag"'],
    ]);
    expect((await t.request('GET', '/api/cases/KHP%202', p.reader)).body.kind).toBe('khp');
    const bad = await upload(t, '/api/imports/cases', p.reviewer, 'c.csv', 'Referens;Typ;Uppdragstext;Huvudansvar\nKHP 4;Tema X;Text.;KS\n');
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].message).toContain('KHP-punkt');
    const reports = await upload(t, '/api/imports/reports', p.reviewer, 'r.csv', 'Referens;Period;Nämnd;Status;Motivering/kommentar\nKHP 2;2025-T3;KS;god.;Bra.\nKHP 3;2025-T3;KS;Delvis uppfyllt;Halvvägs.\n');
    ok(reports);
    expect(reports.body.warnings.map((w: { message: string }) => w.message)).toEqual(expect.arrayContaining(['"god." tolkades som "God"', '"Delvis uppfyllt" hör till en annan skala och tolkades som "God"']));
    const again = await upload(t, '/api/imports/reports', p.reviewer, 'r.csv', 'Referens;Period;Nämnd;Status;Motivering/kommentar\nKHP 2;2025-T3;KS;God;Bra.\nKHP 3;2025-T3;KS;God;Halvvägs.\n');
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('creates reports only for kinds due in the term: with programme_priority.terms = ["T2"], 2024-T1 has no priority reports and no reminder names one', async () => {
    const prio = await kind('programme_priority');
    ok(await t.request('PATCH', '/api/kinds/programme_priority', { ...p.admin, body: { terms: ['T2'], version: prio.version } }));
    await createCase(t, p.reviewer, { reference: 'P 1.1', kind: 'programme_priority', text: 'Fler i arbete.', leadBody: 'IFN' });
    await createCase(t, p.reviewer, { reference: '2024:1', kind: 'assignment', text: 'Bygg.', leadBody: 'TN' });
    const grouping = await kind('focus_area');
    ok(await t.request('PATCH', '/api/kinds/focus_area', { ...p.admin, body: { reported: false, terms: ['T1', 'T2', 'T3'], version: grouping.version } }));
    await createCase(t, p.reviewer, { reference: 'F 1', kind: 'focus_area', text: 'Arbete och försörjning.', leadBody: 'KS' });

    // Deadlines ahead, so that the reminders are still planned.
    await openPeriod(t, p.reviewer, 2024, 'T1', { submissionDeadline: '2030-05-15T12:00:00+02:00' });
    const t1 = (await t.request('GET', '/api/reports?period=2024-T1&pageSize=500', p.reviewer)).body.items as Array<{ case: { reference: string; kind: string }; body: string }>;
    expect(t1.map((r) => r.case.reference)).toContain('2024:1');
    expect(t1.filter((r) => r.case.kind === 'programme_priority' || r.case.kind === 'focus_area')).toEqual([]);
    const reminders = (await t.request('GET', '/api/periods/2024-T1/reminders', p.reviewer)).body as Array<{ body: string | null; reports: number }>;
    expect(reminders.map((s) => s.body)).toContain('TN');
    expect(reminders.map((s) => s.body)).not.toContain('IFN');
    const tnReports = t1.filter((r) => r.body === 'TN').length;
    expect(reminders.filter((s) => s.body === 'TN').map((s) => s.reports)).toEqual(reminders.filter((s) => s.body === 'TN').map(() => tnReports));

    // A case added while 2024-T1 is open joins it only where its kind is due; changing its kind to one due there adds its report.
    await createCase(t, p.reviewer, { reference: 'P 1.2', kind: 'programme_priority', text: 'Fler i utbildning.', leadBody: 'IFN' });
    expect((await t.request('GET', '/api/reports?period=2024-T1&case=P%201.2', p.reviewer)).body.total).toBe(0);
    const p12 = (await t.request('GET', '/api/cases/P%201.2', p.reviewer)).body;
    ok(await t.request('PATCH', '/api/cases/P%201.2', { ...p.reviewer, body: { kind: 'assignment', version: p12.version } }));
    expect((await t.request('GET', '/api/reports?period=2024-T1&case=P%201.2', p.reviewer)).body.total).toBe(1);
    ok(await t.request('PATCH', '/api/cases/P%201.2', { ...p.reviewer, body: { kind: 'programme_priority', version: p12.version + 1 } }));

    await openPeriod(t, p.reviewer, 2024, 'T2', { submissionDeadline: '2030-09-15T12:00:00+02:00' });
    const t2 = (await t.request('GET', '/api/reports?period=2024-T2&pageSize=500', p.reviewer)).body.items as Array<{ case: { reference: string } }>;
    expect(t2.map((r) => r.case.reference)).toEqual(expect.arrayContaining(['P 1.1', '2024:1']));
    expect(t2.map((r) => r.case.reference)).not.toContain('F 1');
    const reminders2 = (await t.request('GET', '/api/periods/2024-T2/reminders', p.reviewer)).body as Array<{ body: string | null }>;
    expect(reminders2.map((s) => s.body)).toContain('IFN');
  });

  it('answers 400 with the path for a forecast in a term the kind does not ask, a trend or a summary it does not ask', async () => {
    await createCase(t, p.reviewer, { reference: '2028:1', kind: 'assignment', text: 'Utred.', leadBody: 'KS' });
    await createCase(t, p.reviewer, { reference: 'P 2.1', kind: 'programme_priority', text: 'Tryggt boende.', leadBody: 'KS' });
    await openPeriod(t, p.reviewer, 2028, 'T3', { submissionDeadline: '2029-01-20T12:00:00+01:00' });
    const a = await reportFor(t, p.ks, '2028:1', '2028-T3');
    const put = (id: string, body: Record<string, unknown>) => t.request('PUT', `/api/reports/${id}`, { ...p.ks, body });
    for (const [field, value] of [['forecast', 'Genomfört'], ['trend', 'Positiv'], ['summary', 'En rad.']] as const) {
      const res = await put(a.id, { status: 'Genomfört', [field]: value, version: a.version });
      expect(res.status, field).toBe(400);
      expect(res.body.details, field).toEqual([{ path: field, message: expect.any(String) }]);
    }
    expect((await t.request('GET', `/api/reports/${a.id}`, p.ks)).body).toMatchObject({ state: 'not_started', status: null, version: a.version });
    // programme_priority asks no forecast in T3 either; it asks a trend and a summary (≤ 300 characters).
    await openPeriod(t, p.reviewer, 2029, 'T2', { submissionDeadline: '2029-09-15T12:00:00+02:00' });
    const prio = await reportFor(t, p.ks, 'P 2.1', '2029-T2');
    const long = await put(prio.id, { summary: 'x'.repeat(301), version: prio.version });
    expect(long.status).toBe(400);
    expect(long.body.details[0].path).toBe('summary');
    const saved = await put(prio.id, { status: 'Enligt plan', summary: 'Tryggheten ökar i alla stadsdelar.', comment: 'Lång lägesbild.', trend: 'Positiv', version: prio.version });
    ok(saved);
    expect(saved.body).toMatchObject({ summary: 'Tryggheten ökar i alla stadsdelar.', trend: 'Positiv' });
    ok(await t.request('POST', `/api/reports/${prio.id}/submit`, { ...p.ks, body: {} }));
    expect((await t.request('GET', `/api/reports/${prio.id}/submissions`, p.reader)).body).toEqual([expect.objectContaining({ status: 'Enligt plan', summary: 'Tryggheten ökar i alla stadsdelar.', trend: 'Positiv' })]);
    const history = (await t.request('GET', '/api/cases/P%202.1/history', p.reviewer)).body;
    expect(history).toContainEqual(expect.objectContaining({ action: 'report.saved', changes: expect.objectContaining({ summary: { before: null, after: 'Tryggheten ökar i alla stadsdelar.' } }) }));
  });

  it('refuses a case of a kind no row has (400 naming kind)', async () => {
    const res = await t.request('POST', '/api/cases', { ...p.reviewer, body: { reference: '2026:99', kind: 'nope', text: 'X', leadBody: 'KS' } });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ path: 'kind', message: expect.any(String) }]);
  });
});

/** Kind look-ups inside a write's transaction use its connection: writes never wait on a second one from the pool. */
describe('kinds in transactions', () => {
  let t: TestApp;
  let p: People;

  beforeAll(async () => {
    t = await TestApp.start({ DB_POOL_MAX: '2' });
    p = await municipality(t);
  });
  afterAll(() => t?.stop());

  it('saves, submits and creates cases concurrently on a pool of two connections', async () => {
    const refs = Array.from({ length: 6 }, (_, i) => `2026:${50 + i}`);
    for (const reference of refs) await createCase(t, p.reviewer, { reference, leadBody: 'KS' });
    await openPeriod(t, p.reviewer, 2026, 'T2');
    const reports = await Promise.all(refs.map((r) => reportFor(t, p.ks, r, '2026-T2')));
    const saved = await Promise.all(reports.map((r) => t.request('PUT', `/api/reports/${r.id}`, { ...p.ks, body: { status: 'Genomfört', comment: 'Klart.', version: r.version } })));
    expect(saved.map((r) => r.status)).toEqual(refs.map(() => 200));
    const submitted = await Promise.all(reports.map((r) => t.request('POST', `/api/reports/${r.id}/submit`, { ...p.ks, body: {} })));
    expect(submitted.map((r) => r.status)).toEqual(refs.map(() => 200));
    const created = await Promise.all(['A', 'B', 'C', 'D'].map((x) => t.request('POST', '/api/cases', { ...p.reviewer, body: { reference: `2026:${x}`, kind: 'goal', text: 'Mål.', leadBody: 'TN' } })));
    expect(created.map((r) => r.status)).toEqual([201, 201, 201, 201]);
  });
});
