import { Problems } from './problems.js';
import { cleanCell, type Table } from './table.js';

/**
 * Characters no cell may hold: NUL (PostgreSQL cannot store it in text), the other C0 control
 * characters except tab, line feed and carriage return (not allowed in XML, so no XLSX export could
 * hold them), lone UTF-16 surrogates and the non-characters U+FFFE/U+FFFF.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/gu;

/**
 * Finds cells with characters that cannot be stored and removes those characters, so that nothing
 * downstream (lookups, the database) ever sees them; each such cell is an error on its row and
 * column, which makes the whole import refused (422) however the rest of the file reads.
 */
export function removeInvalidCharacters(table: Table): Problems {
  const problems = new Problems();
  const headerName = (i: number) => cleanCell((table.headers[i] ?? '').replace(INVALID, '')) || `kolumn ${columnLetter(i)}`;
  const check = (cells: string[], row: number) => {
    cells.forEach((cell, i) => {
      const found = cell.match(INVALID);
      if (!found) return;
      cells[i] = cell.replace(INVALID, '');
      problems.error(row, headerName(i), `Cellen innehåller ${describe(found[0])}, som inte kan sparas. Ta bort tecknet och importera igen.`);
    });
  };
  check(table.headers, 1);
  for (const r of table.rows) check(r.cells, r.row);
  return problems;
}

function describe(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code === 0) return `ett nolltecken (NUL, ${hex})`;
  if (code < 0x20) return `ett styrtecken (${hex})`;
  return `ett ogiltigt tecken (${hex})`;
}

/** A, B, …, Z, AA, … as Excel names the columns (i from 0). */
function columnLetter(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
