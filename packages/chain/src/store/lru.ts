/**
 * A small least-recently-used cache over a Map (insertion order = recency). It holds at most
 * `capacity` entries and, with `maxWeight`, at most that total `weigh(value)` (entries of very
 * different sizes: a block of 2,000 transactions weighs 2,001, an empty one 1). The most recent
 * entry is always kept, however heavy.
 */
export class LRUCache<K, V> {
  private readonly map = new Map<K, V>();
  private readonly weights = new Map<K, number>();
  private total = 0;
  private readonly maxWeight: number;
  private readonly weigh: ((value: V) => number) | undefined;

  constructor(
    private readonly capacity: number,
    opts: { maxWeight?: number; weigh?: (value: V) => number } = {},
  ) {
    this.maxWeight = opts.maxWeight ?? Number.POSITIVE_INFINITY;
    this.weigh = opts.weigh;
  }

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    if (this.capacity <= 0) return;
    this.delete(key);
    this.map.set(key, value);
    if (this.weigh !== undefined) {
      const w = this.weigh(value);
      this.weights.set(key, w);
      this.total += w;
    }
    while (this.map.size > this.capacity || (this.total > this.maxWeight && this.map.size > 1)) {
      const oldest = this.map.keys().next();
      if (oldest.done === true) break;
      this.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.map.delete(key);
    const w = this.weights.get(key);
    if (w !== undefined) {
      this.total -= w;
      this.weights.delete(key);
    }
  }

  clear(): void {
    this.map.clear();
    this.weights.clear();
    this.total = 0;
  }

  get size(): number {
    return this.map.size;
  }

  /** Total weight of the entries held (0 without `weigh`). */
  get weight(): number {
    return this.total;
  }
}
