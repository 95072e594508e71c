import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ReadChangeMaintenance } from '../src/infra/cache/read-change.maintenance.js';
import { Sql } from '../src/infra/database/sql.js';
import { CaseRepository } from '../src/modules/cases/case.repository.js';
import type { Caller } from './support/app.js';
import { TestApp } from './support/app.js';
import { createCase, municipality, openPeriod, reportFor, type People } from './support/fixtures.js';

/**
 * Search while boards write (issue 18.1): a cached search moves only when a save changes a word
 * it matches, yet the saver finds a saved word at once and readers never find draft words.
 */
describe('search while boards save drafts', () => {
  let t: TestApp;
  let p: People;
  let cases: CaseRepository;

  beforeAll(async () => {
    t = await TestApp.start();
    p = await municipality(t);
    await createCase(t, p.reviewer, { reference: '2026:1', text: 'Utred fler laddplatser för elbilar.', leadBody: 'KS' });
    await createCase(t, p.reviewer, { reference: '2026:2', text: 'Minska matsvinnet i skolorna.', leadBody: 'TN' });
    await createCase(t, p.reviewer, { reference: '2026:3', text: 'Bygg ut förnybar energi.', leadBody: 'KS' });
    await openPeriod(t, p.reviewer, 2026, 'T1', { submissionDeadline: '2026-05-15T12:00:00+02:00' });
    await openPeriod(t, p.reviewer, 2026, 'T2');
    cases = t.get(CaseRepository);
  });
  afterAll(() => t?.stop());

  const found = async (q: string, who: Caller) => {
    const res = await t.request('GET', `/api/cases?q=${encodeURIComponent(q)}`, who);
    expect(res.status, res.text).toBe(200);
    return (res.body.items as Array<{ reference: string }>).map((c) => c.reference);
  };
  const save = async (who: Caller, reference: string, period: string, comment: string) => {
    const r = await reportFor(t, who, reference, period);
    const res = await t.request('PUT', `/api/reports/${r.id}`, { ...who, body: { status: 'Delvis genomfört', comment, version: r.version } });
    expect(res.status, res.text).toBe(200);
    return res.body as { id: string; version: number };
  };
  /** How many searches went to PostgreSQL while `fn` ran. */
  const loads = async (fn: () => Promise<void>) => {
    const list = vi.spyOn(cases, 'list');
    try {
      await fn();
      return list.mock.calls.length;
    } finally {
      list.mockRestore();
    }
  };

  it('lets the saver find a saved word at once, and others who see drafts; readers find it only once submitted', async () => {
    expect(await found('solpaneler', p.ks)).toEqual([]);
    expect(await found('solpaneler', p.reader)).toEqual([]);
    expect(await found('solpaneler skolorna', p.reader)).toEqual([]);
    const saved = await save(p.ks, '2026:1', '2026-T2', 'Solpaneler monteras på skolorna.');
    expect(await found('solpanel', p.ks)).toEqual(['2026:1']);
    expect(await found('solpaneler', p.ks)).toEqual(['2026:1']);
    expect(await found('solpaneler skolorna', p.ks)).toEqual(['2026:1']);
    expect(await found('solpaneler', p.reviewer)).toEqual(['2026:1']);
    expect(await found('solpaneler', p.reader)).toEqual([]);
    expect(await found('solpaneler skolorna', p.reader)).toEqual([]);

    const submitted = await t.request('POST', `/api/reports/${saved.id}/submit`, { ...p.ks, body: { version: saved.version } });
    expect(submitted.status, submitted.text).toBe(200);
    expect(await found('solpaneler', p.reader)).toEqual(['2026:1']);
    expect(await found('solpaneler skolorna', p.reader)).toEqual(['2026:1']);
  });

  it('moves only the searches for words a save adds or removes, and no reader search for a draft', async () => {
    await save(p.tn, '2026:2', '2026-T2', 'Matsvinnet har minskat i skolköken.');
    const warm = async () => {
      expect(await found('matsvinn', p.ks)).toEqual(['2026:2']);
      expect(await found('matsvinn', p.reader)).toEqual(['2026:2']); // the case text says it
      expect(await found('vindkraft', p.ks)).toEqual([]);
      expect(await found('vindkraft', p.reader)).toEqual([]);
    };
    await warm();
    // Draft saves of other words: every search above is served as kept.
    await save(p.ks, '2026:3', '2026-T2', 'Solceller upphandlas under hösten.');
    await save(p.ks, '2026:3', '2026-T2', 'Solceller upphandlas under våren.');
    expect(await loads(warm)).toBe(0);
    // A draft that adds "vindkraft": only the drafts-seeing search for it is read again.
    await save(p.ks, '2026:3', '2026-T2', 'Vindkraft utreds.');
    expect(await loads(async () => expect(await found('vindkraft', p.ks)).toEqual(['2026:3']))).toBe(1);
    expect(await loads(async () => expect(await found('vindkraft', p.reader)).toEqual([]))).toBe(0);
    expect(await loads(async () => expect(await found('matsvinn', p.ks)).toEqual(['2026:2']))).toBe(0);
    // Searches of several words (matched within one report) move when a report gains or loses one
    // of their words, not with other words.
    expect(await found('vindkraft utreds', p.ks)).toEqual(['2026:3']);
    await save(p.ks, '2026:3', '2026-T2', 'Vindkraft utreds vidare.');
    expect(await loads(async () => expect(await found('vindkraft utreds', p.ks)).toEqual(['2026:3']))).toBe(0);
    expect(await found('vindkraft utreds', p.reader)).toEqual([]);
    // 2026:2 holds "vindkraft" in one report and "utreds" in the other: not found, no report has both.
    await save(p.tn, '2026:2', '2026-T1', 'Vindkraft planeras.');
    await save(p.tn, '2026:2', '2026-T2', 'Matsvinnet utreds.');
    expect(await found('vindkraft utreds', p.ks)).toEqual(['2026:3']);
    // The case held both words already; one report now holds both: found at once.
    await save(p.tn, '2026:2', '2026-T2', 'Matsvinnet och vindkraft utreds.');
    expect(await loads(async () => expect(await found('vindkraft utreds', p.ks)).toEqual(['2026:2', '2026:3']))).toBe(1);
    expect(await loads(async () => expect(await found('vindkraft utreds', p.reader)).toEqual([]))).toBe(0);
  });

  it('drops a case from a search only when the word leaves its last report, also when two saves race', async () => {
    await save(p.ks, '2026:3', '2026-T1', 'Vätgas provas i bussdepån.');
    await save(p.ks, '2026:3', '2026-T2', 'Vätgas och solpaneler.');
    expect(await found('vätgas', p.ks)).toEqual(['2026:3']);
    await save(p.ks, '2026:3', '2026-T1', 'Bussdepån byggs om.');
    expect(await found('vätgas', p.ks)).toEqual(['2026:3']);
    await save(p.ks, '2026:3', '2026-T1', 'Vätgas igen i bussdepån.');
    expect(await found('vätgas', p.ks)).toEqual(['2026:3']);
    // Both reports lose the word at the same moment: neither save may miss that the case lost it.
    const [a, b] = await Promise.all([reportFor(t, p.ks, '2026:3', '2026-T1'), reportFor(t, p.ks, '2026:3', '2026-T2')]);
    const both = await Promise.all([
      t.request('PUT', `/api/reports/${a.id}`, { ...p.ks, body: { comment: 'Depån klar.', version: a.version } }),
      t.request('PUT', `/api/reports/${b.id}`, { ...p.ks, body: { comment: 'Solpaneler klara.', version: b.version } }),
    ]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(await found('vätgas', p.ks)).toEqual([]);
  });

  it('moves the searches for a word that several reports of one case bring in one statement (an import of several periods)', async () => {
    const sql = <T>(text: string) => t.get(Sql).query<T>(text);
    const terms = async () => (await sql<{ term: string }>(`select distinct term from search_change where term in ('a:geotermi', 'p:geotermi') order by term`)).map((r) => r.term);
    expect(await found('geotermi', p.ks)).toEqual([]);
    expect(await terms()).toEqual([]);
    await sql(`insert into period (id, year, term, period_end, submission_deadline, reminder_offsets, escalation_offsets, state, created_at, updated_at)
      values ('2019-T1', 2019, 'T1', '2019-04-30', '2019-05-15', '{}', '{}', 'closed', now(), now()), ('2019-T2', 2019, 'T2', '2019-08-31', '2019-09-15', '{}', '{}', 'closed', now(), now())`);
    await sql(`insert into report (id, case_id, period_id, body_code, state, status, comment, created_at, updated_at)
      select gen_random_uuid(), c.id, p.id, c.lead_body_code, 'approved', 'Delvis genomfört', 'Geotermi provas.', now(), now()
        from "case" c cross join period p where c.reference = '2026:1' and p.id in ('2019-T1', '2019-T2')`);
    expect(await terms()).toEqual(['a:geotermi', 'p:geotermi']);
    expect(await found('geotermi', p.ks)).toEqual(['2026:1']);
  });

  it('keeps every sum when the worker merges the changed words', async () => {
    const sql = <T>(text: string) => t.get(Sql).query<T>(text);
    const sums = async () => Object.fromEntries((await sql<{ term: string; n: string }>('select term, sum(n)::text as n from search_change group by term')).map((r) => [r.term, r.n]));
    const before = await sums();
    expect(Object.keys(before).length).toBeGreaterThan(0);
    await t.get(ReadChangeMaintenance).compact();
    expect(await sums()).toEqual(before);
    expect(Number((await sql<{ n: string }>('select count(*) as n from search_change'))[0].n)).toBe(Object.keys(before).length);
    expect(await loads(async () => expect(await found('matsvinn', p.ks)).toEqual(['2026:2']))).toBe(0);
  });
});
