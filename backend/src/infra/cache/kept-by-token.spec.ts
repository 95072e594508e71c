import { describe, expect, it } from 'vitest';
import type { ChangeTokens } from './change-tokens.js';
import { KeptByToken } from './kept-by-token.js';
import { Scope } from './scope.js';

/** A database stand-in: `committed` is what a token read returns and what a load's snapshot sees. */
function world() {
  const state = { committed: 1n, running: 0, maxRunning: 0, loads: 0 };
  const tokens = { of: async () => state.committed } as unknown as ChangeTokens;
  const load = async () => {
    state.loads++;
    state.running++;
    state.maxRunning = Math.max(state.maxRunning, state.running);
    const snapshot = state.committed;
    await new Promise((r) => setTimeout(r, 5));
    state.running--;
    return snapshot;
  };
  return { state, cache: new KeptByToken<bigint>(tokens, 1 << 20, () => 8), load };
}

describe('KeptByToken', () => {
  it('shares one load among concurrent first reads and serves it until a change commits', async () => {
    const { state, cache, load } = world();
    const values = await Promise.all(Array.from({ length: 20 }, () => cache.get('k', [Scope.cases()], load)));
    expect(new Set(values)).toEqual(new Set([1n]));
    await cache.get('k', [Scope.cases()], load);
    expect(state.loads).toBe(1);
    state.committed = 2n;
    expect(await cache.get('k', [Scope.cases()], load)).toBe(2n);
    expect(state.loads).toBe(2);
  });

  it('never runs two loads of a key at once while changes commit without pause, and never answers older than the token a read saw', async () => {
    const { state, cache, load } = world();
    let writing = true;
    const writer = (async () => {
      while (writing) {
        state.committed++;
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    const reads = Array.from({ length: 300 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i % 40));
      const before = state.committed;
      const value = await cache.get('k', [Scope.cases()], load);
      expect(value).toBeGreaterThanOrEqual(before);
    });
    await Promise.all(reads);
    writing = false;
    await writer;
    expect(state.maxRunning).toBe(1);
    expect(state.loads).toBeLessThan(300);
  });
});
