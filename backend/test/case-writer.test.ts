import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApp } from './support/app.js';
import { createCase, municipality, openPeriod, reportFor, type People } from './support/fixtures.js';
import { upload } from './support/upload.js';

/** Cases are written one way (CaseWriter), whether by the API or by an import; reports one way (the state machine). */
describe('one write path for cases and reports', () => {
  let t: TestApp;
  let p: People;
  const header = 'Referens;Typ;Uppdragstext;Huvudansvar;Medansvar\r\n';

  beforeAll(async () => {
    t = await TestApp.start();
    p = await municipality(t);
    for (const reference of ['W:1', 'W:2', 'W:3']) await createCase(t, p.reviewer, { reference, text: `Uppdrag ${reference}.`, leadBody: 'KS' });
    await openPeriod(t, p.reviewer, 2026, 'T2');
    for (const reference of ['W:1', 'W:2', 'W:3']) {
      const r = await reportFor(t, p.ks, reference, '2026-T2');
      const saved = await t.request('PUT', `/api/reports/${r.id}`, { ...p.ks, body: { status: 'Delvis genomfört', comment: 'Pågår.', version: r.version } });
      expect(saved.status, saved.text).toBe(200);
    }
    const w3 = await reportFor(t, p.ks, 'W:3', '2026-T2');
    expect((await t.request('POST', `/api/reports/${w3.id}/submit`, { ...p.ks, body: {} })).status).toBe(200);
  });
  afterAll(() => t?.stop());

  it('hands a case’s reports still being written to the new lead body, by the API and by an import alike', async () => {
    const c = (await t.request('GET', '/api/cases/W%3A1', p.reviewer)).body;
    const patched = await t.request('PATCH', '/api/cases/W%3A1', { ...p.reviewer, body: { leadBody: 'TN', coBodies: ['TN', 'IFN'], version: c.version } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ leadBody: 'TN', coBodies: ['IFN'] });
    const imported = await upload(t, '/api/imports/cases', p.reviewer, 'w.csv', `${header}W:2;KF-uppdrag;Uppdrag W:2.;TN;TN, IFN\r\nW:3;KF-uppdrag;Uppdrag W:3.;TN;\r\n`);
    expect(imported.status, imported.text).toBe(200);
    expect(imported.body).toMatchObject({ created: 0, updated: 2 });
    expect((await t.request('GET', '/api/cases/W%3A2', p.reviewer)).body).toMatchObject({ leadBody: 'TN', coBodies: ['IFN'] });

    // The drafts moved to TN (with a contribution slot for the new co-body); the submitted report stayed with KS.
    const [w1, w2, w3] = await Promise.all(['W:1', 'W:2', 'W:3'].map((ref) => reportFor(t, p.reviewer, ref, '2026-T2')));
    expect([w1.body, w2.body, w3.body]).toEqual(['TN', 'TN', 'KS']);
    expect(w1.contributions.map((x: { body: string }) => x.body)).toEqual(['IFN']);
    expect(w2.contributions.map((x: { body: string }) => x.body)).toEqual(['IFN']);
    expect(w3.state).toBe('submitted');
  });

  it('approves an imported status through the state machine and audits it in the shape the API uses', async () => {
    const res = await upload(t, '/api/imports/reports', p.reviewer, 's.csv', 'Referens;Period;Nämnd;Status;Motivering/kommentar\r\nW:1;2026-T2;TN;Genomfört;Klart.\r\n');
    expect(res.status, res.text).toBe(200);
    const report = await reportFor(t, p.reviewer, 'W:1', '2026-T2');
    expect(report).toMatchObject({ state: 'approved', status: 'Genomfört', comment: 'Klart.' });
    const history = (await t.request('GET', '/api/cases/W%3A1/history', p.reviewer)).body as Array<{ action: string; changes: Record<string, unknown> }>;
    const imported = history.find((e) => e.action === 'report.imported')!;
    const saved = history.find((e) => e.action === 'report.saved')!;
    const shape = ['state', 'body', 'status', 'comment', 'forecast', 'trend', 'returnComment'];
    expect(Object.keys(imported.changes).every((k) => shape.includes(k))).toBe(true);
    expect(Object.keys(saved.changes).every((k) => shape.includes(k))).toBe(true);
    expect(imported.changes).toMatchObject({ state: { before: 'draft', after: 'approved' }, status: { before: 'Delvis genomfört', after: 'Genomfört' } });
  });
});
