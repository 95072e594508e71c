import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScope, Scope } from '../src/infra/cache/scope.js';
import { Sql } from '../src/infra/database/sql.js';
import { TestApp } from './support/app.js';
import { createCase, municipality, openPeriod, reportFor, type People } from './support/fixtures.js';
import { upload } from './support/upload.js';

/** Every scope the row triggers write is one a `Scope` constructor makes, so cached reads ask for what the triggers count. */
describe('read-cache scopes', () => {
  let t: TestApp;
  let p: People;

  beforeAll(async () => {
    t = await TestApp.start();
    p = await municipality(t);
  });
  afterAll(() => t?.stop());

  it('parses back what each constructor makes', () => {
    const made = [
      Scope.cases(),
      Scope.case('2026:1'),
      Scope.case('KS-2026/00012 a'),
      Scope.reports('2026-T2'),
      Scope.reports('2026-T2', 'KS'),
      Scope.period('2026-T2'),
      Scope.kinds(),
      Scope.indicators(),
      Scope.reportText(),
      Scope.reportText('published'),
      Scope.text('all', 'cykel:*'),
      Scope.text('published', 'cykel:* & bana:*'),
      Scope.all(),
    ];
    for (const text of made) {
      const parsed = parseScope(text);
      expect(parsed, text).not.toBeNull();
      expect((Scope[parsed!.kind] as (...a: string[]) => Scope)(...parsed!.args), text).toBe(text);
    }
    expect(parseScope('cases')).toBeNull();
    expect(parseScope('report:2026-T2')).toBeNull();
  });

  it('matches every scope the triggers write to a constructor', async () => {
    const ok = (res: { status: number; text: string }, status = 200) => expect(res.status, res.text).toBe(status);
    await createCase(t, p.reviewer, { reference: '2026:1', text: 'Utred laddplatser.', leadBody: 'KS', coBodies: ['TN'] });
    await createCase(t, p.reviewer, { reference: '2026:2', text: 'Minska matsvinnet.', leadBody: 'TN', allBodies: true });
    await openPeriod(t, p.reviewer, 2026, 'T2');
    const r = await reportFor(t, p.ks, '2026:1', '2026-T2');
    const saved = await t.request('PUT', `/api/reports/${r.id}`, { ...p.ks, body: { status: 'Delvis genomfört', comment: 'Planeras.', version: r.version } });
    ok(saved);
    ok(await t.request('PUT', `/api/reports/${r.id}/contributions/TN`, { ...p.tn, body: { text: 'TN bygger.' } }));
    const submitted = await t.request('POST', `/api/reports/${r.id}/submit`, { ...p.ks, body: {} });
    ok(submitted);
    ok(await t.request('POST', `/api/reports/${r.id}/approve`, { ...p.reviewer, body: {} }));
    const c = (await t.request('GET', '/api/cases/2026%3A2', p.reviewer)).body;
    ok(await t.request('PATCH', '/api/cases/2026%3A2', { ...p.reviewer, body: { leadBody: 'IFN', coBodies: ['KS'], version: c.version } }));
    ok(await t.request('POST', '/api/cases/2026%3A1/close', { ...p.reviewer, body: { outcome: 'completed', note: 'Klart.' } }));
    ok(await t.request('PATCH', '/api/bodies/TN', { ...p.admin, body: { name: 'Tekniska nämnden (ny)' } }));
    ok(await t.request('POST', '/api/kinds', { ...p.admin, body: { key: 'tema', name: 'Tema', plural: 'Teman', scale: [{ value: 'Bra', colour: 'green' }] } }), 201);
    ok(await upload(t, '/api/imports/cases', p.reviewer, 'c.csv', 'Referens;Typ;Uppdragstext;Huvudansvar\n2026:3;KF-uppdrag;Bygg en bro.;KS\n'));
    ok(await upload(t, '/api/imports/reports', p.reviewer, 'r.csv', 'Referens;Period;Nämnd;Status;Motivering/kommentar\n2026:3;2025-T3;KS;Genomfört;Bron är byggd.\n'));
    const indicator = await t.request('POST', '/api/cases/2026%3A3/indicators', { ...p.reviewer, body: { name: 'Antal broar', direction: 'higher', target: 1 } });
    expect(indicator.status, indicator.text).toBe(201);
    ok(await t.request('PUT', `/api/indicators/${indicator.body.id}/values/2026`, { ...p.ks, body: { value: 1 } }));
    ok(await t.request('POST', '/api/periods/2026-T2/close', p.reviewer));
    ok(await t.request('POST', '/api/periods/2026-T2/publish', p.reviewer));
    const db = t.get(Sql);
    await db.execute('truncate table contribution');

    const written = (await db.query<{ scope: string }>('select distinct scope from read_change order by scope')).map((r) => r.scope);
    const unmatched = written.filter((s) => {
      const parsed = parseScope(s);
      return !parsed || (Scope[parsed.kind] as (...a: string[]) => Scope)(...parsed.args) !== s;
    });
    expect(unmatched).toEqual([]);
    // Every constructor a trigger writes is exercised, so the check above cannot pass on an empty
    // table; text scopes are summed from search_change terms, whose families they name.
    expect(new Set(written.map((s) => parseScope(s)!.kind))).toEqual(new Set(Object.keys(Scope).filter((k) => k !== 'text')));
    expect(written).toEqual(expect.arrayContaining([Scope.reportText('all'), Scope.reportText('published')]));
    const terms = (await db.query<{ term: string }>('select distinct term from search_change')).map((r) => r.term);
    expect(terms.length).toBeGreaterThan(0);
    // Per-report terms (`r:`, `q:`) name the same families as the case-level ones (`a:`, `p:`).
    const asCaseLevel = (term: string) => term.replace(/^r:/u, 'a:').replace(/^q:/u, 'p:');
    expect(terms.filter((term) => parseScope(`text:${asCaseLevel(term)}`)?.kind !== 'text')).toEqual([]);
    expect(new Set(terms.map((term) => term.slice(0, 2)))).toEqual(new Set(['a:', 'p:', 'r:', 'q:']));
    expect(written).toEqual(expect.arrayContaining([Scope.reports('2026-T2', 'IFN'), Scope.reports('2025-T3', 'KS'), Scope.period('2025-T3'), Scope.case('2026:3')]));
  });
});
