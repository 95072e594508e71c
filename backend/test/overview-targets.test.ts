import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApp } from './support/app.js';
import { createCase, municipality, type People } from './support/fixtures.js';
import { upload } from './support/upload.js';

/** Issue 15 item 6: the overview counts, per group, indicators whose target is met of those with a target and a value. */
describe('overview targets', () => {
  let t: TestApp;
  let p: People;

  beforeAll(async () => {
    t = await TestApp.start();
    p = await municipality(t);
    for (const [ref, kind, lead] of [['T:1', 'goal', 'KS'], ['T:2', 'goal', 'TN'], ['T:3', 'assignment', 'KS']] as const) {
      await createCase(t, p.reviewer, { reference: ref, kind, text: `Ärende ${ref}`, leadBody: lead });
    }
    const ok = (r: { status: number; text: string }) => expect(r.status, r.text).toBe(200);
    ok(await upload(t, '/api/imports/reports', p.reviewer, 'r.csv', 'Referens;Period;Nämnd;Status;Motivering/kommentar\nT:1;2025-T3;KS;Helt uppfyllt;Klart.\nT:2;2025-T3;TN;Delvis uppfyllt;Pågår.\nT:3;2025-T3;KS;Genomfört;Klart.\n'));
    ok(await upload(t, '/api/imports/indicators', p.reviewer, 'i.csv', [
      'Referens;Indikator;Riktning;Målvärde;År;Värde',
      'T:1;Nådd;Högre;10;2025;12', // met
      'T:1;Inte nådd;Högre;10;2025;8', // not met
      'T:1;Utan värde;Högre;10;;', // no value: not counted
      'T:1;Utan mål;Högre;;2025;5', // no target: not counted
      'T:2;Lägre nådd;Lägre;5;2024;4', // met (lower is better)
      'T:2;Senare år;Högre;10;2026;20', // only a value after the period: not counted
      'T:3;Uppdragets;Högre;1;2025;0', // not met
    ].join('\n')));
  });
  afterAll(() => t?.stop());

  it('counts targets met of targets with a value per group, the same for every role', async () => {
    const byKind = await t.request('GET', '/api/overview?period=2025-T3&groupBy=kind', p.reviewer);
    expect(byKind.status, byKind.text).toBe(200);
    const g = (key: string) => byKind.body.groups.find((x: { key: string }) => x.key === key);
    expect(g('goal')).toMatchObject({ targetsMet: 2, targetsTotal: 3 });
    expect(g('assignment')).toMatchObject({ targetsMet: 0, targetsTotal: 1 });
    const byBody = await t.request('GET', '/api/overview?period=2025-T3&groupBy=body', p.reader);
    const b = (key: string) => byBody.body.groups.find((x: { key: string }) => x.key === key);
    expect(b('KS')).toMatchObject({ targetsMet: 1, targetsTotal: 3 });
    expect(b('TN')).toMatchObject({ targetsMet: 1, targetsTotal: 1 });
    expect((await t.request('GET', '/api/overview?period=2025-T3&groupBy=kind', p.reader)).body).toEqual(byKind.body);
  });

  it('follows a new value at once (the cached overview moves with indicators)', async () => {
    const [, notMet] = (await t.request('GET', `/api/cases/${encodeURIComponent('T:1')}/indicators`, p.reviewer)).body;
    expect((await t.request('PUT', `/api/indicators/${notMet.id}/values/2025`, { ...p.reviewer, body: { value: 11 } })).status).toBe(200);
    const byKind = await t.request('GET', '/api/overview?period=2025-T3&groupBy=kind', p.reviewer);
    expect(byKind.body.groups.find((x: { key: string }) => x.key === 'goal')).toMatchObject({ targetsMet: 3, targetsTotal: 3 });
  });
});
