import { Injectable } from '@nestjs/common';
import type { Kind } from '@uppsikt/shared';
import { ChangeTokens } from '../../infra/cache/change-tokens.js';
import { KeptByToken } from '../../infra/cache/kept-by-token.js';
import { Scope } from '../../infra/cache/scope.js';
import { KindRepository } from './kind.repository.js';

/**
 * The kinds, as the rest of the backend looks them up: kept in this process while the change
 * token of `Scope.kinds()` is the same (the kind table's row trigger moves it when a change
 * commits), so a kind added or edited through any API process is seen by every process at once.
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
  all(): Promise<readonly Kind[]> {
    return this.kept.get('kinds', [Scope.kinds()], () => this.repo.list());
  }

  /** The kind of a key, or undefined for one no row has. */
  async find(key: string): Promise<Kind | undefined> {
    return (await this.all()).find((k) => k.key === key);
  }

  /** The kind of a key that must exist (a case's kind: the foreign key guarantees it). */
  async get(key: string): Promise<Kind> {
    const kind = await this.find(key);
    if (!kind) throw new Error(`Unknown kind ${key}`);
    return kind;
  }

  /** Kinds by key, for code that looks up many. */
  async byKey(): Promise<ReadonlyMap<string, Kind>> {
    return new Map((await this.all()).map((k) => [k.key, k]));
  }
}
