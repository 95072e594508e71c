import iconv from 'iconv-lite';
import { CsvError, parse } from 'csv-parse/sync';
import { MAX_ROWS, type Table } from './table.js';
import { unguardFormula } from './formula-guard.js';
import { UnreadableFile } from './problems.js';

type Delimiter = NonNullable<Table['delimiter']>;

/**
 * Bytes to text: UTF-8 (with or without BOM) when the bytes are valid UTF-8, UTF-16 when it has
 * a BOM (Excel's "Unicode text"), else Windows-1252 (what Excel on a Swedish Windows saves).
 */
export function decodeText(bytes: Buffer): { text: string; encoding: NonNullable<Table['encoding']> } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: utf8(bytes.subarray(3)) ?? iconv.decode(bytes.subarray(3), 'win1252'), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16' };
  const text = utf8(bytes);
  if (text !== null) return { text, encoding: 'utf-8' };
  return { text: iconv.decode(bytes, 'win1252'), encoding: 'windows-1252' };
}

function utf8(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The delimiter that occurs most often outside quotes in the header line (ties: `;`, tab, `,`). */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ';': 0, '\t': 0, ',': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch as Delimiter]++;
  }
  const order: Delimiter[] = [';', '\t', ','];
  return order.reduce((best, d) => (counts[d] > counts[best] ? d : best), ';');
}

export function readCsv(bytes: Buffer): Table {
  const { text, encoding } = decodeText(bytes);
  if (!text.trim()) throw new UnreadableFile('Filen är tom');
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true, to: MAX_ROWS + 2 }) as string[][];
  } catch (e) {
    if (e instanceof CsvError) {
      const row = ((e as CsvError & { records?: number }).records ?? 0) + 1;
      const reason = e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'ett citattecken avslutas aldrig' : e.message;
      throw new UnreadableFile(`Filen kunde inte läsas som CSV (efter rad ${row}): ${reason}`);
    }
    throw e;
  }
  if (records.length > MAX_ROWS + 1) throw new UnreadableFile(`Filen har fler än ${MAX_ROWS.toLocaleString('sv-SE')} rader. Dela upp den.`);
  for (const record of records) for (let i = 0; i < record.length; i++) record[i] = unguardFormula(record[i]);
  const [headers = [], ...rest] = records;
  return { format: 'csv', encoding, delimiter, headers, rows: rest.map((cells, i) => ({ row: i + 2, cells })) };
}
