import { ByteLru } from './byte-lru.js';
import type { ChangeTokens } from './change-tokens.js';

/**
 * Values kept in this process while the change token of their scopes (`ChangeTokens`) is the
 * same: one value per key, read again once a change has committed. Concurrent reads of a key
 * under one token share one load, and a value read under an older token never replaces one read
 * under a newer.
 */
export class KeptByToken<V> {
  private readonly kept: ByteLru<{ token: bigint; value: V }>;

  constructor(
    private readonly tokens: ChangeTokens,
    maxBytes: number,
    sizeOf: (value: V) => number,
  ) {
    this.kept = new ByteLru(maxBytes, (k) => sizeOf(k.value) + 200);
  }

  async get(key: string, scopes: readonly string[], load: () => Promise<V>): Promise<V> {
    const token = await this.tokens.of(scopes);
    const kept = this.kept.get(key);
    if (kept?.token === token) return kept.value;
    const read = await this.kept.once(`${key}\u0000${token}`, async () => {
      const value = await load();
      const newest = this.kept.peek(key);
      if (!newest || newest.token <= token) this.kept.set(key, { token, value });
      return { token, value };
    });
    return read.value;
  }
}
