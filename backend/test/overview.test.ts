import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Overview, overviewSummary, type OverviewGroup } from '@uppsikt/shared';
import { TestApp, type Caller } from './support/app.js';
import { createCase, municipality, openPeriod, reportFor, type People } from './support/fixtures.js';
import { upload } from './support/upload.js';

/** Issue 14, item 5: GET /api/overview, the roll-up by kind, body and parent. */
describe('GET /api/overview', () => {
  let t: TestApp;
  let p: People;

  beforeAll(async () => {
    t = await TestApp.start();
    p = await municipality(t);
  });
  afterAll(() => t?.stop());

  async function overview(who: Caller, query: string) {
    const res = await t.request('GET', `/api/overview?${query}`, who);
    expect(res.status, res.text).toBe(200);
    return Overview.parse(res.body);
  }
  const group = (o: Overview, key: string | null) => {
    const g = o.groups.find((x) => x.key === key);
    if (!g) throw new Error(`no group ${key} in ${JSON.stringify(o.groups.map((x) => x.key))}`);
    return g;
  };
  /** "value:count" per scale value, in the order the overview gives. */
  const counted = (g: OverviewGroup) => g.counts.map((c) => `${c.value}:${c.count}`);

  describe('a three-theme evaluation with 31 approved items', () => {
    // Tema 1: 9 · 2 · 0 of 11; Tema 2: 10 · 1 · 0 of 11; Tema 3: 7 · 1 · 1 of 9; all: 26 · 4 · 1 of 31.
    const THEMES = [
      { ref: 'UTV-T1', title: 'Tema 1: Trygg uppväxt', statuses: [9, 2, 0] },
      { ref: 'UTV-T2', title: 'Tema 2: Jämlik hälsa', statuses: [10, 1, 0] },
      { ref: 'UTV-T3', title: 'Tema 3: Delaktighet', statuses: [7, 1, 1] },
    ];
    const SCALE = ['Genomfört', 'Delvis genomfört', 'Inte genomfört'];

    beforeAll(async () => {
      await createCase(t, p.reviewer, { reference: 'UTV', kind: 'goal', title: 'Halvtidsutvärdering', text: 'Utvärdering av programmet.', leadBody: 'KS' });
      const rows = ['Referens;Period;Nämnd;Status;Motivering/kommentar'];
      for (const [i, theme] of THEMES.entries()) {
        await createCase(t, p.reviewer, { reference: theme.ref, kind: 'goal', title: theme.title, text: theme.title, leadBody: 'KS', parent: 'UTV' });
        let n = 0;
        for (const [s, count] of theme.statuses.entries()) {
          for (let k = 0; k < count; k++) {
            const ref = `UTV-${i + 1}.${++n}`;
            await createCase(t, p.reviewer, { reference: ref, text: `Åtgärd ${ref}`, leadBody: ['KS', 'TN', 'IFN'][n % 3], parent: theme.ref });
            rows.push(`${ref};2024-T2;${['KS', 'TN', 'IFN'][n % 3]};${SCALE[s]};Bedömning ${ref}.`);
          }
        }
      }
      // A case outside the evaluation, without a parent.
      await createCase(t, p.reviewer, { reference: '2024:1', text: 'Fristående uppdrag.', leadBody: 'TN' });
      rows.push('2024:1;2024-T2;TN;Delvis genomfört;Pågår.');
      const imported = await upload(t, '/api/imports/reports?dryRun=false', p.reviewer, 'utvardering.csv', `${rows.join('\r\n')}\r\n`);
      expect(imported.status, imported.text).toBe(200);
      expect(imported.body.created).toBe(32);
    });

    it("gives each theme's counts and, summed, the evaluation's", async () => {
      const o = await overview(p.reviewer, 'period=2024-T2&groupBy=parent&under=UTV');
      expect(o.groups.map((g) => g.key)).toEqual(['UTV-T1', 'UTV-T2', 'UTV-T3']);
      expect(o.groups.map((g) => g.name)).toEqual(THEMES.map((x) => x.title));
      expect(o.groups.map((g) => g.parent)).toEqual(THEMES.map(() => ({ reference: 'UTV', name: 'Halvtidsutvärdering' })));
      for (const [i, theme] of THEMES.entries()) {
        const g = group(o, theme.ref);
        const total = theme.statuses.reduce((a, b) => a + b, 0);
        expect(g.total).toBe(total);
        expect(g.notReported).toBe(0);
        expect(counted(g)).toEqual(SCALE.map((v, s) => `${v}:${THEMES[i].statuses[s]}`));
        expect(g.counts.map((c) => c.colour)).toEqual(['green', 'yellow', 'red']);
        expect([g.targetsMet, g.targetsTotal]).toEqual([0, 0]);
      }
      expect(overviewSummary(group(o, 'UTV-T1'))).toBe('9/11 · 2/11 · 0/11');
      expect(overviewSummary(group(o, 'UTV-T3'))).toBe('7/9 · 1/9 · 1/9');
      const all = SCALE.map((v) => o.groups.reduce((n, g) => n + g.counts.find((c) => c.value === v)!.count, 0));
      expect(all).toEqual([26, 4, 1]);
      expect(o.groups.reduce((n, g) => n + g.total, 0)).toBe(31);
    });

    it('under one theme: only its items, the theme itself left out', async () => {
      const o = await overview(p.reader, 'period=2024-T2&groupBy=parent&under=UTV-T2');
      expect(o.groups.map((g) => [g.key, g.total, overviewSummary(g)])).toEqual([['UTV-T2', 11, '10/11 · 1/11 · 0/11']]);
      const byKind = await overview(p.reader, 'period=2024-T2&groupBy=kind&under=UTV');
      expect(byKind.groups.map((g) => [g.key, g.name, g.total, overviewSummary(g)])).toEqual([['assignment', 'KF-uppdrag', 31, '26/31 · 4/31 · 1/31']]);
    });

    it('groups the cases without a parent under "Utan överordnad", last', async () => {
      const o = await overview(p.reviewer, 'period=2024-T2&groupBy=parent');
      expect(o.groups.map((g) => g.key)).toEqual(['UTV-T1', 'UTV-T2', 'UTV-T3', null]);
      const none = group(o, null);
      expect([none.name, none.parent]).toEqual(['Utan överordnad', null]);
      expect([none.total, none.notReported, counted(none)]).toEqual([1, 0, ['Genomfört:0', 'Delvis genomfört:1', 'Inte genomfört:0']]);
    });

    it('groups by body, in name order, each with its own total', async () => {
      const o = await overview(p.ks, 'period=2024-T2&groupBy=body');
      expect(o.groups.map((g) => g.key)).toEqual(['IFN', 'KS', 'TN']); // Individ- och …, Kommunstyrelsen, Tekniska …
      expect(o.groups.map((g) => g.name)).toEqual(['Individ- och familjenämnden', 'Kommunstyrelsen', 'Tekniska nämnden']);
      expect(o.groups.reduce((n, g) => n + g.total, 0)).toBe(32);
    });
  });

  describe('an open period, reports in every state', () => {
    const PERIOD = '2026-T2';
    let ids: Record<string, string>;

    beforeAll(async () => {
      await createCase(t, p.reviewer, { reference: 'O:1', leadBody: 'KS' }); // approved: Genomfört
      await createCase(t, p.reviewer, { reference: 'O:2', leadBody: 'KS' }); // submitted: Delvis genomfört
      await createCase(t, p.reviewer, { reference: 'O:3', leadBody: 'KS' }); // draft with a status: not counted
      await createCase(t, p.reviewer, { reference: 'O:4', leadBody: 'TN' }); // returned after a submission: not counted
      await createCase(t, p.reviewer, { reference: 'O:5', leadBody: 'TN' }); // not started
      await createCase(t, p.reviewer, { reference: 'O:6', kind: 'goal', leadBody: 'IFN' }); // approved goal: Delvis uppfyllt
      await openPeriod(t, p.reviewer, 2026, 'T2');
      ids = {};
      const editorOf: Record<string, Caller> = { KS: p.ks, TN: p.tn, IFN: p.ifn };
      const step = async (ref: string, body: string, status: string, until: 'draft' | 'submitted' | 'approved' | 'returned') => {
        let r = await reportFor(t, p.reviewer, ref, PERIOD);
        ids[ref] = r.id;
        r = (await t.request('PUT', `/api/reports/${r.id}`, { ...editorOf[body], body: { status, comment: 'Läget.', forecast: status, version: r.version } })).body;
        if (until === 'draft') return;
        expect((await t.request('POST', `/api/reports/${r.id}/submit`, { ...editorOf[body], body: {} })).status).toBe(200);
        if (until === 'submitted') return;
        const action = until === 'approved' ? 'approve' : 'return';
        expect((await t.request('POST', `/api/reports/${r.id}/${action}`, { ...p.reviewer, body: action === 'return' ? { comment: 'Komplettera.' } : {} })).status).toBe(200);
      };
      await step('O:1', 'KS', 'Genomfört', 'approved');
      await step('O:2', 'KS', 'Delvis genomfört', 'submitted');
      await step('O:3', 'KS', 'Inte genomfört', 'draft');
      await step('O:4', 'TN', 'Inte genomfört', 'returned');
      await step('O:6', 'IFN', 'Delvis uppfyllt', 'approved');
    });

    it('counts only submitted and approved statuses, by kind, with the rest as not reported', async () => {
      const o = await overview(p.reviewer, `period=${PERIOD}&groupBy=kind`);
      const periodCases = (await t.request('GET', `/api/reports?period=${PERIOD}&pageSize=500`, p.reviewer)).body.total;
      expect(o.groups.map((g) => g.key)).toEqual(['goal', 'assignment']); // kind position order
      const a = group(o, 'assignment');
      // 'Inte genomfört' is the status of a draft (O:3) and of a returned report (O:4): neither counts.
      expect(counted(a)).toEqual(['Genomfört:1', 'Delvis genomfört:1', 'Inte genomfört:0']);
      const assignmentsInPeriod = (await t.request('GET', `/api/reports?period=${PERIOD}&kind=assignment&pageSize=500`, p.reviewer)).body.total;
      expect(a.total).toBe(assignmentsInPeriod);
      expect(a.notReported).toBe(assignmentsInPeriod - 2);
      expect(counted(group(o, 'goal'))).toEqual(['Helt uppfyllt:0', 'Delvis uppfyllt:1', 'Inte uppfyllt:0']);
      expect(o.groups.reduce((n, g) => n + g.total, 0)).toBe(periodCases);
    });

    it('gives reader, editor, reviewer and admin the same numbers, by kind, body and parent', async () => {
      for (const groupBy of ['kind', 'body', 'parent']) {
        const query = `period=${PERIOD}&groupBy=${groupBy}`;
        const seen = await Promise.all([p.reader, p.ks, p.tn, p.reviewer, p.admin].map((who) => t.request('GET', `/api/overview?${query}`, who)));
        for (const res of seen) expect(res.status).toBe(200);
        for (const res of seen.slice(1)) expect(res.body).toEqual(seen[0].body);
      }
    });

    it("shows a reader of the unpublished period what the reader may read, nothing of drafts or returns", async () => {
      // Readers may read every period's submitted and approved reports (GET /api/reports), published
      // or not; publishing only opens a period to the public. So the reader's counts for this open,
      // unpublished period are exactly the statuses of the reports the reader can list.
      const period = (await t.request('GET', '/api/periods', p.reader)).body.find((x: { id: string }) => x.id === PERIOD);
      expect(period.published).toBe(false);
      const readable = (await t.request('GET', `/api/reports?period=${PERIOD}&pageSize=500`, p.reader)).body.items as Array<{ status: string; state: string }>;
      expect(readable.map((r) => r.state).sort()).toEqual(['approved', 'approved', 'submitted']);
      const o = await overview(p.reader, `period=${PERIOD}&groupBy=body`);
      const countedStatuses = o.groups.flatMap((g) => g.counts.flatMap((c) => Array<string>(c.count).fill(c.value))).sort();
      expect(countedStatuses).toEqual(readable.map((r) => r.status).sort());
      // TN's only status is a returned report's: a reader sees TN's reports as not reported.
      const tn = group(o, 'TN');
      const tnReports = (await t.request('GET', `/api/reports?period=${PERIOD}&body=TN&pageSize=500`, p.reviewer)).body.total;
      expect([tn.total, tn.notReported, tn.counts.every((c) => c.count === 0)]).toEqual([tnReports, tnReports, true]);
      expect(JSON.stringify(o)).not.toContain('Komplettera');
    });

    it('follows a change at once: a submission and an approval move the counts, a return takes them back', async () => {
      const before = group(await overview(p.reader, `period=${PERIOD}&groupBy=body`), 'KS');
      const r = (await t.request('GET', `/api/reports/${ids['O:3']}`, p.ks)).body;
      expect((await t.request('POST', `/api/reports/${r.id}/submit`, { ...p.ks, body: { version: r.version } })).status).toBe(200);
      const after = group(await overview(p.reader, `period=${PERIOD}&groupBy=body`), 'KS');
      // KS also leads the evaluation's goals: its group holds both scales, goals first (kind position).
      expect(counted(after)).toEqual(['Helt uppfyllt:0', 'Delvis uppfyllt:0', 'Inte uppfyllt:0', 'Genomfört:1', 'Delvis genomfört:1', 'Inte genomfört:1']);
      expect(after.notReported).toBe(before.notReported - 1);
      expect((await t.request('POST', `/api/reports/${r.id}/return`, { ...p.reviewer, body: { comment: 'Nej.' } })).status).toBe(200);
      expect(group(await overview(p.reader, `period=${PERIOD}&groupBy=body`), 'KS')).toEqual(before);
    });
  });

  it("counts an admin's own kind on its five-step scale, in its colours, and follows a renamed value", async () => {
    const scale = [
      { value: 'Klart', colour: 'green' },
      { value: 'Nästan klart', colour: 'blue' },
      { value: 'Pågår', colour: 'yellow' },
      { value: 'Ej påbörjat', colour: 'grey' },
      { value: 'Stoppat', colour: 'red' },
    ];
    const created = await t.request('POST', '/api/kinds', { ...p.admin, body: { key: 'khp', name: 'KHP-punkt', plural: 'KHP-punkter', scale } });
    expect(created.status, created.text).toBe(201);
    await createCase(t, p.reviewer, { reference: 'KHP:1', kind: 'khp', text: 'Krisberedskap.', leadBody: 'TN' });
    let r = await reportFor(t, p.reviewer, 'KHP:1', '2026-T2');
    r = (await t.request('PUT', `/api/reports/${r.id}`, { ...p.tn, body: { status: 'Nästan klart', comment: 'Övning hållen.', version: r.version } })).body;
    expect((await t.request('POST', `/api/reports/${r.id}/submit`, { ...p.tn, body: {} })).status).toBe(200);
    expect((await t.request('POST', `/api/reports/${r.id}/approve`, { ...p.reviewer, body: {} })).status).toBe(200);
    const khp = group(await overview(p.reader, 'period=2026-T2&groupBy=kind'), 'khp');
    expect([khp.name, khp.total, khp.notReported]).toEqual(['KHP-punkter', 1, 0]);
    expect(khp.counts).toEqual(scale.map((v) => ({ ...v, count: v.value === 'Nästan klart' ? 1 : 0 })));
    const renamed = await t.request('PATCH', '/api/kinds/khp', {
      ...p.admin,
      body: { scale: scale.map((v) => (v.value === 'Nästan klart' ? { value: 'Snart klart', colour: 'blue', was: 'Nästan klart' } : v)), version: created.body.version },
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect(counted(group(await overview(p.reader, 'period=2026-T2&groupBy=kind'), 'khp'))).toEqual(['Klart:0', 'Snart klart:1', 'Pågår:0', 'Ej påbörjat:0', 'Stoppat:0']);
  });

  it('refuses a bad groupBy, period or under with 400 naming it, and anonymous callers with 401', async () => {
    const bad = async (query: string, path: string) => {
      const res = await t.request('GET', `/api/overview?${query}`, p.reviewer);
      expect(res.status, res.text).toBe(400);
      expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
    };
    await bad('period=2026-T2&groupBy=colour', 'groupBy');
    await bad('groupBy=kind', 'period');
    await bad('period=2026-T4', 'period');
    await bad('period=1999-T1', 'period'); // well-formed, no such period
    await bad('period=2026-T2&under=Finns%20inte', 'under');
    await bad('period=2026-T2&under=%3Cscript%3E', 'under');
    expect((await t.request('GET', '/api/overview?period=2026-T2')).status).toBe(401);
  });
});
