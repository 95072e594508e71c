/** One batch: its distinct keys and, per key, the callers waiting for it. */
interface Batch<K, V> {
  keys: Map<string, { key: K; waiting: { resolve: (v: V) => void; reject: (e: unknown) => void }[] }>;
}

/**
 * Groups concurrent lookups into one statement, the way a database groups commits: the first
 * lookup starts a batch at once; lookups asked for while `concurrency` batches run wait for the
 * next one, which starts as soon as one of those ends and carries all of them (at most `maxKeys`
 * distinct keys; more start further batches). A batch always starts after each of its lookups was
 * asked for, so it sees every change committed before that (read-your-writes holds as for a
 * lookup of its own); it is never answered from a batch that was already running.
 *
 * Under load this turns a round trip per request into one per batch (the hot path of every cached
 * read: the session and the read cache's change token), which on two cores is what PostgreSQL and
 * the event loop spend most of their time on.
 */
export class BatchedLookup<K, V> {
  private pending: Batch<K, V> | null = null;
  private running = 0;

  /**
   * @param run answers the keys of one batch, in their order
   * @param keyOf equal keys (by this text) share one place in a batch and its answer
   */
  constructor(
    private readonly run: (keys: K[]) => Promise<V[]>,
    private readonly keyOf: (key: K) => string,
    private readonly concurrency = 1,
    private readonly maxKeys = 500,
  ) {}

  get(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      const batch = this.openBatch();
      const id = this.keyOf(key);
      const slot = batch.keys.get(id) ?? { key, waiting: [] };
      slot.waiting.push({ resolve, reject });
      batch.keys.set(id, slot);
      if (this.running < this.concurrency || batch.keys.size >= this.maxKeys) this.startPending();
    });
  }

  /** The batch a new lookup joins: the pending one, unless it is full. */
  private openBatch(): Batch<K, V> {
    if (!this.pending || this.pending.keys.size >= this.maxKeys) {
      if (this.pending) this.startPending();
      this.pending = { keys: new Map() };
    }
    return this.pending;
  }

  private startPending(): void {
    const batch = this.pending;
    if (!batch || batch.keys.size === 0) return;
    this.pending = null;
    this.running++;
    const slots = [...batch.keys.values()];
    new Promise<V[]>((answer) => answer(this.run(slots.map((s) => s.key))))
      .then(
        (values) => {
          if (values.length !== slots.length) throw new Error(`A batch of ${slots.length} lookups answered ${values.length}`);
          slots.forEach((s, i) => s.waiting.forEach((w) => w.resolve(values[i])));
        },
        (e: unknown) => slots.forEach((s) => s.waiting.forEach((w) => w.reject(e))),
      )
      .catch((e: unknown) => slots.forEach((s) => s.waiting.forEach((w) => w.reject(e))))
      .finally(() => {
        this.running--;
        if (this.running < this.concurrency) this.startPending();
      });
  }
}
