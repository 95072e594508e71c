import { REPORT_FILE_HEADERS, TREE_FILE_HEADERS } from '../imports/columns.js';
import { guardFormula } from '../imports/formula-guard.js';
import { CSV_TYPE, type FileOut } from '../imports/templates.js';
import { indicatorText, type Appendix } from './appendix-model.js';
import { exportFilename } from './filenames.js';

/**
 * Exactly the report import columns, UTF-8 with BOM, `;`-delimited, CRLF between records,
 * fields quoted where needed; a programme's appendix adds `Överordnad`, `Trend` and
 * `Sammanfattning`, and when cases have indicators an `Indikatorer` column follows, which the
 * report import knows and skips. Re-imports as unchanged.
 */
export function renderCsv(a: Appendix, kindLabel: string | null): FileOut {
  const tree = a.root !== null;
  const withIndicators = a.rows.some((r) => r.indicators.length);
  const lines = [[...REPORT_FILE_HEADERS, ...(tree ? TREE_FILE_HEADERS : []), ...(withIndicators ? ['Indikatorer'] : [])].map(csvField).join(';')];
  for (const r of a.rows) {
    const cells = [r.reference, a.period.id, r.body, r.status ?? '', r.comment ?? '', r.forecast ?? ''];
    if (tree) cells.push(r.parent ?? '', r.trend ?? '', r.summary ?? '');
    if (withIndicators) cells.push(indicatorText(r));
    lines.push(cells.map(csvField).join(';'));
  }
  return { bytes: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8'), contentType: CSV_TYPE, filename: exportFilename(a, kindLabel, 'csv') };
}

/**
 * One CSV field. A value starting with =, +, -, @, tab or CR gets a leading apostrophe so that
 * Excel does not run it as a formula (CSV injection); the importer removes exactly that apostrophe.
 */
export function csvField(value: string): string {
  const guarded = guardFormula(value);
  return /[;",\r\n]|^\s|\s$/u.test(guarded) ? `"${guarded.replace(/"/gu, '""')}"` : guarded;
}
