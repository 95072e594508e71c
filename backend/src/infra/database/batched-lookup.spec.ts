import { describe, expect, it } from 'vitest';
import { BatchedLookup } from './batched-lookup.js';

/** A database stand-in: each run answers `key@version` as of when it started, after a few ms. */
function world(concurrency = 1, maxKeys = 500) {
  const state = { version: 1, runs: [] as string[][], running: 0, maxRunning: 0 };
  const lookup = new BatchedLookup<string, string>(
    async (keys) => {
      state.runs.push(keys);
      state.running++;
      state.maxRunning = Math.max(state.maxRunning, state.running);
      const seen = state.version;
      await new Promise((r) => setTimeout(r, 5));
      state.running--;
      return keys.map((k) => `${k}@${seen}`);
    },
    (k) => k,
    concurrency,
    maxKeys,
  );
  return { state, lookup };
}

describe('BatchedLookup', () => {
  it('starts the first lookup at once and carries all asked meanwhile in one next batch, equal keys once', async () => {
    const { state, lookup } = world();
    const first = lookup.get('a');
    const rest = ['b', 'c', 'b', 'a'].map((k) => lookup.get(k));
    expect(await Promise.all([first, ...rest])).toEqual(['a@1', 'b@1', 'c@1', 'b@1', 'a@1']);
    expect(state.runs).toEqual([['a'], ['b', 'c', 'a']]);
  });

  it('never answers a lookup from a batch that was already running when it asked', async () => {
    const { state, lookup } = world();
    const before = lookup.get('k');
    state.version = 2; // committed while the first batch runs
    const after = lookup.get('k');
    expect(await before).toBe('k@1');
    expect(await after).toBe('k@2');
  });

  it('runs at most `concurrency` batches at once while lookups arrive without pause', async () => {
    const { state, lookup } = world(2);
    const asked: Promise<string>[] = [];
    for (let i = 0; i < 40; i++) {
      asked.push(lookup.get(`k${i % 7}`));
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(asked);
    expect(state.maxRunning).toBe(2);
    expect(state.runs.length).toBeLessThan(40);
  });

  it('splits a batch at maxKeys distinct keys', async () => {
    const { state, lookup } = world(1, 3);
    await Promise.all(['x', 'a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => lookup.get(k)));
    expect(state.runs.map((r) => r.length)).toEqual([1, 3, 3, 1]);
  });

  it('rejects the lookups of a failed batch only, and goes on with the next', async () => {
    let fail = true;
    const lookup = new BatchedLookup<string, string>(async (keys) => {
      await new Promise((r) => setTimeout(r, 2));
      if (fail) {
        fail = false;
        throw new Error('connection lost');
      }
      return keys;
    }, (k) => k);
    const failed = lookup.get('a');
    const next = lookup.get('b');
    await expect(failed).rejects.toThrow('connection lost');
    expect(await next).toBe('b');
  });

  it('rejects when a batch answers the wrong number of values', async () => {
    const lookup = new BatchedLookup<string, string>(async () => [], (k) => k);
    await expect(lookup.get('a')).rejects.toThrow('answered 0');
  });
});
