// Import and export at scale: 5,000 case rows imported from CSV, 1,000 statuses into a period,
// then the follow-up appendix of those 1,000 cases in every format (median of 5 each).
// Targets: import under 5 s, each export under 2 s. The API runs as a process of the built app.
// Then /api/health is probed back to back, idle and while the same 5,000 cases are imported again
// from XLSX next to an upload of a zip bomb (XLSX files are read in worker threads, within limits):
// health p99 under 250 ms, the bomb refused within 2 s.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { benchEnvironment, root, table } from './lib.mjs';

const CASES = 5_000;
const STATUSES = 1_000;
const BODIES = 25;
const RUNS = 5;
const IMPORT_TARGET_MS = 5_000;
const EXPORT_TARGET_MS = 2_000;
const HEALTH_TARGET_MS = 250;
const BOMB_TARGET_MS = 2_000;
const BOMB_XML_BYTES = 200 * 1024 * 1024;

const WORDS = 'kommunfullmäktige ger nämnden i uppdrag att utreda förutsättningarna för samverkan kring trygghet, folkhälsa, jämställdhet och hållbar tillväxt samt återrapportera resultatet till kommunstyrelsen under året med förslag på åtgärder och kostnader'.split(' ');
let seed = 42;
const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const sentence = (n) => {
  const w = Array.from({ length: n }, () => WORDS[Math.floor(rnd() * WORDS.length)]);
  return `${w.join(' ').replace(/^./u, (c) => c.toUpperCase())}.`;
};
const field = (v) => (/[;"\n]/u.test(v) ? `"${v.replace(/"/gu, '""')}"` : v);
const csv = (rows) => `\uFEFF${rows.map((r) => r.map(field).join(';')).join('\r\n')}\r\n`;

const bodyCode = (i) => `N${String(i).padStart(2, '0')}`;
const reference = (i) => (i % 5 === 0 ? `Mål ${i}` : `2025:${i}`);
const kindOf = (i) => (i % 5 === 0 ? 'goal' : 'assignment');

function casesFile() {
  const rows = [['Referens', 'Typ', 'Uppdragstext', 'Huvudansvar', 'Medansvar', 'Beslutat', 'Slutdatum', 'Relaterade', 'Diarienummer', 'KF-beslut']];
  for (let i = 1; i <= CASES; i++) {
    const lead = bodyCode(1 + (i % BODIES));
    const co = i % 7 === 0 ? 'Samtliga nämnder' : i % 3 === 0 ? [bodyCode(1 + ((i + 3) % BODIES)), bodyCode(1 + ((i + 11) % BODIES))].filter((c) => c !== lead).join(', ') : '';
    rows.push([reference(i), kindOf(i) === 'goal' ? 'KF-mål' : 'KF-uppdrag', sentence(25 + Math.floor(rnd() * 40)), lead, co, '2025-02-24', i % 4 ? '2025-12-31' : '', i > 10 && i % 50 === 0 ? reference(i - 1) : '', `KS-2025/${String(i).padStart(5, '0')}`, `KF § ${i % 200}`]);
  }
  return csv(rows);
}

function statusFile() {
  const scales = { assignment: ['Genomfört', 'Delvis genomfört', 'Inte genomfört'], goal: ['Helt uppfyllt', 'Delvis uppfyllt', 'Inte uppfyllt'] };
  const rows = [['Referens', 'Period', 'Nämnd', 'Status', 'Motivering/kommentar', 'Prognos helår']];
  for (let i = 1; i <= STATUSES; i++) {
    const scale = scales[kindOf(i)];
    const comment = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => sentence(20 + Math.floor(rnd() * 30))).join('\n');
    rows.push([reference(i), '2025-T2', bodyCode(1 + (i % BODIES)), scale[Math.floor(rnd() * 3)], comment, scale[Math.floor(rnd() * 2)]]);
  }
  return csv(rows);
}

// XLSX files are made with the backend's own packages (exceljs; fflate for the bomb).
const backendRequire = createRequire(join(root, 'backend', 'package.json'));

/** The cases CSV as an XLSX workbook (the same rows). */
async function casesXlsx(text) {
  const ExcelJS = backendRequire('exceljs');
  const { parse } = backendRequire('csv-parse/sync');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Uppdrag');
  for (const r of parse(text, { delimiter: ';', bom: true })) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A zip bomb: a valid workbook whose worksheet inflates to BOMB_XML_BYTES (the size declared honestly). */
function bombXlsx() {
  const { zipSync } = backendRequire('fflate');
  const head = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>';
  const tail = '</t></is></c></row></sheetData></worksheet>';
  const sheet = Buffer.alloc(BOMB_XML_BYTES, 'A');
  sheet.write(head, 0);
  sheet.write(tail, BOMB_XML_BYTES - tail.length);
  const xml = (s) => [Buffer.from(s), { level: 9 }];
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': xml('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'),
      'xl/workbook.xml': xml('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>'),
      'xl/_rels/workbook.xml.rels': xml('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
      'xl/worksheets/sheet1.xml': [sheet, { level: 9 }],
    }),
  );
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const env = await benchEnvironment('impexp');
let failed;
try {
  env.spawnApp('main.js', { WORKER_IN_PROCESS: '1' });
  await env.waitHealthy();
  const cookie = await env.login();

  for (let i = 1; i <= BODIES; i++) {
    const res = await fetch(`${env.base}/api/bodies`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ code: bodyCode(i), name: `Nämnd ${i}`, kind: i === 1 ? 'styrelse' : 'nämnd' }) });
    if (res.status !== 201) throw new Error(`body ${i}: ${res.status} ${await res.text()}`);
  }

  const upload = async (type, name, text, query = '') => {
    const form = new FormData();
    form.append('file', new Blob([text], { type: 'text/csv' }), name);
    const t0 = performance.now();
    const res = await fetch(`${env.base}/api/imports/${type}${query}`, { method: 'POST', headers: { cookie }, body: form });
    const body = await res.json();
    const ms = Math.round(performance.now() - t0);
    if (res.status !== 200) throw new Error(`import ${name}: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
    return { ms, body };
  };

  const cases = casesFile();
  const rows = [];
  const dry = await upload('cases', 'arenden.csv', cases, '?dryRun=true');
  const imp = await upload('cases', 'arenden.csv', cases);
  const again = await upload('cases', 'arenden.csv', cases);
  if (imp.body.created !== CASES || again.body.unchanged !== CASES) throw new Error(`unexpected counts: ${JSON.stringify({ imp: imp.body.created, again: again.body.unchanged })}`);
  rows.push({ step: `dry run of ${CASES} case rows`, ms: dry.ms, target_ms: IMPORT_TARGET_MS, ok: dry.ms < IMPORT_TARGET_MS ? 'ok' : 'SLOW', size_kb: Math.round(Buffer.byteLength(cases) / 1024) });
  rows.push({ step: `import of ${CASES} case rows`, ms: imp.ms, target_ms: IMPORT_TARGET_MS, ok: imp.ms < IMPORT_TARGET_MS ? 'ok' : 'SLOW', size_kb: Math.round(Buffer.byteLength(cases) / 1024) });
  rows.push({ step: `re-import, all unchanged`, ms: again.ms, target_ms: IMPORT_TARGET_MS, ok: again.ms < IMPORT_TARGET_MS ? 'ok' : 'SLOW', size_kb: Math.round(Buffer.byteLength(cases) / 1024) });

  const statuses = statusFile();
  const st = await upload('reports', 'status.csv', statuses);
  if (st.body.created !== STATUSES) throw new Error(`statuses: ${JSON.stringify(st.body).slice(0, 300)}`);
  rows.push({ step: `import of ${STATUSES} statuses`, ms: st.ms, target_ms: IMPORT_TARGET_MS, ok: st.ms < IMPORT_TARGET_MS ? 'ok' : 'SLOW', size_kb: Math.round(Buffer.byteLength(statuses) / 1024) });

  // Rendered each time (the period is touched before each request: a changed period is rendered
  // anew), and served again while nothing changed.
  const db = await env.db();
  for (const format of ['csv', 'xlsx', 'docx', 'pdf']) {
    for (const label of ['rendered', 'kept']) {
      const times = [];
      let size = 0;
      for (let r = 0; r < RUNS; r++) {
        if (label === 'rendered') await db.query(`update period set version = version where id = '2025-T2'`);
        const t0 = performance.now();
        const res = await fetch(`${env.base}/api/exports/followup?period=2025-T2&format=${format}`, { headers: { cookie } });
        const bytes = Buffer.from(await res.arrayBuffer());
        times.push(Math.round(performance.now() - t0));
        if (res.status !== 200) throw new Error(`export ${format}: ${res.status} ${bytes.toString('utf8').slice(0, 300)}`);
        size = bytes.length;
      }
      const ms = median(times);
      rows.push({ step: `export of ${STATUSES} cases as ${format.toUpperCase()}, ${label} (median of ${RUNS})`, ms, target_ms: EXPORT_TARGET_MS, ok: ms < EXPORT_TARGET_MS ? 'ok' : 'SLOW', size_kb: Math.round(size / 1024) });
    }
  }

  // The API stays responsive while uploads are read: /api/health probed back to back (alone, then
  // while the same 5,000 cases are imported again from XLSX and a zip bomb is uploaded at once).
  const xlsx = await casesXlsx(cases);
  const bomb = bombXlsx();
  const sendFile = async (name, bytes) => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), name);
    const t0 = performance.now();
    const res = await fetch(`${env.base}/api/imports/cases`, { method: 'POST', headers: { cookie }, body: form });
    return { status: res.status, body: await res.json(), ms: Math.round(performance.now() - t0) };
  };
  const probeHealth = async (work) => {
    const times = [];
    let done = false;
    const probing = (async () => {
      while (!done || times.length < 50) {
        const t0 = performance.now();
        const res = await fetch(`${env.base}/api/health`);
        await res.arrayBuffer();
        times.push(performance.now() - t0);
      }
    })();
    const out = await work();
    done = true;
    await probing;
    return { out, p99: Math.round(times.sort((a, b) => a - b)[Math.floor(times.length * 0.99)]), n: times.length };
  };
  const idle = await probeHealth(() => new Promise((r) => setTimeout(r, 2_000)));
  const busy = await probeHealth(() => Promise.all([sendFile('arenden.xlsx', xlsx), sendFile('bomb.xlsx', bomb)]));
  const [xlsxImport, bombImport] = busy.out;
  if (xlsxImport.status !== 200 || xlsxImport.body.unchanged !== CASES) throw new Error(`XLSX import: ${xlsxImport.status} ${JSON.stringify(xlsxImport.body).slice(0, 300)}`);
  if (bombImport.status !== 422) throw new Error(`zip bomb: ${bombImport.status} ${JSON.stringify(bombImport.body).slice(0, 300)}`);
  rows.push({ step: `/api/health p99, idle (${idle.n} probes)`, ms: idle.p99, target_ms: HEALTH_TARGET_MS, ok: idle.p99 < HEALTH_TARGET_MS ? 'ok' : 'SLOW', size_kb: 0 });
  rows.push({ step: `/api/health p99 while a ${CASES}-row XLSX import and a zip bomb run (${busy.n} probes)`, ms: busy.p99, target_ms: HEALTH_TARGET_MS, ok: busy.p99 < HEALTH_TARGET_MS ? 'ok' : 'SLOW', size_kb: 0 });
  rows.push({ step: `zip bomb (${Math.round(BOMB_XML_BYTES / 1024 / 1024)} MB of XML) refused with 422`, ms: bombImport.ms, target_ms: BOMB_TARGET_MS, ok: bombImport.ms < BOMB_TARGET_MS ? 'ok' : 'SLOW', size_kb: Math.round(bomb.length / 1024) });
  rows.push({ step: `import of ${CASES} case rows from XLSX, all unchanged (beside the bomb)`, ms: xlsxImport.ms, target_ms: IMPORT_TARGET_MS, ok: xlsxImport.ms < IMPORT_TARGET_MS ? 'ok' : 'SLOW', size_kb: Math.round(xlsx.length / 1024) });

  await db.end();
  table(rows);
  failed = rows.some((r) => r.ok !== 'ok');
  writeFileSync(
    join(root, 'test', 'bench', 'results-import-export.json'),
    `${JSON.stringify({ figures: rows, env: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model }, at: new Date().toISOString() }, null, 2)}\n`,
  );
} finally {
  await env.stop();
}
if (failed) {
  console.log('At least one step missed its target.');
  process.exitCode = 1;
}
