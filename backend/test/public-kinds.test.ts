import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApp, type Reply } from './support/app.js';
import { createCase, municipality, openPeriod, reportFor, type People } from './support/fixtures.js';

const ok = (res: Reply, status = 200) => expect(res.status, res.text).toBe(status);

/**
 * Open data names an admin's kind without a session (GET /api/kinds needs one): the public period
 * answer carries the kinds of its published cases — names, plurals and scale colours — and no other.
 */
describe('open data: the kinds of published cases', () => {
  let t: TestApp;
  let p: People;

  beforeAll(async () => {
    t = await TestApp.start();
    p = await municipality(t);
  });
  afterAll(() => t?.stop());

  it('carries the names, plurals and scale of the kinds its approved cases have, and nothing of unpublished ones', async () => {
    const scale = [
      { value: 'Klart', colour: 'green' },
      { value: 'På väg', colour: 'blue' },
      { value: 'Stoppat', colour: 'red' },
    ];
    ok(await t.request('POST', '/api/kinds', { ...p.admin, body: { key: 'khp_item', name: 'KHP-punkt', plural: 'KHP-punkter', scale, position: 0 } }), 201);
    ok(await t.request('POST', '/api/kinds', { ...p.admin, body: { key: 'hidden_kind', name: 'Hemlig typ', plural: 'Hemliga typer', scale: [{ value: 'Bra', colour: 'green' }, { value: 'Dålig', colour: 'red' }] } }), 201);
    await createCase(t, p.reviewer, { reference: 'KHP 1', kind: 'khp_item', text: 'Trygg skolväg.', leadBody: 'KS' });
    await createCase(t, p.reviewer, { reference: 'H 1', kind: 'hidden_kind', text: 'Inte godkänd.', leadBody: 'KS' });
    await createCase(t, p.reviewer, { reference: '2026:1', kind: 'assignment', text: 'Inte inskickad.', leadBody: 'KS' });
    await openPeriod(t, p.reviewer, 2025, 'T3', { submissionDeadline: '2026-01-15T12:00:00+01:00' });

    const khp = await reportFor(t, p.ks, 'KHP 1', '2025-T3');
    ok(await t.request('PUT', `/api/reports/${khp.id}`, { ...p.ks, body: { status: 'På väg', comment: 'Halva sträckan.', version: khp.version } }));
    ok(await t.request('POST', `/api/reports/${khp.id}/submit`, { ...p.ks, body: {} }));
    ok(await t.request('POST', `/api/reports/${khp.id}/approve`, { ...p.reviewer, body: {} }));
    const hidden = await reportFor(t, p.ks, 'H 1', '2025-T3');
    ok(await t.request('PUT', `/api/reports/${hidden.id}`, { ...p.ks, body: { status: 'Bra', comment: 'Inskickad, inte godkänd.', version: hidden.version } }));
    ok(await t.request('POST', `/api/reports/${hidden.id}/submit`, { ...p.ks, body: {} }));

    expect((await t.request('GET', '/api/public/periods/2025-T3/cases')).status).toBe(404); // not published yet
    ok(await t.request('POST', '/api/periods/2025-T3/publish', p.reviewer));

    const pub = await t.request('GET', '/api/public/periods/2025-T3/cases'); // no session
    ok(pub);
    expect(pub.body.items.map((c: { reference: string }) => c.reference)).toEqual(['KHP 1']);
    expect(pub.body.kinds).toEqual([{ key: 'khp_item', name: 'KHP-punkt', plural: 'KHP-punkter', scale, position: 0 }]);
    expect(pub.text).not.toContain('hidden_kind');
    expect(pub.text).not.toContain('Hemlig');
    expect(pub.text).not.toContain('KF-uppdrag');
    expect((await t.request('GET', '/api/kinds')).status).toBe(401);
  });

  it('follows a renamed kind at once', async () => {
    const k = (await t.request('GET', '/api/kinds', p.reader)).body.find((x: { key: string }) => x.key === 'khp_item');
    ok(await t.request('PATCH', '/api/kinds/khp_item', { ...p.admin, body: { name: 'Handlingsplanspunkt', version: k.version } }));
    const pub = await t.request('GET', '/api/public/periods/2025-T3/cases');
    expect(pub.body.kinds.map((x: { name: string }) => x.name)).toEqual(['Handlingsplanspunkt']);
  });
});
