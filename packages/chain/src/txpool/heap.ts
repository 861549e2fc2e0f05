/**
 * A binary min-heap ordered by `less`. When `setIndex` is given, every item is told its position,
 * so it can be removed or re-sifted in O(log n) by {@link Heap.removeAt} / {@link Heap.fix}.
 */
export class Heap<T> {
  private readonly items: T[] = [];
  private readonly less: (a: T, b: T) => boolean;
  private readonly setIndex: ((item: T, index: number) => void) | undefined;

  constructor(less: (a: T, b: T) => boolean, setIndex?: (item: T, index: number) => void) {
    this.less = less;
    this.setIndex = setIndex;
  }

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    this.items.push(item);
    const i = this.items.length - 1;
    this.setIndex?.(item, i);
    this.up(i);
  }

  pop(): T | undefined {
    return this.items.length === 0 ? undefined : this.removeAt(0);
  }

  /** Removes and returns the item at `index` (as told through `setIndex`). */
  removeAt(index: number): T {
    const items = this.items;
    const item = items[index] as T;
    const last = items.pop() as T;
    if (index < items.length) {
      items[index] = last;
      this.setIndex?.(last, index);
      if (!this.down(index)) this.up(index);
    }
    this.setIndex?.(item, -1);
    return item;
  }

  /** Restores the order after the key of the item at `index` changed. */
  fix(index: number): void {
    if (!this.down(index)) this.up(index);
  }

  /** Replaces the contents with `items` in O(n). */
  reset(items: T[]): void {
    this.items.length = 0;
    for (const item of items) this.items.push(item);
    if (this.setIndex !== undefined) for (let i = 0; i < this.items.length; i++) this.setIndex(this.items[i] as T, i);
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** The items in no particular order. */
  values(): readonly T[] {
    return this.items;
  }

  private up(i: number): void {
    const items = this.items;
    const item = items[i] as T;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = items[p] as T;
      if (!this.less(item, parent)) break;
      items[i] = parent;
      this.setIndex?.(parent, i);
      i = p;
    }
    items[i] = item;
    this.setIndex?.(item, i);
  }

  /** Sifts down; true when the item moved. */
  private down(i0: number): boolean {
    const items = this.items;
    const n = items.length;
    const item = items[i0] as T;
    let i = i0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(items[r] as T, items[l] as T) ? r : l;
      const child = items[c] as T;
      if (!this.less(child, item)) break;
      items[i] = child;
      this.setIndex?.(child, i);
      i = c;
    }
    items[i] = item;
    this.setIndex?.(item, i);
    return i > i0;
  }
}
