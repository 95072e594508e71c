import { Injectable } from '@nestjs/common';
import { JobName } from '@uppsikt/shared';
import { ReadDb } from '../database/read-db.js';
import { JobHandler } from '../queue/job-handler.decorator.js';

/**
 * Merges each scope's change rows into one with their sum, in one statement: readers see the same
 * sums before and after, and rows committed meanwhile are left for the next run. Every ten
 * seconds (scheduled by the worker), so a busy scope's sum adds up a few hundred rows at most.
 */
const COMPACT_SQL = `
  with merged as (
    delete from read_change where scope in (select scope from read_change group by scope having count(*) > 1)
    returning scope, n)
  insert into read_change (scope, n) select scope, sum(n) from merged group by scope`;

@Injectable()
export class ReadChangeMaintenance {
  constructor(private readonly db: ReadDb) {}

  @JobHandler(JobName.CompactReadChanges)
  async compact(): Promise<{ merged: number }> {
    const merged = await this.db.execute(COMPACT_SQL);
    return { merged };
  }
}
