import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { TestApp, type Caller } from './support/app.js';
import { upload } from './support/upload.js';
import { umeaBodies } from './support/umea.js';
import { unzip, zip } from './support/zip.js';

const HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>Referens</t></is></c><c r="B1" t="inlineStr"><is><t>Typ</t></is></c><c r="C1" t="inlineStr"><is><t>Uppdragstext</t></is></c><c r="D1" t="inlineStr"><is><t>Huvudansvar</t></is></c></row>';
const row = (n: number) => `<row r="${n}"><c r="A${n}" t="inlineStr"><is><t>L:${n}</t></is></c><c r="B${n}" t="inlineStr"><is><t>KF-uppdrag</t></is></c><c r="C${n}" t="inlineStr"><is><t>Text</t></is></c><c r="D${n}" t="inlineStr"><is><t>KS</t></is></c></row>`;
const sheetXml = (body: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${HEADER}${body}</sheetData></worksheet>`;

/** A real workbook (made by exceljs) whose first worksheet is replaced by `sheet`. */
async function workbookWith(sheet: Buffer, declaredSize?: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Uppdrag').addRow(['Referens']);
  const parts = unzip(Buffer.from(await wb.xlsx.writeBuffer()));
  return zip([...parts].map(([name, data]) => (name === 'xl/worksheets/sheet1.xml' ? { name, data: sheet, declaredSize } : { name, data })));
}

describe('XLSX imports are bounded while they are read', () => {
  let t: TestApp;
  let reviewer: Caller;

  beforeAll(async () => {
    t = await TestApp.start();
    await umeaBodies(t);
    reviewer = await t.as([{ role: 'reviewer' }]);
  });
  afterAll(() => t?.stop());

  // 70 MB of worksheet XML in a zip of well under 1 MB
  const bomb = () => Buffer.from(sheetXml(`<row r="2"><c r="A2" t="inlineStr"><is><t>${'A'.repeat(70 * 1024 * 1024)}</t></is></c></row>`));

  it('refuses a zip bomb (its declared size over the limit) with a 422 that says why, and keeps answering', async () => {
    const file = await workbookWith(bomb());
    expect(file.length).toBeLessThan(1024 * 1024);
    const res = await upload(t, '/api/imports/cases', reviewer, 'bomb.xlsx', file);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ row: 0, column: null, message: 'Filen innehåller mer än 64 MB data när den packas upp. Dela upp den eller spara den som CSV.' }]);
    expect((await t.request('GET', '/api/health')).status).toBe(200);
  });

  it('refuses a zip bomb that lies about its size in the central directory (inflated bytes are counted)', async () => {
    const res = await upload(t, '/api/imports/cases', reviewer, 'bomb.xlsx', await workbookWith(bomb(), 2048));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ row: 0, column: null, message: expect.stringContaining('XLSX') }]);
  });

  it('stops reading at 50,000 data rows', async () => {
    const rows = Array.from({ length: 50_001 }, (_, i) => row(i + 2)).join('');
    const res = await upload(t, '/api/imports/cases', reviewer, 'rader.xlsx', await workbookWith(Buffer.from(sheetXml(rows))));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ row: 0, column: null, message: 'Filen har fler än 50\u00a0000 rader. Dela upp den.' }]);
  });

  it('refuses text beyond column 1,000', async () => {
    const res = await upload(t, '/api/imports/cases', reviewer, 'bred.xlsx', await workbookWith(Buffer.from(sheetXml('<row r="2"><c r="AMN2" t="inlineStr"><is><t>x</t></is></c></row>'))));
    expect(res.status).toBe(422);
    expect(res.body.errors[0].message).toBe('Rad 2 har text i kolumn 1028; filen får ha högst 1000 kolumner.');
  });

  it('reads the first tab also when the workbook relations use absolute paths (as some programs write them)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Uppdrag').addRows([['Referens', 'Typ', 'Uppdragstext', 'Huvudansvar'], ['A:1', 'KF-uppdrag', 'Text', 'KS']]);
    wb.addWorksheet('Annat').addRow(['Referens']);
    const parts = unzip(Buffer.from(await wb.xlsx.writeBuffer()));
    const rels = parts.get('xl/_rels/workbook.xml.rels')!.toString('utf8');
    expect(rels).toContain('Target="worksheets/sheet1.xml"');
    parts.set('xl/_rels/workbook.xml.rels', Buffer.from(rels.replace(/Target="worksheets\//gu, 'Target="/xl/worksheets/')));
    const res = await upload(t, '/api/imports/cases', reviewer, 'abs.xlsx', zip([...parts].map(([name, data]) => ({ name, data }))));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, errors: [] });
  });

  it('still imports a normal file made this way, and a corrupt or cut-off XLSX is a 422', async () => {
    const ok = await upload(t, '/api/imports/cases', reviewer, 'ok.xlsx', await workbookWith(Buffer.from(sheetXml(row(2) + row(3)))));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ created: 2, errors: [] });
    const good = await workbookWith(Buffer.from(sheetXml(row(4))));
    for (const bad of [good.subarray(0, Math.floor(good.length / 2)), await workbookWith(Buffer.from(sheetXml(row(2)).replace('</t></is>', '</is></t>'))), zip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }])]) {
      const res = await upload(t, '/api/imports/cases', reviewer, 'trasig.xlsx', bad);
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ row: 0, column: null, message: expect.stringContaining('XLSX') }]);
    }
  });
});
