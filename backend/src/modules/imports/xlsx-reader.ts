import ExcelJS from 'exceljs';
import { MAX_ROWS, type Table } from './table.js';
import { UnreadableFile } from './problems.js';

/** The first worksheet of an XLSX file; row 1 is the header. */
export async function readXlsx(bytes: Buffer): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableFile('Filen kunde inte läsas som XLSX. Spara den från Excel som "Excel-arbetsbok (.xlsx)" eller som CSV.');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.actualRowCount === 0) throw new UnreadableFile('Första bladet i arbetsboken är tomt');
  if (sheet.rowCount > MAX_ROWS + 1) throw new UnreadableFile(`Filen har fler än ${MAX_ROWS.toLocaleString('sv-SE')} rader. Dela upp den.`);
  const width = sheet.columnCount;
  const rowCells = (row: ExcelJS.Row) => Array.from({ length: width }, (_, i) => cellText(row.getCell(i + 1).value));
  const headers = rowCells(sheet.getRow(1));
  const rows: Table['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (number > 1) rows.push({ row: number, cells: rowCells(row) });
  });
  return { format: 'xlsx', headers, rows };
}

/** The text a user sees in a cell: rich text joined, formulas by their result, dates as YYYY-MM-DD. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return isoDate(value);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in value && typeof value.text === 'string') return value.text;
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
