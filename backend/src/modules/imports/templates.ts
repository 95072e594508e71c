import type ExcelJS from 'exceljs';
import { scaleValues, TREND_SCALE, type ImportType, type Kind } from '@uppsikt/shared';
import { CASE_COLUMNS, CASE_FILE_HEADERS, INDICATOR_COLUMNS, INDICATOR_FILE_HEADERS, REPORT_COLUMNS, REPORT_FILE_HEADERS, type ColumnSpec } from './columns.js';

export interface FileOut {
  bytes: Buffer;
  contentType: string;
  filename: string;
}

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const SHEET_NAMES: Record<ImportType, string> = { cases: 'Ärenden', reports: 'Statusrapporter', indicators: 'Indikatorer' };
const FILE_NAMES: Record<ImportType, string> = { cases: 'uppsikt-arenden', reports: 'uppsikt-statusrapporter', indicators: 'uppsikt-indikatorer' };

function spec(type: ImportType): { headers: readonly string[]; columns: readonly ColumnSpec[] } {
  if (type === 'indicators') return { headers: INDICATOR_FILE_HEADERS, columns: INDICATOR_COLUMNS };
  return type === 'cases' ? { headers: CASE_FILE_HEADERS, columns: CASE_COLUMNS } : { headers: REPORT_FILE_HEADERS, columns: REPORT_COLUMNS };
}

/** An empty import file: the header row only (CSV: UTF-8 with BOM, `;`, as Excel on a Swedish Windows reads it). */
export async function importTemplate(type: ImportType, format: 'csv' | 'xlsx', kinds: readonly Kind[]): Promise<FileOut> {
  const { headers, columns } = spec(type);
  if (format === 'csv') {
    return { bytes: Buffer.from(`\uFEFF${headers.join(';')}\r\n`, 'utf8'), contentType: CSV_TYPE, filename: `${FILE_NAMES[type]}.csv` };
  }
  const { default: Excel } = await import('exceljs'); // loaded on first use: most processes never need it
  const wb = new Excel.Workbook();
  wb.creator = 'Uppsikt';
  const sheet = wb.addWorksheet(SHEET_NAMES[type], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = headers.map((h) => ({ header: h, key: h, width: h === 'Uppdragstext' || h === 'Motivering/kommentar' ? 60 : Math.max(14, h.length + 4), style: { numFmt: '@' } }));
  styleHeader(sheet.getRow(1));
  const typCol = headers.indexOf('Typ');
  const names = kinds.map((k) => k.name.replace(/[",]/gu, ' '));
  if (typCol >= 0) {
    const letter = sheet.getColumn(typCol + 1).letter;
    for (let r = 2; r <= 2000; r++) {
      sheet.getCell(`${letter}${r}`).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${names.join(',')}"`],
        showErrorMessage: true,
        errorTitle: 'Okänd typ',
        error: `Välj ${names.slice(0, -1).join(', ')} eller ${names[names.length - 1]}.`,
      };
    }
  }
  instructions(wb, type, columns.filter((c) => headers.includes(c.name) || (!c.ignored && !c.required)), kinds);
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return { bytes, contentType: XLSX_TYPE, filename: `${FILE_NAMES[type]}.xlsx` };
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8ECEF' } };
  row.alignment = { vertical: 'top', wrapText: true };
}

const TITLES: Record<ImportType, string> = {
  cases: 'Import av ärenden (uppdrag, mål och programprioriteringar)',
  reports: 'Import av statusrapporter (statushistorik)',
  indicators: 'Import av indikatorer (nyckeltal) med målvärden och utfall',
};
const ROW_UNITS: Record<ImportType, string> = { cases: 'ärende', reports: 'ärende och period', indicators: 'indikator och år (en rad utan år beskriver bara indikatorn)' };
const UPDATE_NOTES: Record<ImportType, string> = {
  cases: 'Finns referensen redan uppdateras ärendet med kolumnerna i filen; kolumner som saknas i filen lämnas orörda. Samma fil två gånger ändrar ingenting.',
  reports: 'Importerade rapporter blir godkända. Finns rapporten redan skrivs den över; samma fil två gånger ändrar ingenting.',
  indicators: 'En indikator känns igen på ärendets referens och indikatorns namn; finns den redan uppdateras den med kolumnerna i filen. År som hämtats från Kolada skrivs inte över. Samma fil två gånger ändrar ingenting.',
};

/** The second sheet: what each column means and which values it takes. */
function instructions(wb: ExcelJS.Workbook, type: ImportType, columns: readonly ColumnSpec[], kinds: readonly Kind[]): void {
  const ws = wb.addWorksheet('Instruktioner');
  ws.columns = [{ width: 24 }, { width: 12 }, { width: 80 }, { width: 60 }];
  const title = ws.addRow([TITLES[type]]);
  title.font = { bold: true, size: 14 };
  const notes = [
    'Fyll i bladet "' + SHEET_NAMES[type] + '" med en rad per ' + ROW_UNITS[type] + '. Rubrikraden ska stå kvar på rad 1; kolumnernas ordning spelar ingen roll och rubrikerna kan skrivas med små eller stora bokstäver.',
    'Filen kan också sparas som CSV (UTF-8 eller Windows-1252, avgränsad med semikolon, kommatecken eller tabb).',
    'Importen sparar allt eller inget: finns ett enda fel sparas ingenting, och varje fel anges med rad och kolumn. Provkör gärna först.',
    UPDATE_NOTES[type],
  ];
  for (const n of notes) ws.addRow([n]).alignment = { wrapText: true, vertical: 'top' };
  for (const r of [2, 3, 4, 5]) ws.mergeCells(r, 1, r, 4);
  ws.addRow([]);
  const head = ws.addRow(['Kolumn', 'Krävs', 'Beskrivning', 'Tillåtna värden']);
  styleHeader(head);
  for (const c of columns) {
    const names = [c.name, ...c.aliases.slice(0, 3)];
    const row = ws.addRow([c.name, c.required ? 'Ja' : 'Nej', `${c.help}${c.aliases.length ? ` Kolumnen kan också heta ${names.slice(1).map((a) => `"${a}"`).join(', ')}.` : ''}`, typeof c.values === 'function' ? c.values(kinds) : (c.values ?? '')]);
    row.alignment = { wrapText: true, vertical: 'top' };
  }
  if (type === 'indicators') return;
  ws.addRow([]);
  const scaleHead = ws.addRow(['Ärendetyp', '', 'Statusskala (bäst först)', 'Trend']);
  styleHeader(scaleHead);
  for (const kind of kinds.filter((k) => k.reported)) {
    ws.addRow([kind.name, '', scaleValues(kind).join(', '), kind.asksTrend ? TREND_SCALE.join(', ') : '']).alignment = { wrapText: true, vertical: 'top' };
  }
  ws.addRow(['', '', '"Helt genomfört" läses som "Genomfört". Ett värde från en annan ärendetyps skala läses som värdet på samma plats i rätt skala, med en varning.']).alignment = { wrapText: true };
}
