import { ByteLru } from './byte-lru.js';
import type { ChangeTokens } from './change-tokens.js';
import type { Scope } from './scope.js';

interface Entry<V> {
  token: bigint;
  value: V;
}

/** One load of a key: `token` is the newest token read before it started, so its value is at least that fresh. */
interface Load<V> {
  token: bigint;
  /** `tick` when the load began; `Infinity` while it waits for the one before it. */
  startedAt: number;
  promise: Promise<Entry<V>>;
  begin?: () => void;
}

/**
 * Values kept in this process while the change token of their scopes (`ChangeTokens`) is the
 * same: one value per key, read again once a change has committed.
 *
 * Loads of a key never overlap: a read that finds its key out of date joins the load in progress
 * when that load began after the read saw its token, or for a token at least as new (its snapshot
 * then holds every change the token counts), and otherwise waits for the one next load, which all
 * such reads share. So while
 * writers commit without pause, a key is read from PostgreSQL at most once at a time, and every
 * read still gets a value at least as new as the token it saw.
 */
export class KeptByToken<V> {
  private readonly kept: ByteLru<Entry<V>>;
  private readonly loads = new Map<string, { running: Load<V>; queued: Load<V> | null }>();
  /** Orders token reads and load starts (both happen on this thread). */
  private tick = 0;

  constructor(
    private readonly tokens: ChangeTokens,
    maxBytes: number,
    sizeOf: (value: V) => number,
  ) {
    this.kept = new ByteLru(maxBytes, (k) => sizeOf(k.value) + 200);
  }

  async get(key: string, scopes: readonly Scope[], load: () => Promise<V>): Promise<V> {
    const token = await this.tokens.of(scopes);
    const seenAt = ++this.tick;
    const kept = this.kept.get(key);
    if (kept && kept.token >= token) return kept.value;
    return (await this.loadAfter(key, token, seenAt, load)).value;
  }

  private loadAfter(key: string, token: bigint, seenAt: number, load: () => Promise<V>): Promise<Entry<V>> {
    const loads = this.loads.get(key);
    if (!loads) {
      const running = this.begin(key, token, load);
      this.loads.set(key, { running, queued: null });
      running.begin!();
      return running.promise;
    }
    // The load in progress holds every change this token counts if it began after the token was
    // read, or if it was started for a token at least as new (tokens only grow).
    if (token <= loads.running.token) return loads.running.promise;
    if (loads.running.startedAt > seenAt) {
      loads.running.token = token;
      return loads.running.promise;
    }
    if (loads.queued) {
      if (token > loads.queued.token) loads.queued.token = token;
      return loads.queued.promise;
    }
    loads.queued = this.begin(key, token, load);
    return loads.queued.promise;
  }

  /** A load that starts when its `begin` is called; when it ends, the queued load (if any) begins. */
  private begin(key: string, token: bigint, load: () => Promise<V>): Load<V> {
    const entry: Load<V> = { token, startedAt: Infinity, promise: null as unknown as Promise<Entry<V>> };
    entry.promise = new Promise<Entry<V>>((resolve, reject) => {
      entry.begin = () => {
        entry.startedAt = ++this.tick;
        new Promise<V>((run) => run(load()))
          .then((value) => {
            const newest = this.kept.peek(key);
            const read = { token: entry.token, value };
            if (!newest || newest.token <= read.token) this.kept.set(key, read);
            resolve(read);
          }, reject)
          .finally(() => {
            const loads = this.loads.get(key)!;
            if (loads.queued) {
              loads.running = loads.queued;
              loads.queued = null;
              loads.running.begin!();
            } else this.loads.delete(key);
          });
      };
    });
    return entry;
  }
}
