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
    const [employed] = (await t.request('GET', `/api/cases/${encodeURIComponent('SH2024:5')}/indicators`, reader)).body;
    expect(employed).toMatchObject({ target: 80, latest: { year: 2023, value: 80.2 }, met: true });
    const admin = await t.login('admin@uppsikt.test', 'uppsikt-demo');
    expect((await t.request('POST', '/api/indicators/sync', admin)).body.queued).toBe(false);
  });

  it('loads Program för social hållbarhet 2024 as a tree with its 2024-T2 lägesbild, published', async () => {
    const reader = await t.login('lasare@uppsikt.test', 'uppsikt-demo');
    const programme = (await t.request('GET', '/api/cases/SH2024', reader)).body;
    expect(programme).toMatchObject({ kind: 'programme', title: 'Program för social hållbarhet 2024', parent: null, leadBody: 'KS' });
    expect(programme.children.map((c: { reference: string; kind: string }) => [c.reference, c.kind])).toEqual([
      ['2021:8', 'supplementary_assignment'],
      ...[1, 2, 3, 4, 5].map((n) => [`SH2024:${n}`, 'focus_area']),
    ]);
    expect((await t.request('GET', '/api/cases?under=SH2024&kind=programme_priority&pageSize=1', reader)).body.total).toBe(14);
    const prio = (await t.request('GET', `/api/cases/${encodeURIComponent('SH2024:1.1')}`, reader)).body;
    expect(prio).toMatchObject({ kind: 'programme_priority', parent: 'SH2024:1', leadBody: 'KS' });
    expect([...prio.coBodies].sort()).toEqual(['BN', 'FGN', 'IFN', 'TN', 'UKF']); // "KS, IFN, FGN, BN, TN, UKF genom Bostaden och Ultra"
    expect(prio.ancestors.map((a: { reference: string }) => a.reference)).toEqual(['SH2024', 'SH2024:1']);
    expect((await t.request('GET', `/api/cases/${encodeURIComponent('2021:8')}`, reader)).body).toMatchObject({ allBodies: true, allBodiesScope: 'boards_and_companies', parent: 'SH2024' });
    // the lägesbild per 31 August 2024, approved and published, for the programme, its focus areas and priorities
    const reports = (await t.request('GET', '/api/reports?period=2024-T2&pageSize=100', reader)).body;
    expect(reports.total).toBe(20);
    const r11 = reports.items.find((r: { case: { reference: string } }) => r.case.reference === 'SH2024:1.1');
    expect(r11).toMatchObject({ state: 'approved', status: 'Mer arbete krävs', summary: expect.stringContaining('organiserad brottslighet') });
    const pub = await t.request('GET', '/api/public/periods/2024-T2/cases');
    expect(pub.body.total).toBe(20);
    // yearly cadence: the programme's kinds report in T2 only
    const kinds = (await t.request('GET', '/api/kinds', reader)).body;
    for (const key of ['programme', 'focus_area', 'programme_priority']) expect(kinds.find((k: { key: string }) => k.key === key).terms).toEqual(['T2']);
    // the programme appendix of the demo: the Överblick and five focus areas
    const csv = await t.request('GET', '/api/exports/followup?under=SH2024&period=2024-T2&format=csv', reader);
    expect(csv.status).toBe(200);
    expect(csv.text.trim().split('\r\n')).toHaveLength(1 + 20);
    // the Översikt's roll-up by focus area: the priorities' lägesbild per focus area, the focus areas' under the programme
    const overview = (await t.request('GET', '/api/overview?period=2024-T2&groupBy=parent&under=SH2024', reader)).body;
    const counts = overview.groups.map((g: { key: string; total: number; counts: { value: string; count: number }[] }) => [g.key, g.total, ...g.counts.map((c) => c.count)]);
    expect(counts).toEqual([
      ['SH2024', 5, 2, 3],
      ['SH2024:1', 3, 0, 3],
      ['SH2024:2', 3, 2, 1],
      ['SH2024:3', 3, 0, 3],
      ['SH2024:4', 3, 3, 0],
      ['SH2024:5', 2, 0, 2],
    ]);
  });
});
