import fc from 'fast-check';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLISHED_REPORT_STATES, REPORT_STATES } from '@uppsikt/shared';
import { Sql } from '../src/infra/database/sql.js';
import { CaseRepository } from '../src/modules/cases/case.repository.js';
import { toPrefixTsQuery } from '../src/modules/cases/case-search.js';
import type { Caller } from './support/app.js';
import { TestApp } from './support/app.js';
import { createCase, municipality, openPeriod, reportFor, type People } from './support/fixtures.js';

/**
 * The search index per case (issue 18.1): `case_words` holds each case's words of its submitted
 * and approved reports (family `p`; until Migration20261201200000 also all reports' as `a`), kept
 * by the report triggers under the case's advisory lock. Readers' one-word search reads report
 * words there; every search answers as matching each report did.
 */
describe('case_words, the search index per case', () => {
  let t: TestApp;
  let p: People;
  let sql: Sql;
  const REFS = ['2030:1', '2030:2', '2030:3', '2030:4'];
  const PERIODS = ['2030-T1', '2030-T2', '2030-T3'];

  beforeAll(async () => {
    t = await TestApp.start();
    p = await municipality(t);
    await createCase(t, p.reviewer, { reference: REFS[0], text: 'Utred fler laddplatser för elbilar.', leadBody: 'KS' });
    await createCase(t, p.reviewer, { reference: REFS[1], text: 'Minska matsvinnet i skolorna.', leadBody: 'TN' });
    await createCase(t, p.reviewer, { reference: REFS[2], text: 'Bygg ut förnybar energi med solpaneler.', leadBody: 'KS' });
    await createCase(t, p.reviewer, { reference: REFS[3], text: 'Öka tryggheten i kollektivtrafiken.', leadBody: 'TN' });
    for (const term of ['T1', 'T2', 'T3']) await openPeriod(t, p.reviewer, 2030, term);
    sql = t.get(Sql);
  });
  afterAll(() => t?.stop());

  const query = <T>(text: string, values: unknown[] = []) => sql.query<T>(text, values);

  /** case_words as the triggers keep it and as it would be computed from `report` now, lexemes sorted. */
  const index = async () => {
    const kept = await query<{ k: string }>(`select c.reference || '/' || w.family || ':' || array_to_string(array(select unnest(tsvector_to_array(w.search)) order by 1), ' ') as k
      from case_words w join "case" c on c.id = w.case_id order by 1`);
    const computed = await query<{ k: string }>(`select k from (
        select c.reference || '/' || f.family || ':' || array_to_string(array(select distinct x from report r cross join unnest(tsvector_to_array(r.search)) x
           where r.case_id = c.id and (f.family = 'a' or r.state = any($1::text[])) order by 1), ' ') as k,
          exists (select 1 from report r where r.case_id = c.id and r.search <> ''::tsvector and (f.family = 'a' or r.state = any($1::text[]))) as present
        from "case" c cross join (values ('p')) f(family)) t where present order by 1`, [[...PUBLISHED_REPORT_STATES]]);
    return { kept: kept.map((r) => r.k), computed: computed.map((r) => r.k) };
  };

  /** Search as before case_words: every report's vector matched (the brute force the index must agree with). */
  const before = async (q: string, publishedOnly: boolean) => {
    const tsq = toPrefixTsQuery(q);
    if (!tsq) return { refs: [], total: 0 };
    const rows = await query<{ reference: string }>(
      `select c.reference from "case" c
        where c.id in (select s.id from "case" s where s.search @@ to_tsquery('swedish', $1)
                       union all select r.case_id from report r where r.search @@ to_tsquery('swedish', $1) ${publishedOnly ? 'and r.state = any($3::text[])' : ''})
           or c.reference ilike $2
        order by c.reference_sort`,
      publishedOnly ? [tsq, `${q.replace(/[%_\\]/gu, (m) => `\\${m}`)}%`, [...PUBLISHED_REPORT_STATES]] : [tsq, `${q.replace(/[%_\\]/gu, (m) => `\\${m}`)}%`],
    );
    return { refs: rows.map((r) => r.reference), total: rows.length };
  };
  const now = async (q: string, publishedOnly: boolean, pageSize = 100) => {
    const res = await t.get(CaseRepository).list({ q, publishedOnly, page: 1, pageSize });
    return { refs: res.items.map((c) => c.reference), total: res.total };
  };

  const WORDS = ['solpaneler', 'solceller', 'vindkraft', 'utreds', 'matsvinnet', 'skolköken', 'vätgas', 'bussdepån', 'och', 'laddplatser'];
  const QUERIES = ['sol', 'solp', 'solceller', 'vind', 'utred', 'matsvinn', 'vätgas', 'och', 'laddplats', 'elbil', 'sol vind', 'vindkraft utreds', 'solpaneler skolköken',
    'matsvinn skolorna', 'vätgas bussdepå', 'utred laddplats', '2030', '2030:2', 'energi sol', 'xyzzy', 'sol och vind'];

  it('answers every search as matching each report did, through random saves, state changes, inserts and deletes', async () => {
    const reports = await query<{ id: string; case_id: string; period_id: string; body_code: string }>('select id, case_id, period_id, body_code from report order by id');
    expect(reports.length).toBe(REFS.length * PERIODS.length);
    const action = fc.oneof(
      fc.record({ kind: fc.constant('comment' as const), r: fc.nat(reports.length - 1), words: fc.subarray(WORDS, { maxLength: 4 }) }),
      fc.record({ kind: fc.constant('state' as const), r: fc.nat(reports.length - 1), state: fc.constantFrom(...REPORT_STATES) }),
      fc.record({ kind: fc.constant('delete' as const), rs: fc.uniqueArray(fc.nat(reports.length - 1), { minLength: 1, maxLength: 3 }) }),
      fc.record({ kind: fc.constant('insert' as const), words: fc.subarray(WORDS, { maxLength: 3 }), state: fc.constantFrom(...REPORT_STATES) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 12 }), async (actions) => {
        for (const a of actions) {
          if (a.kind === 'comment') {
            await query(`update report set comment = $2, version = version + 1 where id = $1`, [reports[a.r].id, a.words.length ? `${a.words.join(' ')}.` : null]);
          } else if (a.kind === 'state') {
            await query(`update report set state = $2, version = version + 1 where id = $1`, [reports[a.r].id, a.state]);
          } else if (a.kind === 'delete') {
            await query(`delete from report where id = any($1::uuid[])`, [a.rs.map((i) => reports[i].id)]);
          } else {
            // Every missing report back in one statement, with the same comment and state.
            await query(
              `insert into report (id, case_id, period_id, body_code, state, comment, created_at, updated_at)
               select x.id, x.case_id, x.period_id, x.body_code, $2, $3, now(), now()
                 from jsonb_to_recordset($1::jsonb) x(id uuid, case_id uuid, period_id text, body_code text)
                where not exists (select 1 from report r where r.id = x.id)`,
              [JSON.stringify(reports), a.state, a.words.length ? a.words.join(' ') : null],
            );
          }
        }
        const { kept, computed } = await index();
        expect(kept).toEqual(computed);
        for (const q of QUERIES) {
          for (const publishedOnly of [false, true]) expect(await now(q, publishedOnly), `${q} ${publishedOnly}`).toEqual(await before(q, publishedOnly));
        }
        // Paging and the total past the first page, as before.
        const page2 = await t.get(CaseRepository).list({ q: 'sol', page: 2, pageSize: 1 });
        const all = await before('sol', false);
        expect(page2).toMatchObject({ total: all.total });
        expect(page2.items.map((c) => c.reference)).toEqual(all.refs.slice(1, 2));
      }),
      { numRuns: 25 },
    );
    // The reports the runs deleted back, for the tests below.
    await query(`insert into report (id, case_id, period_id, body_code, created_at, updated_at)
      select x.id, x.case_id, x.period_id, x.body_code, now(), now() from jsonb_to_recordset($1::jsonb) x(id uuid, case_id uuid, period_id text, body_code text)
       where not exists (select 1 from report r where r.id = x.id)`, [JSON.stringify(reports)]);
  }, 120_000);

  it('loses no word when two transactions save different reports of one case at once (lock, then recompute)', async () => {
    const [r1, r2] = await query<{ id: string }>(
      `select r.id from report r join "case" c on c.id = r.case_id where c.reference = $1 order by r.period_id limit 2`, [REFS[3]]);
    await query(`update report set comment = null, state = 'submitted' where case_id = (select id from "case" where reference = $1)`, [REFS[3]]);
    const one = new pg.Client({ connectionString: t.databaseUrl });
    const two = new pg.Client({ connectionString: t.databaseUrl });
    await Promise.all([one.connect(), two.connect()]);
    try {
      await one.query('begin');
      await one.query(`update report set comment = 'Tunnelbanan planeras.' where id = $1`, [r1.id]);
      await two.query('begin');
      const pid = (await two.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
      const saving = two.query(`update report set comment = 'Spårvagnen byggs.' where id = $1`, [r2.id]);
      // The second save waits for the first (on the case's lock, before it reads the case's reports).
      for (let i = 0; ; i++) {
        const [w] = await query<{ n: string }>(`select count(*) as n from pg_locks where pid = $1 and not granted`, [pid]);
        if (w.n === '1') break;
        if (i > 500) throw new Error('the second save never waited for the first');
        await new Promise((r) => setTimeout(r, 10));
      }
      await one.query('commit');
      await saving;
      await two.query('commit');
    } finally {
      await Promise.all([one.end(), two.end()]);
    }
    const [row] = await query<{ words: string[] }>(`select tsvector_to_array(w.search) as words from case_words w join "case" c on c.id = w.case_id where c.reference = $1 and w.family = 'p'`, [REFS[3]]);
    expect(row.words).toEqual(expect.arrayContaining(['tunnelbanan', 'spårvagn']));
    const { kept, computed } = await index();
    expect(kept).toEqual(computed);
    expect(await now('tunnelbana', true)).toEqual({ refs: [REFS[3]], total: 1 });
    expect(await now('spårvagn', true)).toEqual({ refs: [REFS[3]], total: 1 });
  });

  it('lets the saver find a saved word at once through the API (cache on); readers only once it is submitted, and not after it is returned', async () => {
    const found = async (q: string, who: Caller) => {
      const res = await t.request('GET', `/api/cases?q=${encodeURIComponent(q)}`, who);
      expect(res.status, res.text).toBe(200);
      return (res.body.items as Array<{ reference: string }>).map((c) => c.reference);
    };
    await query(`update report set state = 'draft', comment = null where case_id = (select id from "case" where reference = $1)`, [REFS[0]]);
    for (const q of ['geotermi', 'geotermi borras']) {
      expect(await found(q, p.ks)).toEqual([]);
      expect(await found(q, p.reader)).toEqual([]);
    }
    const r = await reportFor(t, p.ks, REFS[0], '2030-T2');
    const saved = await t.request('PUT', `/api/reports/${r.id}`, { ...p.ks, body: { status: 'Delvis genomfört', comment: 'Geotermi borras vid skolan.', version: r.version } });
    expect(saved.status, saved.text).toBe(200);
    // A draft save leaves the index alone: only readers' words are kept there.
    const rows = async () => (await query<{ n: string }>(`select count(*) as n from case_words w join "case" c on c.id = w.case_id where c.reference = $1`, [REFS[0]]))[0].n;
    expect(await rows()).toBe('0');
    expect(await found('geotermi', p.ks)).toEqual([REFS[0]]);
    expect(await found('geotermi borras', p.ks)).toEqual([REFS[0]]);
    expect(await found('geotermi', p.reviewer)).toEqual([REFS[0]]);
    expect(await found('geotermi', p.reader)).toEqual([]);
    expect(await found('geotermi borras', p.reader)).toEqual([]);
    const submitted = await t.request('POST', `/api/reports/${r.id}/submit`, { ...p.ks, body: { version: saved.body.version } });
    expect(submitted.status, submitted.text).toBe(200);
    expect(await rows()).toBe('1');
    expect(await found('geotermi', p.reader)).toEqual([REFS[0]]);
    expect(await found('geotermi borras', p.reader)).toEqual([REFS[0]]);
    const returned = await t.request('POST', `/api/reports/${r.id}/return`, { ...p.reviewer, body: { version: submitted.body.version, comment: 'Komplettera.' } });
    expect(returned.status, returned.text).toBe(200);
    expect(await found('geotermi', p.reader)).toEqual([]);
    expect(await found('geotermi', p.ks)).toEqual([REFS[0]]);
  });

  it('has no rows for empty vectors, and none left after the case is deleted', async () => {
    const [empty] = await query<{ n: string }>(`select count(*) as n from case_words where search = ''::tsvector`);
    expect(empty.n).toBe('0');
    await createCase(t, p.reviewer, { reference: '2030:9', text: 'Ett ärende att ta bort.', leadBody: 'KS' });
    await query(`insert into report (id, case_id, period_id, body_code, state, comment, created_at, updated_at)
      select gen_random_uuid(), c.id, '2030-T1', 'KS', 'submitted', 'Fjärrvärme byggs ut.', now(), now() from "case" c where c.reference = '2030:9'
      on conflict (case_id, period_id) do update set comment = excluded.comment, state = excluded.state`);
    expect(await now('fjärrvärme', true)).toEqual({ refs: ['2030:9'], total: 1 });
    const [before] = await query<{ n: string }>(`select count(*) as n from case_words w join "case" c on c.id = w.case_id where c.reference = '2030:9'`);
    expect(before.n).toBe('1');
    await query(`delete from "case" where reference = '2030:9'`);
    const [after] = await query<{ n: string }>(`select count(*) as n from case_words w where not exists (select 1 from "case" c where c.id = w.case_id)`);
    expect(after.n).toBe('0');
    const { kept, computed } = await index();
    expect(kept).toEqual(computed);
  });

  it('is filled from the reports there are when the migration runs', async () => {
    const filled = await index();
    expect(filled.kept.length).toBeGreaterThan(0);
    const migrator = t.get(MikroORM).migrator;
    const [down] = await migrator.down();
    expect(down.name).toBe('Migration20261201200000');
    // Back to both families, then without the table.
    expect((await query<{ n: string }>(`select count(*) as n from case_words where family = 'a'`))[0].n).not.toBe('0');
    const [down2] = await migrator.down();
    expect(down2.name).toBe('Migration20261201180000');
    expect((await query<{ n: string }>(`select count(*) as n from pg_class where relname = 'case_words'`))[0].n).toBe('0');
    await migrator.up();
    const again = await index();
    expect(again.kept).toEqual(filled.computed);
    expect(again.kept).toEqual(again.computed);
  });
});
