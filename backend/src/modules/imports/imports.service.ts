import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ImportResult, ImportType } from '@uppsikt/shared';
import { Clock } from '../../common/clock.js';
import type { Principal } from '../../common/principal.js';
import { CaseImporter } from './case-importer.js';
import { removeInvalidCharacters } from './characters.js';
import type { ImportContext, ImportCounts, Importer } from './import-context.js';
import { Problems, UnreadableFile } from './problems.js';
import { IndicatorImporter } from './indicator-importer.js';
import { ReportImporter } from './report-importer.js';
import { readTable } from './table-reader.js';
import { closeXlsxReaders } from './xlsx-reader.js';

export interface ImportOptions {
  dryRun?: boolean;
  /** Approval time of imported reports (default now). */
  approvedAt?: Date;
}

/**
 * Imports a cases or status file all or nothing: the file is read, every row checked and every
 * change planned inside one transaction; only when no row has an error (and it is no dry run)
 * are the changes written, in the same transaction.
 */
@Injectable()
export class ImportsService implements OnModuleDestroy {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly caseImporter: CaseImporter,
    private readonly reportImporter: ReportImporter,
    private readonly indicatorImporter: IndicatorImporter,
  ) {}

  /** The XLSX reader threads end with the app. */
  onModuleDestroy(): Promise<void> {
    return closeXlsxReaders();
  }

  async importFile(type: ImportType, actor: Pick<Principal, 'id' | 'name'>, file: { bytes: Buffer; filename?: string }, opts: ImportOptions = {}): Promise<ImportResult> {
    const problems = new Problems();
    const dryRun = opts.dryRun ?? false;
    let table;
    try {
      table = await readTable(file.bytes, file.filename);
    } catch (e) {
      if (!(e instanceof UnreadableFile)) throw e;
      problems.error(0, null, e.message);
      return result({ created: 0, updated: 0, unchanged: 0 }, problems, dryRun);
    }
    if (!table.rows.some((r) => r.cells.some((c) => c.trim()))) problems.warning(0, null, 'Filen har inga rader under rubrikraden');
    const invalid = removeInvalidCharacters(table);
    const importer: Importer<{ counts: ImportCounts }> = type === 'cases' ? this.caseImporter : type === 'indicators' ? this.indicatorImporter : this.reportImporter;
    return this.em.transactional(async (em) => {
      const ctx: ImportContext = { em, actor, problems, now: this.clock.now(), approvedAt: opts.approvedAt };
      const plan = await importer.plan(ctx, table);
      for (const e of invalid.errors) problems.error(e.row, e.column, e.message);
      if (!problems.errors.length && !dryRun) await importer.apply(ctx, plan);
      return result(plan.counts, problems, dryRun);
    });
  }
}

function result(counts: ImportCounts, problems: Problems, dryRun: boolean): ImportResult {
  return { ...counts, ...problems.sorted(), dryRun };
}
