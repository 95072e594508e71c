import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { BUILT_IN_KINDS, builtInKind, mapToScale, type CaseKind } from '@uppsikt/shared';
import { appendixColumns, displayNumber } from '../src/modules/exports/appendix-headings.js';
import { csvField } from '../src/modules/exports/render-csv.js';
import { TestApp, type Caller } from './support/app.js';
import { createCase, openPeriod, reportFor } from './support/fixtures.js';
import { docxTables, xlsxRows } from './support/documents.js';
import { download, upload } from './support/upload.js';
import { demoRows, importUmea } from './support/umea.js';
import { unzip } from './support/zip.js';

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'artifacts', 'exports');
const REPORT_HEADERS = ['Referens', 'Period', 'Nämnd', 'Status', 'Motivering/kommentar', 'Prognos helår'];

/** The source status file as the export should give it back: statuses canonical, line ends normalised. */
function expectedRows(file: string, kind: CaseKind): string[][] {
  const canon = (v: string) => (v.trim() ? (mapToScale(builtInKind(kind)!, v, BUILT_IN_KINDS) as { value: string }).value : '');
  return demoRows(file).map((r) => [r.Referens, r.Period, r.Nämnd, canon(r.Status), r['Motivering/kommentar'].replace(/\r\n?/gu, '\n').trim(), canon(r['Prognos helår'])]);
}

describe('follow-up appendix export', () => {
  let t: TestApp;
  let reviewer: Caller;
  let reader: Caller;
  let editor: Caller;
  const url = (q: string) => `/api/exports/followup?period=2020-T2&${q}`;

  beforeAll(async () => {
    t = await TestApp.start();
    reviewer = await t.as([{ role: 'reviewer' }]);
    await importUmea(t, reviewer);
    reader = await t.as([{ role: 'reader' }]);
    editor = await t.as([{ role: 'editor', body: 'KS' }]);
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(() => t?.stop());

  for (const [kind, file, n] of [
    ['assignment', 'uppdrag-status-2020-T2.csv', 53],
    ['goal', 'mal-status-2020-T2.csv', 17],
  ] as const) {
    describe(kind, () => {
      it('CSV: exactly the report import columns, UTF-8 with BOM, the source rows cell for cell, in natural order', async () => {
        const res = await download(t, url(`kind=${kind}&format=csv`), reader);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect(res.headers['content-disposition']).toContain(`bilaga-1-2020-T2-${kind === 'goal' ? 'mal' : 'uppdrag'}.csv`);
        expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        const records = parse(res.bytes, { delimiter: ';', bom: true }) as string[][];
        expect(records[0]).toEqual(REPORT_HEADERS);
        expect(records.slice(1)).toEqual(expectedRows(file, kind));
        expect(records).toHaveLength(n + 1);
        const again = await upload(t, '/api/imports/reports', reviewer, 'export.csv', res.bytes);
        expect(again.status).toBe(200);
        expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: n, errors: [] });
      });

      it('XLSX: the import columns plus the text, filter, frozen header, coloured statuses; re-imports unchanged', async () => {
        const res = await download(t, url(`kind=${kind}&format=xlsx`), reader);
        expect(res.status).toBe(200);
        const { headers, rows, sheet } = await xlsxRows(res.bytes);
        expect(headers).toEqual(expect.arrayContaining([...REPORT_HEADERS, 'Text']));
        expect(rows.map((r) => REPORT_HEADERS.map((h) => r[h]))).toEqual(expectedRows(file, kind));
        expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
        expect(sheet.autoFilter).toBeTruthy();
        const statusCol = headers.indexOf('Status') + 1;
        const fill = sheet.getRow(2).getCell(statusCol).fill as ExcelJS.FillPattern;
        expect(fill.fgColor?.argb).toMatch(/^FF[0-9A-F]{6}$/u);
        const again = await upload(t, '/api/imports/reports', reviewer, 'export.xlsx', res.bytes);
        expect(again.status).toBe(200);
        expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: n, errors: [] });
        // canonical values: nothing to map any more (only 2020:51's empty status is mentioned)
        expect(again.body.warnings.filter((w: { message: string }) => !w.message.startsWith('Status saknas'))).toEqual([]);
      });
    });
  }

  it('DOCX: landscape A4, the appendix headings, one real table with a repeated header row, rows as in the appendix', async () => {
    const res = await download(t, url('kind=assignment&format=docx'), reader);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    writeFileSync(join(ARTIFACTS, 'bilaga-1-2020-T2-uppdrag.docx'), res.bytes);
    const files = unzip(res.bytes);
    const doc = files.get('word/document.xml')!.toString('utf8');
    expect(doc).toContain('<w:tblHeader/>');
    expect(doc).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/u);
    expect(doc).toContain('Bilaga 1. Uppföljning av mål och uppdrag');
    const [table, ...more] = docxTables(doc);
    expect(more).toHaveLength(0);
    expect(table[0]).toEqual(['Uppdrag nr', 'KF-uppdrag', 'Status för genomförande av uppdrag per 31 augusti 2020', 'Motivering/kommentar', 'Prognos för genomförande av uppdrag för helår 2020']);
    const cases = new Map(demoRows('uppdrag.csv').map((r) => [r.Referens, r.Uppdragstext]));
    const expected = expectedRows('uppdrag-status-2020-T2.csv', 'assignment').map(([ref, , , status, comment, forecast]) => [ref.split(':')[1], cases.get(ref), status, comment.split(/\n+/u).join('\n'), forecast]);
    expect(table.slice(1)).toEqual(expected);
    expect(table.slice(1).map((r) => r[0])).toEqual(Array.from({ length: 53 }, (_, i) => String(i + 1)));
    // status cells are shaded (three colours used), page numbers in the footer
    expect(new Set([...doc.matchAll(/<w:shd [^>]*w:fill="([0-9A-F]{6})"/gu)].map((m) => m[1])).size).toBeGreaterThanOrEqual(4);
    const footer = [...files.entries()].filter(([k]) => k.startsWith('word/footer')).map(([, v]) => v.toString('utf8')).join('');
    expect(footer).toContain('NUMPAGES');
  });

  it('DOCX for goals has the goal headings and "Nämnd: text" contributions in every kind', async () => {
    const res = await download(t, url('kind=goal&format=docx'), reviewer);
    const [table] = docxTables(unzip(res.bytes).get('word/document.xml')!.toString('utf8'));
    expect(table[0]).toEqual(['Mål nr', 'KF-mål', 'Måluppfyllelse januari–augusti', 'Motivering/kommentar', 'Måluppfyllelse prognos helår']);
    expect(table.slice(1).map((r) => r[0])).toEqual(Array.from({ length: 17 }, (_, i) => String(i + 1)));
    expect(table[15]).toEqual(['15', 'Kommunens budget ska jämställdhetsanalyseras.', 'Inte uppfyllt', expect.stringContaining('coronapandemin'), 'Inte uppfyllt']);
    writeFileSync(join(ARTIFACTS, 'bilaga-1-2020-T2-mal.docx'), res.bytes);
  });

  it('PDF: a real PDF with embedded Roboto and more than one page', async () => {
    const res = await download(t, url('kind=assignment&format=pdf'), reader);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    writeFileSync(join(ARTIFACTS, 'bilaga-1-2020-T2-uppdrag.pdf'), res.bytes);
    const text = res.bytes.toString('latin1');
    const pages = Number(/\/Type \/Pages[\s\S]*?\/Count (\d+)/u.exec(text)?.[1]);
    expect(pages).toBeGreaterThan(3);
    expect(text).toMatch(/\/FontFile2/u);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+Roboto-Regular/u);
    expect(text).toMatch(/\/MediaBox \[0 0 841\.\d+ 595\.\d+\]/u); // landscape A4
    // Tagged for assistive technology: language, a structure tree with the title, the caption and
    // the table (the header row once, column scope; one row per assignment); the rest artifacts.
    const count = (s: string) => text.split(s).length - 1;
    expect(text.startsWith('%PDF-1.7')).toBe(true);
    expect(text).toContain('/Marked true');
    expect(text).toContain('/Lang (sv-SE)');
    expect([count('/S /H1'), count('/S /H2'), count('/S /Table')]).toEqual([1, 1, 1]);
    expect(count('/S /TH')).toBe(5);
    expect(count('/Scope /Column')).toBe(5);
    expect(count('/S /TR')).toBe(54);
    expect(count('/S /TD')).toBe(53 * 5);
    const content = [...res.bytes.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/gu)]
      .map((m) => {
        try {
          return inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1');
        } catch {
          return '';
        }
      })
      .join('\n');
    expect(content).toMatch(/\/Artifact <<\n?\/Type \/Pagination/u);
    expect(content).toMatch(/\/TD <<\n?\/MCID \d+/u);
    const all = await download(t, url('format=pdf'), reviewer);
    writeFileSync(join(ARTIFACTS, 'bilaga-1-2020-T2.pdf'), all.bytes);
    expect(Number(/\/Type \/Pages[\s\S]*?\/Count (\d+)/u.exec(all.bytes.toString('latin1'))?.[1])).toBeGreaterThan(pages);
  });

  it('without a kind: one table per kind, goals first as in Bilaga 1', async () => {
    const res = await download(t, url('format=docx'), reviewer);
    const tables = docxTables(unzip(res.bytes).get('word/document.xml')!.toString('utf8'));
    expect(tables.map((tb) => [tb[0][1], tb.length - 1])).toEqual([['KF-mål', 17], ['KF-uppdrag', 53]]);
    const csv = parse((await download(t, url('format=csv'), reviewer)).bytes, { delimiter: ';', bom: true }) as string[][];
    expect(csv).toHaveLength(71);
    expect(csv[1][0]).toBe('2020:1'); // natural order: 2020:1 … 2020:53, Mål 1 … Mål 17
    expect(csv[53][0]).toBe('2020:53');
    expect(csv[54][0]).toBe('Mål 1');
    expect(csv[70][0]).toBe('Mål 17');
  });

  it('exports approved reports; reviewers may preview submitted ones; contributions appear as "Nämnd: text"', async () => {
    await openPeriod(t, reviewer, 2031, 'T1', { submissionDeadline: '2031-05-15T12:00:00+02:00' });
    await createCase(t, reviewer, { reference: '2031:2', leadBody: 'KS', coBodies: ['TN'], text: 'Andra uppdraget.' });
    await createCase(t, reviewer, { reference: '2031:10', leadBody: 'KS', text: 'Tionde uppdraget.' });
    const ks = await t.as([{ role: 'editor', body: 'KS' }]);
    const tn = await t.as([{ role: 'editor', body: 'TN' }]);
    for (const [ref, approve] of [['2031:2', true], ['2031:10', false]] as const) {
      const r = await reportFor(t, reviewer, ref, '2031-T1');
      if (ref === '2031:2') await t.request('PUT', `/api/reports/${r.id}/contributions/TN`, { ...tn, body: { text: 'Gång- och cykelvägar byggs; "klart" i höst.' } });
      const saved = await t.request('PUT', `/api/reports/${r.id}`, { ...ks, body: { status: 'Delvis genomfört', comment: `=Arbetet pågår för ${ref}.\nAndra stycket.`, forecast: 'Genomfört', version: r.version } });
      await t.request('POST', `/api/reports/${r.id}/submit`, { ...ks, body: { version: saved.body.version } });
      if (approve) await t.request('POST', `/api/reports/${r.id}/approve`, { ...reviewer, body: {} });
    }
    const approvedOnly = parse((await download(t, '/api/exports/followup?period=2031-T1&format=csv', reader)).bytes, { delimiter: ';', bom: true }) as string[][];
    expect(approvedOnly.slice(1).map((r) => r[0])).toEqual(['2031:2']);
    expect(approvedOnly[1][4]).toBe("'=Arbetet pågår för 2031:2.\nAndra stycket."); // formula guard
    const preview = await download(t, '/api/exports/followup?period=2031-T1&format=docx&includeSubmitted=true', reviewer);
    const doc = unzip(preview.bytes).get('word/document.xml')!.toString('utf8');
    const [table] = docxTables(doc);
    expect(table.slice(1).map((r) => r[0])).toEqual(['2', '10']);
    expect(table[0][2]).toBe('Status för genomförande av uppdrag per 30 april 2031');
    expect(table[1][3]).toBe('=Arbetet pågår för 2031:2.\nAndra stycket.\nTekniska nämnden: Gång- och cykelvägar byggs; "klart" i höst.');
    expect(doc).toContain('Förhandsversion');
    // the preview is named and marked as one on every page; the final is not
    expect(preview.headers['content-disposition']).toContain('filename="bilaga-1-2031-T1-forhandsversion.docx"');
    const files = unzip(preview.bytes);
    expect(doc).toMatch(/<w:headerReference w:type="default"/u);
    expect([...files.keys()].filter((k) => /^word\/header\d*\.xml$/u.test(k)).map((k) => files.get(k)!.toString('utf8')).join('')).toContain('Förhandsversion – inte godkänd bilaga (2031-T1)');
    const final = await download(t, '/api/exports/followup?period=2031-T1&format=docx', reviewer);
    expect(final.headers['content-disposition']).toContain('filename="bilaga-1-2031-T1.docx"');
    expect(unzip(final.bytes).get('word/document.xml')!.toString('utf8')).not.toMatch(/headerReference|Förhandsversion/u);
    const pdfPreview = await download(t, '/api/exports/followup?period=2031-T1&kind=assignment&format=pdf&includeSubmitted=true', reviewer);
    expect(pdfPreview.headers['content-disposition']).toContain('-forhandsversion.pdf"');
    const pageMarks = (bytes: Buffer) => {
      const text = bytes.toString('latin1');
      const pages = Number(/\/Type \/Pages[\s\S]*?\/Count (\d+)/u.exec(text)?.[1]);
      const streams = [...text.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/gu)].map((m) => {
        try {
          return inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1');
        } catch {
          return '';
        }
      });
      return { pages, marked: streams.filter((c) => /\/Artifact <<[^>]*\/Attached \[/u.test(c.replace(/\n/gu, ' '))).length };
    };
    const marks = pageMarks(pdfPreview.bytes);
    expect(marks.pages).toBeGreaterThan(0);
    expect(marks.marked).toBe(marks.pages);
    expect(pageMarks((await download(t, '/api/exports/followup?period=2031-T1&kind=assignment&format=pdf', reviewer)).bytes).marked).toBe(0);
    expect((await download(t, '/api/exports/followup?period=2031-T1&format=csv&includeSubmitted=true', reader)).status).toBe(403);
    // the guarded CSV re-imports unchanged
    const csv = await download(t, '/api/exports/followup?period=2031-T1&format=csv', reviewer);
    expect((await upload(t, '/api/imports/reports', reviewer, 'x.csv', csv.bytes)).body).toMatchObject({ unchanged: 1, updated: 0, errors: [] });
  });

  it('serves a rendered appendix again until something in it changes: a report, a case text, a body name', async () => {
    const get = (q: string) => download(t, `/api/exports/followup?period=2031-T1&${q}`, reviewer);
    // pdfkit stamps each render with its creation time: equal bytes mean one render, served twice.
    const [a, b, c] = await Promise.all([get('format=pdf'), get('format=pdf'), get('format=pdf')]);
    expect(b.bytes.equals(a.bytes) && c.bytes.equals(a.bytes)).toBe(true);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await get('format=pdf')).bytes.equals(a.bytes)).toBe(true);

    const rows = async () => (parse((await get('format=csv')).bytes, { delimiter: ';', bom: true }) as string[][]).slice(1).map((r) => r[0]);
    expect(await rows()).toEqual(['2031:2']);
    const r10 = await reportFor(t, reviewer, '2031:10', '2031-T1');
    expect((await t.request('POST', `/api/reports/${r10.id}/approve`, { ...reviewer, body: {} })).status).toBe(200);
    expect(await rows()).toEqual(['2031:2', '2031:10']);

    const docx = async () => unzip((await get('format=docx')).bytes).get('word/document.xml')!.toString('utf8');
    expect(await docx()).toContain('Andra uppdraget.');
    const kase = (await t.request('GET', '/api/cases/2031%3A2', reviewer)).body;
    expect((await t.request('PATCH', '/api/cases/2031%3A2', { ...reviewer, body: { text: 'Andra uppdraget, omformulerat.', version: kase.version } })).status).toBe(200);
    expect(await docx()).toContain('Andra uppdraget, omformulerat.');

    const admin = await t.as([{ role: 'admin' }]);
    const tn = (await t.request('GET', '/api/bodies', admin)).body.find((x: { code: string }) => x.code === 'TN');
    expect((await t.request('PATCH', '/api/bodies/TN', { ...admin, body: { name: 'Trafiknämnden', version: tn.version } })).status).toBe(200);
    expect(docxTables(await docx())[0][1][3]).toContain('Trafiknämnden: Gång- och cykelvägar byggs');
  });

  it('answers reader 200, editor 403, anonymous 401; 404 for an unknown period, 400 for a bad query', async () => {
    expect((await download(t, url('format=xlsx'), reader)).status).toBe(200);
    expect((await download(t, url('format=xlsx'), editor)).status).toBe(403);
    expect((await download(t, url('format=xlsx'), {})).status).toBe(401);
    const missing = await download(t, '/api/exports/followup?period=2019-T2&format=pdf', reviewer);
    expect(missing.status).toBe(404);
    expect(missing.json.message).toBe('Perioden 2019-T2 finns inte');
    expect((await download(t, '/api/exports/followup?period=2020-T2&format=odt', reviewer)).status).toBe(400);
    expect((await download(t, '/api/exports/followup?period=2020&format=csv', reviewer)).status).toBe(400);
    expect((await download(t, '/api/exports/followup?period=2020-T2&kind=nope', reviewer)).status).toBe(400);
  });
});

describe('appendix headings', () => {
  const period = (term: 'T1' | 'T2' | 'T3', periodEnd: string) => ({ id: `2026-${term}`, year: 2026, term, periodEnd });

  it('are computed from the period: T1 January–April, T3 without a forecast column', () => {
    expect(appendixColumns(builtInKind('goal')!, period('T1', '2026-04-30')).map((c) => c.heading)).toEqual(['Mål nr', 'KF-mål', 'Måluppfyllelse januari–april', 'Motivering/kommentar', 'Måluppfyllelse prognos helår']);
    expect(appendixColumns(builtInKind('assignment')!, period('T3', '2026-12-31')).map((c) => c.heading)).toEqual(['Uppdrag nr', 'KF-uppdrag', 'Status för genomförande av uppdrag per 31 december 2026', 'Motivering/kommentar']);
    expect(appendixColumns(builtInKind('supplementary_assignment')!, period('T2', '2026-08-31'))[1].heading).toBe('Tilläggsuppdrag');
    expect(appendixColumns(builtInKind('programme_priority')!, period('T2', '2026-08-31')).map((c) => c.key)).toEqual(['number', 'text', 'status', 'trend', 'summary', 'comment', 'forecast']);
  });

  it('shows references as the printed appendix numbers them', () => {
    expect(displayNumber('2020:7', 2020)).toBe('7');
    expect(displayNumber('2019:7', 2020)).toBe('2019:7');
    expect(displayNumber('Mål 3', 2020)).toBe('3');
    expect(displayNumber('1.2', 2020)).toBe('1.2');
  });

  it('quotes CSV fields only where needed and guards formulas', () => {
    expect(csvField('Genomfört')).toBe('Genomfört');
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('säger "ja"')).toBe('"säger ""ja"""');
    expect(csvField('rad 1\nrad 2')).toBe('"rad 1\nrad 2"');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField('-1')).toBe("'-1");
    // a value that itself starts with apostrophes before a formula character gets one more, so the
    // importer can take exactly one away again
    expect(csvField("'=1+1")).toBe("''=1+1");
    expect(csvField("'text")).toBe("'text");
    expect(csvField('\n=1')).toBe('"\n=1"');
  });
});
