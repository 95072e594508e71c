import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ReportRepository } from '../src/modules/reports/report.repository.js';
import { TestApp } from './support/app.js';
import { createCase, municipality, openPeriod, reportFor, type People } from './support/fixtures.js';

describe('optimistic locking', () => {
  let t: TestApp;
  let p: People;
  beforeAll(async () => {
    t = await TestApp.start({ DB_POOL_MAX: '20' });
    p = await municipality(t);
    await createCase(t, p.reviewer, { reference: '2026:1', leadBody: 'KS' });
    await openPeriod(t, p.reviewer);
  });
  afterAll(() => t?.stop());

  it('twenty simultaneous saves with the same version give exactly one 200, the rest 409, and nothing half-written', async () => {
    const r = await reportFor(t, p.ks, '2026:1', '2026-T2');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.request('PUT', `/api/reports/${r.id}`, { ...p.ks, body: { comment: `Version ${i}`, status: 'Delvis genomfört', version: r.version } }),
      ),
    );
    const codes = results.map((x) => x.status);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    const winner = results.find((x) => x.status === 200)!.body;
    const now = await reportFor(t, p.ks, '2026:1', '2026-T2');
    expect(now.comment).toBe(winner.comment);
    expect(now.version).toBe(r.version + 1);
    // exactly one save reached the audit trail
    const history = await t.request('GET', '/api/cases/2026%3A1/history', p.reviewer);
    expect(history.body.filter((e: { action: string }) => e.action === 'report.saved')).toHaveLength(1);
  });

  it('a stale version is 409 and changes nothing', async () => {
    const r = await reportFor(t, p.ks, '2026:1', '2026-T2');
    const res = await t.request('PUT', `/api/reports/${r.id}`, { ...p.ks, body: { comment: 'Stale', version: r.version - 1 } });
    expect(res.status).toBe(409);
    expect(res.body.details).toEqual([{ path: 'version', message: expect.any(String) }]);
    expect((await reportFor(t, p.ks, '2026:1', '2026-T2')).comment).toBe(r.comment);
  });

  it('simultaneous submit and save: one wins, state stays consistent', async () => {
    const r = await reportFor(t, p.ks, '2026:1', '2026-T2');
    const [a, b] = await Promise.all([
      t.request('POST', `/api/reports/${r.id}/submit`, { ...p.ks, body: { version: r.version } }),
      t.request('PUT', `/api/reports/${r.id}`, { ...p.ks, body: { comment: 'Sent ändring', version: r.version } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const subs = await t.request('GET', `/api/reports/${r.id}/submissions`, p.ks);
    const final = await reportFor(t, p.ks, '2026:1', '2026-T2');
    expect(subs.body.length).toBe(final.state === 'submitted' ? 1 : 0);
  });

  it('answers a save with the report as it is read afterwards, and records exactly what changed', async () => {
    await createCase(t, p.reviewer, { reference: '2026:2', leadBody: 'KS', coBodies: ['TN'] });
    const r = await reportFor(t, p.ks, '2026:2', '2026-T2');
    const res = await t.request('PUT', `/api/reports/${r.id}`, { ...p.ks, body: { comment: '  Upphandlingen är klar.  ', status: 'Delvis genomfört', version: r.version } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual((await t.request('GET', `/api/reports/${r.id}`, p.ks)).body);
    expect(res.body).toMatchObject({ state: 'draft', comment: '  Upphandlingen är klar.  ', status: 'Delvis genomfört', version: r.version + 1, contributions: [{ body: 'TN', text: '' }] });
    const history = await t.request('GET', '/api/cases/2026%3A2/history', p.reviewer);
    const saved = history.body.filter((e: { action: string }) => e.action === 'report.saved');
    expect(saved).toEqual([
      expect.objectContaining({
        actorName: expect.any(String),
        changes: { state: { before: 'not_started', after: 'draft' }, comment: { before: null, after: '  Upphandlingen är klar.  ' }, status: { before: null, after: 'Delvis genomfört' } },
      }),
    ]);
  });

  it('writes nothing when the period closes between the check and the write of a save, and says the period is closed', async () => {
    const r = await reportFor(t, p.ks, '2026:2', '2026-T2');
    const repo = t.get(ReportRepository);
    const read = repo.toSave.bind(repo);
    const spy = vi.spyOn(repo, 'toSave').mockImplementationOnce(async (id) => {
      const found = await read(id);
      await t.em.getConnection().execute(`update period set state = 'closed', version = version + 1 where id = '2026-T2'`);
      return found;
    });
    try {
      const res = await t.request('PUT', `/api/reports/${r.id}`, { ...p.ks, body: { comment: 'För sent', version: r.version } });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/stängd/u);
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
    expect((await reportFor(t, p.ks, '2026:2', '2026-T2')).version).toBe(r.version);
    const history = await t.request('GET', '/api/cases/2026%3A2/history', p.reviewer);
    expect(history.body.filter((e: { action: string }) => e.action === 'report.saved')).toHaveLength(1);
  });
});
