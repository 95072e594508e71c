import ExcelJS from 'exceljs';
import { escapeOoxml } from '../imports/formula-guard.js';
import { XLSX_TYPE, type FileOut } from '../imports/templates.js';
import { INDICATOR_FILE_HEADERS } from '../imports/columns.js';
import { indicatorText, type Appendix, type AppendixRow } from './appendix-model.js';
import { HEADER_FILL, statusFill } from './colours.js';
import { exportFilename } from './filenames.js';

interface Col {
  header: string;
  width: number;
  value: (r: AppendixRow) => string;
  colour?: (r: AppendixRow) => AppendixRow['statusColour'];
  wrap?: boolean;
}

/**
 * The report import columns (so the file imports back unchanged) plus the case text, its type and,
 * when there are any, the co-bodies' contributions; autofilter, frozen header, coloured statuses.
 */
export async function renderXlsx(a: Appendix, kindLabel: string | null): Promise<FileOut> {
  const cols: Col[] = [
    { header: 'Referens', width: 12, value: (r) => r.reference },
    { header: 'Typ', width: 16, value: (r) => a.kinds.get(r.kind)?.name ?? r.kind },
    { header: 'Text', width: 60, value: (r) => r.text, wrap: true },
    { header: 'Period', width: 10, value: () => a.period.id },
    { header: 'Nämnd', width: 9, value: (r) => r.body },
    { header: 'Status', width: 18, value: (r) => r.status ?? '', colour: (r) => r.statusColour },
    { header: 'Motivering/kommentar', width: 80, value: (r) => r.comment ?? '', wrap: true },
    { header: 'Prognos helår', width: 18, value: (r) => r.forecast ?? '', colour: (r) => r.forecastColour },
  ];
  if (a.root) {
    // A programme's appendix: where each row sits in the tree, its trend and summary (all import back).
    cols.push({ header: 'Överordnad', width: 12, value: (r) => r.parent ?? '' });
    cols.push({ header: 'Trend', width: 12, value: (r) => r.trend ?? '' });
    cols.push({ header: 'Sammanfattning', width: 40, value: (r) => r.summary ?? '', wrap: true });
  } else if (a.rows.some((r) => a.kinds.get(r.kind)?.asksTrend)) cols.push({ header: 'Trend', width: 12, value: (r) => r.trend ?? '' });
  if (a.rows.some((r) => r.contributions.length)) cols.push({ header: 'Bidrag', width: 60, value: (r) => r.contributions.map((c) => `${c.bodyName}: ${c.text}`).join('\n\n'), wrap: true });
  if (a.rows.some((r) => r.indicators.length)) cols.push({ header: 'Indikatorer', width: 60, value: indicatorText, wrap: true });

  const wb = new ExcelJS.Workbook();
  wb.creator = 'Uppsikt';
  wb.title = `${a.title} – ${a.period.id}`;
  // A sheet name holds at most 31 characters and none of : \ / ? * [ ].
  const sheet = (a.root ? `${a.root.reference} ${a.period.id}` : `Bilaga 1 ${a.period.id}`).replace(/[:\\/?*[\]]/gu, '-').slice(0, 31);
  const ws = wb.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = cols.map((c) => ({ header: c.header, width: c.width, style: { numFmt: '@', alignment: { vertical: 'top', wrapText: !!c.wrap } } }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${HEADER_FILL}` } };
  head.alignment = { vertical: 'top', wrapText: true };
  const fills = new Map<string, ExcelJS.Fill>();
  const fill = (colour: NonNullable<AppendixRow['statusColour']>) => {
    let f = fills.get(colour);
    if (!f) fills.set(colour, (f = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${statusFill(colour)}` } }));
    return f;
  };
  for (const r of a.rows) {
    // Text as the reader decodes it: a literal _xHHHH_ escaped the OOXML way.
    const row = ws.addRow(cols.map((c) => escapeOoxml(c.value(r))));
    cols.forEach((c, i) => {
      const colour = c.colour?.(r);
      if (colour) row.getCell(i + 1).fill = fill(colour);
    });
  }
  if (a.pageMark) ws.headerFooter = { oddHeader: `&C&"-,Bold"&KB3261E${a.pageMark}`, oddFooter: '' };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, a.rows.length + 1), column: cols.length } };
  if (a.rows.some((r) => r.indicators.length)) indicatorSheet(wb, a);
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return { bytes, contentType: XLSX_TYPE, filename: exportFilename(a, kindLabel, 'xlsx') };
}

/**
 * A second sheet in the indicator import columns (README "Indicator import file"): one row per
 * indicator and year up to the period's, an indicator without values on a row of its own. Saved
 * on its own (or moved first) it imports back through POST /api/imports/indicators unchanged.
 */
function indicatorSheet(wb: ExcelJS.Workbook, a: Appendix): void {
  const ws = wb.addWorksheet('Indikatorer', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = INDICATOR_FILE_HEADERS.map((h) => ({ header: h, width: h === 'Indikator' ? 40 : h === 'Not' ? 40 : 14, style: { numFmt: '@' } }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${HEADER_FILL}` } };
  const num = (n: number | null) => (n === null ? '' : String(n).replace('.', ','));
  for (const r of a.rows) {
    for (const { indicator: i } of r.indicators) {
      const head = [r.reference, i.name, i.unit ?? '', i.direction === 'higher' ? 'Högre är bättre' : 'Lägre är bättre', num(i.target), i.targetYear ? String(i.targetYear) : '', num(i.baseline), i.kolada?.kpi ?? '', i.kolada ? { T: 'Totalt', K: 'Kvinnor', M: 'Män' }[i.kolada.gender] : ''];
      if (!i.values.length) ws.addRow([...head, '', '', '', '', '', ''].map(escapeOoxml));
      for (const v of i.values) ws.addRow([...head, String(v.year), num(v.value), num(v.women), num(v.men), v.source === 'Kolada' ? 'Kolada' : '', v.note ?? ''].map(escapeOoxml));
    }
  }
}
