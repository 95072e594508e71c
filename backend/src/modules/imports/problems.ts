import type { ImportResult } from '@uppsikt/shared';

export type ImportProblem = ImportResult['errors'][number];

/**
 * Errors and warnings of one import, with the row as the user sees it in Excel (the header is
 * row 1; row 0 means the file as a whole) and the column header as written in the file.
 */
export class Problems {
  readonly errors: ImportProblem[] = [];
  readonly warnings: ImportProblem[] = [];
  private readonly rowsWithErrors = new Set<number>();

  error(row: number, column: string | null, message: string): void {
    this.errors.push({ row, column, message });
    this.rowsWithErrors.add(row);
  }

  warning(row: number, column: string | null, message: string): void {
    this.warnings.push({ row, column, message });
  }

  hasErrorsIn(row: number): boolean {
    return this.rowsWithErrors.has(row);
  }

  sorted(): { errors: ImportProblem[]; warnings: ImportProblem[] } {
    const byRow = (a: ImportProblem, b: ImportProblem) => a.row - b.row;
    return { errors: [...this.errors].sort(byRow), warnings: [...this.warnings].sort(byRow) };
  }
}

/** A file that cannot be read as a table at all (wrong format, no header, too many rows). */
export class UnreadableFile extends Error {}
