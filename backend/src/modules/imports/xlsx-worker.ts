/**
 * Reads the first worksheet of an XLSX file in a worker thread (run by the pool in xlsx-reader.ts),
 * so that a large or hostile file never blocks the API's event loop, and within limits that hold
 * WHILE the file is read:
 *
 * - the zip is read through its central directory (yauzl); only the parts a worksheet needs are
 *   inflated, their inflated bytes are counted as they come and reading stops at `maxXmlBytes`
 *   (the sizes a zip declares are checked first but not trusted: yauzl also fails an entry that
 *   inflates to more than it declared);
 * - those parts are stored again, in the order exceljs's streaming reader wants them (relations,
 *   workbook, styles and shared strings before the worksheets: no temporary files), and the
 *   worksheet is read row by row; reading stops after `maxRows` data rows.
 *
 * This module is loaded on its own in the worker (also straight from the TypeScript source in
 * tests), so it imports packages only.
 */
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import yauzl from 'yauzl';

export interface XlsxTask {
  bytes: Uint8Array;
  maxRows: number;
  maxXmlBytes: number;
  maxColumns: number;
}

export type XlsxResult = { ok: true; headers: string[]; rows: Array<{ row: number; cells: string[] }> } | { ok: false; message: string };

/** Parts of the package read, in the order the streaming reader needs them; worksheets follow. */
const PARTS = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml'];
const WORKSHEET = /^xl\/worksheets\/sheet\d+\.xml$/u;

/** exceljs's streaming worksheet reader yields its events in batches (not in its typings). */
interface WorksheetEvents {
  parse(): AsyncIterable<Array<{ eventType: string; value: ExcelJS.Row }>>;
}

const NOT_XLSX = 'Filen kunde inte läsas som XLSX. Spara den från Excel som "Excel-arbetsbok (.xlsx)" eller som CSV.';

class Refused extends Error {}

export default async function readXlsxInWorker(task: XlsxTask): Promise<XlsxResult> {
  try {
    return { ok: true, ...(await readSheet(task)) };
  } catch (e) {
    return { ok: false, message: e instanceof Refused ? e.message : NOT_XLSX };
  }
}

async function readSheet(task: XlsxTask): Promise<{ headers: string[]; rows: Array<{ row: number; cells: string[] }> }> {
  const parts = await inflateParts(Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength), task.maxXmlBytes);
  if (!parts.has('xl/workbook.xml') || ![...parts.keys()].some((k) => WORKSHEET.test(k))) throw new Error('no workbook');
  const ordered: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const name of [...PARTS, ...[...parts.keys()].filter((k) => WORKSHEET.test(k))]) {
    const data = parts.get(name);
    if (data) ordered[name] = [data, { level: 0 }];
  }
  const stored = zipSync(ordered);
  parts.clear();

  // Loaded only now: a file refused above never waits for it.
  const { default: excel } = await import('exceljs');
  const tooMany = () => new Refused(`Filen har fler än ${task.maxRows.toLocaleString('sv-SE')} rader. Dela upp den.`);
  const reader = new excel.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength)]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const book = reader as unknown as { model?: { sheets?: Array<{ id: number }> } };
  let headers: string[] | null = null;
  const rows: Array<{ row: number; cells: string[] }> = [];
  for await (const sheet of reader) {
    // The first tab of the workbook (its order in workbook.xml), wherever it lies in the zip. exceljs
    // names a sheet by its sheetId when the relations point at it as `worksheets/sheetN.xml`, else
    // (e.g. an absolute `/xl/worksheets/sheetN.xml`) by the N of its file name, as a string.
    const first = book.model?.sheets?.[0]?.id;
    if (headers || (first !== undefined && Number((sheet as unknown as { id: number | string }).id) !== Number(first))) continue;
    headers = [];
    // Rows come in batches (one per chunk of XML): no await per row.
    for await (const events of (sheet as unknown as WorksheetEvents).parse()) {
      for (const { eventType, value: row } of events) {
        if (eventType !== 'row') continue;
        const cells = rowCells(row, task.maxColumns);
        if (!cells.some((c) => c !== '')) continue;
        if (row.number === 1) headers = cells;
        else {
          if (rows.length >= task.maxRows) throw tooMany();
          rows.push({ row: row.number, cells });
        }
      }
    }
  }
  if (!headers || (!headers.length && !rows.length)) throw new Refused('Första bladet i arbetsboken är tomt');
  return { headers, rows };
}

/** The package parts a worksheet needs, inflated within a budget of `max` bytes in all. */
async function inflateParts(bytes: Buffer, max: number): Promise<Map<string, Uint8Array>> {
  const tooLarge = () => new Refused(`Filen innehåller mer än ${Math.round(max / 1024 / 1024)} MB data när den packas upp. Dela upp den eller spara den som CSV.`);
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, z) => (err || !z ? reject(err ?? new Error('zip')) : resolve(z))),
  );
  const entries: yauzl.Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (PARTS.includes(entry.fileName) || WORKSHEET.test(entry.fileName)) entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  // What the zip declares is checked first (a quick refusal), then what it really inflates to.
  if (entries.reduce((sum, e) => sum + e.uncompressedSize, 0) > max) throw tooLarge();
  const parts = new Map<string, Uint8Array>();
  let total = 0;
  for (const entry of entries) {
    if (parts.has(entry.fileName)) throw new Error('duplicate part');
    const stream = await new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err || !s ? reject(err ?? new Error('entry')) : resolve(s))));
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > max) {
        stream.destroy();
        throw tooLarge();
      }
      chunks.push(chunk);
    }
    parts.set(entry.fileName, Buffer.concat(chunks));
  }
  zip.close();
  return parts;
}

/** A row's cell texts up to its last non-empty cell (at most `maxColumns` columns). */
function rowCells(row: ExcelJS.Row, maxColumns: number): string[] {
  const cells: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const text = cellText(cell.value);
    if (!text) return;
    if (col > maxColumns) throw new Refused(`Rad ${row.number} har text i kolumn ${col}; filen får ha högst ${maxColumns} kolumner.`);
    while (cells.length < col - 1) cells.push('');
    cells[col - 1] = text;
  });
  return cells;
}

/** The text a user sees in a cell: rich text joined, formulas by their result, dates as YYYY-MM-DD. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return decodeOoxml(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return isoDate(value);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return decodeOoxml(value.richText.map((r) => r.text).join(''));
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in value && typeof value.text === 'string') return decodeOoxml(value.text);
    if ('error' in value) return '';
  }
  return String(value);
}

/** Excel dates carry no zone; exceljs gives them as UTC midnight (plus a time part, if any). */
function isoDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const date = d.toISOString().slice(0, 10);
  const time = d.toISOString().slice(11, 19);
  return time === '00:00:00' ? date : `${date} ${time.slice(0, 5)}`;
}

/**
 * OOXML's `_xHHHH_` escapes in text (Excel writes a carriage return as `_x000D_`; a literal
 * `_xHHHH_` is written `_x005F_xHHHH_`). The exporter writes the escape (formula-guard.ts); this is
 * the same decoding, kept here because the worker loads this file alone.
 */
function decodeOoxml(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/gu, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}
