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
 * A key-like cell (reference, code, status, date): NFC, line ends as \n, outer whitespace trimmed.
 * (The CSV reader has already undone the exporter's formula guard.)
 */
export function cleanCell(raw: string): string {
  return textCell(raw).normalize('NFC').trim();
}

/** A free-text cell (a comment) exactly as written; only line ends become \n. */
export function textCell(raw: string): string {
  return raw.replace(/\r\n?/gu, '\n');
}

export function isBlankRow(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}
