/** A spreadsheet as the importers see it: header texts and data rows of cell texts. */
export interface TableRow {
  /** The row number as Excel shows it (the header is row 1). */
  row: number;
  cells: string[];
}

export interface Table {
  format: 'csv' | 'xlsx';
  /** CSV only: how the bytes were decoded and which delimiter was found. */
  encoding?: 'utf-8' | 'utf-16' | 'windows-1252';
  delimiter?: ';' | ',' | '\t';
  headers: string[];
  rows: TableRow[];
}

/** At most this many data rows per file; far above any municipality's case list. */
export const MAX_ROWS = 50_000;

/**
 * Normalises a cell's text: NFC, Windows line ends to \n, outer whitespace trimmed, and the
 * apostrophe that CSV exports put before a leading =, +, - or @ (formula guard) removed.
 */
export function cleanCell(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/\r\n?/gu, '\n')
    .trim()
    .replace(/^'(?=[=+\-@])/u, '');
}

export function isBlankRow(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}
