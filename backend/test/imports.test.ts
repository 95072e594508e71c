import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { TestApp, type Caller } from './support/app.js';
import { createCase } from './support/fixtures.js';
import { download, upload } from './support/upload.js';
import { demoFile, umeaBodies } from './support/umea.js';
import { unzip } from './support/zip.js';

const demo = demoFile;

async function auditCount(t: TestApp): Promise<number> {
  const [{ n }] = await t.em.getConnection().execute<{ n: string }[]>('select count(*) as n from audit_event');
  return Number(n);
}

describe('imports', () => {
  let t: TestApp;
  let reviewer: Caller;
  let reader: Caller;

  beforeAll(async () => {
    t = await TestApp.start();
    await umeaBodies(t);
    reviewer = await t.as([{ role: 'reviewer' }]);
    reader = await t.as([{ role: 'reader' }]);
  });
  afterAll(() => t?.stop());

  describe('the Umeå 2020 files', () => {
    it('imports the 53 assignments and 17 goals with no error', async () => {
      const a = await upload(t, '/api/imports/cases', reviewer, 'uppdrag.csv', demo('uppdrag.csv'));
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ created: 53, updated: 0, unchanged: 0, errors: [], dryRun: false });
      const g = await upload(t, '/api/imports/cases', reviewer, 'mal.csv', demo('mal.csv'));
      expect(g.status).toBe(200);
      expect(g.body).toMatchObject({ created: 17, updated: 0, unchanged: 0, errors: [] });
      expect((await t.request('GET', '/api/cases?kind=assignment&pageSize=1', reader)).body.total).toBe(53);
      expect((await t.request('GET', '/api/cases?kind=goal&pageSize=1', reader)).body.total).toBe(17);
      const c51 = (await t.request('GET', '/api/cases/2020%3A51', reader)).body;
      expect(c51).toMatchObject({ kind: 'assignment', leadBody: 'IFN', coBodies: ['FGN', 'GVN'], allBodies: false, related: ['2020:53'], state: 'active' });
      expect((await t.request('GET', '/api/cases/2020%3A6', reader)).body).toMatchObject({ leadBody: 'KS', coBodies: [], allBodies: true });
      expect((await t.request('GET', '/api/cases/M%C3%A5l%2012', reader)).body).toMatchObject({ kind: 'goal', leadBody: 'PN', allBodies: false });
    });

    it('imports the 2020-T2 statuses as approved reports in a new closed period, with a warning for 2020:18', async () => {
      const res = await upload(t, '/api/imports/reports', reviewer, 'uppdrag-status-2020-T2.csv', demo('uppdrag-status-2020-T2.csv'));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ created: 53, updated: 0, unchanged: 0, errors: [] });
      // 2020:18 is data row 18, Excel row 19: "Delvis uppfyllt" (a goal value) on an assignment, in Status and Prognos.
      const w18 = res.body.warnings.filter((w: { row: number }) => w.row === 19);
      expect(w18).toEqual(
        expect.arrayContaining([
          { row: 19, column: 'Status', message: expect.stringContaining('annan skala') },
          { row: 19, column: 'Prognos helår', message: expect.stringContaining('"Delvis genomfört"') },
        ]),
      );
      // every mapping is reported: "Helt genomfört" (2020:11 forecast, row 12), "Helt genomfört." (2020:44, row 45)
      expect(res.body.warnings).toEqual(expect.arrayContaining([{ row: 12, column: 'Prognos helår', message: '"Helt genomfört" tolkades som "Genomfört"' }, { row: 45, column: 'Prognos helår', message: '"Helt genomfört." tolkades som "Genomfört"' }]));
      // 2020:51 has no status ("Se uppdrag 53."): a warning, not an error
      expect(res.body.warnings).toEqual(expect.arrayContaining([{ row: 52, column: 'Status', message: expect.stringContaining('Status saknas') }]));
      // the missing period is announced once
      expect(res.body.warnings.filter((w: { message: string }) => w.message.includes('skapas som stängd'))).toHaveLength(1);

      const goals = await upload(t, '/api/imports/reports', reviewer, 'mal-status-2020-T2.csv', demo('mal-status-2020-T2.csv'));
      expect(goals.status).toBe(200);
      expect(goals.body).toMatchObject({ created: 17, errors: [] });

      const period = (await t.request('GET', '/api/periods', reader)).body.find((p: { id: string }) => p.id === '2020-T2');
      expect(period).toMatchObject({ state: 'closed', periodEnd: '2020-08-31', published: false });
      const reports = (await t.request('GET', '/api/reports?period=2020-T2&pageSize=500', reviewer)).body;
      expect(reports.total).toBe(70);
      expect(reports.items.every((r: { state: string }) => r.state === 'approved')).toBe(true);
      const byRef = new Map(reports.items.map((r: { case: { reference: string } }) => [r.case.reference, r]));
      expect(byRef.get('2020:18')).toMatchObject({ status: 'Delvis genomfört', forecast: 'Delvis genomfört', body: 'TN' });
      expect(byRef.get('2020:44')).toMatchObject({ status: 'Genomfört', forecast: 'Genomfört' });
      expect(byRef.get('2020:51')).toMatchObject({ status: null, forecast: null, comment: 'Se uppdrag 53.' });
      expect(byRef.get('Mål 15')).toMatchObject({ status: 'Inte uppfyllt', forecast: 'Inte uppfyllt' });
      const mal1 = byRef.get('Mål 1') as { comment: string };
      expect(mal1.comment).toContain('"helt uppfyllt"');
      expect(mal1.comment).not.toContain('\r');
    });

    it('records every imported case and report in the case history', async () => {
      const history = (await t.request('GET', '/api/cases/2020%3A18/history', reader)).body;
      expect(history.map((e: { action: string }) => e.action)).toEqual(['report.imported', 'case.imported']);
      expect(history[0].changes.status).toEqual({ before: null, after: 'Delvis genomfört' });
      expect(history[0].actorName).toBeTruthy();
    });

    it('reports everything unchanged when the same files are imported again', async () => {
      for (const [url, file, n] of [
        ['/api/imports/cases', 'uppdrag.csv', 53],
        ['/api/imports/cases', 'mal.csv', 17],
        ['/api/imports/reports', 'uppdrag-status-2020-T2.csv', 53],
        ['/api/imports/reports', 'mal-status-2020-T2.csv', 17],
      ] as const) {
        const before = await auditCount(t);
        const res = await upload(t, url, reviewer, file, demo(file));
        expect(res.status, file).toBe(200);
        expect(res.body, file).toMatchObject({ created: 0, updated: 0, unchanged: n, errors: [] });
        expect(await auditCount(t), file).toBe(before);
      }
    });
  });

  it('reports what a dry run would do and writes nothing', async () => {
    const before = await auditCount(t);
    const csv = 'Referens;Typ;Uppdragstext;Huvudansvar\r\nD:1;KF-uppdrag;Ny text;KS\r\n2020:3;KF-uppdrag;Ändrad text;PN\r\n2020:4;KF-uppdrag;Kommunfullmäktige ger kommunstyrelsen i uppdrag att fortsätta arbetet att integrera jämställdhetsperspektivet i kommunens alla processer.;KS\r\n';
    const res = await upload(t, '/api/imports/cases?dryRun=true', reviewer, 'x.csv', csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, updated: 1, unchanged: 1, errors: [], dryRun: true });
    expect((await t.request('GET', '/api/cases/D%3A1', reader)).status).toBe(404);
    expect((await t.request('GET', '/api/cases/2020%3A3', reader)).body.text).not.toBe('Ändrad text');
    expect(await auditCount(t)).toBe(before);
  });

  it('reads a Windows-1252 file exactly as its UTF-8 twin', async () => {
    const text = 'Referens;Typ;Uppdragstext;Huvudansvar;Medansvar;KF-beslut\r\nW:1;Tilläggsuppdrag;Öka tillgängligheten – även för äldre och barn på Ålidhem;ÄN;ÖFN, IFN;KF § 12\r\nW:2;KF-mål;"Mål: ""ökad"" trygghet; för alla";KS;Samtliga nämnder;\r\n';
    const win = iconv.encode(text, 'win1252');
    expect(win.includes(Buffer.from('ö', 'utf8'))).toBe(false); // really single-byte
    const first = await upload(t, '/api/imports/cases', reviewer, 'excel.csv', win);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: 2, errors: [] });
    const twin = await upload(t, '/api/imports/cases', reviewer, 'utf8.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    expect(twin.body).toMatchObject({ created: 0, updated: 0, unchanged: 2, errors: [] });
    const w1 = (await t.request('GET', '/api/cases/W%3A1', reader)).body;
    expect(w1).toMatchObject({ kind: 'supplementary_assignment', text: 'Öka tillgängligheten – även för äldre och barn på Ålidhem', leadBody: 'ÄN', coBodies: ['IFN', 'ÖFN'], decisionRef: 'KF § 12' });
    expect((await t.request('GET', '/api/cases/W%3A2', reader)).body).toMatchObject({ kind: 'goal', text: 'Mål: "ökad" trygghet; för alla', allBodies: true, decisionRef: null });
  });

  it('detects comma and tab delimiters and matches headers without regard to case or aliases', async () => {
    const comma = 'referens,TYP,Måltext,nämnd,Medansvar,Beslutat,Slutdatum,Diarienummer\nC:1,KF-uppdrag,"Text med komma, och ""citat""",tn,"BN, FN",2020-02-24,2021-12-31,KS-2020/00077\n';
    const res = await upload(t, '/api/imports/cases', reviewer, 'komma.csv', comma);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, errors: [], warnings: [] });
    expect((await t.request('GET', '/api/cases/C%3A1', reader)).body).toMatchObject({ text: 'Text med komma, och "citat"', leadBody: 'TN', coBodies: ['BN', 'FN'], decidedOn: '2020-02-24', dueOn: '2021-12-31', diaryNumber: 'KS-2020/00077' });
    const tab = 'Referens\tTyp\tText\tHuvudansvar\tRelaterade\nT:1\tProgramprioritering\tTrygga uppväxtvillkor; för alla barn\tIFN\tC:1, 2020:1\n';
    const res2 = await upload(t, '/api/imports/cases', reviewer, 'tabb.txt', tab);
    expect(res2.status).toBe(200);
    expect(res2.body).toMatchObject({ created: 1, errors: [] });
    expect((await t.request('GET', '/api/cases/T%3A1', reader)).body).toMatchObject({ kind: 'programme_priority', text: 'Trygga uppväxtvillkor; för alla barn', related: ['2020:1', 'C:1'] });
  });

  it('imports XLSX (first sheet), with date cells and rich text', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Uppdrag');
    ws.addRow(['Referens', 'Typ', 'Uppdragstext', 'Huvudansvar', 'Medansvar', 'Beslutat', 'Slutdatum', 'Relaterade', 'KF-beslut', 'Diarienummer']);
    ws.addRow(['X:1', 'KF-uppdrag', { richText: [{ text: 'Utred ' }, { font: { bold: true }, text: 'cykelvägar' }] }, 'TN', 'Samtliga nämnder, BN', new Date(Date.UTC(2021, 5, 14)), new Date(Date.UTC(2022, 11, 31)), '', 'KF § 99', 'TN-2021/1']);
    ws.addRow([]);
    ws.addRow(['X:2', 'kf-mål', 'Ett mål', 'Kommunstyrelsen', '', '', '', 'X:1', '', '']);
    wb.addWorksheet('Annat blad').addRow(['ignoreras']);
    const res = await upload(t, '/api/imports/cases', reviewer, 'arenden.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 2, errors: [] });
    // a body given by name is understood, with a warning on its row (row 4: the empty row 3 still counts)
    expect(res.body.warnings).toEqual([{ row: 4, column: 'Huvudansvar', message: '"Kommunstyrelsen" tolkades som KS' }]);
    expect((await t.request('GET', '/api/cases/X%3A1', reader)).body).toMatchObject({ text: 'Utred cykelvägar', coBodies: ['BN'], allBodies: true, decidedOn: '2021-06-14', dueOn: '2022-12-31', decisionRef: 'KF § 99', diaryNumber: 'TN-2021/1' });
    expect((await t.request('GET', '/api/cases/X%3A2', reader)).body).toMatchObject({ kind: 'goal', leadBody: 'KS', related: ['X:1'] });
  });

  it('refuses a file with an unknown body code, naming the row, and writes nothing', async () => {
    const before = await auditCount(t);
    const csv = 'Referens;Typ;Uppdragstext;Huvudansvar;Medansvar\r\nE:1;KF-uppdrag;Ett;KS;\r\nE:2;KF-uppdrag;Två;KS;TN\r\nE:3;KF-uppdrag;Tre;XYZ;\r\nE:4;KF-uppdrag;Fyra;KS;TN, QQ\r\n';
    const res = await upload(t, '/api/imports/cases', reviewer, 'fel.csv', csv);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ statusCode: 422, created: 2, errors: [
      { row: 4, column: 'Huvudansvar', message: 'Nämnden XYZ finns inte' },
      { row: 5, column: 'Medansvar', message: 'Nämnden QQ finns inte' },
    ] });
    expect(res.body.message).toContain('Ingenting sparades');
    expect((await t.request('GET', '/api/cases/E%3A1', reader)).status).toBe(404);
    expect(await auditCount(t)).toBe(before);
  });

  it('refuses a value on no scale as a row error with its column, and an empty status with nothing to say', async () => {
    await createCase(t, reviewer, { reference: 'S:1', leadBody: 'KS' });
    await createCase(t, reviewer, { reference: 'S:2', leadBody: 'KS' });
    const csv = 'Referens;Period;Nämnd;Status;Motivering/kommentar;Prognos helår\r\nS:1;2021-T1;KS;Jättebra;Fint.;Genomfört\r\nS:2;2021-T1;KS;;;\r\nS:9;2021-T1;KS;Genomfört;x;\r\nS:1;2021-T9;KS;Genomfört;x;\r\n';
    const res = await upload(t, '/api/imports/reports', reviewer, 's.csv', csv);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { row: 2, column: 'Status', message: expect.stringContaining('"Jättebra" finns inte på skalan') },
      { row: 3, column: 'Status', message: expect.stringContaining('Status saknas') },
      { row: 4, column: 'Referens', message: expect.stringContaining('S:9 finns inte') },
      { row: 5, column: 'Period', message: expect.stringContaining('2021-T9') },
    ]);
    expect((await t.request('GET', '/api/periods', reader)).body.some((p: { id: string }) => p.id === '2021-T1')).toBe(false);
  });

  it('says which required columns are missing, and what is wrong with the file', async () => {
    const res = await upload(t, '/api/imports/cases', reviewer, 'x.csv', 'Referens;Text\r\nA;B\r\n');
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { row: 1, column: 'Typ', message: expect.stringContaining('saknas i rubrikraden') },
      { row: 1, column: 'Huvudansvar', message: expect.stringContaining('saknas i rubrikraden') },
    ]);
    const dup = await upload(t, '/api/imports/cases', reviewer, 'x.csv', 'Referens;Typ;Text;Huvudansvar\r\nR:1;KF-uppdrag;a;KS\r\nR:1;KF-uppdrag;b;KS\r\n');
    expect(dup.body.errors).toEqual([{ row: 3, column: 'Referens', message: 'Referensen R:1 finns redan på rad 2' }]);
    const pdf = await upload(t, '/api/imports/cases', reviewer, 'bilaga.pdf', Buffer.from('%PDF-1.7\n\u0000\u0001\u0002binary', 'latin1'));
    expect(pdf.status).toBe(422);
    expect(pdf.body.errors[0]).toMatchObject({ row: 0, column: null, message: expect.stringContaining('varken CSV eller XLSX') });
    const xls = await upload(t, '/api/imports/cases', reviewer, 'gammal.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    expect(xls.body.errors[0].message).toContain('.xls');
    const docx = await download(t, '/api/imports/template?type=cases&format=xlsx', reviewer);
    expect(docx.status).toBe(200);
    const zipNotXlsx = await upload(t, '/api/imports/cases', reviewer, 'x.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]));
    expect(zipNotXlsx.status).toBe(422);
    expect(zipNotXlsx.body.errors[0].message).toContain('XLSX');
    const empty = await upload(t, '/api/imports/cases', reviewer, 'tom.csv', '');
    expect(empty.status).toBe(422);
    expect(empty.body.errors[0].message).toBe('Filen är tom');
  });

  it('names the row and column of a cell with a NUL byte or another control character (UTF-16 file), writes nothing, never a 500', async () => {
    const before = await auditCount(t);
    const text = 'Referens;Typ;Uppdragstext;Huvudansvar\r\nN:1;KF-uppdrag;Rätt text;KS\r\nN:2;KF-uppdrag;Text med \u0000 i;KS\r\nN:\u00003;KF-uppdrag;Text;KS\r\nN:4;KF-uppdrag;Lodrät\u000btab;XYZ\r\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const res = await upload(t, '/api/imports/cases', reviewer, 'unicode.csv', utf16);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { row: 3, column: 'Uppdragstext', message: expect.stringContaining('nolltecken (NUL, U+0000)') },
      { row: 4, column: 'Referens', message: expect.stringContaining('NUL') },
      { row: 5, column: 'Huvudansvar', message: 'Nämnden XYZ finns inte' },
      { row: 5, column: 'Uppdragstext', message: expect.stringContaining('styrtecken (U+000B)') },
    ]);
    expect(res.body.message).toContain('Ingenting sparades');
    expect((await t.request('GET', '/api/cases/N%3A1', reader)).status).toBe(404);
    expect(await auditCount(t)).toBe(before);
    // in a status file too (the comment is written as it stands), and in a header
    await createCase(t, reviewer, { reference: 'N:9', leadBody: 'KS' });
    const reports = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode('Referens;Period;Status;Motivering/kommentar\u0000\r\nN:9;2031-T1;Genomfört;Klart\u0000.\r\n', 'utf16be')]);
    const res2 = await upload(t, '/api/imports/reports', reviewer, 'status.csv', reports);
    expect(res2.status).toBe(422);
    expect(res2.body.errors).toEqual([
      { row: 1, column: 'Motivering/kommentar', message: expect.stringContaining('NUL') },
      { row: 2, column: 'Motivering/kommentar', message: expect.stringContaining('NUL') },
    ]);
  });

  it('answers 413 for a file over 20 MB and 400 without a file', async () => {
    const big = await upload(t, '/api/imports/cases', reviewer, 'stor.csv', Buffer.alloc(21 * 1024 * 1024, 0x41));
    expect(big.status).toBe(413);
    expect(big.body.message).toContain('20 MB');
    const none = await t.request('POST', '/api/imports/cases', { ...reviewer, body: {} });
    expect(none.status).toBe(400);
    expect(none.body.message).toContain('multipart');
  });

  it('gives templates: an XLSX with an instructions sheet, and a CSV with the header row', async () => {
    const x = await download(t, '/api/imports/template?type=reports&format=xlsx', reviewer);
    expect(x.status).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    expect(x.headers['content-disposition']).toContain('uppsikt-statusrapporter.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Statusrapporter', 'Instruktioner']);
    expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(['Referens', 'Period', 'Nämnd', 'Status', 'Motivering/kommentar', 'Prognos helår']);
    expect(wb.worksheets[0].actualRowCount).toBe(1);
    const instructions = JSON.stringify(wb.worksheets[1].getSheetValues());
    for (const s of ['Genomfört, Delvis genomfört, Inte genomfört', 'Helt uppfyllt, Delvis uppfyllt, Inte uppfyllt', 'Enligt plan, Mer arbete krävs', '2020-T2', 'Motivering/kommentar']) expect(instructions).toContain(s);
    // an empty template imports as nothing (a warning, no error)
    const back = await upload(t, '/api/imports/reports', reviewer, 'mall.xlsx', x.bytes);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ created: 0, updated: 0, unchanged: 0, errors: [] });

    const c = await download(t, '/api/imports/template?type=cases&format=csv', reviewer);
    expect(c.headers['content-type']).toContain('text/csv');
    expect(c.bytes.toString('utf8')).toBe('\uFEFFReferens;Typ;Uppdragstext;Huvudansvar;Medansvar;Beslutat;Slutdatum;Relaterade;Diarienummer;KF-beslut;Överordnad\r\n');
    const cx = await download(t, '/api/imports/template?type=cases&format=xlsx', reviewer);
    expect([...unzip(cx.bytes).keys()]).toEqual(expect.arrayContaining(['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']));
    expect((await t.request('GET', '/api/imports/template?type=nope', reviewer)).status).toBe(400);
  });

  it('updates a case when the file says something new, and audits the change', async () => {
    const csv = 'Referens;Typ;Uppdragstext;Huvudansvar;Medansvar\r\nC:1;KF-uppdrag;Text med komma, och "citat";TN;BN\r\n';
    const res = await upload(t, '/api/imports/cases', reviewer, 'u.csv', csv);
    expect(res.body).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const c = (await t.request('GET', '/api/cases/C%3A1', reader)).body;
    expect(c).toMatchObject({ coBodies: ['BN'], decidedOn: '2020-02-24', diaryNumber: 'KS-2020/00077', version: 2 }); // absent columns are left alone
    const h = (await t.request('GET', '/api/cases/C%3A1/history', reader)).body;
    expect(h[0]).toMatchObject({ action: 'case.imported', changes: { coBodies: { before: ['BN', 'FN'], after: ['BN'] } } });
  });
});
