import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeedService } from '../src/modules/seed/seed.service.js';
import { TestApp } from './support/app.js';

describe('first start', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ UPPSIKT_DEMO: '1', UPPSIKT_ADMIN_EMAIL: 'chef@kommun.se', UPPSIKT_ADMIN_PASSWORD: 'ett-langt-losenord' });
    await t.get(SeedService).run();
    await t.get(SeedService).run(); // idempotent
  });
  afterAll(() => t?.stop());

  it('creates the first admin from the environment', async () => {
    const caller = await t.login('chef@kommun.se', 'ett-langt-losenord');
    expect((await t.request('GET', '/api/auth/me', caller)).body.roles).toEqual([{ role: 'admin' }]);
  });

  it('loads the demo users, who log in with the demo password', async () => {
    for (const email of ['admin@uppsikt.test', 'granskare@uppsikt.test', 'ks@uppsikt.test', 'tn@uppsikt.test', 'ifn@uppsikt.test', 'lasare@uppsikt.test']) {
      await t.login(email, 'uppsikt-demo');
    }
  });

  it('loads the Umeå 2020 data: 15 bodies, 53 assignments, 17 goals, published approved 2020-T2 statuses', async () => {
    const reader = await t.login('lasare@uppsikt.test', 'uppsikt-demo');
    expect((await t.request('GET', '/api/bodies', reader)).body).toHaveLength(15);
    expect((await t.request('GET', '/api/cases?kind=assignment&pageSize=1', reader)).body.total).toBe(53);
    expect((await t.request('GET', '/api/cases?kind=goal&pageSize=1', reader)).body.total).toBe(17);
    const pub = await t.request('GET', '/api/public/periods/2020-T2/cases');
    expect(pub.body.total).toBe(70);
    const r18 = pub.body.items.find((c: { reference: string }) => c.reference === '2020:18');
    expect(r18.status).toBe('Delvis genomfört'); // "Delvis uppfyllt" on an assignment, mapped to the same position
    const r51 = pub.body.items.find((c: { reference: string }) => c.reference === '2020:51');
    expect(r51.status).toBeNull();
  });

  it('has an open current-year period three weeks from its deadline with drafts, submitted and returned reports', async () => {
    const reviewer = await t.login('granskare@uppsikt.test', 'uppsikt-demo');
    const periods = (await t.request('GET', '/api/periods', reviewer)).body;
    const open = periods.find((p: { state: string }) => p.state === 'open');
    expect(open.year).toBe(new Date().getFullYear());
    const days = (Date.parse(open.submissionDeadline) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(19);
    expect(days).toBeLessThan(22);
    for (const state of ['not_started', 'draft', 'submitted', 'returned']) {
      expect((await t.request('GET', `/api/reports?period=${open.id}&state=${state}&pageSize=1`, reviewer)).body.total).toBeGreaterThan(0);
    }
  });

  it('has indicators on some goals, one linked to Kolada, with the fetch idle without KOLADA_MUNICIPALITY', async () => {
    const reader = await t.login('lasare@uppsikt.test', 'uppsikt-demo');
    const [population] = (await t.request('GET', `/api/cases/${encodeURIComponent('Mål 1')}/indicators`, reader)).body;
    expect(population).toMatchObject({ name: 'Invånare totalt', kolada: { kpi: 'N01951', gender: 'T' }, target: 200000, targetYear: 2050, values: [], sync: { state: 'never' } });
    const [homes] = (await t.request('GET', `/api/cases/${encodeURIComponent('Mål 10')}/indicators`, reader)).body;
    expect(homes).toMatchObject({ target: 2000, latest: { year: 2020, value: 1890 }, met: false });
    const admin = await t.login('admin@uppsikt.test', 'uppsikt-demo');
    expect((await t.request('POST', '/api/indicators/sync', admin)).body.queued).toBe(false);
  });
});
