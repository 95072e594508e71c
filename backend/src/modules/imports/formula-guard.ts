/**
 * The guard against formula injection in CSV files (OWASP "CSV injection"): a value that starts
 * with =, +, -, @, a tab or a carriage return — also after apostrophes — gets one more leading
 * apostrophe, so a spreadsheet shows it as text instead of running it. Exported CSV is guarded;
 * the importer undoes exactly that guard, so guard → unguard gives back the value unchanged,
 * also for a value that itself starts with an apostrophe.
 */
const GUARDED = /^'*[=+\-@\t\r]/u;
const UNGUARD = /^'+[=+\-@\t\r]/u;

export function guardFormula(value: string): string {
  return GUARDED.test(value) ? `'${value}` : value;
}

/** The value a guarded CSV cell stands for (a cell that was never guarded comes back as it is). */
export function unguardFormula(cell: string): string {
  return UNGUARD.test(cell) ? cell.slice(1) : cell;
}

/**
 * OOXML escapes characters as `_xHHHH_` in spreadsheet text (Excel writes a carriage return as
 * `_x000D_`), and a literal `_xHHHH_` with its underscore escaped (`_x005F_xHHHH_`). exceljs writes
 * text as it is, so the exporter escapes here and the XLSX reader (xlsx-worker.ts) decodes.
 */
export function escapeOoxml(value: string): string {
  return value.replace(/_(?=x[0-9A-Fa-f]{4}_)/gu, '_x005F_');
}
