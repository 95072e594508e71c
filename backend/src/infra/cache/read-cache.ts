import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/env.js';
import { ByteLru } from './byte-lru.js';
import { ChangeTokens } from './change-tokens.js';

interface Kept {
  /** The sum of the scopes' change counters when the body was read. */
  token: bigint;
  body: Buffer;
}

/**
 * Hot reads (case list, search, case page, history, report lists) serialized once and served
 * again while nothing they show has changed. Whether it has is asked of PostgreSQL on every
 * request (`ChangeTokens`), so a change is seen by every API process as soon as it commits. A
 * body read under an older token is never served after a newer one has been seen.
 *
 * Each process keeps its own bodies (READ_CACHE_MB, 0 turns the cache off).
 */
@Injectable()
export class ReadCache {
  private readonly kept: ByteLru<Kept>;
  private readonly enabled: boolean;

  constructor(
    private readonly tokens: ChangeTokens,
    config: AppConfig,
  ) {
    this.enabled = config.env.READ_CACHE_MB > 0;
    this.kept = new ByteLru<Kept>(config.env.READ_CACHE_MB * 1024 * 1024, (k) => k.body.length + 200);
  }

  /**
   * The JSON of `load()` for `key`, which must name everything the body depends on besides the
   * data of `scopes` (filters, what the caller may see). `null` scopes: a read no scope covers,
   * serialized but not kept.
   */
  async json(key: string, scopes: readonly string[] | null, load: () => Promise<unknown>): Promise<Buffer> {
    if (!this.enabled || !scopes) return Buffer.from(JSON.stringify(await load()));
    const token = await this.tokens.of(scopes);
    const kept = this.kept.get(key);
    if (kept?.token === token) return kept.body;
    const read = await this.kept.once(`${key}\u0000${token}`, async () => {
      const body = Buffer.from(JSON.stringify(await load()));
      const newest = this.kept.peek(key);
      if (!newest || newest.token <= token) this.kept.set(key, { token, body });
      return { token, body };
    });
    return read.body;
  }
}
