import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fourEyesRefuses } from '@uppsikt/shared';
import { TestApp, type Caller } from './support/app.js';
import { createCase, municipality, openPeriod, reportFor } from './support/fixtures.js';

/** Issue 12, item 11: nobody approves or returns a report they submitted themselves. */
async function setUp(t: TestApp) {
  const p = await municipality(t);
  // Holds editor (KS) and reviewer: could submit and then review the same report.
  const both = await t.as([{ role: 'editor', body: 'KS' }, { role: 'reviewer' }]);
  await createCase(t, p.reviewer, { reference: '2026:1' });
  await createCase(t, p.reviewer, { reference: '2026:2' });
  await createCase(t, p.reviewer, { reference: '2026:3' });
  await openPeriod(t, p.reviewer);
  const submitted = async (reference: string, who: Caller) => {
    const r = await reportFor(t, who, reference, '2026-T2');
    const saved = await t.request('PUT', `/api/reports/${r.id}`, { ...who, body: { status: 'Genomfört', comment: 'Klart.', forecast: 'Genomfört', version: r.version } });
    expect(saved.status, saved.text).toBe(200);
    const res = await t.request('POST', `/api/reports/${r.id}/submit`, { ...who, body: {} });
    expect(res.status, res.text).toBe(200);
    return res.body as { id: string; version: number };
  };
  return { p, both, submitted };
}

describe('four-eyes rule', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    t = await TestApp.start();
    s = await setUp(t);
  });
  afterAll(() => t?.stop());

  it('refuses approving or returning one\'s own submission with 403 and a Swedish message', async () => {
    const r = await s.submitted('2026:1', s.both);
    const approve = await t.request('POST', `/api/reports/${r.id}/approve`, { ...s.both, body: {} });
    expect(approve.status).toBe(403);
    expect(approve.body.message).toMatch(/själv.*skickat in/);
    const ret = await t.request('POST', `/api/reports/${r.id}/return`, { ...s.both, body: { comment: 'Komplettera.' } });
    expect(ret.status).toBe(403);
    expect(ret.body.message).toMatch(/själv.*skickat in/);
    expect((await t.request('GET', `/api/reports/${r.id}`, s.p.reviewer)).body).toMatchObject({ state: 'submitted', version: r.version });
    // Another reviewer may.
    expect((await t.request('POST', `/api/reports/${r.id}/approve`, { ...s.p.reviewer, body: {} })).status).toBe(200);
  });

  it('tells the web app beforehand: the report names its submitter (user id) and /api/auth/me says self-approval is off', async () => {
    const me = await t.request('GET', '/api/auth/me', s.both);
    expect(me.body.selfApproval).toBe(false);
    const r = await s.submitted('2026:3', s.both);
    const read = await t.request('GET', `/api/reports/${r.id}`, s.both);
    expect(read.body.submittedBy).toBe(me.body.id);
    expect(fourEyesRefuses(read.body.submittedBy, me.body.id, me.body.selfApproval)).toBe(true);
    expect((await t.request('POST', `/api/reports/${r.id}/approve`, { ...s.both, body: {} })).status).toBe(403);
    const other = await t.request('GET', '/api/auth/me', s.p.reviewer);
    expect(fourEyesRefuses(read.body.submittedBy, other.body.id, other.body.selfApproval)).toBe(false);
  });

  it('lets the same person review what someone else submitted', async () => {
    const r = await s.submitted('2026:2', s.p.ks);
    const res = await t.request('POST', `/api/reports/${r.id}/return`, { ...s.both, body: { comment: 'Komplettera.' } });
    expect(res.status).toBe(200);
  });
});

describe('four-eyes rule off (ALLOW_SELF_APPROVAL=1, small municipalities)', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    t = await TestApp.start({ ALLOW_SELF_APPROVAL: '1' });
    s = await setUp(t);
  });
  afterAll(async () => {
    delete process.env.ALLOW_SELF_APPROVAL;
    await t?.stop();
  });

  it('allows approving one\'s own submission', async () => {
    const r = await s.submitted('2026:1', s.both);
    const res = await t.request('POST', `/api/reports/${r.id}/approve`, { ...s.both, body: {} });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('approved');
    const me = await t.request('GET', '/api/auth/me', s.both);
    expect(me.body.selfApproval).toBe(true);
    expect(fourEyesRefuses(res.body.submittedBy, me.body.id, me.body.selfApproval)).toBe(false);
  });
});
