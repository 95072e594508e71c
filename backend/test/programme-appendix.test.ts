import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestApp, type Caller } from './support/app.js';
import { createCase, openPeriod, reportFor } from './support/fixtures.js';
import { download, upload } from './support/upload.js';
import { demoFile, demoRows, umeaBodies } from './support/umea.js';
import { csvRecords, docxCaptions, docxParagraphs, docxTables, docxXml, occurrences, pdfText, xlsxRows } from './support/documents.js';

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'artifacts', 'exports');
const CASES = 'program-social-hallbarhet-2024.csv';
const STATUS = 'program-social-hallbarhet-2024-status-2024-T2.csv';
const HEADERS = ['Referens', 'Period', 'Nämnd', 'Status', 'Motivering/kommentar', 'Prognos helår', 'Överordnad', 'Trend', 'Sammanfattning'];
/** Tree order: the programme, then each focus area followed by its priorities. */
const TREE_ORDER = ['SH2024', 'SH2024:1', 'SH2024:1.1', 'SH2024:1.2', 'SH2024:1.3', 'SH2024:2', 'SH2024:2.1', 'SH2024:2.2', 'SH2024:2.3', 'SH2024:3', 'SH2024:3.1', 'SH2024:3.2', 'SH2024:3.3', 'SH2024:4', 'SH2024:4.1', 'SH2024:4.2', 'SH2024:4.3', 'SH2024:5', 'SH2024:5.1', 'SH2024:5.2'];
const FOCUS_AREAS = ['1', '2', '3', '4', '5'].map((n) => `SH2024:${n}`);

/** The demo status file as the export should give it back (every column of HEADERS), in tree order. */
function expectedRows(): string[][] {
  const parents = new Map(demoRows(CASES).map((r) => [r.Referens, r['Överordnad']]));
  const byRef = new Map(demoRows(STATUS).map((r) => [r.Referens, r]));
  return TREE_ORDER.map((ref) => {
    const r = byRef.get(ref)!;
    return [ref, '2024-T2', r.Nämnd, r.Status, r['Motivering/kommentar'], '', parents.get(ref) ?? '', r.Trend, r.Sammanfattning];
  });
}

describe('a programme appendix (?under=): Överblick, then one table per focus area', () => {
  let t: TestApp;
  let reviewer: Caller;
  let reader: Caller;
  const url = (q: string) => `/api/exports/followup?under=SH2024&period=2024-T2&${q}`;
  const status = new Map(demoRows(STATUS).map((r) => [r.Referens, r]));
  const cases = new Map(demoRows(CASES).map((r) => [r.Referens, r]));

  beforeAll(async () => {
    t = await TestApp.start();
    await umeaBodies(t);
    reviewer = await t.as([{ role: 'reviewer' }]);
    reader = await t.as([{ role: 'reader' }]);
    const imported = await upload(t, '/api/imports/cases', reviewer, CASES, demoFile(CASES));
    expect(imported.body).toMatchObject({ created: 21, errors: [] });
    const reports = await upload(t, '/api/imports/reports', reviewer, STATUS, demoFile(STATUS));
    expect(reports.body).toMatchObject({ created: 20, errors: [] });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(() => t?.stop());

  it('CSV: the report import columns plus Överordnad, Trend and Sammanfattning, every level in tree order; imports back unchanged', async () => {
    const res = await download(t, url('format=csv'), reader);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('filename="bilaga-SH2024-2024-T2.csv"');
    const records = csvRecords(res.bytes);
    expect(records[0]).toEqual(HEADERS);
    expect(records.slice(1)).toEqual(expectedRows());
    const again = await upload(t, '/api/imports/reports', reviewer, 'program.csv', res.bytes);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 20, errors: [] });
    // only the programme's own row (the report gives no lägesbild for the whole programme) is mentioned
    expect(again.body.warnings.map((w: { row: number; message: string }) => [w.row, w.message])).toEqual([[2, 'Status saknas; raden läses in utan status']]);
  });

  it('XLSX: the same columns (with the text and type), imports back unchanged', async () => {
    const res = await download(t, url('format=xlsx'), reader);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('filename="bilaga-SH2024-2024-T2.xlsx"');
    const { headers, rows, sheet } = await xlsxRows(res.bytes);
    expect(headers).toEqual(expect.arrayContaining([...HEADERS, 'Text', 'Typ']));
    expect(rows.map((r) => HEADERS.map((h) => r[h]))).toEqual(expectedRows());
    expect(sheet.name).toBe('SH2024 2024-T2');
    const again = await upload(t, '/api/imports/reports', reviewer, 'program.xlsx', res.bytes);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 20, errors: [] });
  });

  it('DOCX: the programme as title, an Överblick of the programme and its five focus areas, then one table per focus area with its priorities', async () => {
    const res = await download(t, url('format=docx'), reader);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('filename="bilaga-SH2024-2024-T2.docx"');
    writeFileSync(join(ARTIFACTS, 'bilaga-SH2024-2024-T2.docx'), res.bytes);
    const doc = docxXml(res.bytes);
    expect(doc).toContain('Program för social hållbarhet 2024');
    expect(doc).toContain('Uppföljning per 31 augusti 2024 (2024-T2)');
    expect(docxCaptions(doc)).toEqual([
      'Överblick',
      'Sammanfattning',
      'Fokusområde 1 – Umeå ska växa hållbart utan några utsatta områden',
      'Fokusområde 2 – Umeå kommun ska skapa förutsättningar för kvinnor och män att ha samma makt att forma samhället såväl som sina egna liv',
      'Fokusområde 3 – Barns uppväxtvillkor',
      'Fokusområde 4 – Boende och bebyggelsemiljö',
      'Fokusområde 5 – Arbete och försörjning',
    ]);
    const [overview, ...areas] = docxTables(doc);
    expect(overview[0]).toEqual(['Nr', 'Program och fokusområden', 'Sammanfattning', 'Trend', 'Lägesbild per 31 augusti 2024']);
    const level = (ref: string) => {
      const s = status.get(ref)!;
      return [ref === 'SH2024' ? 'SH2024' : ref.slice('SH2024:'.length), cases.get(ref)!.Titel, s.Sammanfattning, s.Trend, s.Status];
    };
    expect(overview.slice(1)).toEqual(['SH2024', ...FOCUS_AREAS].map(level));
    expect(overview[2].slice(2)).toEqual(['Negativ påverkan från organiserad brottslighet och våld i nära relation men framsteg i samverkansarbetet.', 'Oförändrad', 'Mer arbete krävs']);
    // Each level's own lägesbild text comes under its heading: the programme's after the Överblick
    // (the report's Sammanfattning), a focus area's before its priorities.
    const paragraphs = (ref: string) => status.get(ref)!['Motivering/kommentar'].split(/\n+/u);
    const text = docxParagraphs(doc);
    const at = (caption: string) => text.indexOf(caption);
    expect(text.slice(at('Sammanfattning') + 1, at('Sammanfattning') + 1 + paragraphs('SH2024').length)).toEqual(paragraphs('SH2024'));
    for (const [i, ref] of FOCUS_AREAS.entries()) {
      const caption = docxCaptions(doc)[i + 2];
      expect(text.slice(at(caption) + 1, at(caption) + 1 + paragraphs(ref).length)).toEqual(paragraphs(ref));
    }

    expect(areas).toHaveLength(5);
    for (const [i, table] of areas.entries()) {
      const priorities = TREE_ORDER.filter((ref) => ref.startsWith(`SH2024:${i + 1}.`));
      const head = table[0];
      expect(head).toEqual(expect.arrayContaining(['Programprioritering', 'Trend', 'Sammanfattning', 'Motivering/kommentar']));
      const col = (name: string) => head.findIndex((h) => h === name || h.startsWith(name));
      expect(table.slice(1).map((r) => r[0])).toEqual(priorities.map((ref) => ref.slice('SH2024:'.length)));
      for (const [j, ref] of priorities.entries()) {
        const row = table[j + 1];
        expect(row[col('Programprioritering')]).toBe(`${cases.get(ref)!.Titel}\n${cases.get(ref)!.Uppdragstext}`);
        expect(row[col('Lägesbild')]).toBe(status.get(ref)!.Status);
        expect(row[col('Trend')]).toBe(status.get(ref)!.Trend);
        expect(row[col('Sammanfattning')]).toBe(status.get(ref)!.Sammanfattning);
        expect(row[col('Motivering/kommentar')]).toBe(status.get(ref)!['Motivering/kommentar'].split(/\n+/u).join('\n'));
      }
    }
    // status cells are shaded by their colour (Enligt plan green, Mer arbete krävs yellow)
    expect(new Set([...doc.matchAll(/<w:shd [^>]*w:fill="([0-9A-F]{6})"/gu)].map((m) => m[1])).size).toBeGreaterThanOrEqual(3);
  });

  it('PDF: tagged, the Överblick and five focus-area tables with one row per level and priority', async () => {
    const res = await download(t, url('format=pdf'), reader);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('filename="bilaga-SH2024-2024-T2.pdf"');
    writeFileSync(join(ARTIFACTS, 'bilaga-SH2024-2024-T2.pdf'), res.bytes);
    const { raw, pages } = pdfText(res.bytes);
    expect(raw.startsWith('%PDF-1.7')).toBe(true);
    expect(pages).toBeGreaterThan(5);
    expect([occurrences(raw, '/S /H1'), occurrences(raw, '/S /H2'), occurrences(raw, '/S /Table')]).toEqual([1, 7, 6]);
    // the programme's and the focus areas' lägesbild texts, one P per paragraph (and the subtitle)
    const paragraphs = ['SH2024', ...FOCUS_AREAS].reduce((n, ref) => n + status.get(ref)!['Motivering/kommentar'].split(/\n+/u).length, 0);
    expect(occurrences(raw, '/S /P')).toBe(1 + paragraphs);
    // the Överblick: header + programme + 5 focus areas; then 3+3+3+3+2 priorities, each table with its header
    expect(occurrences(raw, '/S /TR')).toBe(7 + (4 + 4 + 4 + 4 + 3));
  });

  it('a reader gets approved reports only; a reviewer may preview submitted ones, marked, with contributions', async () => {
    await openPeriod(t, reviewer, 2032, 'T2', { submissionDeadline: '2032-09-15T12:00:00+02:00' });
    await createCase(t, reviewer, { reference: 'P9', kind: 'programme', title: 'Program nio', text: 'Ett program.', leadBody: 'KS' });
    await createCase(t, reviewer, { reference: 'P9:1', kind: 'focus_area', title: 'Första området', text: 'Ett fokusområde.', leadBody: 'KS', parent: 'P9' });
    await createCase(t, reviewer, { reference: 'P9:1.1', kind: 'programme_priority', title: 'En prioritering', text: 'Prioriteringens text.', leadBody: 'KS', coBodies: ['TN'], parent: 'P9:1' });
    const ks = await t.as([{ role: 'editor', body: 'KS' }]);
    const tn = await t.as([{ role: 'editor', body: 'TN' }]);
    const write = async (ref: string, approve: boolean) => {
      const r = await reportFor(t, reviewer, ref, '2032-T2');
      const saved = await t.request('PUT', `/api/reports/${r.id}`, { ...ks, body: { status: 'Enligt plan', trend: 'Positiv', summary: `Kort om ${ref}.`, comment: `Läget för ${ref}.`, version: r.version } });
      expect(saved.status).toBe(200);
      expect((await t.request('POST', `/api/reports/${r.id}/submit`, { ...ks, body: { version: saved.body.version } })).status).toBe(200);
      if (approve) expect((await t.request('POST', `/api/reports/${r.id}/approve`, { ...reviewer, body: {} })).status).toBe(200);
      return r;
    };
    const prio = await reportFor(t, reviewer, 'P9:1.1', '2032-T2');
    expect((await t.request('PUT', `/api/reports/${prio.id}/contributions/TN`, { ...tn, body: { text: 'Tekniska nämndens del.' } })).status).toBe(200);
    await write('P9:1', true);
    await write('P9:1.1', false);

    const approved = csvRecords((await download(t, '/api/exports/followup?under=P9&period=2032-T2&format=csv', reader)).bytes);
    expect(approved.slice(1).map((r) => [r[0], r[6], r[7], r[8]])).toEqual([['P9:1', 'P9', 'Positiv', 'Kort om P9:1.']]);
    const finalDoc = docxTables(docxXml((await download(t, '/api/exports/followup?under=P9&period=2032-T2&format=docx', reader)).bytes));
    // the programme has no report yet: its Överblick row is there, empty; the focus area's table says nothing is reported
    expect(finalDoc[0].slice(1)).toEqual([
      ['P9', 'Program nio', '', '', ''],
      ['1', 'Första området', 'Kort om P9:1.', 'Positiv', 'Enligt plan'],
    ]);
    expect(finalDoc[1].slice(1)).toEqual([[expect.stringContaining('Inga rapporter')]]);

    expect((await download(t, '/api/exports/followup?under=P9&period=2032-T2&format=csv&includeSubmitted=true', reader)).status).toBe(403);
    const preview = await download(t, '/api/exports/followup?under=P9&period=2032-T2&format=docx&includeSubmitted=true', reviewer);
    expect(preview.headers['content-disposition']).toContain('filename="bilaga-P9-2032-T2-forhandsversion.docx"');
    const doc = docxXml(preview.bytes);
    expect(doc).toContain('Förhandsversion');
    const [, area] = docxTables(doc);
    const comment = area[0].indexOf('Motivering/kommentar');
    expect(area[1][0]).toBe('1.1');
    expect(area[1][comment]).toBe('Läget för P9:1.1.\nTekniska nämnden: Tekniska nämndens del.');
  });

  it('the report import reads Sammanfattning for kinds that ask one: too long is a row error, another kind gets a warning', async () => {
    await createCase(t, reviewer, { reference: 'S:1', kind: 'programme_priority', text: 'En prioritering.', leadBody: 'KS' });
    await createCase(t, reviewer, { reference: 'S:2', kind: 'assignment', text: 'Ett uppdrag.', leadBody: 'KS' });
    const file = (summary: string) => `Referens;Period;Status;Motivering/kommentar;Sammanfattning\r\nS:1;2033-T2;Enligt plan;Läget.;${summary}\r\nS:2;2033-T2;Genomfört;Klart.;Kort.\r\n`;
    const long = await upload(t, '/api/imports/reports?dryRun=true', reviewer, 's.csv', file('x'.repeat(301)));
    expect(long.status).toBe(422);
    expect(long.body.errors).toEqual([{ row: 2, column: 'Sammanfattning', message: 'Sammanfattningen är längre än 300 tecken' }]);
    const ok = await upload(t, '/api/imports/reports', reviewer, 's.csv', file('Kort om läget.'));
    expect(ok.body).toMatchObject({ created: 2, errors: [] });
    expect(ok.body.warnings).toContainEqual({ row: 3, column: 'Sammanfattning', message: 'Sammanfattning anges inte för KF-uppdrag och läses inte in' });
    expect((await reportFor(t, reviewer, 'S:1', '2033-T2')).summary).toBe('Kort om läget.');
    expect((await reportFor(t, reviewer, 'S:2', '2033-T2')).summary).toBeNull();
  });

  it('404 for an unknown case, 400 with kind as well; the appendix without under= is Bilaga 1 as before', async () => {
    const missing = await download(t, '/api/exports/followup?under=NOPE&period=2024-T2&format=csv', reviewer);
    expect(missing.status).toBe(404);
    expect(missing.json.message).toBe('Ärendet NOPE finns inte');
    const both = await download(t, '/api/exports/followup?under=SH2024&kind=programme_priority&period=2024-T2&format=csv', reviewer);
    expect(both.status).toBe(400);
    expect(both.json.details).toEqual([{ path: 'under', message: expect.any(String) }]);
    const plain = await download(t, '/api/exports/followup?period=2024-T2&format=csv', reviewer);
    expect(plain.headers['content-disposition']).toContain('filename="bilaga-1-2024-T2.csv"');
    expect(csvRecords(plain.bytes)[0]).toEqual(HEADERS.slice(0, 6));
  });
});
