import { Injectable } from '@nestjs/common';
import { JobName } from '@uppsikt/shared';
import { ReadDb } from '../database/read-db.js';
import { JobHandler } from '../queue/job-handler.decorator.js';

/**
 * Merges each scope's change rows into one with their sum, in one statement per table: readers
 * see the same sums before and after, and rows committed meanwhile are left for the next run.
 * Every ten seconds (scheduled by the worker), so a busy scope's sum adds up a few hundred rows at
 * most. `search_change` (changed lexemes) is merged the same way, per term.
 */
const compactSql = (table: string, key: string) => `
  with merged as (
    delete from ${table} where ${key} in (select ${key} from ${table} group by ${key} having count(*) > 1)
    returning ${key}, n)
  insert into ${table} (${key}, n) select ${key}, sum(n) from merged group by ${key}`;

const COMPACT_READ_CHANGES = compactSql('read_change', 'scope');
const COMPACT_SEARCH_CHANGES = compactSql('search_change', 'term');

@Injectable()
export class ReadChangeMaintenance {
  constructor(private readonly db: ReadDb) {}

  @JobHandler(JobName.CompactReadChanges)
  async compact(): Promise<{ merged: number }> {
    const merged = (await this.db.execute(COMPACT_READ_CHANGES)) + (await this.db.execute(COMPACT_SEARCH_CHANGES));
    return { merged };
  }
}
