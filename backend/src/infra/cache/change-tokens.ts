import { Injectable } from '@nestjs/common';
import { ReadDb } from '../database/read-db.js';

/** What the change counters of some scopes add up to (index-only, tens of microseconds). */
const TOKEN_SQL = `select coalesce(sum(n), 0)::text as token from read_change where scope = any($1::text[])`;

/**
 * A number that grows when a change to any of some scopes commits, and only then: the statement
 * triggers of Migration20261123140000 append a row per changed scope in the writing transaction,
 * so the sum is the same in every process and never moves before the change is visible.
 *
 * Scopes: `case` (any case or body), `case:<reference>` (the case, its reports, their
 * contributions, its history), `reports:<period>` and `reports:<period>:<body>` (a period's
 * reports and contributions), `period:<id>`, `report-text` (what search reads of reports).
 * `all` moves on truncation and is always included.
 */
@Injectable()
export class ChangeTokens {
  constructor(private readonly db: ReadDb) {}

  async of(scopes: readonly string[]): Promise<bigint> {
    const [{ token }] = await this.db.query<{ token: string }>(TOKEN_SQL, [['all', ...scopes]]);
    return BigInt(token);
  }
}
