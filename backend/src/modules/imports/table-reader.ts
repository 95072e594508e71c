import { readCsv } from './csv-reader.js';
import { UnreadableFile } from './problems.js';
import type { Table } from './table.js';

/** Reads an uploaded CSV or XLSX file (recognised by its content, not its name) into a table. */
export async function readTable(bytes: Buffer, filename = ''): Promise<Table> {
  if (!bytes.length) throw new UnreadableFile('Filen är tom');
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return (await import('./xlsx-reader.js')).readXlsx(bytes); // exceljs loaded on first use
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new UnreadableFile('Äldre Excel-filer (.xls) stöds inte. Spara filen som "Excel-arbetsbok (.xlsx)" eller som CSV.');
  }
  if (looksBinary(bytes)) {
    const what = /\.[a-z0-9]+$/iu.exec(filename)?.[0] ?? '';
    throw new UnreadableFile(`Filen${what ? ` (${what})` : ''} är varken CSV eller XLSX. Spara den från Excel som CSV (semikolonavgränsad) eller .xlsx.`);
  }
  return readCsv(bytes);
}

/** NUL bytes (outside UTF-16 text) or many control characters: not a text file. */
function looksBinary(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 8192);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return false;
  let control = 0;
  for (const b of head) {
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return control > head.length / 100;
}
