import { Injectable } from '@nestjs/common';
import { BatchedLookup } from '../database/batched-lookup.js';
import { ReadChangeRepository, type TokenScopes } from '../database/read-change.repository.js';
import { FAMILY_PREFIX, parseScope, Scope, type TextFamily } from './scope.js';

/**
 * A number that grows when a change to any of some scopes commits, and only then: row triggers
 * append a row per changed scope in the writing transaction (Migration20261123140000, 150000 and
 * 20261201120000), so the sum is the same in every process and never moves before the change is
 * visible. The scopes are made by `Scope` (see there); `Scope.all()` moves on truncation and is
 * always included. Text scopes (`Scope.text`) are summed from the lexemes they match.
 *
 * Every cached read asks for one, so concurrent asks share a statement (`BatchedLookup`); each
 * still gets a sum read after it asked.
 */
@Injectable()
export class ChangeTokens {
  private readonly batched: BatchedLookup<TokenScopes, bigint>;

  constructor(changes: ReadChangeRepository) {
    this.batched = new BatchedLookup(
      (entries) => changes.sumsOf(entries),
      (e) => JSON.stringify([e.plain, e.text.families, e.text.queries]),
    );
  }

  of(scopes: readonly Scope[]): Promise<bigint> {
    const plain: Scope[] = [Scope.all()];
    const text = { families: [] as string[], queries: [] as string[] };
    for (const s of scopes) {
      const parsed = parseScope(s);
      if (parsed?.kind === 'text') {
        text.families.push(FAMILY_PREFIX[parsed.args[0] as TextFamily]);
        text.queries.push(parsed.args[1]);
      } else plain.push(s);
    }
    return this.batched.get({ plain, text });
  }
}
