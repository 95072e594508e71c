import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sql } from '../src/infra/database/sql.js';
import { TestApp } from './support/app.js';
import { createCase, municipality, type People } from './support/fixtures.js';
import { download, upload } from './support/upload.js';

/** Issue 15: POST /api/imports/indicators, all or nothing, with a template like the other imports. */
describe('indicator import', () => {
  let t: TestApp;
  let p: People;

  beforeAll(async () => {
    t = await TestApp.start();
    p = await municipality(t);
    await createCase(t, p.reviewer, { reference: 'Mål 1', kind: 'goal', text: 'Bostadsbyggandet ska öka.', leadBody: 'KS' });
    await createCase(t, p.reviewer, { reference: 'Mål 2', kind: 'goal', text: 'Utsläppen ska minska.', leadBody: 'TN' });
  });
  afterAll(() => t?.stop());

  const HEAD = 'Referens;Indikator;Enhet;Riktning;Målvärde;Målår;Utgångsvärde;Kolada-KPI;Kön;År;Värde;Kvinnor;Män;Källa;Not';
  const FILE = [
    HEAD,
    'Mål 1;Nya bostäder;st;Högre är bättre;2 000;2028;1 200;;;2023;1 500;;;;Källa: SCB',
    'Mål 1;Nya bostäder;;;;;;;;2024;1 800;;;;',
    'Mål 1;Andel förvärvsarbetande;procent;högre;80;2030;;N00914;Kvinnor;;;;;;',
    'Mål 2;Utsläpp av växthusgaser;ton per invånare;Lägre är bättre;2,5;2030;4,1;;;2024;3,75;3,1;4,4;;',
    '',
  ].join('\r\n');

  const list = async (ref: string) => (await t.request('GET', `/api/cases/${encodeURIComponent(ref)}/indicators`, p.reviewer)).body;

  it('offers a template with the columns, as CSV and XLSX', async () => {
    const csv = await download(t, '/api/imports/template?type=indicators&format=csv', p.reviewer);
    expect(csv.status).toBe(200);
    expect(csv.bytes.toString('utf8')).toBe(`\uFEFF${HEAD}\r\n`);
    const xlsx = await download(t, '/api/imports/template?type=indicators&format=xlsx', p.reviewer);
    expect(xlsx.status).toBe(200);
    expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');
    expect((await download(t, '/api/imports/template?type=indicators&format=csv', p.ks)).status).toBe(403);
  });

  it('dry-runs, imports, and changes nothing the second time', async () => {
    const dry = await upload(t, '/api/imports/indicators?dryRun=true', p.reviewer, 'indikatorer.csv', FILE);
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body).toMatchObject({ created: 4, updated: 0, unchanged: 0, errors: [], dryRun: true });
    expect(await list('Mål 1')).toEqual([]);

    const res = await upload(t, '/api/imports/indicators', p.reviewer, 'indikatorer.csv', FILE);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ created: 4, updated: 0, unchanged: 0, errors: [] });
    const [homes, employed] = await list('Mål 1');
    expect(homes).toMatchObject({ name: 'Nya bostäder', unit: 'st', direction: 'higher', target: 2000, targetYear: 2028, baseline: 1200, kolada: null, latest: { year: 2024, value: 1800 }, met: false });
    expect(homes.values).toEqual([
      { year: 2023, value: 1500, women: null, men: null, source: 'manual', fetchedAt: null, note: 'Källa: SCB' },
      { year: 2024, value: 1800, women: null, men: null, source: 'manual', fetchedAt: null, note: null },
    ]);
    expect(employed).toMatchObject({ name: 'Andel förvärvsarbetande', kolada: { kpi: 'N00914', gender: 'K' }, values: [], sync: { state: 'never' } });
    const [emissions] = await list('Mål 2');
    expect(emissions).toMatchObject({ direction: 'lower', target: 2.5, baseline: 4.1, latest: { year: 2024, value: 3.75 }, met: false });
    expect(emissions.values[0]).toMatchObject({ women: 3.1, men: 4.4 });
    const history = (await t.request('GET', `/api/cases/${encodeURIComponent('Mål 1')}/history`, p.reviewer)).body;
    expect(history.filter((e: { action: string }) => e.action === 'indicator.imported')).toHaveLength(2);

    const again = await upload(t, '/api/imports/indicators', p.reviewer, 'indikatorer.csv', FILE);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 4, errors: [] });
    expect((await t.request('GET', `/api/cases/${encodeURIComponent('Mål 1')}/history`, p.reviewer)).body.filter((e: { action: string }) => e.action === 'indicator.imported')).toHaveLength(2);

    // A changed target and a new year update the indicator in place.
    const next = await upload(t, '/api/imports/indicators', p.reviewer, 'b.csv', 'Referens;Indikator;Målvärde;År;Värde\nMål 1;nya bostäder;2 200;2025;2 100\n');
    expect(next.body).toMatchObject({ created: 0, updated: 1, unchanged: 0, errors: [] });
    const [homes2] = await list('Mål 1');
    expect(homes2).toMatchObject({ target: 2200, unit: 'st', targetYear: 2028, latest: { year: 2025, value: 2100 }, met: false });
    expect(homes2.values).toHaveLength(3);
  });

  it('skips the Kolada rows of an export and refuses to type over a Kolada year', async () => {
    const [employed] = await list('Mål 1').then((l) => l.filter((i: { name: string }) => i.name === 'Andel förvärvsarbetande'));
    await t.get(Sql).execute(`insert into indicator_value (indicator_id, year, value, women, men, source, fetched_at) values ($1, 2023, 81.2, 81.2, null, 'Kolada', now())`, [employed.id]);
    const skip = await upload(t, '/api/imports/indicators', p.reviewer, 'k.csv', 'Referens;Indikator;År;Värde;Källa\nMål 1;Andel förvärvsarbetande;2023;81,2;Kolada\n');
    expect(skip.body).toMatchObject({ created: 0, updated: 0, unchanged: 1, errors: [] });
    const refused = await upload(t, '/api/imports/indicators', p.reviewer, 'k.csv', 'Referens;Indikator;År;Värde\nMål 1;Andel förvärvsarbetande;2023;90\n');
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ row: 2, column: 'Värde', message: 'Värdet för 2023 är hämtat från Kolada och kan inte ändras för hand' }]);
  });

  it('rejects the whole file on any error, naming row and column, and writes nothing', async () => {
    const before = await t.get(Sql).query<{ n: string }>(`select (select count(*) from indicator) + (select count(*) from indicator_value) as n`);
    const bad = [
      HEAD,
      'Mål 9;Okänt ärende;;Högre;;;;;;;;;;;', // row 2
      'Mål 2;Nytt utan riktning;;;;;;;;2024;5;;;;', // row 3
      'Mål 2;Fel tal;;Högre;tvåtusen;;;;;2024;NaN;;;;', // row 4
      'Mål 2;Fel år;;Högre;;20300;;;;1800;1;;;;', // row 5
      'Mål 2;Dubbelt;;Högre;10;;;;;2024;1;;;;', // row 6
      'Mål 2;Dubbelt;;Högre;12;;;;;2024;2;;;;', // row 7
      'Mål 2;Kolada;;Högre;;;;N0-945;X;;;;;;', // row 8
      'Mål 2;Oändligt;;Högre;;;;;;2024;1e400;;;;', // row 9
      'Mål 1;Nya bostäder;;;;;;;;2026;;;;;', // row 10
    ].join('\n');
    const res = await upload(t, '/api/imports/indicators', p.reviewer, 'fel.csv', bad);
    expect(res.status).toBe(422);
    const got = res.body.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`);
    expect(got).toEqual(expect.arrayContaining(['2:Referens', '3:Riktning', '4:Målvärde', '4:Värde', '5:Målår', '5:År', '7:Målvärde', '7:År', '8:Kolada-KPI', '8:Kön', '9:Värde', '10:Värde']));
    const after = await t.get(Sql).query<{ n: string }>(`select (select count(*) from indicator) + (select count(*) from indicator_value) as n`);
    expect(after).toEqual(before);
    // Editors may not import.
    expect((await upload(t, '/api/imports/indicators', p.ks, 'x.csv', FILE)).status).toBe(403);
  });
});
