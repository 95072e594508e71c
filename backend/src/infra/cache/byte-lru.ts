/**
 * Values kept in this process up to a byte budget, the least recently used dropped first; a value
 * larger than a quarter of the budget is not kept.
 */
export class ByteLru<V> {
  private readonly entries = new Map<string, { value: V; size: number }>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  get(id: string): V | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    this.entries.delete(id);
    this.entries.set(id, e);
    return e.value;
  }

  /** The value without marking it used. */
  peek(id: string): V | undefined {
    return this.entries.get(id)?.value;
  }

  set(id: string, value: V): void {
    this.delete(id);
    const size = this.sizeOf(value);
    if (size > this.maxBytes / 4) return;
    this.entries.set(id, { value, size });
    this.bytes += size;
    for (const [oldId] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldId);
    }
  }

  delete(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    this.bytes -= e.size;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}
