import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { TestApp, type Caller } from './support/app.js';
import { createCase } from './support/fixtures.js';
import { download, upload } from './support/upload.js';
import { umeaBodies } from './support/umea.js';

/** Text pieces that CSV, XLSX and the formula guard each treat specially, and text users write. */
const piece = fc.oneof(
  fc.constantFrom(' ', '  ', '\n', '\n\n', '\r\n', '\r', '\t', '"', '""', ';', ',', "'", "''", '=', '+', '-', '@'),
  fc.constantFrom('=SUM(A1:A9)', '=HYPERLINK("http://x")', '+46 90 16 10 00', '-1', '@import', "'=1+1", '\t=1'),
  fc.constantFrom('å', 'ä', 'ö', 'Å', 'Ä', 'Ö', 'é', 'Genomfört', 'Nämndens åtgärder', '😀', '👩‍👩‍👧', '🇸🇪', '\u00a0', '&amp;', '<b>x</b>', '_x000D_', '_x0041_', '_x005F_'),
  fc.string({ maxLength: 10 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);
const comment = fc
  .array(piece, { minLength: 1, maxLength: 10 })
  .map((p) => p.join(''))
  .filter((c) => c.trim() !== ''); // a blank comment is no comment (as in the API)

describe('export → import leaves a comment exactly as it was (CSV and XLSX)', () => {
  let t: TestApp;
  let reviewer: Caller;

  const setComment = (text: string) =>
    t.em.getConnection().execute(`update report set comment = ?, version = version + 1 where period_id = '2030-T1' and case_id = (select id from "case" where reference = 'RT:1')`, [text], 'run');
  const storedComment = async () => {
    const [row] = await t.em.getConnection().execute<{ comment: string | null }[]>(`select comment from report where period_id = '2030-T1' and case_id = (select id from "case" where reference = 'RT:1')`);
    return row.comment;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    await umeaBodies(t);
    reviewer = await t.as([{ role: 'reviewer' }]);
    await createCase(t, reviewer, { reference: 'RT:1', leadBody: 'KS' });
    const seeded = await upload(t, '/api/imports/reports', reviewer, 's.csv', 'Referens;Period;Status\r\nRT:1;2030-T1;Genomfört\r\n');
    expect(seeded.body).toMatchObject({ created: 1, errors: [] });
  });
  afterAll(() => t?.stop());

  it('for random comments: spaces and line breaks at either end, tabs, quotes, ;, =/+/-/@ prefixes, emoji, Swedish letters', async () => {
    await fc.assert(
      fc.asyncProperty(comment, async (text) => {
        await setComment(text);
        const csv = await download(t, '/api/exports/followup?period=2030-T1&format=csv', reviewer);
        const xlsx = await download(t, '/api/exports/followup?period=2030-T1&format=xlsx', reviewer);
        expect(csv.status).toBe(200);
        expect(xlsx.status).toBe(200);
        // The exported CSV still guards against formula injection: no cell a spreadsheet would run.
        const cells = (parse(csv.bytes, { delimiter: ';', bom: true }) as string[][])[1];
        for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/u);
        for (const file of [csv, xlsx]) {
          await setComment('Något annat');
          const res = await upload(t, '/api/imports/reports', reviewer, file === csv ? 'status.csv' : 'status.xlsx', file.bytes);
          expect(res.status).toBe(200);
          expect(res.body).toMatchObject({ created: 0, updated: 1, errors: [] });
          expect(await storedComment()).toBe(text.replace(/\r\n?/gu, '\n'));
          // ...and importing the same file again changes nothing
          expect((await upload(t, '/api/imports/reports', reviewer, 'igen', file.bytes)).body).toMatchObject({ updated: 0, unchanged: 1 });
        }
      }),
      {
        numRuns: 40,
        examples: [['\nBörjar med en radbrytning'], ['  mellanslag runt om  '], ["'=1+1 med apostrof"], ['=1+1'], ['\t=tab först'], ['-5 %'], ['_x000D_ bokstavligt']],
      },
    );
  }, 120_000);
});

describe('a programme appendix (?under=) → import leaves comment, summary and trend exactly as they were (CSV and XLSX)', () => {
  let t: TestApp;
  let reviewer: Caller;
  const where = `period_id = '2030-T2' and case_id = (select id from "case" where reference = 'RT:P:1.1')`;
  const setTexts = (comment: string, summary: string) =>
    t.em.getConnection().execute(`update report set comment = ?, summary = ?, version = version + 1 where ${where}`, [comment, summary], 'run');
  const stored = async () => (await t.em.getConnection().execute<{ comment: string; summary: string; trend: string }[]>(`select comment, summary, trend from report where ${where}`))[0];

  beforeAll(async () => {
    t = await TestApp.start();
    await umeaBodies(t);
    reviewer = await t.as([{ role: 'reviewer' }]);
    await createCase(t, reviewer, { reference: 'RT:P', kind: 'programme', title: 'Programmet', text: 'Ett program.', leadBody: 'KS' });
    await createCase(t, reviewer, { reference: 'RT:P:1', kind: 'focus_area', title: 'Området', text: 'Ett fokusområde.', leadBody: 'KS', parent: 'RT:P' });
    await createCase(t, reviewer, { reference: 'RT:P:1.1', kind: 'programme_priority', title: 'Prioriteringen', text: 'En prioritering.', leadBody: 'IFN', parent: 'RT:P:1' });
    const seeded = await upload(
      t,
      '/api/imports/reports',
      reviewer,
      's.csv',
      'Referens;Period;Status;Trend;Sammanfattning;Motivering/kommentar\r\nRT:P:1;2030-T2;Enligt plan;Positiv;Bra.;Området går framåt.\r\nRT:P:1.1;2030-T2;Mer arbete krävs;Negativ;Sämre.;Prioriteringen släpar.\r\n',
    );
    expect(seeded.body).toMatchObject({ created: 2, errors: [] });
  });
  afterAll(() => t?.stop());

  it('for random comments and summaries', async () => {
    const summary = comment.filter((s) => s.length <= 300);
    await fc.assert(
      fc.asyncProperty(comment, summary, async (text, line) => {
        await setTexts(text, line);
        for (const format of ['csv', 'xlsx']) {
          const file = await download(t, `/api/exports/followup?under=RT%3AP&period=2030-T2&format=${format}`, reviewer);
          expect(file.status).toBe(200);
          await setTexts('Något annat', 'Annat.');
          const res = await upload(t, '/api/imports/reports', reviewer, `program.${format}`, file.bytes);
          expect(res.body).toMatchObject({ created: 0, updated: 1, unchanged: 1, errors: [] });
          expect(await stored()).toEqual({ comment: text.replace(/\r\n?/gu, '\n'), summary: line.replace(/\r\n?/gu, '\n'), trend: 'Negativ' });
          expect((await upload(t, '/api/imports/reports', reviewer, 'igen', file.bytes)).body).toMatchObject({ updated: 0, unchanged: 2 });
        }
      }),
      { numRuns: 15, examples: [['=1+1', '  mellanslag  '], ['\nRadbrytning', "'=apostrof"]] },
    );
  }, 120_000);
});
