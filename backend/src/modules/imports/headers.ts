import type { ColumnSpec } from './columns.js';
import type { Problems } from './problems.js';
import { cleanCell, textCell, type TableRow } from './table.js';

export function normaliseHeader(raw: string): string {
  return cleanCell(raw)
    .toLocaleLowerCase('sv-SE')
    .replace(/[\u2013\u2014]/gu, '-')
    .replace(/\s*\/\s*/gu, '/')
    .replace(/[\s:*]+$/u, '')
    .replace(/\s+/gu, ' ');
}

/** Which column of the file holds each known field, and the header text the user wrote for it. */
export class Columns<K extends string> {
  constructor(
    private readonly index: Map<K, number>,
    private readonly header: Map<K, string>,
  ) {}

  has(key: K): boolean {
    return this.index.has(key);
  }

  /** The header as written in the file (for problem reports), or the standard name. */
  name(key: K, fallback: string): string {
    return this.header.get(key) ?? fallback;
  }

  /** The cleaned cell text of a field in a row ('' when the column is absent or the cell empty). */
  get(row: TableRow, key: K): string {
    const i = this.index.get(key);
    return i === undefined ? '' : cleanCell(row.cells[i] ?? '');
  }

  /** The text of a free-text field exactly as in the file (line ends as \n; '' when absent). */
  text(row: TableRow, key: K): string {
    const i = this.index.get(key);
    return i === undefined ? '' : textCell(row.cells[i] ?? '');
  }
}

/**
 * Matches the header row against the column specs: case-insensitive, by name or alias.
 * Missing required columns and duplicates are errors on row 1; unknown columns are warnings.
 */
export function matchHeaders<K extends string>(headers: string[], specs: readonly ColumnSpec<K>[], problems: Problems): Columns<K> {
  const lookup = new Map<string, ColumnSpec<K>>();
  for (const spec of specs) for (const n of [spec.name, ...spec.aliases]) lookup.set(normaliseHeader(n), spec);
  const index = new Map<K, number>();
  const header = new Map<K, string>();
  headers.forEach((raw, i) => {
    const text = cleanCell(raw);
    if (!text) return;
    const spec = lookup.get(normaliseHeader(text));
    if (!spec) {
      problems.warning(1, text, `Kolumnen "${text}" känns inte igen och läses inte in`);
      return;
    }
    if (index.has(spec.key)) {
      problems.error(1, text, `Kolumnen "${text}" betyder samma sak som "${header.get(spec.key)}"; ta bort den ena`);
      return;
    }
    index.set(spec.key, i);
    header.set(spec.key, text);
  });
  for (const spec of specs) {
    if (spec.required && !index.has(spec.key)) {
      const also = spec.aliases.length ? ` (eller ${spec.aliases.slice(0, 2).map((a) => `"${a}"`).join(', ')})` : '';
      problems.error(1, spec.name, `Kolumnen "${spec.name}"${also} saknas i rubrikraden`);
    }
  }
  return new Columns(index, header);
}
