import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { Sql } from '../src/infra/database/sql.js';
import { TestApp } from './support/app.js';
import { municipality, type People } from './support/fixtures.js';
import { download, upload } from './support/upload.js';
import { unzip } from './support/zip.js';

/** Issue 15: indicators in the appendix ("Målvärde X · Utfall Y (år)"), and CSV/XLSX that still import back unchanged. */
describe('indicators in the appendix', () => {
  let t: TestApp;
  let p: People;
  const url = (q: string) => `/api/exports/followup?period=2026-T2&${q}`;

  beforeAll(async () => {
    t = await TestApp.start();
    p = await municipality(t);
    const ok = (r: { status: number; text: string }) => expect(r.status, r.text).toBe(200);
    ok(await upload(t, '/api/imports/cases', p.reviewer, 'c.csv', 'Referens;Typ;Måltext;Huvudansvar\nMål 1;KF-mål;Bostadsbyggandet ska öka.;KS\nMål 2;KF-mål;Fler ska ha arbete.;KS\n'));
    ok(await upload(t, '/api/imports/reports', p.reviewer, 'r.csv', 'Referens;Period;Nämnd;Status;Motivering/kommentar\nMål 1;2026-T2;KS;Delvis uppfyllt;Byggandet ökar.\nMål 2;2026-T2;KS;Helt uppfyllt;Målet är nått.\n'));
    ok(await upload(t, '/api/imports/indicators', p.reviewer, 'i.csv', [
      'Referens;Indikator;Enhet;Riktning;Målvärde;Målår;År;Värde;Kvinnor;Män;Not',
      'Mål 1;Nya bostäder;st;Högre är bättre;2000;2028;2024;1500;;;Källa: SCB',
      'Mål 1;Nya bostäder;st;Högre är bättre;2000;2028;2025;1800;;;',
      'Mål 1;Nya bostäder;st;Högre är bättre;2000;2028;2027;2500;;;', // after the period: not in the 2026 appendix
      'Mål 1;Planberedskap;år;Högre är bättre;3;;;;;;',
      'Mål 2;Förvärvsfrekvens;procent;Högre är bättre;80;2030;2025;81,5;80,1;82,9;',
    ].join('\n')));
  });
  afterAll(() => t?.stop());

  it('prints each indicator under the comment in the DOCX', async () => {
    const res = await download(t, url('kind=goal&format=docx'), p.reader);
    expect(res.status).toBe(200);
    const doc = unzip(res.bytes).get('word/document.xml')!.toString('utf8').replace(/<[^>]+>/gu, '');
    expect(doc).toContain('Nya bostäder: Målvärde 2\u00a0000 st (2028) · Utfall 1\u00a0800 st (2025)');
    expect(doc).toContain('Planberedskap: Målvärde 3 år · Utfall saknas');
    expect(doc).toContain('Förvärvsfrekvens: Målvärde 80 procent (2030) · Utfall 81,5 procent (2025)');
    expect(doc).not.toContain('2\u00a0500');
    const pdf = await download(t, url('kind=goal&format=pdf'), p.reader);
    expect(pdf.status).toBe(200);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('adds an Indikatorer column to the CSV, which imports back as unchanged without a warning', async () => {
    const csv = await download(t, url('kind=goal&format=csv'), p.reviewer);
    const rows = parse(csv.bytes.toString('utf8').replace(/^\uFEFF/u, ''), { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0])).toEqual(['Referens', 'Period', 'Nämnd', 'Status', 'Motivering/kommentar', 'Prognos helår', 'Indikatorer']);
    expect(rows[0].Indikatorer).toBe('Nya bostäder: Målvärde 2\u00a0000 st (2028) · Utfall 1\u00a0800 st (2025)\nPlanberedskap: Målvärde 3 år · Utfall saknas');
    const back = await upload(t, '/api/imports/reports', p.reviewer, 'bilaga.csv', csv.bytes);
    expect(back.status, back.text).toBe(200);
    expect(back.body).toMatchObject({ created: 0, updated: 0, unchanged: 2, errors: [], warnings: [] });
  });

  it('adds the indicators to the XLSX, with a sheet in the indicator import columns that imports back unchanged', async () => {
    // A Kolada figure is listed with its source and skipped on the way back.
    const [employed] = (await t.request('GET', `/api/cases/${encodeURIComponent('Mål 2')}/indicators`, p.reviewer)).body;
    await t.get(Sql).execute(`update indicator set kolada_kpi = 'N00914', kolada_gender = 'T' where id = $1`, [employed.id]);
    await t.get(Sql).execute(`insert into indicator_value (indicator_id, year, value, source, fetched_at) values ($1, 2024, 79.5, 'Kolada', now())`, [employed.id]);
    const res = await download(t, url('kind=goal&format=xlsx'), p.reviewer);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.bytes as unknown as ArrayBuffer);
    const [first, sheet] = wb.worksheets;
    expect((first.getRow(1).values as string[]).slice(1)).toContain('Indikatorer');
    expect(sheet.name).toBe('Indikatorer');
    const lines: string[] = [];
    sheet.eachRow((row) => lines.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')).join(';')));
    expect(lines).toEqual([
      'Referens;Indikator;Enhet;Riktning;Målvärde;Målår;Utgångsvärde;Kolada-KPI;Kön;År;Värde;Kvinnor;Män;Källa;Not',
      'Mål 1;Nya bostäder;st;Högre är bättre;2000;2028;;;;2024;1500;;;;Källa: SCB',
      'Mål 1;Nya bostäder;st;Högre är bättre;2000;2028;;;;2025;1800;;;;',
      'Mål 1;Planberedskap;år;Högre är bättre;3;;;;;;;;;;',
      'Mål 2;Förvärvsfrekvens;procent;Högre är bättre;80;2030;;N00914;Totalt;2024;79,5;;;Kolada;',
      'Mål 2;Förvärvsfrekvens;procent;Högre är bättre;80;2030;;N00914;Totalt;2025;81,5;80,1;82,9;;',
    ]);
    // The sheet saved on its own imports back as all unchanged.
    const own = new ExcelJS.Workbook();
    const copy = own.addWorksheet('Indikatorer');
    sheet.eachRow((row) => copy.addRow((row.values as unknown[]).slice(1)));
    const back = await upload(t, '/api/imports/indicators', p.reviewer, 'indikatorer.xlsx', Buffer.from(await own.xlsx.writeBuffer()));
    expect(back.status, back.text).toBe(200);
    expect(back.body).toMatchObject({ created: 0, updated: 0, unchanged: 5, errors: [] });
  });

  it('renders again when an indicator changes (the appendix cache follows indicators)', async () => {
    const [homes] = (await t.request('GET', `/api/cases/${encodeURIComponent('Mål 1')}/indicators`, p.reviewer)).body;
    const before = (await download(t, url('kind=goal&format=csv'), p.reviewer)).bytes.toString('utf8');
    expect((await t.request('PUT', `/api/indicators/${homes.id}/values/2026`, { ...p.ks, body: { value: 1950 } })).status).toBe(200);
    const after = (await download(t, url('kind=goal&format=csv'), p.reviewer)).bytes.toString('utf8');
    expect(before).not.toBe(after);
    expect(after).toContain('Utfall 1\u00a0950 st (2026)');
  });
});
