import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApp } from './support/app.js';
import { createCase, municipality, openPeriod, reportFor, type People } from './support/fixtures.js';
import { upload } from './support/upload.js';

const enc = encodeURIComponent;

/** Issue 14 items 3 and 4 in the cases import: `Överordnad`, several `Huvudansvar`, "samtliga nämnder och bolag". */
describe('importing a tree of cases', () => {
  let t: TestApp;
  let p: People;
  const header = 'Referens;Typ;Titel;Uppdragstext;Huvudansvar;Medansvar;Överordnad\r\n';
  // Children come before their parents: the importer resolves parents after reading every row.
  const file =
    header +
    'SH2024.1.1;Programprioritering;Barnfattigdom;Minska barnfattigdomen.;KS, IFN, FGN;;SH2024.1\r\n' +
    'SH2024.1.2;Programprioritering;Bostäder;Fler bostäder för alla.;KS, BN, UKF genom Bostaden och Ultra;samtliga nämnder och bolag;SH2024.1\r\n' +
    'SH2024.2.1;Programprioritering;Trygghet;Tryggare offentliga miljöer.;JUSK;Samtliga nämnder;SH2024.2\r\n' +
    'SH2024.1;Fokusområde;Goda livsvillkor;Fokusområde 1.;KS;;SH2024\r\n' +
    'SH2024.2;Fokusområde;Trygghet och delaktighet;Fokusområde 2.;KS;;SH2024\r\n' +
    'SH2024;Program;Program för social hållbarhet 2024;Programmet.;KS;;\r\n';

  beforeAll(async () => {
    t = await TestApp.start();
    p = await municipality(t);
    await t.body('FGN', 'nämnd', 'Förskole- och grundskolenämnden');
    await t.body('BN', 'nämnd', 'Byggnadsnämnden');
    await t.body('BOST', 'bolag', 'AB Bostaden');
    await t.body('FORV', 'förvaltning', 'Stadsledningskontoret');
    await openPeriod(t, p.reviewer, 2026, 'T2');
  });
  afterAll(() => t?.stop());

  it('builds the tree from forward references, several main owners and "samtliga nämnder och bolag"; re-import is all unchanged', async () => {
    const dry = await upload(t, '/api/imports/cases?dryRun=true', p.reviewer, 'tree.csv', file);
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body).toMatchObject({ created: 6, updated: 0, unchanged: 0, errors: [] });
    const res = await upload(t, '/api/imports/cases', p.reviewer, 'tree.csv', file);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ created: 6, errors: [] });
    expect(res.body.warnings).toEqual([expect.objectContaining({ row: 3, column: 'Huvudansvar', message: expect.stringContaining('tolkades som UKF') })]);

    const leaf = (await t.request('GET', `/api/cases/${enc('SH2024.1.1')}`, p.reader)).body;
    expect(leaf).toMatchObject({ parent: 'SH2024.1', leadBody: 'KS', coBodies: ['FGN', 'IFN'], allBodies: false, version: 1 });
    expect(leaf.ancestors.map((a: { reference: string }) => a.reference)).toEqual(['SH2024', 'SH2024.1']);
    const root = (await t.request('GET', '/api/cases/SH2024', p.reader)).body;
    expect(root.children.map((c: { reference: string; title: string }) => [c.reference, c.title])).toEqual([
      ['SH2024.1', 'Goda livsvillkor'],
      ['SH2024.2', 'Trygghet och delaktighet'],
    ]);
    const under = (await t.request('GET', '/api/cases?under=SH2024', p.reader)).body;
    expect(under.items.map((c: { reference: string }) => c.reference)).toEqual(['SH2024.1', 'SH2024.1.1', 'SH2024.1.2', 'SH2024.2', 'SH2024.2.1']);

    // "samtliga nämnder och bolag": every active nämnd and styrelse and every active bolag contribute; "samtliga nämnder" leaves the bolag out.
    const housing = (await t.request('GET', `/api/cases/${enc('SH2024.1.2')}`, p.reviewer)).body;
    expect(housing).toMatchObject({ leadBody: 'KS', coBodies: ['BN', 'UKF'], allBodies: true, allBodiesScope: 'boards_and_companies' });
    const safety = (await t.request('GET', `/api/cases/${enc('SH2024.2.1')}`, p.reviewer)).body;
    expect(safety).toMatchObject({ leadBody: 'JUSK', allBodies: true, allBodiesScope: 'boards' });
    const contributors = async (ref: string) => (await reportFor(t, p.reviewer, ref, '2026-T2')).contributions.map((c: { body: string }) => c.body).sort();
    expect(await contributors('SH2024.1.1')).toEqual(['FGN', 'IFN']);
    expect(await contributors('SH2024.1.2')).toEqual(['BN', 'BOST', 'FGN', 'IFN', 'TN', 'UKF']);
    expect(await contributors('SH2024.2.1')).toEqual(['BN', 'FGN', 'IFN', 'KS', 'TN']);
    // The case list's body filter knows it too: a bolag is among "samtliga nämnder och bolag" only.
    const ofBost = (await t.request('GET', '/api/cases?body=BOST&under=SH2024', p.reader)).body;
    expect(ofBost.items.map((c: { reference: string }) => c.reference)).toEqual(['SH2024.1.2']);

    const again = await upload(t, '/api/imports/cases', p.reviewer, 'tree.csv', file);
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 6, errors: [] });
    const history = (await t.request('GET', `/api/cases/${enc('SH2024.1.1')}/history`, p.reviewer)).body as Array<{ action: string; changes: Record<string, unknown> }>;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'case.imported', changes: { parent: { before: null, after: 'SH2024.1' } } });
  });

  it('moves a case to another parent by import, and clears it with an empty cell', async () => {
    const moved = await upload(t, '/api/imports/cases', p.reviewer, 'move.csv', `${header}SH2024.2.1;Programprioritering;Trygghet;Tryggare offentliga miljöer.;JUSK;Samtliga nämnder;SH2024.1\r\n`);
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({ updated: 1 });
    expect((await t.request('GET', '/api/cases?parent=SH2024.1', p.reader)).body.items.map((c: { reference: string }) => c.reference)).toEqual(['SH2024.1.1', 'SH2024.1.2', 'SH2024.2.1']);
    const cleared = await upload(t, '/api/imports/cases', p.reviewer, 'clear.csv', `${header}SH2024.2.1;Programprioritering;Trygghet;Tryggare offentliga miljöer.;JUSK;Samtliga nämnder;\r\n`);
    expect(cleared.body).toMatchObject({ updated: 1 });
    expect((await t.request('GET', `/api/cases/${enc('SH2024.2.1')}`, p.reader)).body.parent).toBeNull();
    // A file without the column leaves the parent as it is.
    await upload(t, '/api/imports/cases', p.reviewer, 'back.csv', `${header}SH2024.2.1;Programprioritering;Trygghet;Tryggare offentliga miljöer.;JUSK;Samtliga nämnder;SH2024.2\r\n`);
    const noColumn = await upload(t, '/api/imports/cases', p.reviewer, 'plain.csv', 'Referens;Typ;Titel;Uppdragstext;Huvudansvar;Medansvar\r\nSH2024.2.1;Programprioritering;Trygghet;Tryggare offentliga miljöer.;JUSK;Samtliga nämnder\r\n');
    expect(noColumn.body).toMatchObject({ unchanged: 1 });
    expect((await t.request('GET', `/api/cases/${enc('SH2024.2.1')}`, p.reader)).body.parent).toBe('SH2024.2');
  });

  it('refuses a cycle (in the file, with stored cases, or to itself) and an unknown parent as row errors, writing nothing', async () => {
    const before = (await t.request('GET', '/api/cases?pageSize=500', p.reviewer)).body;
    const bad =
      header +
      'N:1;KF-uppdrag;;Nytt uppdrag.;KS;;\r\n' +
      'Z:1;KF-uppdrag;;Ett.;KS;;Z:2\r\n' +
      'Z:2;KF-uppdrag;;Två.;KS;;Z:1\r\n' +
      'SH2024;Program;Program för social hållbarhet 2024;Programmet.;KS;;SH2024.1.1\r\n' +
      'Z:3;KF-uppdrag;;Tre.;KS;;Z:3\r\n' +
      'Z:4;KF-uppdrag;;Fyra.;KS;;FINNS:INTE\r\n' +
      'Z:5;KF-uppdrag;;Fem.;samtliga nämnder;;\r\n' +
      'Z:6;KF-uppdrag;;Sex.;KS, XYZ;;\r\n';
    const res = await upload(t, '/api/imports/cases', p.reviewer, 'bad.csv', bad);
    expect(res.status, res.text).toBe(422);
    const errors = res.body.errors as Array<{ row: number; column: string; message: string }>;
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'Överordnad'],
      [4, 'Överordnad'],
      [5, 'Överordnad'],
      [6, 'Överordnad'],
      [7, 'Överordnad'],
      [8, 'Huvudansvar'],
      [9, 'Huvudansvar'],
    ]);
    expect(errors.find((e) => e.row === 7)!.message).toContain('FINNS:INTE');
    expect((await t.request('GET', '/api/cases/N%3A1', p.reviewer)).status).toBe(404);
    expect((await t.request('GET', '/api/cases/SH2024', p.reviewer)).body.parent).toBeNull();
    expect((await t.request('GET', '/api/cases?pageSize=500', p.reviewer)).body.total).toBe(before.total);
  });

  it('puts Överordnad in the cases template', async () => {
    const res = await t.request('GET', '/api/imports/template?type=cases&format=csv', p.reviewer);
    expect(res.status, res.text).toBe(200);
    expect(res.text.replace(/^\uFEFF/u, '').split('\r\n')[0]!.split(';')).toContain('Överordnad');
  });

  it('keeps an API-made child under an imported parent, and the API refuses what would close a cycle with the imported tree', async () => {
    await createCase(t, p.reviewer, { reference: 'SH2024.1.1.a', kind: 'assignment', text: 'Delprojekt.', parent: 'SH2024.1.1' });
    const root = (await t.request('GET', '/api/cases/SH2024', p.reviewer)).body;
    const res = await t.request('PATCH', '/api/cases/SH2024', { ...p.reviewer, body: { parent: 'SH2024.1.1.a', version: root.version } });
    expect(res.status, res.text).toBe(400);
    expect(res.body.details[0].path).toBe('parent');
  });
});
