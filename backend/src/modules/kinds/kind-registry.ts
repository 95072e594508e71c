import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Kind } from '@uppsikt/shared';
import { ChangeTokens } from '../../infra/cache/change-tokens.js';
import { KeptByToken } from '../../infra/cache/kept-by-token.js';
import { Scope } from '../../infra/cache/scope.js';
import { KindRepository } from './kind.repository.js';

/**
 * The kinds, as the rest of the backend looks them up: kept in this process while the change
 * token of `Scope.kinds()` is the same (the kind table's row trigger moves it when a change
 * commits), so a kind added or edited through any API process is seen by every process at once.
 *
 * Inside a transaction, pass it (`tx`): the kinds are then read on its connection, never on a
 * second one from the pool (transactions waiting for a second connection could exhaust the pool).
 */
@Injectable()
export class KindRegistry {
  private readonly kept: KeptByToken<readonly Kind[]>;

  constructor(
    tokens: ChangeTokens,
    private readonly repo: KindRepository,
  ) {
    this.kept = new KeptByToken<readonly Kind[]>(tokens, 4 * 1024 * 1024, (kinds) => JSON.stringify(kinds).length);
  }

  /** Every kind, in position order. */
  all(tx?: EntityManager): Promise<readonly Kind[]> {
    if (tx) return this.repo.list(tx);
    return this.kept.get('kinds', [Scope.kinds()], () => this.repo.list());
  }

  /** The kind of a key, or undefined for one no row has. */
  async find(key: string, tx?: EntityManager): Promise<Kind | undefined> {
    return (await this.all(tx)).find((k) => k.key === key);
  }

  /** The kind of a key that must exist (a case's kind: the foreign key guarantees it). */
  async get(key: string, tx?: EntityManager): Promise<Kind> {
    const kind = await this.find(key, tx);
    if (!kind) throw new Error(`Unknown kind ${key}`);
    return kind;
  }

  /** Kinds by key, for code that looks up many. */
  async byKey(tx?: EntityManager): Promise<ReadonlyMap<string, Kind>> {
    return new Map((await this.all(tx)).map((k) => [k.key, k]));
  }
}
