import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/env.js';
import { ChangeTokens } from './change-tokens.js';
import { KeptByToken } from './kept-by-token.js';
import type { Scope } from './scope.js';

/**
 * Hot reads (case list, search, case page, history, report lists) serialized once and served
 * again while nothing they show has changed. Whether it has is asked of PostgreSQL on every
 * request (`ChangeTokens`), so a change is seen by every API process as soon as it commits.
 *
 * Each process keeps its own bodies (READ_CACHE_MB, 0 turns the cache off).
 */
@Injectable()
export class ReadCache {
  private readonly kept: KeptByToken<Buffer> | null;

  constructor(tokens: ChangeTokens, config: AppConfig) {
    const mb = config.env.READ_CACHE_MB;
    this.kept = mb > 0 ? new KeptByToken<Buffer>(tokens, mb * 1024 * 1024, (body) => body.length) : null;
  }

  /**
   * The JSON of `load()` for `key`, which must name everything the body depends on besides the
   * data of `scopes` (filters, what the caller may see). `null` scopes: a read no scope covers,
   * serialized but not kept.
   */
  json(key: string, scopes: readonly Scope[] | null, load: () => Promise<unknown>): Promise<Buffer> {
    const serialize = async () => Buffer.from(JSON.stringify(await load()));
    return this.kept && scopes ? this.kept.get(key, scopes, serialize) : serialize();
  }
}
